"""NOTIFY (RFC 5465) against the running daemon: one connection watches several
mailboxes while another (or LMTP) changes them; the watcher gets the exact untagged
STATUS, LIST, METADATA, EXISTS, FETCH and EXPUNGE lines, in IDLE and between commands
(without sending anything), and never anything of another account."""
import re
import select

from conftest import Account
from imap_support import Lit, simple_message
from lmtp_client import RawLmtp

SUPPORTED = (b"BADEVENT (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange "
             b"MailboxMetadataChange ServerMetadataChange)")


def pushed(c, n=1, timeout=5.0):
    """The next n responses the server sends unasked."""
    out = []
    for _ in range(n):
        if not c.buf:
            r, _, _ = select.select([c.sock], [], [], timeout)
            assert r, f"nothing pushed within {timeout}s; got {out}"
        out.append(c.response())
    return out


def quiet(c, timeout=0.5):
    """Asserts that the server sends nothing for `timeout` seconds."""
    if not c.buf:
        r, _, _ = select.select([c.sock], [], [], timeout)
        if not r:
            return
    raise AssertionError(f"unexpected: {c.response()!r}")


def uidvalidity(c, mailbox):
    r = c("STATUS", mailbox, "(UIDVALIDITY)")
    assert r.ok, r
    return int(r.untagged[0].rsplit(b" ", 1)[1].rstrip(b")"))


def append(c, mailbox, n, flags=None):
    parts = ["APPEND", mailbox] + ([flags] if flags else []) + [Lit(simple_message(n), True)]
    r = c(*parts)
    assert r.ok, r


def idle(c):
    c.send(b"I1 IDLE\r\n")
    assert c.response().startswith(b"+")


def done(c):
    c.send(b"DONE\r\n")
    r = c.read_until_tagged("I1")
    assert r.ok, r


def test_status_of_other_mailboxes_in_idle(account):
    b = account.raw()
    for name in ("Lists", "Lists/Lemonade", "misc"):
        assert b("CREATE", name).ok
    v_lists, v_lemonade, v_misc = (uidvalidity(b, m) for m in ("Lists", "Lists/Lemonade", "misc"))
    a = account.raw()
    # RFC 5465 3.1: STATUS sends MESSAGES, UIDNEXT and UIDVALIDITY for each watched mailbox.
    r = a("NOTIFY SET STATUS (selected (MessageNew (uid) MessageExpunge)) "
          "(subtree Lists (MessageNew MessageExpunge FlagChange)) "
          "(mailboxes misc (MessageNew MessageExpunge))")
    assert r.ok, r
    assert sorted(r.untagged) == sorted([
        f"* STATUS Lists (UIDVALIDITY {v_lists} UIDNEXT 1 MESSAGES 0)".encode(),
        f"* STATUS Lists/Lemonade (UIDVALIDITY {v_lemonade} UIDNEXT 1 MESSAGES 0)".encode(),
        f"* STATUS misc (UIDVALIDITY {v_misc} UIDNEXT 1 MESSAGES 0)".encode(),
    ]), r
    idle(a)
    # 5.2: a new message elsewhere is STATUS (UIDNEXT MESSAGES); FlagChange adds UNSEEN.
    append(b, "Lists/Lemonade", 1)
    assert pushed(a) == [b"* STATUS Lists/Lemonade (UIDNEXT 2 MESSAGES 1 UNSEEN 1)"]
    append(b, "misc", 2, "(\\Seen)")
    assert pushed(a) == [b"* STATUS misc (UIDNEXT 2 MESSAGES 1)"]
    # 5.1: a flag change without CONDSTORE: UNSEEN when it moved.
    assert b("SELECT Lists/Lemonade").ok
    assert b("STORE 1 +FLAGS (\\Seen)").ok
    assert pushed(a) == [b"* STATUS Lists/Lemonade (UNSEEN 0)"]
    # A flag change that moves nothing the client can see is not reported.
    assert b("STORE 1 +FLAGS (\\Deleted)").ok
    quiet(a)
    # 5.3: an expunge is STATUS (UIDNEXT MESSAGES).
    assert b("EXPUNGE").ok
    assert pushed(a) == [b"* STATUS Lists/Lemonade (UIDNEXT 2 MESSAGES 0)"]
    # misc has no FlagChange: its flag changes are not reported.
    assert b("SELECT misc").ok
    assert b("STORE 1 -FLAGS (\\Seen)").ok
    quiet(a)
    done(a)


def test_condstore_adds_highestmodseq(account):
    b = account.raw()
    assert b("CREATE misc").ok
    a = account.raw()
    assert a("ENABLE CONDSTORE").ok
    r = a("NOTIFY SET STATUS (mailboxes misc (MessageNew MessageExpunge FlagChange))")
    assert r.ok, r
    v = uidvalidity(b, "misc")
    assert len(r.untagged) == 1 and re.fullmatch(
        rb"\* STATUS misc \(UIDVALIDITY %d UIDNEXT 1 MESSAGES 0 HIGHESTMODSEQ \d+\)" % v,
        r.untagged[0]), r
    append(b, "misc", 1)
    (line,) = pushed(a)
    assert line.startswith(b"* STATUS misc (UIDNEXT 2 MESSAGES 1 UNSEEN 1 HIGHESTMODSEQ "), line
    modseq = int(line.rsplit(b" ", 1)[1].rstrip(b")"))
    assert b("SELECT misc").ok
    assert b("STORE 1 +FLAGS (\\Flagged)").ok
    # RFC 5465 5.1's example: "* STATUS Lists/Lemonade (HIGHESTMODSEQ 65666665 UIDVALIDITY 101)"
    assert pushed(a) == [f"* STATUS misc (HIGHESTMODSEQ {modseq + 1} UIDVALIDITY {v})".encode()]
    # Section 5: not this session's own APPEND.
    r = a("APPEND", "misc", Lit(simple_message(2), True))
    assert r.ok and r.untagged == [], r
    quiet(a)


def test_selected_mailbox_between_commands(account):
    a = account.raw()
    b = account.raw()
    assert a("SELECT INBOX").ok
    r = a("NOTIFY SET (selected (MessageNew (UID FLAGS) MessageExpunge FlagChange))")
    assert r.ok, r
    # Nothing is sent by the client from here on: RFC 5465 3.1 lets the server push.
    append(b, "INBOX", 1)
    # 5.2: EXISTS, then FETCH with MessageNew's attributes.
    assert pushed(a, 2) == [b"* 1 EXISTS", b"* 1 FETCH (UID 1 FLAGS (\\Recent))"]
    assert b("SELECT INBOX").ok
    assert b("STORE 1 +FLAGS.SILENT (\\Flagged)").ok
    # 5.1: FETCH with UID and FLAGS.
    assert pushed(a) == [b"* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))"]
    assert b("STORE 1 +FLAGS.SILENT (\\Deleted)").ok
    assert pushed(a) == [b"* 1 FETCH (UID 1 FLAGS (\\Flagged \\Deleted \\Recent))"]
    assert b("EXPUNGE").ok
    # 5.3: SELECTED sends EXPUNGE at once.
    assert pushed(a) == [b"* 1 EXPUNGE"]

    # 6.1.2: SELECTED-DELAYED holds expunges until a command that allows them.
    r = a("NOTIFY SET (selected-delayed (MessageNew MessageExpunge))")
    assert r.ok and r.untagged == [], r
    append(b, "INBOX", 2)
    assert pushed(a) == [b"* 1 EXISTS"]
    assert b("STORE 1 +FLAGS.SILENT (\\Deleted)").ok
    quiet(a)  # no FlagChange asked for
    assert b("EXPUNGE").ok
    quiet(a)
    r = a("NOOP")
    assert r.ok and r.untagged == [b"* 1 EXPUNGE"], r


def test_selected_none_and_notify_none(account):
    a = account.raw()
    b = account.raw()
    assert a("SELECT INBOX").ok
    # Without SELECTED, no message events of the selected mailbox (3.1), not even at the
    # end of a command.
    assert a("NOTIFY SET (personal (MailboxName))").ok
    append(b, "INBOX", 1)
    quiet(a)
    r = a("NOOP")
    assert r.ok and r.untagged == [], r
    # 3.1: NOTIFY SET is an implicit NOOP: what accumulated is sent.
    r = a("NOTIFY SET (personal (MailboxName))")
    assert r.ok and r.untagged == [b"* 1 EXISTS"], r
    append(b, "INBOX", 3)
    # NOTIFY NONE: back to the base protocol's updates at command completion only.
    r = a("NOTIFY NONE")
    assert r.ok and r.untagged == [b"* 2 EXISTS"], r
    assert b("CREATE other").ok
    append(b, "INBOX", 4)
    quiet(a)


def test_mailbox_names_and_subscriptions_between_commands(account):
    a = account.raw()
    b = account.raw()
    assert a("NOTIFY SET (personal (MailboxName SubscriptionChange))").ok
    assert b("CREATE a").ok
    assert pushed(a) == [b'* LIST (\\HasNoChildren) "/" a']
    # 5.4: the mailbox and its parent are affected.
    assert b("CREATE a/b").ok
    assert pushed(a, 2) == [b'* LIST (\\HasNoChildren) "/" a/b', b'* LIST (\\HasChildren) "/" a']
    assert b("RENAME a/b a/c").ok
    assert pushed(a) == [b'* LIST (\\HasNoChildren) "/" a/c ("OLDNAME" (a/b))']
    assert b("DELETE a/c").ok
    assert pushed(a, 2) == [b'* LIST (\\NonExistent) "/" a/c', b'* LIST (\\HasNoChildren) "/" a']
    # 5.5: \Subscribed if and only if subscribed after the event.
    assert b("SUBSCRIBE a").ok
    assert pushed(a) == [b'* LIST (\\HasNoChildren \\Subscribed) "/" a']
    assert b("UNSUBSCRIBE a").ok
    assert pushed(a) == [b'* LIST (\\HasNoChildren) "/" a']
    # 5.4: renaming INBOX creates the new name; no OLDNAME.
    assert b("RENAME INBOX saved").ok
    assert pushed(a) == [b'* LIST (\\HasNoChildren) "/" saved']
    # Section 5: the client's own changes are not reported back to it.
    r = a("CREATE mine")
    assert r.ok and r.untagged == [], r
    r = a("SUBSCRIBE mine")
    assert r.ok and r.untagged == [], r
    quiet(a)


def test_subscribed_filter_follows_subscriptions(account):
    b = account.raw()
    assert b("CREATE news").ok
    a = account.raw()
    assert a("NOTIFY SET (subscribed (MessageNew MessageExpunge))").ok
    append(b, "news", 1)
    quiet(a)
    # 6.4: the list is re-evaluated when the subscriptions change.
    assert b("SUBSCRIBE news").ok
    r = a("NOOP")  # the watch has taken the subscription in once this is answered
    assert r.ok and r.untagged == [], r
    append(b, "news", 2)
    assert pushed(a) == [b"* STATUS news (UIDNEXT 3 MESSAGES 2)"]


def test_metadata_events(account):
    a = account.raw()
    b = account.raw()
    assert a("NOTIFY SET (inboxes (MailboxMetadataChange ServerMetadataChange))").ok
    assert b('SETMETADATA INBOX (/private/comment "hello")').ok
    assert pushed(a) == [b"* METADATA INBOX /private/comment"]
    assert b('SETMETADATA "" (/private/comment NIL)').ok
    assert pushed(a) == [b'* METADATA "" /private/comment']


def test_lmtp_delivery_to_inbox_while_watching_inboxes(account):
    a = account.raw()
    assert a("NOTIFY SET (inboxes (MessageNew MessageExpunge))").ok
    idle(a)
    lmtp = RawLmtp(account.srv.lmtp_port)
    assert lmtp.reply()[0] == 220
    assert lmtp.cmd("LHLO e2e.example")[0] == 250
    assert lmtp.cmd("MAIL FROM:<sender@example.net>")[0] == 250
    assert lmtp.cmd(f"RCPT TO:<{account.name}@localhost>")[0] == 250
    assert lmtp.cmd("DATA")[0] == 354
    lmtp.send(simple_message(1) + b".\r\n")
    assert lmtp.reply()[0] == 250
    lmtp.cmd("QUIT")
    lmtp.close()
    assert pushed(a) == [b"* STATUS INBOX (UIDNEXT 2 MESSAGES 1)"]
    done(a)


def test_invalid_and_unsupported(account):
    a = account.raw()
    assert b"NOTIFY" in a("CAPABILITY").untagged[0].split()
    # Section 3.1: unsupported events are NO [BADEVENT (every supported event)].
    r = a("NOTIFY SET (personal (MessageNew MessageExpunge AnnotationChange))")
    assert r.status == "NO" and r.text.startswith(b"[" + SUPPORTED + b"]"), r
    r = a("NOTIFY SET (personal (FutureEvent))")
    assert r.status == "NO" and r.text.startswith(b"[" + SUPPORTED + b"]"), r
    # Section 5 and 6.1: BAD.
    for bad in ("(personal (MessageNew))", "(personal (MessageExpunge))",
                "(personal (FlagChange))", "(selected (MailboxName))",
                "(selected (MessageNew MessageExpunge)) (selected-delayed NONE)",
                "(personal (MessageNew (UID) MessageExpunge))", "(nowhere NONE)"):
        r = a("NOTIFY SET " + bad)
        assert r.status == "BAD", (bad, r)
    # A NOTIFY that failed left nothing in force.
    b = account.raw()
    assert b("CREATE x").ok
    quiet(a)
    assert a("LOGOUT").ok


def test_other_accounts_changes_never_show(account, imap_server):
    imap_server.add_user(account.name + "x", "pw-other")
    other = Account(imap_server, account.name + "x", "pw-other")
    try:
        a = account.raw()
        assert a("NOTIFY SET STATUS (personal (MessageNew MessageExpunge FlagChange MailboxName "
                 "SubscriptionChange MailboxMetadataChange ServerMetadataChange))").ok
        c = other.raw()
        assert c("CREATE Shared").ok
        assert c("SUBSCRIBE Shared").ok
        append(c, "INBOX", 1)
        assert c('SETMETADATA "" (/private/comment "x")').ok
        assert c('SETMETADATA INBOX (/private/comment "x")').ok
        other.deliver(simple_message(2))
        quiet(a, 1.0)
        # The watch itself still works.
        b = account.raw()
        assert b("CREATE Mine").ok
        assert pushed(a) == [b'* LIST (\\HasNoChildren) "/" Mine']
    finally:
        other.close_all()
