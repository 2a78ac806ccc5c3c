"""UNAUTHENTICATE (RFC 8437) and UTF8=ACCEPT (RFC 6855) against the running daemon.

UNAUTHENTICATE: back to the not-authenticated state from authenticated and selected,
nothing of the first user left (the selected mailbox and its change feed, the SEARCHRES
result, ENABLEd extensions), pipelined with AUTHENTICATE as section 3 allows, and BYE
when compression is on. UTF8=ACCEPT: ENABLE, UTF-8 mailbox names in both directions,
UTF-8 quoted strings, and APPEND with the UTF8 data item."""
import base64

from imap_support import Closed, capabilities, fetch_items, list_entries, simple_message
from lmtp_client import RawLmtp
from test_imap_compress import CompressedImap


def ok(reply):
    assert reply.ok, reply
    return reply


def lmtp_deliver(srv, user, message):
    """Delivers over the daemon's LMTP, whose change feed tells selected sessions at once
    (a `tern deliver` from another process does not)."""
    lmtp = RawLmtp(srv.lmtp_port)
    try:
        assert lmtp.reply()[0] == 220
        assert lmtp.cmd("LHLO e2e.example")[0] == 250
        assert lmtp.cmd("MAIL FROM:<sender@example.net>")[0] == 250
        assert lmtp.cmd(f"RCPT TO:<{user}@localhost>")[0] == 250
        assert lmtp.cmd("DATA")[0] == 354
        lmtp.send(message + b".\r\n")
        assert lmtp.reply()[0] == 250
        lmtp.cmd("QUIT")
    finally:
        lmtp.close()


def second_account(account):
    name = f"{account.name}-b"
    account.srv.add_user(name, "pw-b")
    return name, "pw-b"


# --- UNAUTHENTICATE ----------------------------------------------------------------------

def test_advertised_and_not_valid_before_login(account):
    c = account.raw(login=False)
    assert "UNAUTHENTICATE" in capabilities(c.greeting)
    r = c("UNAUTHENTICATE")
    assert r.status == "BAD" and r.text == b"Log in first", r


def test_back_to_not_authenticated_from_selected(account):
    c = account.raw()
    account.deliver(simple_message(1))
    ok(c("SELECT INBOX"))
    ok(c("STORE 1 +FLAGS (\\Deleted)"))
    r = ok(c("UNAUTHENTICATE"))
    assert r.untagged == []
    # The OK carries the capabilities of the not-authenticated state.
    caps = capabilities(r.tagged)
    assert "AUTH=PLAIN" in caps and "UNAUTHENTICATE" in caps, r
    r = c("SELECT INBOX")
    assert r.status == "BAD" and r.text == b"Log in first", r
    assert ok(c("NOOP"))
    # No expunge happened (RFC 8437 3: "no expunge event is generated").
    c.login(account.name, account.password)
    ok(c("SELECT INBOX"))
    items = fetch_items(ok(c("FETCH 1 FLAGS")))
    assert items[1]["FLAGS"] == ["\\Deleted"], items


def test_nothing_of_the_first_user_survives(account):
    other, password = second_account(account)
    c = account.raw()
    account.deliver(simple_message(1))
    account.deliver(simple_message(2))
    ok(c("CREATE Private/Stuff"))
    ok(c("SELECT INBOX"))
    ok(c("SEARCH RETURN (SAVE) ALL"))
    ok(c("UNAUTHENTICATE"))
    c.login(other, password)
    # Another account's mailboxes only.
    names = set(list_entries(ok(c('LIST "" "*"'))))
    assert "Private/Stuff" not in names and "Private" not in names, names
    ok(c("SELECT INBOX"))
    # RFC 8437 4.1: "$" is the empty set now.
    r = ok(c("UID FETCH $ UID"))
    assert r.numbered("FETCH") == [], r
    # The first user's mailbox no longer reports to this session: new mail there is
    # not announced here.
    lmtp_deliver(account.srv, account.name, simple_message(3))
    r = ok(c("NOOP"))
    assert r.numbered("EXISTS") == [], r
    # And this account's own mail still is.
    lmtp_deliver(account.srv, other, simple_message(4))
    r = ok(c("NOOP"))
    assert r.numbered("EXISTS") == [(1, None)], r


def test_enabled_extensions_end(account):
    c = account.raw()
    ok(c("CREATE Entw&APw-rfe"))
    r = ok(c("ENABLE IMAP4rev2 UTF8=ACCEPT CONDSTORE"))
    assert r.untagged == [b"* ENABLED IMAP4rev2 UTF8=ACCEPT CONDSTORE"]
    assert "Entw\u00fcrfe" in list_entries(ok(c('LIST "" "*"')))
    ok(c("UNAUTHENTICATE"))
    c.login(account.name, account.password)
    # IMAP4rev1 again: modified UTF-7 names, a RECENT count, no MODSEQ in FETCH.
    entries = list_entries(ok(c('LIST "" "*"')))
    assert "Entw&APw-rfe" in entries, entries
    account.deliver(simple_message(1))
    r = ok(c("SELECT INBOX"))
    assert len(r.numbered("RECENT")) == 1, r
    assert not [u for u in r.untagged if b"HIGHESTMODSEQ" in u], r
    ok(c("STORE 1 FLAGS.SILENT (\\Seen)"))
    r = ok(c("FETCH 1 FLAGS"))
    # (\Recent too if this session was the first to see the message.)
    assert r.untagged[0] in (b"* 1 FETCH (FLAGS (\\Seen))",
                             b"* 1 FETCH (FLAGS (\\Seen \\Recent))"), r
    # And they can be enabled again.
    ok(c("UNSELECT"))
    r = ok(c("ENABLE UTF8=ACCEPT"))
    assert r.untagged == [b"* ENABLED UTF8=ACCEPT"]


def test_pipelined_with_authenticate(account):
    """RFC 8437 3: UNAUTHENTICATE may be pipelined with AUTHENTICATE (SASL-IR)."""
    other, password = second_account(account)
    c = account.raw()
    ok(c("SELECT INBOX"))
    plain = base64.b64encode(b"\0" + other.encode() + b"\0" + password.encode())
    c.send(b"U1 UNAUTHENTICATE\r\nU2 AUTHENTICATE PLAIN " + plain + b"\r\nU3 NAMESPACE\r\n")
    assert c.read_until_tagged("U1").ok
    assert c.read_until_tagged("U2").ok
    assert c.read_until_tagged("U3").ok
    # The new login's state is its own.
    r = ok(c("GETMETADATA INBOX /private/comment"))
    assert r.untagged == [b"* METADATA INBOX (/private/comment NIL)"]


def test_with_compression_the_connection_closes(account):
    c = CompressedImap(account.srv.imap_port)
    account.connections.append(c)
    c.login(account.name, account.password)
    c.compress()
    c.send(b"Z1 UNAUTHENTICATE\r\n")
    try:
        data = c.closing_data()
    except Closed as e:
        data = e.pending
    assert data == b"* BYE Cannot end compression; reconnect to log in again\r\n", data


# --- UTF8=ACCEPT -------------------------------------------------------------------------

def test_enable_and_utf8_mailbox_names(account):
    c = account.raw()
    assert "UTF8=ACCEPT" in capabilities(ok(c("CAPABILITY")).untagged[0])
    # Before ENABLE, 8-bit names are refused and modified UTF-7 is decoded.
    r = c('CREATE "Entw\xc3\xbcrfe"'.encode("latin-1"))
    assert r.status == "BAD" and r.text == b"8-bit mailbox name (use modified UTF-7)", r
    r = ok(c("ENABLE UTF8=ACCEPT"))
    assert r.untagged == [b"* ENABLED UTF8=ACCEPT"]
    ok(c('CREATE "Entw\xc3\xbcrfe"'.encode("latin-1")))
    # "&" is an ordinary character now.
    ok(c('CREATE "R&D"'))
    r = ok(c('LIST "" "*"'))
    assert b'* LIST (\\HasNoChildren) "/" "Entw\xc3\xbcrfe"' in r.untagged, r
    assert b'* LIST (\\HasNoChildren) "/" R&D' in r.untagged, r
    r = ok(c('STATUS "Entw\xc3\xbcrfe" (MESSAGES)'.encode("latin-1")))
    assert r.untagged == [b'* STATUS "Entw\xc3\xbcrfe" (MESSAGES 0)'], r
    # Invalid UTF-8 in a quoted string is BAD (RFC 6855 3).
    r = c(b'CREATE "bad\xc3"')
    assert r.status == "BAD" and r.text == b"invalid UTF-8 in quoted string", r
    # METADATA names the mailbox in UTF-8 too.
    ok(c('SETMETADATA "Entw\xc3\xbcrfe" (/shared/comment "Entw\xc3\xbcrfe")'.encode("latin-1")))
    r = ok(c('GETMETADATA "Entw\xc3\xbcrfe" /shared/comment'.encode("latin-1")))
    assert r.untagged == [b'* METADATA "Entw\xc3\xbcrfe" (/shared/comment "Entw\xc3\xbcrfe")'], r
    # A session without UTF8=ACCEPT sees the names in modified UTF-7, and values with
    # 8-bit octets as literals.
    d = account.raw()
    entries = list_entries(ok(d('LIST "" "*"')))
    assert "Entw&APw-rfe" in entries and "R&-D" in entries, entries
    r = ok(d("GETMETADATA Entw&APw-rfe /shared/comment"))
    assert r.untagged == [b"* METADATA Entw&APw-rfe (/shared/comment {9}\r\nEntw\xc3\xbcrfe)"], r


def test_enable_only_in_authenticated_state(account):
    c = account.raw()
    ok(c("SELECT INBOX"))
    r = c("ENABLE UTF8=ACCEPT")
    assert r.status == "BAD" and r.text == b"ENABLE is only valid before SELECT", r


def test_append_utf8_data_item(account):
    c = account.raw()
    ok(c("ENABLE UTF8=ACCEPT"))
    message = ("From: J\u00fcrgen <j\u00fcrgen@example.org>\r\nTo: alice@example.org\r\n"
               "Subject: Gr\u00fc\u00dfe aus K\u00f6ln\r\n\r\nHallo\r\n").encode()
    # RFC 6855 4: append-data =/ "UTF8" SP "(" literal8 ")"
    c.send(b"A1 APPEND INBOX (\\Seen) UTF8 (~{%d}\r\n" % len(message))
    assert c.response().startswith(b"+ "), "no continuation for the literal8"
    c.send(message + b")\r\n")
    r = c.read_until_tagged("A1")
    assert r.ok and r.code.startswith("APPENDUID "), r
    ok(c("SELECT INBOX"))
    items = fetch_items(ok(c("FETCH 1 (FLAGS BODY.PEEK[])")))
    assert items[1]["BODY[]"] == message
    assert items[1]["FLAGS"] == ["\\Seen"]
    # With UTF8=ACCEPT the subject comes back as UTF-8 in a quoted string.
    r = ok(c("FETCH 1 ENVELOPE"))
    assert '"Gr\u00fc\u00dfe aus K\u00f6ln"'.encode() in r.untagged[0], r
    # Without the closing parenthesis the command is refused.
    c.send(b"A2 APPEND INBOX UTF8 (~{1+}\r\nx\r\n")
    r = c.read_until_tagged("A2")
    assert r.status == "BAD" and r.text == b"expected ) after UTF8 literal", r


def test_search_charset_conflicts_with_utf8_accept(account):
    c = account.raw()
    ok(c("ENABLE UTF8=ACCEPT"))
    account.deliver(simple_message(1, subject="Gr\u00fc\u00dfe"))
    ok(c("SELECT INBOX"))
    # RFC 6855 3: strings are UTF-8 now; another charset label is BAD.
    r = c("SEARCH CHARSET ISO-8859-1 SUBJECT x")
    assert r.status == "BAD" and r.text == b"Only UTF-8 after ENABLE UTF8=ACCEPT", r
    r = ok(c('SEARCH SUBJECT "gr\xc3\xbc\xc3\x9fe"'.encode("latin-1")))
    assert r.untagged == [b"* SEARCH 1"], r

