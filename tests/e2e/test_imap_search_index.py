"""SEARCH through the full-text index (store/text_index.h, imap/search/index_plan.h):
the daemon indexes delivered mail in the background and SEARCH narrows by the index,
then checks each candidate exactly, reading the not-yet-indexed rest. So every answer
must be the same right after delivery (nothing indexed), once indexed, after EXPUNGE,
COPY and a restart: substrings inside words, charsets (ISO-8859-1 quoted-printable,
base64 UTF-8, RFC 2047 headers), text parts of attachments (and not binary ones),
non-ASCII case-insensitivity. The index's own state (documents, watermarks) is read
from index.db."""
import base64
import re
import sqlite3

import pytest

from imap_support import Lit, wait_until

LATIN1_QP = (
    b"From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>\r\n"
    b"To: alice@example.org\r\n"
    b"Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=iso-8859-1\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n"
    b"\r\n"
    b"Sch=F6ne Gr=FC=DFe von M=DCLLER aus der Stra=DFe.\r\n")

UTF8_B64 = (
    b"From: eve@example.com\r\n"
    b"To: alice@example.org\r\n"
    b"Subject: base64 body\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n" + base64.encodebytes("ÉCOLE déjà vu: zanzibarite ΣΟΦΊΑ\r\n".encode()).replace(
        b"\n", b"\r\n"))

ATTACHMENTS = (
    b"From: carol@example.net\r\n"
    b"To: alice@example.org\r\n"
    b"Subject: minutes\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b1"\r\n'
    b"\r\n"
    b"--b1\r\n"
    b"Content-Type: text/plain\r\n"
    b"\r\n"
    b"see the attachments\r\n"
    b"--b1\r\n"
    b'Content-Type: text/plain; charset=utf-8; name="notes.txt"\r\n'
    b'Content-Disposition: attachment; filename="notes.txt"\r\n'
    b"Content-Transfer-Encoding: quoted-printable\r\n"
    b"\r\n"
    b"the giraffe=E2=80=99s notes\r\n"
    b"--b1\r\n"
    b"Content-Type: application/octet-stream\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n" + base64.b64encode(b"hippopotamus") + b"\r\n"
    b"--b1\r\n"
    b"Content-Type: message/rfc822\r\n"
    b"\r\n"
    b"From: inner@example.org\r\n"
    b"Subject: forwarded okapi\r\n"
    b"\r\n"
    b"the inner body\r\n"
    b"--b1--\r\n")

PLAIN = (
    b"From: Alice Example <alice@example.org>\r\n"
    b"To: bob@example.org\r\n"
    b"Subject: Quarterly report\r\n"
    b"\r\n"
    b"The budget numbers are attached.\r\n")

MESSAGES = [LATIN1_QP, UTF8_B64, ATTACHMENTS, PLAIN]  # UIDs 1..4

# (search program, UIDs in INBOX while all four are there). Needles of three characters
# and more use the index; shorter ones ("ÜL") are read message by message.
SEARCHES = [
    ('BODY "MÜLLER"', [1]),
    ('BODY "müller"', [1]),
    ('BODY "straße"', [1]),
    ('SUBJECT "GRÜSSE"', []),       # no multi-character folds (needle.h)
    ('SUBJECT "grüße aus"', [1]),
    ('FROM "jürgen"', [1]),
    ('TEXT "köln"', [1]),
    ('BODY "école"', [2]),
    ('BODY "DÉJÀ"', [2]),
    ('BODY "σοφία"', [2]),
    ('BODY zibar', [2]),            # inside a word
    ('TEXT "zanzibarite"', [2]),
    ('BODY giraffe', [3]),          # a text attachment, quoted-printable
    ('BODY "giraffe’s"', [3]),
    ('BODY hippopotamus', []),      # a binary attachment is not text
    ('BODY okapi', []),             # the attached message's header is not body...
    ('TEXT okapi', [3]),            # ...but it is text
    ('BODY "inner body"', [3]),
    ('HEADER Content-Disposition notes.txt', []),  # HEADER reads the top-level header
    ('TEXT "notes.txt"', [3]),
    ('FROM alice', [4]),
    ('TO bob', [4]),
    ('BODY udge', [4]),
    ('BODY "ÜL"', [1]),             # too short for the index
    ('OR BODY zibar SUBJECT quarterly', [2, 4]),
    ('BODY the NOT FROM carol', [4]),
    ('NOT BODY the', [1, 2]),
    ('BODY "budget numbers are attached."', [4]),
    ('CHARSET ISO-8859-1 BODY {6}\r\n' + 'M\xdcLLER', [1]),
    # Indexed messages are confirmed from the index's stored text (header and body apart,
    # each piece joined by a line end); these check its edges.
    ('TEXT "report the budget"', []),         # header's end + body's start: not one text
    ('BODY "attachments the giraffe"', []),   # two parts: not one text
    ('TEXT {17}\r\nquarterly report\n', [4]),  # a line end: read, not looked up
    ('TEXT "JÜRGEN MÜLLER"', [1]),             # decoded header, non-ASCII folding
    ('BODY "ΣΟΦΊΑ"', [2]),
    ('BODY "grüße von müller"', [1]),         # ISO-8859-1 quoted-printable, decoded
    ('TEXT "forwarded okapi"', [3]),          # the attached message's header
    ('BODY "the inner body"', [3]),           # and its body
    ('SUBJECT okapi', []),                    # in the header text, not the top Subject:
    ('FROM example.org', [4]),                # To: has it too: the field is read
    ('HEADER Content-Type plain', [1, 2]),    # part headers have it too
    ('NOT TEXT okapi', [1, 2, 4]),
    ('OR NOT BODY zibar SUBJECT quarterly', [1, 3, 4]),
    ('NOT SUBJECT report', [1, 2, 3]),
    ('NOT OR BODY giraffe TEXT "köln"', [2, 4]),
    ('OR BODY zanzibarite FROM carol', [2, 3]),
]


def uid_search(c, program):
    if "{" in program:
        head, literal = program.split("\r\n", 1)
        size = int(re.search(r"\{(\d+)\}$", head).group(1))
        data = literal.encode("latin-1")
        assert len(data) == size
        r = c("UID SEARCH " + head[:head.rindex("{")].rstrip(), Lit(data))
    else:
        r = c("UID SEARCH " + program)
    assert r.ok, (program, r)
    lines = r.starting(b"SEARCH")
    assert len(lines) == 1, (program, r)
    return [int(n) for n in lines[0].split()[2:]]


def check_all(c, expected=None, what=""):
    for program, uids in SEARCHES:
        want = expected(program, uids) if expected else uids
        assert uid_search(c, program) == want, f"{what}: UID SEARCH {program}"


def index_state(tern, mailbox_name="INBOX"):
    """(documents in the FTS5 table, the mailbox's watermark) read from index.db."""
    db = sqlite3.connect(f"file:{tern.data / 'index.db'}?mode=ro", uri=True)
    try:
        docs = db.execute("SELECT count(*) FROM text_index").fetchone()[0]
        row = db.execute(
            "SELECT coalesce(p.next_uid, 1) FROM mailboxes m LEFT JOIN text_index_progress p "
            "ON p.mailbox_id = m.id JOIN accounts a ON a.id = m.account_id "
            "WHERE a.name = 'alice' AND m.name = ?", (mailbox_name,)).fetchone()
        return docs, row[0] if row else None
    finally:
        db.close()


def wait_indexed(tern, docs, mailbox_name="INBOX", next_uid=None):
    def done():
        d, w = index_state(tern, mailbox_name)
        return d == docs and (next_uid is None or w == next_uid)
    wait_until(done, timeout=20, what=f"{docs} documents indexed")


@pytest.fixture
def server(tern_install):
    tern_install.set("store.loglevel", "protocol")
    tern_install.start_imap()
    yield tern_install
    if tern_install.proc is not None:
        assert tern_install.stop() == 0


def login(tern):
    from conftest import Account
    return Account(tern, "alice", "secret").raw()


def test_search_is_the_same_before_and_after_indexing(server):
    c = login(server)
    for m in MESSAGES:
        assert c("APPEND INBOX", Lit(m)).ok
    assert c("SELECT INBOX").ok
    # Right after delivery: whatever the indexer has reached, the answers are exact.
    check_all(c, what="just delivered")
    wait_indexed(server, 4, next_uid=5)
    assert "store: text index up to date" in server.log
    check_all(c, what="indexed")


def test_expunge_copy_and_restart(server):
    c = login(server)
    for m in MESSAGES:
        assert c("APPEND INBOX", Lit(m)).ok
    assert c("SELECT INBOX").ok
    wait_indexed(server, 4, next_uid=5)

    # EXPUNGE: the message and its document go.
    assert c("UID STORE 4 +FLAGS.SILENT (\\Deleted)").ok
    assert c("EXPUNGE").ok
    assert index_state(server)[0] == 3

    def without_4(program, uids):
        return [u for u in uids if u != 4]
    check_all(c, without_4, "after EXPUNGE")

    # COPY: the copies get UIDs 1..2 in Kept and are found there, indexed or not.
    assert c("CREATE Kept").ok
    assert c("UID COPY 1:2 Kept").ok
    assert c("SELECT Kept").ok

    def in_archive(program, uids):
        return [u for u in without_4(program, uids) if u in (1, 2)]
    check_all(c, in_archive, "copies, just copied")
    wait_indexed(server, 5, "Kept", next_uid=3)
    check_all(c, in_archive, "copies, indexed")
    c.close()

    # A restart keeps the index: nothing is indexed again, answers are the same.
    assert server.stop() == 0
    log_before = len(server.log)
    server.start_imap()
    c = login(server)
    assert c("SELECT INBOX").ok
    check_all(c, without_4, "INBOX after restart")
    assert c("SELECT Kept").ok
    check_all(c, in_archive, "Kept after restart")
    assert index_state(server) == (5, 5)
    assert "store: text index up to date" not in server.log[log_before:]


def test_mail_delivered_while_stopped_is_indexed_at_start(server):
    assert server.stop() == 0
    for m in MESSAGES:
        server.deliver("alice", m)  # the CLI does not index: the daemon will
    assert index_state(server) == (0, 1)
    server.start_imap()
    c = login(server)
    assert c("SELECT INBOX").ok
    check_all(c, what="delivered while stopped")
    wait_indexed(server, 4, next_uid=5)
    check_all(c, what="indexed at start")


def test_index_off(tern_install):
    tern_install.set("store.textindex", "false")
    tern_install.start_imap()
    try:
        c = login(tern_install)
        for m in MESSAGES:
            assert c("APPEND INBOX", Lit(m)).ok
        assert c("SELECT INBOX").ok
        check_all(c, what="no index")
        assert index_state(tern_install) == (0, 1)
    finally:
        assert tern_install.stop() == 0


# Not UTF-8 where it says so, in a header and a body: the index holds U+FFFD for those
# bytes.
RAW_8BIT = (
    b"From: dave@example.com\r\n"
    b"To: alice@example.org\r\n"
    b"Subject: caf\xe9 menu\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Men\xfc: cr\xe8me br\xfbl\xe9e, Ice Cream\r\n")

# Programs the stored text decides alone (BODY, TEXT, and header keys whose needle is
# nowhere in the header text) and those it leaves to a reading of the message.
DECIDED_BY_INDEX = [
    'BODY "MÜLLER"', "BODY zibar", "TEXT okapi", "BODY okapi", "NOT BODY the",
    'NOT TEXT okapi', 'OR BODY giraffe TEXT "köln"', 'BODY "ice cream"', "TEXT menu",
    "SUBJECT zanzibarite", "NOT FROM zanzibarite",
]
READ_FROM_MESSAGE = ["FROM alice", "SUBJECT menu", 'BODY "\ufffd"', 'TEXT "caf\ufffd menu"',
                     "TEXT {17}\r\nquarterly report\n"]


def test_indexed_messages_are_confirmed_from_the_stored_text(tern_install):
    """Once indexed, BODY and TEXT are answered from the text the index holds, without
    reading the message: with the message files gone the answers stay the same. Keys it
    cannot answer (which header field? a line end? U+FFFD?) still read the message."""
    tern_install.set("store.inlineblobmax", "0")  # bodies as files, so they can go
    tern_install.start_imap()
    try:
        c = login(tern_install)
        for m in MESSAGES + [RAW_8BIT]:
            assert c("APPEND INBOX", Lit(m)).ok
        assert c("SELECT INBOX").ok
        wait_indexed(tern_install, 5, next_uid=6)
        before = {p: uid_search(c, p) for p in DECIDED_BY_INDEX + READ_FROM_MESSAGE}
        assert before['BODY "ice cream"'] == [5]
        assert before["TEXT menu"] == [5]
        assert before["NOT FROM zanzibarite"] == [1, 2, 3, 4, 5]
        assert before["FROM alice"] == [4]
        assert before["SUBJECT menu"] == [5]
        assert before['BODY "\ufffd"'] == [5]  # what the bytes that are not UTF-8 became
        assert before['TEXT "caf\ufffd menu"'] == [5]
        assert before["TEXT {17}\r\nquarterly report\n"] == [4]

        blobs = [p for p in (tern_install.data / "blobs").rglob("*") if p.is_file()]
        assert len(blobs) >= 5
        for p in blobs:
            p.unlink()
        for p in DECIDED_BY_INDEX:
            assert uid_search(c, p) == before[p], f"UID SEARCH {p} without the messages"
        for p in READ_FROM_MESSAGE:
            assert uid_search(c, p) == [], f"UID SEARCH {p} should have read the message"
    finally:
        assert tern_install.stop() == 0

