"""METADATA and METADATA-SERVER (RFC 5464) against the running daemon, with the RFC's own
examples: GETMETADATA with MAXSIZE and DEPTH, SETMETADATA of several entries, NIL,
literals and literal8, [METADATA LONGENTRIES/MAXSIZE/TOOMANY], server entries (the
read-only /shared/admin from service.imap.admincontact), /private/specialuse (RFC 6154
4), and entries across RENAME, DELETE and CREATE."""
import pytest

from imap_support import capabilities

ADMIN = "mailto:postmaster@example.org"
MAX_SIZE = 4096
MAX_ENTRIES = 10


@pytest.fixture(scope="module")
def imap_server(imap_server):
    """The module's server, restarted with METADATA limits small enough to reach."""
    imap_server.set("service.imap.admincontact", ADMIN)
    imap_server.set("service.imap.metadatamaxsize", str(MAX_SIZE))
    imap_server.set("service.imap.metadatamaxentries", str(MAX_ENTRIES))
    assert imap_server.stop() == 0
    imap_server.start_imap()
    return imap_server


def ok(reply):
    assert reply.ok, reply
    return reply


def done(reply, text: bytes):
    """Asserts the tagged response, whatever its tag."""
    assert reply.tagged == reply.tag.encode() + b" " + text, reply


def send(c, payload: bytes):
    """One command given as raw bytes after the tag (literals written out, "{n+}")."""
    tag = c.next_tag()
    c.send(tag.encode() + b" " + payload + b"\r\n")
    return c.read_until_tagged(tag)


def lit(data: bytes) -> bytes:
    return b"{%d+}\r\n" % len(data) + data


def test_capabilities(account):
    c = account.raw(login=False)
    assert {"METADATA", "METADATA-SERVER"} <= capabilities(c.greeting)
    r = c.login(account.name, account.password)
    assert {"METADATA", "METADATA-SERVER"} <= capabilities(r.tagged)


def test_rfc_set_examples_and_get(account):
    c = account.raw()
    # RFC 5464 4.3: a multi-line value as a literal.
    r = ok(send(c, b"SETMETADATA INBOX (/private/comment "
                   + lit(b"My new comment across\r\ntwo lines.") + b")"))
    assert r.untagged == []  # "SHOULD NOT return a METADATA response"
    r = ok(c('GETMETADATA "INBOX" /private/comment'))
    assert r.untagged == [b"* METADATA INBOX (/private/comment {33}\r\n"
                          b"My new comment across\r\ntwo lines.)"]
    # Several entries in one command; then both in one response, in the order asked.
    ok(c('SETMETADATA INBOX (/private/comment "My new comment" '
         '/shared/comment "This one is for you!")'))
    r = ok(c('GETMETADATA "INBOX" (/shared/comment /private/comment)'))
    assert r.untagged == [b'* METADATA INBOX (/shared/comment "This one is for you!" '
                          b'/private/comment "My new comment")']
    done(r, b"OK GETMETADATA completed")
    # NIL removes; an entry that does not exist reads as NIL. Names are case-insensitive.
    ok(c("SETMETADATA INBOX (/private/comment NIL)"))
    r = ok(c("GETMETADATA INBOX /PRIVATE/COMMENT /shared/comment /private/comment"))
    assert r.untagged == [b'* METADATA INBOX (/shared/comment "This one is for you!" '
                          b'/private/comment NIL)']


def test_rfc_maxsize_example(account):
    c = account.raw()
    ok(send(c, b"SETMETADATA INBOX (/shared/comment " + lit(b"x" * 2199)
            + b' /private/comment "My own comment")'))
    # RFC 5464 4.2.1, the options after the mailbox as the example writes them.
    r = ok(c('GETMETADATA "INBOX" (MAXSIZE 1024) (/shared/comment /private/comment)'))
    assert r.untagged == [b'* METADATA INBOX (/private/comment "My own comment")']
    done(r, b"OK [METADATA LONGENTRIES 2199] GETMETADATA completed")
    # As the ABNF writes them, before the mailbox.
    r = ok(c("GETMETADATA (MAXSIZE 3000) INBOX (/shared/comment)"))
    assert r.untagged == [b'* METADATA INBOX (/shared/comment "' + b"x" * 2199 + b'")']
    assert r.code is None


def test_rfc_depth_example(account):
    c = account.raw()
    ok(c('SETMETADATA INBOX (/private/filters/values/small "SMALLER 5000" '
         '/private/filters/values/boss "FROM \\"boss@example.com\\"" '
         '/private/filters/values/boss/deeper "x" /private/filters/valuesx "y")'))
    # RFC 5464 4.2.2: the entry (absent here) and its children; no grandchildren.
    r = ok(c('GETMETADATA "INBOX" (DEPTH 1) (/private/filters/values)'))
    assert r.untagged == [b'* METADATA INBOX (/private/filters/values/boss '
                          b'"FROM \\"boss@example.com\\"" '
                          b'/private/filters/values/small "SMALLER 5000")']
    r = ok(c("GETMETADATA INBOX (DEPTH infinity) /private/filters/values"))
    assert r.untagged == [b'* METADATA INBOX (/private/filters/values/boss '
                          b'"FROM \\"boss@example.com\\"" /private/filters/values/boss/deeper "x" '
                          b'/private/filters/values/small "SMALLER 5000")']
    # DEPTH 0 is the default; with nothing below a scope there is no METADATA response.
    r = ok(c("GETMETADATA INBOX (DEPTH 0) /private/filters/values"))
    assert r.untagged == [b"* METADATA INBOX (/private/filters/values NIL)"]
    r = ok(c("GETMETADATA INBOX (DEPTH infinity) /shared"))
    assert r.untagged == []


def test_binary_value_in_literal8(account):
    c = account.raw()
    ok(send(c, b"SETMETADATA INBOX (/private/vendor/tern/bin ~{4+}\r\na\x00b\xff)"))
    r = ok(c("GETMETADATA INBOX /private/vendor/tern/bin"))
    assert r.untagged == [b"* METADATA INBOX (/private/vendor/tern/bin ~{4}\r\na\x00b\xff)"]


def test_maxsize_and_toomany(account):
    c = account.raw()
    big = b"v" * (MAX_SIZE + 1)
    r = send(c, b'SETMETADATA INBOX (/shared/a "1" /shared/big ' + lit(big) + b")")
    done(r, b"NO [METADATA MAXSIZE %d] Value too large" % MAX_SIZE)
    ok(send(c, b"SETMETADATA INBOX (/shared/big " + lit(big[:-1]) + b")"))
    entries = " ".join(f'/shared/e{i} "{i}"' for i in range(MAX_ENTRIES - 1))
    ok(c(f"SETMETADATA INBOX ({entries})"))
    # The eleventh entry is one too many; the whole command then changes nothing.
    r = c('SETMETADATA INBOX (/shared/e0 "changed" /shared/one-more "x")')
    done(r, b"NO [METADATA TOOMANY] Too many entries")
    r = ok(c("GETMETADATA INBOX (/shared/e0 /shared/one-more)"))
    assert r.untagged == [b'* METADATA INBOX (/shared/e0 "0" /shared/one-more NIL)']
    # Replacing or deleting is always possible, and deleting makes room.
    ok(c('SETMETADATA INBOX (/shared/e0 NIL /shared/one-more "x")'))
    # The limit is per mailbox: the server has its own.
    ok(c('SETMETADATA "" (/shared/comment "fits")'))


def test_server_entries(account):
    c = account.raw()
    # RFC 5464 3.2.1.1: /shared/admin is the administrator's and read-only.
    r = ok(c('GETMETADATA "" /shared/admin'))
    assert r.untagged == [b'* METADATA "" (/shared/admin "%s")' % ADMIN.encode()]
    r = c('SETMETADATA "" (/shared/admin "mailto:me@example.org")')
    done(r, b"NO [CANNOT] /shared/admin is read-only")
    # RFC 5464 4.2 example: a server comment.
    ok(c('SETMETADATA "" (/shared/comment "Shared comment" /private/vendor/tern/x "1")'))
    r = ok(c('GETMETADATA "" /shared/comment'))
    assert r.untagged == [b'* METADATA "" (/shared/comment "Shared comment")']
    r = ok(c('GETMETADATA "" (DEPTH infinity) (/shared /private)'))
    assert r.untagged == [b'* METADATA "" (/shared/comment "Shared comment" '
                          b'/private/vendor/tern/x "1" /shared/admin "%s")' % ADMIN.encode()]
    # Server entries are not the INBOX's, and not another account's.
    r = ok(c("GETMETADATA INBOX /shared/comment"))
    assert r.untagged == [b"* METADATA INBOX (/shared/comment NIL)"]
    other = f"{account.name}-other"
    account.srv.add_user(other, "pw")
    d = account.raw(login=False)
    d.login(other, "pw")
    r = ok(d('GETMETADATA "" (/shared/comment /private/vendor/tern/x)'))
    assert r.untagged == [b'* METADATA "" (/shared/comment NIL /private/vendor/tern/x NIL)']


def test_special_use_entry(account):
    c = account.raw()
    # RFC 6154 4 and its example in 5.4: the attribute as LIST shows it.
    r = ok(c('GETMETADATA "Sent" /private/specialuse'))
    assert r.untagged == [b'* METADATA Sent (/private/specialuse "\\\\Sent")']
    r = ok(c("GETMETADATA INBOX /private/specialuse"))
    assert r.untagged == [b"* METADATA INBOX (/private/specialuse NIL)"]
    r = c('SETMETADATA Sent (/private/specialuse "\\\\Drafts")')
    done(r, b"NO [CANNOT] /private/specialuse is read-only")


def test_entries_follow_rename_and_go_with_delete(account):
    c = account.raw()
    ok(c("CREATE Work"))
    ok(c('SETMETADATA Work (/shared/comment "work stuff" /private/comment "mine")'))
    ok(c("RENAME Work Job"))
    r = ok(c("GETMETADATA Job (/shared/comment /private/comment)"))
    assert r.untagged == [b'* METADATA Job (/shared/comment "work stuff" /private/comment "mine")']
    r = c("GETMETADATA Work /shared/comment")
    assert r.status == "NO" and r.code == "NONEXISTENT", r
    r = c('SETMETADATA Work (/shared/comment "x")')
    assert r.status == "NO" and r.code == "NONEXISTENT", r
    # RFC 5464 4.1: a mailbox created again under the same name does not inherit them.
    ok(c("DELETE Job"))
    ok(c("CREATE Job"))
    r = ok(c("GETMETADATA Job (/shared/comment /private/comment)"))
    assert r.untagged == [b"* METADATA Job (/shared/comment NIL /private/comment NIL)"]
    # Renaming INBOX copies its entries: both have them afterwards.
    ok(c('SETMETADATA INBOX (/private/comment "inbox note")'))
    ok(c("RENAME INBOX Saved"))
    for box in (b"INBOX", b"Saved"):
        r = ok(c(b"GETMETADATA " + box + b" /private/comment"))
        assert r.untagged == [b'* METADATA ' + box + b' (/private/comment "inbox note")']


def test_bad_input(account):
    c = account.raw()
    for cmd, text in [
        ('GETMETADATA INBOX "/shared/a*"', b"wildcard in entry name"),
        ('GETMETADATA INBOX "/shared/%"', b"wildcard in entry name"),
        ("GETMETADATA INBOX /shared//a", b"empty component in entry name"),
        ("GETMETADATA INBOX /shared/a/", b"entry name ends with /"),
        ("GETMETADATA INBOX /comment", b"entry name must start with /private or /shared"),
        ("GETMETADATA (DEPTH 2) INBOX /shared/a", b"DEPTH must be 0, 1 or infinity"),
        ('SETMETADATA INBOX (/shared "x")', b"entry name needs a second component"),
        ('SETMETADATA INBOX /shared/a "x"', b"expected ( before entry list"),
    ]:
        r = c(cmd)
        assert r.status == "BAD" and r.text == text, (cmd, r)
    # Not before login.
    d = account.raw(login=False)
    r = d('GETMETADATA "" /shared/admin')
    assert r.status == "BAD" and r.text == b"Log in first", r
