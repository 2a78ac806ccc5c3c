"""Bad input to the IMAP service against the running daemon: garbage, unbalanced
parentheses, literals beyond the limits (TOOBIG, RFC 9051 7.1, RFC 7888 4), commands in
the wrong state, invalid sequence sets and mailbox names. Each gets BAD or NO with a text
(RFC 9051 7.1), and the server stays healthy: the connection goes on where the RFC lets
it, and a new connection is served afterwards."""
import pytest

from imap_support import Closed, Lit, RawImap, simple_message

# Fewer than service.imap.maxbadcommands (20) bad commands per connection.


def healthy(account):
    """A new connection is greeted and served."""
    c = account.raw()
    assert c("SELECT INBOX").ok
    assert c("NOOP").ok
    assert c("LOGOUT").ok
    c.close()


def assert_refused(r, statuses=("BAD",)):
    assert r.status in statuses, r
    assert len(r.text.strip()) > 0, r  # a human-readable text


@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("line", [
    b"A1 FROBNICATE",
    b"A1 SELECT",  # missing argument
    b"A1 LOGIN onlyuser",
    b"A1 NOOP extra arguments",
    b"A1 STATUS INBOX (MESSAGES",  # unbalanced
    b"A1 STATUS INBOX MESSAGES)",
    b'A1 LIST "" "unterminated',
    b"A1 CAPABILITY\x00",
    b"A1 LOGIN \xff\xfe \xfd",
])
def test_malformed_commands_get_tagged_bad(account, logged_in, line):
    c = account.raw(login=logged_in)
    c.send(line + b"\r\n")
    r = c.read_until_tagged("A1")
    # A command that is also in the wrong state may be refused for that (BAD or NO).
    verb = line.split(b" ")[1].rstrip(b"\x00")
    in_state = verb in (b"FROBNICATE", b"NOOP", b"CAPABILITY") or \
        (verb == b"LOGIN") != logged_in
    assert_refused(r, ("BAD",) if in_state else ("BAD", "NO"))
    assert c("NOOP").ok
    c.close()


@pytest.mark.parametrize("line", [b"\x00\xff\xfe garbage", b"*", b"+ hello", b"(((",
                                  b"A1", b'"quoted tag" NOOP'])
def test_garbage_without_a_usable_tag_gets_untagged_bad(account, line):
    # RFC 9051 7.1.3: BAD without a tag when the tag cannot be determined.
    c = account.raw()
    c.send(line + b"\r\n")
    r = c.response()
    assert r.startswith(b"* BAD ") or r.startswith(line.split(b" ")[0] + b" BAD "), r
    assert c("NOOP").ok
    c.close()
    healthy(account)


def test_empty_lines_and_pipelined_garbage(account):
    c = account.raw()
    c.send(b"\r\nA1 NOOP\r\n\r\nA2 FETCH 1 (FLAGS\r\nA3 NOOP\r\n")
    r = c.read_until_tagged("A1")
    assert r.ok and all(u.startswith(b"* BAD") for u in r.untagged), r
    r = c.read_until_tagged("A2")
    assert r.status == "BAD", r
    assert c.read_until_tagged("A3").ok
    c.close()


@pytest.mark.parametrize("cmd", [
    "FETCH 1 (FLAGS", "FETCH 1 FLAGS)", "FETCH 1 (FLAGS BODY[HEADER.FIELDS (SUBJECT)]",
    "SEARCH (SEEN", "SEARCH SEEN)", "STORE 1 +FLAGS (\\Seen", "SEARCH " + "(" * 40 + "SEEN" +
    ")" * 40, "FETCH 1 BODY[1.2.", "FETCH 1 BODY[]<1.x>", "FETCH 1 NOSUCHITEM",
])
def test_unbalanced_and_malformed_selected_commands(account, cmd):
    account.deliver(simple_message(1))
    c = account.raw()
    assert c("SELECT INBOX").ok
    assert_refused(c(cmd))
    assert c("FETCH 1 (FLAGS)").ok
    c.close()


def test_literal_beyond_the_limit_is_refused_without_continuation(account):
    c = account.raw(login=False)
    # A synchronising literal the server will not take: it answers at once instead of
    # "+" (RFC 9051 7.5; TOOBIG, 7.1), and the connection goes on.
    c.send(b"A1 LOGIN {999999999999}\r\n")
    r = c.response()
    if r.startswith(b"* BYE"):
        c.expect_closed(5)  # the other documented outcome: BYE and close
    else:
        assert r.startswith(b"A1 ") and r.split()[1] in (b"BAD", b"NO"), r
        assert b"TOOBIG" in r, r
        c.login(account.name, account.password)
        assert c("SELECT INBOX").ok
        # The same for APPEND, with a size beyond the largest message (50 MB default).
        c.send(b"A2 APPEND INBOX {999999999}\r\n")
        r = c.response()
        assert r.startswith(b"A2 NO ") or r.startswith(b"A2 BAD "), r
        assert b"TOOBIG" in r, r
        assert c("NOOP").ok
    c.close()
    healthy(account)
    assert account.srv.messages(account.name) == []


def test_nonsync_literal_beyond_the_limit_closes_with_bye(account):
    # A non-synchronising literal is already on its way; the server cannot read 1 TB to
    # get back in step, so it says BYE and closes (imap/grammar/limits.h,
    # kMaxDiscardSize; RFC 7888 4).
    c = account.raw()
    c.send(b"A1 APPEND INBOX {999999999999+}\r\nxxxx")
    rest = c.expect_closed(10)
    assert b"* BYE" in rest, rest
    assert b"TOOBIG" in rest or b"too" in rest.lower(), rest
    c.close()
    healthy(account)


def test_long_line_is_refused(account):
    c = account.raw()
    # 100 KB: beyond the line limit (64 KB) and the mailbox name limit.
    c.send(b'A1 SELECT "' + b"x" * 100_000 + b'"\r\n')
    try:
        r = c.response()
    except Closed as e:
        pytest.fail(f"closed without a response: {e.pending!r}")
    if r.startswith(b"* BYE"):
        c.expect_closed(5)
    else:
        assert r.split()[:2] in ([b"A1", b"BAD"], [b"A1", b"NO"], [b"*", b"BAD"]), r
        assert c("NOOP").ok
    c.close()
    healthy(account)


def test_commands_in_the_wrong_state(account):
    account.deliver(simple_message(1))
    # Not authenticated: only CAPABILITY NOOP LOGOUT STARTTLS AUTHENTICATE LOGIN (ID).
    # A few per connection: a server may close after a handful of errors before login.
    for cmds in (("SELECT INBOX", "EXAMINE INBOX", "LIST \"\" *", "STATUS INBOX (MESSAGES)"),
                 ("CREATE x", "APPEND INBOX {1+}\r\nx", "FETCH 1 FLAGS"),
                 ("CLOSE", "IDLE", "NAMESPACE")):
        c = account.raw(login=False)
        for cmd in cmds:
            assert_refused(c(cmd), ("BAD", "NO"))
        assert c("NOOP").ok
        c.close()
    c = account.raw()
    # Authenticated, nothing selected.
    for cmd in ("FETCH 1 FLAGS", "STORE 1 +FLAGS (\\Seen)", "SEARCH ALL", "EXPUNGE",
                "UID FETCH 1 FLAGS", "COPY 1 Trash", "MOVE 1 Trash", "CLOSE", "UNSELECT",
                "CHECK", "UID EXPUNGE 1", "LOGIN a b", "AUTHENTICATE PLAIN", "STARTTLS"):
        assert_refused(c(cmd), ("BAD", "NO"))
    assert c("SELECT INBOX").ok
    assert c("FETCH 1 FLAGS").ok
    c.close()
    assert account.srv.messages(account.name)[0]["flags"] == ""


@pytest.mark.parametrize("seqset", ["0", "0:1", "1:0", "-1", "a", "1,,2", "1:", ":1", "1.5",
                                    "4294967296", "1:*:2"])
def test_invalid_sequence_sets(account, seqset):
    account.deliver(simple_message(1))
    account.deliver(simple_message(2))
    c = account.raw()
    assert c("SELECT INBOX").ok
    assert_refused(c(f"FETCH {seqset} FLAGS"))
    assert_refused(c(f"UID FETCH {seqset} FLAGS"))
    assert_refused(c(f"STORE {seqset} +FLAGS (\\Seen)"))
    assert c("FETCH 1:* FLAGS").ok
    c.close()
    assert all(m["flags"] == "" for m in account.srv.messages(account.name))


def test_sequence_numbers_beyond_the_mailbox(account):
    account.deliver(simple_message(1))
    c = account.raw()
    assert c("SELECT INBOX").ok
    # RFC 3501 9 (seq-number): a number past the last message is BAD; UIDs are not
    # checked that way (RFC 9051 6.4.9).
    assert_refused(c("FETCH 5 FLAGS"), ("BAD", "NO"))
    assert_refused(c("STORE 2:3 +FLAGS (\\Seen)"), ("BAD", "NO"))
    r = c("UID FETCH 5 FLAGS")
    assert r.ok and not r.numbered("FETCH"), r
    assert c("FETCH 1:* FLAGS").numbered("FETCH")
    c.close()


@pytest.mark.parametrize("name", ["../x", "a/../b", "./x", "a/./b", "x/..", "/abs", "a//b",
                                  "x*", "x%y", "", "a\x01"])
def test_invalid_mailbox_names(account, name):
    c = account.raw()
    before = account.srv.mailboxes(account.name)
    if "\x01" in name:
        r = c("CREATE", Lit(name.encode()))
    else:
        r = c("CREATE", '"' + name + '"')
    assert_refused(r, ("NO", "BAD"))
    r = c("RENAME Junk", '"' + name.replace("\x01", "") + '"') if "\x01" not in name else \
        c("RENAME Junk", Lit(name.encode()))
    assert_refused(r, ("NO", "BAD"))
    r = c("SELECT", '"' + name + '"') if "\x01" not in name else c("SELECT", Lit(name.encode()))
    assert_refused(r, ("NO", "BAD"))
    assert account.srv.mailboxes(account.name).keys() == before.keys()
    assert c("NOOP").ok
    c.close()


def test_invalid_modified_utf7_name(account):
    c = account.raw()
    # RFC 3501 5.1.3: "&" starts a modified BASE64 run that must end with "-".
    for bad in ('"&Jjo"', '"&-&"', '"&*-"'):
        assert_refused(c("CREATE", bad), ("NO", "BAD"))
    assert c('CREATE "&ZeVnLIqe-"').ok  # a valid one (Japanese for "Japanese")
    assert "日本語" in account.srv.mailboxes(account.name)
    c.close()


def test_authenticate_garbage(account):
    c = account.raw(login=False)
    c.send(b"A1 AUTHENTICATE PLAIN\r\n")
    assert c.response().startswith(b"+")
    c.send(b"\xff\xfe not base64 at all\r\n")
    assert c.read_until_tagged("A1").status == "BAD"
    r = c("AUTHENTICATE PLAIN ====")
    assert r.status in ("BAD", "NO"), r
    assert c("LOGIN", account.name, account.password).ok
    c.close()


def test_server_still_serves_after_abrupt_disconnects(account):
    # Connections dropped mid-command, mid-literal and mid-TLS-handshake.
    for data in (b"A1 LOGIN {10}\r\nabc", b"A1 SEL", b"\x16\x03\x01\x02\x00\x01"):
        c = RawImap(account.srv.imap_port)
        c.send(data)
        c.close()
    c = account.raw()
    c.send(b"A1 APPEND INBOX {100}\r\n")
    assert c.response().startswith(b"+")
    c.send(b"From: x\r\n")
    c.close()
    healthy(account)
    assert account.srv.messages(account.name) == []
    assert account.srv.proc.poll() is None
