"""Several IMAP sessions on one mailbox (RFC 9051 5.2, 5.5, 7.4.1, 7.5.1) and IDLE (RFC
2177) against the running daemon: each session's view changes only at the points the RFC
allows, and a session in IDLE is told of a message delivered over LMTP within a second."""
import poplib
import select
import time

from imap_support import fetch_items, simple_message
from lmtp_client import RawLmtp


def selected(account, mailbox="INBOX"):
    c = account.raw()
    r = c("SELECT", mailbox)
    assert r.ok, r
    return c, r


def flags_of(items):
    return {str(f) for f in items["FLAGS"]} - {"\\Recent"}


def test_two_imaplib_sessions_see_each_others_changes(account):
    for n in (1, 2, 3):
        account.deliver(simple_message(n))
    a = account.imap()
    b = account.imap()
    assert a.select("INBOX")[1] == [b"3"]
    assert b.select("INBOX")[1] == [b"3"]

    assert a.store("1", "+FLAGS", r"(\Flagged)")[0] == "OK"
    b.untagged_responses.clear()
    assert b.noop()[0] == "OK"
    fetches = b.untagged_responses.pop("FETCH", [])
    assert any(f.startswith(b"1 (") and b"\\Flagged" in f for f in fetches), fetches

    assert a.append("INBOX", None, None, simple_message(4))[0] == "OK"
    assert b.noop()[0] == "OK"
    assert b.untagged_responses.pop("EXISTS", None) == [b"4"]

    assert a.store("2", "+FLAGS.SILENT", r"(\Deleted)")[0] == "OK"
    assert a.expunge()[0] == "OK"
    b.untagged_responses.clear()
    assert b.noop()[0] == "OK"
    assert b.untagged_responses.pop("EXPUNGE", None) == [b"2"]
    typ, data = b.fetch("1:*", "(UID)")
    assert [d.split(b"UID ")[1].rstrip(b")") for d in data] == [b"1", b"3", b"4"], data
    a.logout()
    b.logout()


def test_no_expunge_during_fetch_store_or_search(account):
    for n in (1, 2, 3):
        account.deliver(simple_message(n))
    a, _ = selected(account)
    b, _ = selected(account)
    assert a("STORE 2 +FLAGS.SILENT (\\Deleted)").ok
    assert a("EXPUNGE").numbered("EXPUNGE") == [(2, None)]
    # RFC 9051 7.5.1: "An EXPUNGE response MUST NOT be sent ... while responding to a
    # FETCH, STORE, or SEARCH command"; B's sequence numbers stay as they were.
    for cmd in ("FETCH 1:3 (FLAGS)", "STORE 1 +FLAGS (\\Seen)", "SEARCH ALL"):
        r = b(cmd)
        assert not r.numbered("EXPUNGE"), (cmd, r)
        assert r.status in ("OK", "NO"), (cmd, r)  # NO if it touched the expunged one
    r = b("FETCH 3 (UID)")
    if r.ok:
        assert fetch_items(r)[3]["UID"] == "3"  # still message 3 in B's view
    r = b("NOOP")
    assert r.numbered("EXPUNGE") == [(2, None)], r
    r = b("FETCH 1:* (UID)")
    assert [v["UID"] for v in fetch_items(r).values()] == ["1", "3"], r
    assert "\\Seen" in flags_of(fetch_items(b("FETCH 1 FLAGS"))[1])
    a.close()
    b.close()


def test_store_in_one_session_reaches_the_other_with_its_flags(account):
    for n in (1, 2):
        account.deliver(simple_message(n))
    a, _ = selected(account)
    b, _ = selected(account)
    assert a("STORE 2 FLAGS ($Label1 \\Answered)").ok
    r = b("NOOP")
    got = fetch_items(r)
    assert set(got) == {2} and flags_of(got[2]) == {"$Label1", "\\Answered"}, r
    # A session that only EXAMINEs sees the changes too.
    e = account.raw()
    assert e("EXAMINE INBOX").ok
    assert a("STORE 1 +FLAGS (\\Seen)").ok
    got = fetch_items(e("NOOP"))
    assert flags_of(got[1]) == {"\\Seen"}, got
    for c in (a, b, e):
        c.close()


def lmtp_deliver_and_time(account, idle_sock_reader, message):
    """Delivers `message` to the account over LMTP and returns the seconds from the end
    of DATA until idle_sock_reader() returns a response, and that response."""
    lmtp = RawLmtp(account.srv.lmtp_port)
    assert lmtp.reply()[0] == 220
    assert lmtp.cmd("LHLO e2e.example")[0] == 250
    assert lmtp.cmd("MAIL FROM:<sender@example.net>")[0] == 250
    assert lmtp.cmd(f"RCPT TO:<{account.name}@localhost>")[0] == 250
    assert lmtp.cmd("DATA")[0] == 354
    lmtp.send(message)
    start = time.monotonic()
    lmtp.send(b".\r\n")
    response = idle_sock_reader()
    elapsed = time.monotonic() - start
    assert lmtp.reply()[0] == 250
    lmtp.cmd("QUIT")
    lmtp.close()
    return elapsed, response


def wait_readable(c, timeout):
    """Waits for data from the server without reading it (nothing slow in between)."""
    if c.buf:
        return True
    r, _, _ = select.select([c.sock], [], [], timeout)
    return bool(r)


def test_idle_pushes_lmtp_delivery_flags_and_expunge(account):
    account.deliver(simple_message(1))
    b, r = selected(account)
    assert r.numbered("EXISTS") == [(1, None)]
    b.send(b"I1 IDLE\r\n")
    cont = b.response()
    assert cont.startswith(b"+"), cont
    b.sock.settimeout(5.0)  # a generous bound for a failure; the check is below

    def next_response():
        """The next response but "* n RECENT" (rev1 may send it after EXISTS)."""
        while True:
            assert wait_readable(b, 5.0), "no untagged response within 5 s"
            resp = b.response()
            if not resp.endswith(b" RECENT"):
                return resp

    elapsed, resp = lmtp_deliver_and_time(account, next_response, simple_message(2))
    assert resp == b"* 2 EXISTS", resp
    assert elapsed < 1.0, f"EXISTS came {elapsed:.3f}s after the delivery"

    # Changes by another session arrive during IDLE too (RFC 2177 3).
    a, _ = selected(account)
    t = time.monotonic()
    assert a("STORE 1 +FLAGS.SILENT (\\Flagged)").ok
    resp = next_response()
    assert resp.startswith(b"* 1 FETCH (") and b"\\Flagged" in resp, resp
    assert a("STORE 2 +FLAGS.SILENT (\\Deleted)").ok
    assert a("EXPUNGE").ok
    resp = next_response()
    if resp.startswith(b"* 2 FETCH"):  # the \Deleted flag may be reported first
        resp = next_response()
    assert resp == b"* 2 EXPUNGE", resp
    assert time.monotonic() - t < 2.0
    b.send(b"DONE\r\n")
    r = b.read_until_tagged("I1")
    assert r.ok, r
    r = b("FETCH 1:* (UID)")
    assert {n: v["UID"] for n, v in fetch_items(r).items()} == {1: "1"}, r
    a.close()
    b.close()


def test_idle_without_selected_mailbox_and_bad_continuation(account):
    c = account.raw()
    # IDLE is allowed in the authenticated state (RFC 2177 3; RFC 9051 6.3.13).
    c.send(b"I1 IDLE\r\n")
    assert c.response().startswith(b"+")
    c.send(b"DONE\r\n")
    assert c.read_until_tagged("I1").ok
    # Anything but DONE ends IDLE with BAD (RFC 2177 3: "the client ... MUST send DONE").
    assert c("SELECT INBOX").ok
    c.send(b"I2 IDLE\r\n")
    assert c.response().startswith(b"+")
    c.send(b"NOOP\r\n")
    r = c.read_until_tagged("I2")
    assert r.status == "BAD", r
    assert c("NOOP").ok
    c.close()


def test_pop3_deletion_reaches_an_imap_session(account):
    for n in (1, 2):
        account.deliver(simple_message(n))
    c, _ = selected(account)
    p = poplib.POP3("127.0.0.1", account.srv.pop_port, timeout=10)
    p.user(account.name)
    p.pass_(account.password)
    p.dele(1)
    p.quit()
    r = c("NOOP")
    assert r.numbered("EXPUNGE") == [(1, None)], r
    r = c("FETCH 1:* (UID)")
    assert [v["UID"] for v in fetch_items(r).values()] == ["2"]
    c.close()
