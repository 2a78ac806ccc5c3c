"""IMAP QUOTA (RFC 9208) against the running daemon: one quota root "" per account with
STORAGE (units of 1024 octets) and MESSAGE from the limits `tern user` sets,
GETQUOTAROOT and GETQUOTA after deliveries, SETQUOTA refused (no IMAP administrators,
so no QUOTASET), STATUS DELETED and DELETED-STORAGE, [OVERQUOTA] on APPEND, COPY and
MOVE, and LMTP's 552 5.2.2 for recipients over either limit."""
import re

from imap_support import Lit, simple_message, status_items
from lmtp_client import RawLmtp


def set_limits(account, *args):
    account.srv.cli("user", "set", account.name, *args)


def show(account):
    """`tern user show` as a dict of its "key: value" lines."""
    out = account.srv.cli("user", "show", account.name).stdout.decode()
    return dict(line.split(": ", 1) for line in out.splitlines())


def used_bytes(account):
    return int(re.match(r"(\d+) bytes", show(account)["used"]).group(1))


def kilobytes(octets):
    return (octets + 1023) // 1024


def test_capabilities_after_login(account):
    c = account.raw()
    caps = c("CAPABILITY").untagged[0].split()
    assert b"QUOTA" in caps and b"QUOTA=RES-STORAGE" in caps and b"QUOTA=RES-MESSAGE" in caps
    assert b"QUOTASET" not in caps  # SETQUOTA is for administrators, and IMAP has none


def test_getquotaroot_and_getquota_after_deliveries(account):
    set_limits(account, "--quota", "10K", "--quota-messages", "5")
    account.deliver(simple_message(1))
    account.deliver(simple_message(2, body="x" * 1500 + "\r\n"))
    used = used_bytes(account)
    assert 1500 < used < 3000
    c = account.raw()
    r = c("GETQUOTAROOT", "INBOX")
    assert r.ok, r
    assert r.untagged == [b'* QUOTAROOT INBOX ""',
                          b'* QUOTA "" (STORAGE %d 10 MESSAGE 2 5)' % kilobytes(used)]
    assert r.tagged == r.tag.encode() + b" OK GETQUOTAROOT completed"
    r = c("GETQUOTA", '""')
    assert r.ok, r
    assert r.untagged == [b'* QUOTA "" (STORAGE %d 10 MESSAGE 2 5)' % kilobytes(used)]
    # RFC 9208 4.1.2: the mailbox need not exist.
    r = c("GETQUOTAROOT", '"Not there"')
    assert r.ok, r
    assert r.untagged[0] == b'* QUOTAROOT "Not there" ""'
    # Only "" exists.
    r = c("GETQUOTA", '"#user/alice"')
    assert r.status == "NO" and r.code == "NONEXISTENT", r
    # The CLI shows both usages.
    s = show(account)
    assert s["quota"] == "10K" and s["message quota"] == "5" and s["messages"] == "2"


def test_unlimited_account_has_an_empty_quota_list(account):
    account.deliver(simple_message(1))
    c = account.raw()
    r = c("GETQUOTA", '""')
    assert r.untagged == [b'* QUOTA "" ()']  # RFC 9208 4.2.1: no limits at all
    set_limits(account, "--quota-messages", "100")
    assert c("GETQUOTA", '""').untagged == [b'* QUOTA "" (MESSAGE 1 100)']
    set_limits(account, "--quota", "1M", "--quota-messages", "0")
    assert c("GETQUOTA", '""').untagged == [
        b'* QUOTA "" (STORAGE %d 1024)' % kilobytes(used_bytes(account))]


def test_setquota_is_refused_and_changes_nothing(account):
    set_limits(account, "--quota", "20K")
    c = account.raw()
    r = c("SETQUOTA", '""', "(STORAGE 512)")
    assert r.status == "NO" and r.code == "NOPERM", r
    assert c("GETQUOTA", '""').untagged == [b'* QUOTA "" (STORAGE 0 20)']
    r = c("SETQUOTA", '""', "(STORAGE)")
    assert r.status == "BAD", r


def test_overquota_on_append_copy_and_move(account):
    set_limits(account, "--quota-messages", "2")
    c = account.raw()
    assert c("CREATE", "Work").ok
    for n in (1, 2):
        r = c("APPEND", "INBOX", Lit(simple_message(n)))
        assert r.ok, r
    r = c("APPEND", "INBOX", Lit(simple_message(3)))
    assert r.status == "NO" and r.code == "OVERQUOTA", r
    assert c("SELECT", "INBOX").ok
    r = c("COPY", "1", "Work")
    assert r.status == "NO" and r.code == "OVERQUOTA", r
    assert account.srv.messages(account.name, "Work") == []
    # A move within the account takes no new room (RFC 9208 4.3.1 speaks of additions).
    r = c("MOVE", "1", "Work")
    assert r.ok, r
    assert len(account.srv.messages(account.name, "Work")) == 1
    assert len(account.srv.messages(account.name)) == 1
    # Bytes too: a message that does not fit in the STORAGE limit.
    set_limits(account, "--quota-messages", "0", "--quota", "2K")
    r = c("APPEND", "Work", Lit(simple_message(4, body="y" * 3000 + "\r\n")))
    assert r.status == "NO" and r.code == "OVERQUOTA", r
    assert len(account.srv.messages(account.name, "Work")) == 1


def test_status_deleted_and_deleted_storage(account):
    sizes = []
    c = account.raw()
    for n, body in enumerate(("short\r\n", "m" * 700 + "\r\n", "l" * 2000 + "\r\n")):
        msg = simple_message(n, body=body)
        sizes.append(len(msg))
        assert c("APPEND", "INBOX", Lit(msg)).ok
    r = c("STATUS", "INBOX", "(MESSAGES DELETED DELETED-STORAGE)")
    assert r.untagged == [b"* STATUS INBOX (MESSAGES 3 DELETED 0 DELETED-STORAGE 0)"], r
    assert c("SELECT", "INBOX").ok
    assert c("STORE", "2:3", "+FLAGS.SILENT", "(\\Deleted)").ok
    r = c("STATUS", "INBOX", "(MESSAGES DELETED DELETED-STORAGE)")
    assert r.untagged == [b"* STATUS INBOX (MESSAGES 3 DELETED 2 DELETED-STORAGE %d)"
                          % (sizes[1] + sizes[2])], r
    # What EXPUNGE frees is what DELETED-STORAGE said.
    before = used_bytes(account)
    assert c("EXPUNGE").ok
    assert before - used_bytes(account) == sizes[1] + sizes[2]
    r = c("STATUS", "INBOX", "(DELETED DELETED-STORAGE)")
    assert r.untagged == [b"* STATUS INBOX (DELETED 0 DELETED-STORAGE 0)"], r
    # LIST-STATUS takes the same items.
    r = c("LIST", '""', "INBOX", "RETURN", "(STATUS (DELETED-STORAGE))")
    assert status_items(r) == {"DELETED-STORAGE": 0}, r


def test_lmtp_refuses_recipients_over_either_limit(account):
    set_limits(account, "--quota-messages", "1")
    port = account.srv.lmtp_port
    rcpt = f"RCPT TO:<{account.name}@localhost>"

    def transaction(lmtp, message):
        assert lmtp.cmd("MAIL FROM:<sender@example.net>")[0] == 250
        code, text = lmtp.cmd(rcpt)
        if code != 250:
            assert lmtp.cmd("RSET")[0] == 250
            return code, text
        assert lmtp.cmd("DATA")[0] == 354
        lmtp.send(message + b".\r\n")
        return lmtp.reply()

    lmtp = RawLmtp(port)
    lmtp.reply()
    assert lmtp.cmd("LHLO client.example")[0] == 250
    assert transaction(lmtp, simple_message(1))[0] == 250
    # Full in messages: refused at RCPT with RFC 3463's "mailbox full".
    code, text = transaction(lmtp, simple_message(2))
    assert code == 552 and text[0].startswith("5.2.2"), (code, text)
    # Accepted at RCPT, full by the time DATA ends (another delivery came first).
    set_limits(account, "--quota-messages", "2")
    assert lmtp.cmd("MAIL FROM:<sender@example.net>")[0] == 250
    assert lmtp.cmd(rcpt)[0] == 250
    account.deliver(simple_message(3))
    assert lmtp.cmd("DATA")[0] == 354
    lmtp.send(simple_message(4) + b".\r\n")
    code, text = lmtp.reply()
    assert code == 552 and text[0].startswith("5.2.2") and account.name in text[0], (code, text)
    # Full in bytes (two small messages hold more than 200 octets).
    set_limits(account, "--quota-messages", "0", "--quota", "200")
    code, text = transaction(lmtp, simple_message(5))
    assert code == 552 and text[0].startswith("5.2.2"), (code, text)
    assert lmtp.cmd("QUIT")[0] == 221
    lmtp.close()
    assert len(account.srv.messages(account.name)) == 2
    assert show(account)["messages"] == "2"


def test_user_add_takes_the_message_limit(imap_server):
    imap_server.add_user("quota-new", "pw", "--quota-messages", "7", "--quota", "1M")
    out = imap_server.cli("user", "show", "quota-new").stdout.decode()
    assert "message quota: 7\n" in out and "messages: 0\n" in out and "quota: 1M\n" in out
    r = imap_server.cli("user", "set", "quota-new", "--quota-messages", "-1", check=False)
    assert r.returncode != 0
