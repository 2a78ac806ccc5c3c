"""SORT and THREAD against the running daemon (RFC 5256; RFC 5957 SORT=DISPLAY; RFC 5267
ESORT; I18NLEVEL=1 collation): every sort key, REVERSE and combinations, UID SORT, search
criteria and charsets, SORT RETURN, both threading algorithms over the hand-made corpus
of tests/data/threads, and the errors. Expected orders are worked out by hand."""
import pathlib
import re

import pytest

from imap_support import Lit

THREADS = pathlib.Path(__file__).resolve().parent.parent / "data" / "threads"


def message(subject, sender, to=None, cc=None, date=None, body="hello\r\n"):
    head = f"From: {sender}\r\n"
    if to is not None:
        head += f"To: {to}\r\n"
    if cc is not None:
        head += f"Cc: {cc}\r\n"
    head += f"Subject: {subject}\r\n"
    if date is not None:
        head += f"Date: {date}\r\n"
    return (head + "\r\n" + body).encode()


# Sequence numbers 1..5 with UIDs 2..6 (UID 1 is expunged first). (message, internal date)
MESSAGES = [
    (message("Re: beta", "Zed <zed@x.example>", to="bob@x.example",
             date="Mon, 1 Jan 2024 10:00:00 +0000", body="x" * 500 + "\r\n"),
     "03-Jan-2024 12:00:00 +0000"),
    (message("alpha", '"Ann" <ann@x.example>', to="Carl <carl@x.example>",
             cc="dora@x.example", date="Mon, 1 Jan 2024 09:00:00 -0200"),
     "01-Jan-2024 12:00:00 +0000"),
    # No Date: its sent date is its internal date, equal to message 5's sent date.
    (message("[list] Beta", "bob@x.example", cc="al@x.example", body="y" * 300 + "\r\n"),
     "02-Jan-2024 00:00:00 +0000"),
    (message("ALPHA (fwd)", "=?UTF-8?Q?=C3=89mile?= <e@x.example>",
             to="undisclosed-recipients:;", date="Mon, 1 Jan 2024 10:00:00 +0000"),
     "02-Jan-2024 00:00:00 +0000"),
    (message("=?UTF-8?Q?=C3=A9clair?=", '"" <Yvonne@x.example>', to='"Dora" <dora@x.example>',
             cc="Bob <bob@x.example>", date="Tue, 2 Jan 2024 00:00:00 +0000",
             body="z" * 100 + "\r\n"),
     "04-Jan-2024 12:00:00 +0000"),
]


def fill(account, messages):
    c = account.raw()
    assert c("APPEND INBOX", Lit(b"Subject: placeholder\r\n\r\nx\r\n")).ok
    for msg, date in messages:
        r = c(f'APPEND INBOX () "{date}"', Lit(msg))
        assert r.ok, r
    assert c("SELECT INBOX").ok
    assert c("UID STORE 1 +FLAGS.SILENT (\\Deleted)").ok
    assert c("UID EXPUNGE 1").ok
    c.close()


@pytest.fixture(scope="module")
def mailbox(imap_server):
    from conftest import Account
    imap_server.add_user("sorter", "pw-sorter")
    account = Account(imap_server, "sorter", "pw-sorter")
    fill(account, MESSAGES)
    return account


@pytest.fixture
def c(mailbox):
    conn = mailbox.raw()
    assert conn("EXAMINE INBOX").ok
    yield conn
    conn.close()


def sort(c, command, *literals):
    r = c(command, *literals)
    assert r.ok, r
    lines = r.starting(b"SORT ") + [u for u in r.untagged if u == b"* SORT"]
    assert len(lines) == 1, r
    return [int(x) for x in lines[0].split()[2:]]


def test_capabilities(c):
    caps = c("CAPABILITY").starting(b"CAPABILITY")[0].split()
    for cap in (b"SORT", b"SORT=DISPLAY", b"THREAD=ORDEREDSUBJECT", b"THREAD=REFERENCES",
                b"ESORT", b"I18NLEVEL=1"):
        assert cap in caps


@pytest.mark.parametrize("criteria, expected", [
    ("ARRIVAL", [2, 3, 4, 1, 5]),   # 3 and 4 arrived together: mailbox order
    ("DATE", [1, 4, 2, 3, 5]),      # 2 is 11:00 UTC; 3 (no Date:) ties with 5
    ("SUBJECT", [2, 4, 1, 3, 5]),   # alpha, beta, then e + accent of "éclair"
    ("FROM", [2, 3, 4, 5, 1]),      # ann bob e Yvonne zed
    ("TO", [3, 4, 1, 2, 5]),        # none, a group only, bob carl dora
    ("CC", [1, 4, 3, 5, 2]),        # none none al bob dora
    ("DISPLAYFROM", [2, 3, 4, 5, 1]),  # Ann, bob@x.example, Émile, Yvonne@x.example, Zed
    ("DISPLAYTO", [3, 4, 1, 2, 5]),    # "", "", bob@x.example, Carl, Dora
    ("REVERSE ARRIVAL", [5, 1, 3, 4, 2]),  # REVERSE does not reverse the tie-break
    ("REVERSE SUBJECT", [5, 1, 3, 2, 4]),
    ("SUBJECT DATE", [4, 2, 1, 3, 5]),
    ("SUBJECT REVERSE DATE", [2, 4, 3, 1, 5]),
    ("reverse displayfrom", [1, 5, 4, 3, 2]),
])
def test_sort_keys(c, criteria, expected):
    assert sort(c, f"SORT ({criteria}) UTF-8 ALL") == expected


def test_sort_size(c):
    sizes = {seq: len(msg) for seq, (msg, _) in enumerate(MESSAGES, 1)}
    assert sort(c, "SORT (SIZE) UTF-8 ALL") == sorted(sizes, key=lambda s: (sizes[s], s))
    assert sort(c, "SORT (REVERSE SIZE) US-ASCII ALL") == sorted(sizes,
                                                                  key=lambda s: (-sizes[s], s))


def test_uid_sort(c):
    assert sort(c, "UID SORT (DATE) UTF-8 ALL") == [2, 5, 3, 4, 6]
    # The search criteria still take sequence numbers; UID takes UIDs.
    assert sort(c, "UID SORT (SUBJECT) UTF-8 1:2") == [3, 2]
    assert sort(c, "UID SORT (SUBJECT) UTF-8 UID 5:6") == [5, 6]


def test_sort_with_search_criteria_and_charset(c):
    assert sort(c, "SORT (DATE) UTF-8 SUBJECT alpha") == [4, 2]
    assert sort(c, "SORT (ARRIVAL) UTF-8 OR FROM zed CC dora") == [2, 1]
    assert sort(c, "SORT (ARRIVAL) UTF-8 SUBJECT", Lit("ÉCLAIR".encode())) == [5]
    assert sort(c, "SORT (ARRIVAL) ISO-8859-1 SUBJECT", Lit("éclair".encode("latin-1"))) == [5]
    # RFC 5256 3, example A284: nothing found is an empty SORT response.
    r = c('SORT (SUBJECT) US-ASCII TEXT "not in mailbox"')
    assert r.ok and r.untagged == [b"* SORT"], r
    r = c("SORT (DATE) X-NO-SUCH-CHARSET ALL")
    assert r.status == "NO" and r.code.startswith("BADCHARSET"), r


def test_sort_return(c):
    r = c("SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL")
    assert r.ok and r.untagged == [
        f'* ESEARCH (TAG "{r.tag}") MIN 1 MAX 5 ALL 1,4,2:3,5 COUNT 5'.encode()], r
    # RFC 5267 3.3: "RETURN ()" is ALL; ranges only where they ascend.
    r = c("UID SORT RETURN () (REVERSE ARRIVAL) UTF-8 UNDELETED")
    assert r.ok and r.untagged == [f'* ESEARCH (TAG "{r.tag}") UID ALL 6,2,4:5,3'.encode()], r
    r = c("SORT RETURN (COUNT) (SIZE) UTF-8 SUBJECT nothing")
    assert r.ok and r.untagged == [f'* ESEARCH (TAG "{r.tag}") COUNT 0'.encode()], r
    r = c("UID SORT RETURN (MIN) (SUBJECT) UTF-8 ALL")
    assert r.ok and r.untagged == [f'* ESEARCH (TAG "{r.tag}") UID MIN 3'.encode()], r


def test_sort_errors(c):
    for bad in ("SORT (BOGUS) UTF-8 ALL", "SORT () UTF-8 ALL", "SORT (DATE) ALL",
                "SORT DATE UTF-8 ALL", "SORT (REVERSE) UTF-8 ALL", "SORT (DATE) UTF-8 NOSUCHKEY",
                "SORT RETURN (PARTIAL 1:5) (DATE) UTF-8 ALL", "THREAD FOO UTF-8 ALL",
                "THREAD REFERENCES ALL", "UID THREAD (REFERENCES) UTF-8 ALL"):
        r = c(bad)
        assert r.status == "BAD", (bad, r)
    r = c("THREAD REFERENCES X-NO-SUCH-CHARSET ALL")
    assert r.status == "NO" and r.code.startswith("BADCHARSET"), r


def test_sort_needs_a_selected_mailbox(mailbox):
    conn = mailbox.raw()
    try:
        assert conn("SORT (DATE) UTF-8 ALL").status == "BAD"
        assert conn("THREAD REFERENCES UTF-8 ALL").status == "BAD"
    finally:
        conn.close()


def thread(c, command):
    r = c(command)
    assert r.ok, r
    lines = [u for u in r.untagged if u == b"* THREAD" or u.startswith(b"* THREAD ")]
    assert len(lines) == 1, r
    return lines[0][len(b"* THREAD "):].decode()


def corpus_sets():
    return sorted(p.name for p in THREADS.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", corpus_sets())
def test_thread_corpus(imap_server, name):
    """Each set of tests/data/threads delivered in order (internal dates 2001-09-09
    01:46:40 + n, as the unit test assumes) gives the threads of its `expected` file;
    UID THREAD gives the same trees in UIDs (sequence number + 1)."""
    from conftest import Account
    user = "thread-" + name
    imap_server.add_user(user, "pw")
    account = Account(imap_server, user, "pw")
    directory = THREADS / name
    count = len(list(directory.glob("*.eml")))
    messages = [((directory / f"{n}.eml").read_bytes(), f"09-Sep-2001 01:46:{40 + n:02d} +0000")
                for n in range(1, count + 1)]
    fill(account, messages)
    expected = {}
    for line in (directory / "expected").read_text().splitlines():
        if line and not line.startswith("#"):
            algorithm, _, threads = line.partition(" ")
            expected[algorithm] = threads
    conn = account.raw()
    try:
        assert conn("EXAMINE INBOX").ok
        for algorithm, threads in expected.items():
            assert thread(conn, f"THREAD {algorithm} UTF-8 ALL") == threads
            as_uids = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), threads)
            assert thread(conn, f"UID THREAD {algorithm} US-ASCII ALL") == as_uids
    finally:
        conn.close()


def test_thread_with_search_criteria(imap_server):
    from conftest import Account
    imap_server.add_user("thread-search", "pw")
    account = Account(imap_server, "thread-search", "pw")
    directory = THREADS / "mailing-list"
    fill(account, [((directory / f"{n}.eml").read_bytes(), "01-Jan-2020 00:00:00 +0000")
                   for n in range(1, 8)])
    conn = account.raw()
    try:
        assert conn("EXAMINE INBOX").ok
        # Only the matched messages are threaded: 6 joins 5 by its subject.
        assert thread(conn, "THREAD REFERENCES UTF-8 SUBJECT build") == "(5 6)"
        # 3 is not searched: it is a dummy for 7's References, pruned, and 7 takes the
        # place of 3 below 1 (the dummy's parent from 7's References).
        assert thread(conn, "THREAD REFERENCES UTF-8 NOT 3") == "(1 (2 4)(7))(5 6)"
        # RFC 5256 3, example A284.
        assert thread(conn, 'THREAD ORDEREDSUBJECT US-ASCII TEXT "gewp"') == ""
    finally:
        conn.close()
