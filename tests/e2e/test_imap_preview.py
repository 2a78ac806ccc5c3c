"""FETCH PREVIEW (RFC 8970): the capability, the preview text of plain, HTML-only,
multipart/alternative, base64 and quoted-printable non-ASCII messages and of a message
without a text part (""), the 200-character limit, and LAZY: NIL while the background
indexer has not summarised a message (the indexer is off, so that "not yet" is
certain), the text once it has, while PREVIEW without LAZY always answers with the
text."""
import base64
import sqlite3

import pytest

from imap_support import Lit, fetch_items, untagged_capabilities, wait_until

PLAIN = (b"From: alice@example.org\r\nSubject: plain\r\n\r\n"
         b"Hello Bob,\r\n\r\nthe  quarterly\treport is attached.\r\n")
HTML_ONLY = (b"From: alice@example.org\r\nSubject: html\r\nMIME-Version: 1.0\r\n"
             b"Content-Type: text/html; charset=us-ascii\r\n\r\n"
             b"<html><head><title>Ignored</title><style>p { margin: 0 }</style></head>\r\n"
             b"<body><p>Hi&nbsp;there,</p><p>second &amp; <b>last</b> line</p></body></html>\r\n")
ALTERNATIVE = (b"From: alice@example.org\r\nSubject: alternative\r\nMIME-Version: 1.0\r\n"
               b'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n'
               b"--alt\r\nContent-Type: text/plain\r\n\r\nThe plain version.\r\n"
               b"--alt\r\nContent-Type: text/html\r\n\r\n<p>The HTML version.</p>\r\n"
               b"--alt--\r\n")
BASE64_UTF8 = (b"From: alice@example.org\r\nSubject: base64\r\nMIME-Version: 1.0\r\n"
               b"Content-Type: text/plain; charset=utf-8\r\n"
               b"Content-Transfer-Encoding: base64\r\n\r\n"
               + base64.encodebytes("Grüße aus Köln — ÉCOLE\r\n".encode()).replace(b"\n", b"\r\n"))
QP_LATIN1 = (b"From: alice@example.org\r\nSubject: qp\r\nMIME-Version: 1.0\r\n"
             b"Content-Type: text/plain; charset=iso-8859-1\r\n"
             b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
             b"Sch=F6ne Gr=FC=DFe,=\r\n und tsch=FCss.\r\n")
NO_TEXT = (b"From: alice@example.org\r\nSubject: pdf\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="m"\r\n\r\n'
           b"--m\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"JVBERi0xLjQK\r\n--m--\r\n")
LONG = b"From: alice@example.org\r\nSubject: long\r\n\r\n" + b"word " * 100 + b"\r\n"

MESSAGES = [PLAIN, HTML_ONLY, ALTERNATIVE, BASE64_UTF8, QP_LATIN1, NO_TEXT, LONG]
PREVIEWS = [
    "Hello Bob, the quarterly report is attached.",
    "Hi there, second & last line",
    "The plain version.",
    "Grüße aus Köln — ÉCOLE",
    "Schöne Grüße, und tschüss.",
    "",
    ("word " * 40).strip(),  # 200 characters would end in a space: 199
]


def login(tern):
    from conftest import Account
    return Account(tern, "alice", "secret").raw()


def previews(c, command):
    r = c(command)
    assert r.ok, r
    return [fetch_items(r)[n]["PREVIEW"] for n in sorted(fetch_items(r))]


def as_text(values):
    return [v.decode() if isinstance(v, bytes) else v for v in values]


def summarised(tern):
    db = sqlite3.connect(f"file:{tern.data / 'index.db'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM message_previews").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def unindexed(tern_install):
    """A running daemon whose indexer is off: nothing is summarised until a test restarts
    it with store.textindex on."""
    tern_install.set("store.textindex", "false")
    tern_install.start_imap()
    yield tern_install
    if tern_install.proc is not None:
        assert tern_install.stop() == 0


def test_capability_and_rfc_example(unindexed):
    c = login(unindexed)
    assert "PREVIEW" in untagged_capabilities(c("CAPABILITY"))
    assert c("APPEND INBOX", Lit(PLAIN)).ok
    assert c("SELECT INBOX").ok
    # RFC 8970 3.2's example, with this message's text.
    r = c("FETCH 1 (PREVIEW)")
    assert r.ok
    assert r.untagged == [b'* 1 FETCH (PREVIEW "Hello Bob, the quarterly report is attached.")']
    r = c("FETCH 1 (RFC822.SIZE PREVIEW)")
    assert r.untagged == [b'* 1 FETCH (RFC822.SIZE %d PREVIEW '
                          b'"Hello Bob, the quarterly report is attached.")' % len(PLAIN)]
    # LAZY, not summarised yet: NIL (RFC 8970 5, example 2).
    r = c("FETCH 1 (ENVELOPE PREVIEW (LAZY))")
    assert r.untagged[0].endswith(b" PREVIEW NIL)"), r
    r = c("UID FETCH 1 (PREVIEW (LAZY))")
    assert r.untagged == [b"* 1 FETCH (UID 1 PREVIEW NIL)"]
    # Both forms in one FETCH: one item, and not NIL (RFC 8970 3.2).
    r = c("FETCH 1 (PREVIEW (LAZY) PREVIEW)")
    assert r.untagged == [b'* 1 FETCH (PREVIEW "Hello Bob, the quarterly report is attached.")']
    assert c("FETCH 1 (PREVIEW (LAZY FOO))").status == "BAD"


def test_previews_before_and_after_indexing(unindexed):
    c = login(unindexed)
    for m in MESSAGES:
        assert c("APPEND INBOX", Lit(m)).ok
    assert c("SELECT INBOX").ok
    assert previews(c, "FETCH 1:* (PREVIEW (LAZY))") == [None] * len(MESSAGES)
    assert as_text(previews(c, "FETCH 1:* (PREVIEW)")) == PREVIEWS
    assert len(PREVIEWS[-1]) == 199
    # Non-ASCII goes as a literal before UTF8=ACCEPT (a quoted string is 7-bit there).
    r = c("FETCH 4 (PREVIEW)")
    assert r.untagged[0].startswith(b"* 4 FETCH (PREVIEW {")
    # Computing it did not cache it: that is the indexer's work.
    assert previews(c, "FETCH 1 (PREVIEW (LAZY))") == [None]
    c.close()
    assert unindexed.stop() == 0

    unindexed.set("store.textindex", "true")
    unindexed.start_imap()
    wait_until(lambda: summarised(unindexed) == len(MESSAGES), timeout=20,
               what="previews of every message")
    c = login(unindexed)
    assert c("SELECT INBOX").ok
    assert as_text(previews(c, "FETCH 1:* (PREVIEW (LAZY))")) == PREVIEWS
    assert as_text(previews(c, "FETCH 1:* (PREVIEW)")) == PREVIEWS
    # A copy shares its body's summary: cached at once in the other mailbox.
    assert c("CREATE Other").ok
    assert c("COPY 2 Other").ok
    assert c("SELECT Other").ok
    assert as_text(previews(c, "FETCH 1 (PREVIEW (LAZY))")) == [PREVIEWS[1]]
    # UTF8=ACCEPT: a quoted string may hold UTF-8.
    c = login(unindexed)
    assert c("ENABLE UTF8=ACCEPT").ok
    assert c("SELECT INBOX").ok
    r = c("FETCH 4 (PREVIEW)")
    assert r.untagged == ['* 4 FETCH (PREVIEW "Grüße aus Köln — ÉCOLE")'.encode()]
