"""IMAP SEARCH against the running daemon (RFC 9051 6.4.4, RFC 3501 6.4.4): flags,
keywords, header fields, BODY and TEXT with MIME decoding and CHARSET, internal and sent
dates, sizes, sequence and UID sets, OR/NOT nesting; ESEARCH results (RFC 4731 as a rev1
extension, and RFC 9051 after ENABLE IMAP4rev2). One mailbox of six messages is shared
by the module's tests, which only read it."""
import re

import pytest

from imap_support import Lit, parse, simple_message

# (message, flags, internal date). UIDs are 2..7 and sequence numbers 1..6: message 1 of
# the mailbox is expunged first so that the two differ. Sent dates (Date:) are all
# 7 Feb 1994 but message 6's.
MESSAGES = [
    (simple_message(1, "lunch plans", "let us meet at noon\r\n",
                    sender="Alice <alice@example.org>"),
     r"(\Seen)", "01-Jan-2020 12:00:00 +0000"),
    (simple_message(2, "Quarterly REPORT", "numbers attached, zebra\r\n",
                    sender="bob@example.net", extra="X-Priority: 1\r\n"),
     r"(\Flagged)", "15-Mar-2021 11:00:00 +0000"),
    (simple_message(3, "Re: lunch plans", "noon works for me\r\n",
                    sender="carol@example.net", extra="Cc: team@example.org\r\n"),
     r"(\Seen \Answered $Work)", "15-Mar-2021 13:00:00 +0000"),
    (simple_message(4, "big attachment", "x" * 76 + "\r\n" + ("y" * 76 + "\r\n") * 64,
                    sender="dave@example.net"),
     r"(\Deleted)", "01-Jun-2022 12:00:00 +0000"),
    (simple_message(5, "=?utf-8?q?caf=C3=A9?= menu", "unicode caf=C3=A9 here\r\n",
                    sender="Alice <alice@example.org>",
                    extra="MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n"),
     "()", "01-Jun-2023 12:00:00 +0000"),
    (simple_message(6, "draft", "draft text\r\n", sender="eve@example.com",
                    extra="Bcc: hidden@example.org\r\n",
                    date="Sat, 1 Jun 2024 09:00:00 +0000"),
     r"(\Draft)", "01-Jun-2024 12:00:00 +0000"),
]


@pytest.fixture(scope="module")
def mailbox(imap_server):
    from conftest import Account
    name = "searcher"
    imap_server.add_user(name, "pw-searcher")
    account = Account(imap_server, name, "pw-searcher")
    c = account.raw()
    assert c("APPEND INBOX", Lit(simple_message(0))).ok
    for msg, flags, date in MESSAGES:
        r = c(f'APPEND INBOX {flags} "{date}"', Lit(msg))
        assert r.ok, r
    assert c("SELECT INBOX").ok
    assert c("UID STORE 1 +FLAGS.SILENT (\\Deleted)").ok
    assert c("UID EXPUNGE 1").ok
    c.close()
    return account


@pytest.fixture
def c(mailbox):
    conn = mailbox.raw()
    assert conn("EXAMINE INBOX").ok
    yield conn
    conn.close()


def search(c, criteria, *literals, uid=False):
    """The numbers of the one untagged SEARCH response (rev1), as a set."""
    r = c(("UID SEARCH " if uid else "SEARCH ") + criteria, *literals)
    assert r.ok, r
    lines = r.starting(b"SEARCH")
    assert len(lines) == 1, r
    return {int(x) for x in lines[0].split()[2:]}


@pytest.mark.parametrize("criteria, expected", [
    ("ALL", {1, 2, 3, 4, 5, 6}),
    ("SEEN", {1, 3}),
    ("UNSEEN", {2, 4, 5, 6}),
    ("FLAGGED", {2}),
    ("UNFLAGGED", {1, 3, 4, 5, 6}),
    ("ANSWERED", {3}),
    ("UNANSWERED", {1, 2, 4, 5, 6}),
    ("DELETED", {4}),
    ("UNDELETED", {1, 2, 3, 5, 6}),
    ("DRAFT", {6}),
    ("UNDRAFT", {1, 2, 3, 4, 5}),
    ("KEYWORD $Work", {3}),
    ("UNKEYWORD $Work", {1, 2, 4, 5, 6}),
    ("KEYWORD $Unused", set()),
    ("SEEN UNANSWERED", {1}),
])
def test_flag_keys(c, criteria, expected):
    assert search(c, criteria) == expected


@pytest.mark.parametrize("criteria, expected", [
    ("FROM alice", {1, 5}),
    ("FROM ALICE@EXAMPLE", {1, 5}),  # substring, case-insensitive
    ("FROM example.net", {2, 3, 4}),
    ("TO alice@example.org", {1, 2, 3, 4, 5, 6}),
    ("CC team", {3}),
    ("BCC hidden", {6}),
    ("SUBJECT lunch", {1, 3}),
    ('SUBJECT "quarterly report"', {2}),
    ("HEADER X-Priority 1", {2}),
    ('HEADER X-Priority ""', {2}),  # every message that has the field
    ('HEADER Message-ID "<m3@imap.test>"', {3}),
    ("BODY noon", {1, 3}),
    ("BODY lunch", set()),  # only in the Subject: BODY looks at the body alone
    ("TEXT lunch", {1, 3}),  # TEXT looks at the header too
    ("TEXT zebra", {2}),
    ("BODY nothing-like-this", set()),
])
def test_header_and_text_keys(c, criteria, expected):
    assert search(c, criteria) == expected


def test_charset_and_mime_decoding(c):
    cafe = "café".encode()
    # RFC 9051 6.4.4: encoded words and transfer encodings are decoded before matching.
    assert search(c, "CHARSET UTF-8 SUBJECT", Lit(cafe)) == {5}
    assert search(c, "CHARSET UTF-8 BODY", Lit(cafe)) == {5}
    assert search(c, "CHARSET US-ASCII BODY unicode") == {5}
    r = c("SEARCH CHARSET X-NO-SUCH-CHARSET BODY x")
    assert r.status == "NO" and r.code and r.code.startswith("BADCHARSET"), r


@pytest.mark.parametrize("criteria, expected", [
    # Internal dates (time and zone disregarded).
    ("BEFORE 1-Feb-2021", {1}),
    ("ON 15-Mar-2021", {2, 3}),
    ("SINCE 1-Jun-2022", {4, 5, 6}),
    ("SINCE 15-Mar-2021 BEFORE 16-Mar-2021", {2, 3}),
    ("ON 2-Jan-2020", set()),
    # Sent dates (the Date: field): all 1994 but message 6.
    ("SENTBEFORE 1-Jan-2000", {1, 2, 3, 4, 5}),
    ("SENTON 1-Jun-2024", {6}),
    ("SENTSINCE 8-Feb-1994", {6}),
    ("SENTON 7-Feb-1994", {1, 2, 3, 4, 5}),
])
def test_date_keys(c, criteria, expected):
    assert search(c, criteria) == expected


def test_size_keys(c):
    sizes = {}
    r = c("FETCH 1:* RFC822.SIZE")
    for line in r.numbered("FETCH"):
        sizes[line[0]] = int(re.search(rb"RFC822.SIZE (\d+)", line[1]).group(1))
    assert len(sizes) == 6
    big = sizes[4]
    assert big > 5000 and all(s < 1000 for n, s in sizes.items() if n != 4), sizes
    assert search(c, "LARGER 1000") == {4}
    assert search(c, "SMALLER 1000") == {1, 2, 3, 5, 6}
    assert search(c, f"LARGER {big}") == set()  # strictly larger
    assert search(c, f"SMALLER {big}") == {1, 2, 3, 5, 6}
    assert search(c, f"LARGER {big - 1}") == {4}


@pytest.mark.parametrize("criteria, expected, uid", [
    ("2:4", {2, 3, 4}, False),
    ("1,3,5:*", {1, 3, 5, 6}, False),
    ("*", {6}, False),
    ("UID 3:4", {2, 3}, False),  # UIDs 3 and 4 are messages 2 and 3
    ("UID 1", set(), False),  # expunged
    ("ALL", {2, 3, 4, 5, 6, 7}, True),  # UID SEARCH answers with UIDs
    ("SEEN", {2, 4}, True),
    ("2:3", {3, 4}, True),  # a sequence set is still sequence numbers
    ("UID 5:*", {5, 6, 7}, True),
    ("UID 100:*", {7}, True),  # "n:*" includes the last UID (RFC 9051 6.4.9)
])
def test_sequence_and_uid_sets(c, criteria, expected, uid):
    assert search(c, criteria, uid=uid) == expected


@pytest.mark.parametrize("criteria, expected", [
    ("OR SEEN FLAGGED", {1, 2, 3}),
    ("NOT SEEN", {2, 4, 5, 6}),
    ("NOT (OR SEEN DELETED)", {2, 5, 6}),
    ("OR FROM bob (SUBJECT lunch SEEN)", {1, 2, 3}),
    ("OR OR DRAFT DELETED FLAGGED", {2, 4, 6}),
    ("(SEEN) (SUBJECT plans)", {1, 3}),
    ("NOT NOT SEEN", {1, 3}),
    ("OR (FROM alice NOT SEEN) KEYWORD $Work", {3, 5}),
    ("1:3 NOT 2", {1, 3}),
])
def test_or_not_and_nesting(c, criteria, expected):
    assert search(c, criteria) == expected


def test_bad_search_keys(c):
    for bad in ("SEARCH FROBNICATE", "SEARCH SINCE 31-Foo-2020", "SEARCH OR SEEN",
                "SEARCH (SEEN", "SEARCH LARGER x", "SEARCH RETURN (BOGUS) ALL"):
        r = c(bad)
        assert r.status == "BAD", (bad, r)
    assert c("NOOP").ok


def esearch(reply):
    """The one ESEARCH response as (tag, uid?, {item: value})."""
    lines = reply.starting(b"ESEARCH")
    assert len(lines) == 1 and not reply.starting(b"SEARCH "), reply
    v = parse(lines[0])[2:]
    tag = None
    if v and isinstance(v[0], list):
        assert str(v[0][0]).upper() == "TAG", v
        tag = v[0][1]
        v = v[1:]
    uid = bool(v) and str(v[0]).upper() == "UID"
    if uid:
        v = v[1:]
    return tag, uid, {str(v[i]).upper(): str(v[i + 1]) for i in range(0, len(v), 2)}


def seq_set(text):
    out = set()
    for part in text.split(","):
        a, _, b = part.partition(":")
        lo, hi = sorted((int(a), int(b or a)))
        out |= set(range(lo, hi + 1))
    return out


def test_esearch_as_rev1_extension(c):
    r = c("SEARCH RETURN (MIN MAX COUNT ALL) SEEN", tag="E1")
    tag, uid, items = esearch(r)
    assert tag == "E1" and not uid  # RFC 4731 3.1: the correlator is the command's tag
    assert items.keys() == {"MIN", "MAX", "COUNT", "ALL"}, items
    assert (items["MIN"], items["MAX"], items["COUNT"]) == ("1", "3", "2")
    assert seq_set(items["ALL"]) == {1, 3}
    r = c("UID SEARCH RETURN (COUNT ALL) UNSEEN", tag="E2")
    tag, uid, items = esearch(r)
    assert tag == "E2" and uid and items["COUNT"] == "4"
    assert seq_set(items["ALL"]) == {3, 5, 6, 7}
    # RETURN () means ALL; no match still answers, with COUNT 0 only when asked.
    r = c("SEARCH RETURN () FLAGGED", tag="E3")
    assert esearch(r) == ("E3", False, {"ALL": "2"})
    r = c("SEARCH RETURN (MIN MAX COUNT) KEYWORD $Unused", tag="E4")
    assert esearch(r) == ("E4", False, {"COUNT": "0"})
    # A plain SEARCH stays a SEARCH response in rev1 mode.
    assert search(c, "FLAGGED") == {2}


def test_esearch_after_enable_imap4rev2(mailbox):
    c = mailbox.raw()
    assert c("ENABLE IMAP4rev2").ok
    assert c("EXAMINE INBOX").ok
    r = c("SEARCH SEEN", tag="R1")  # rev2: no RETURN means RETURN (ALL), as ESEARCH
    assert esearch(r)[0] == "R1" and seq_set(esearch(r)[2]["ALL"]) == {1, 3}
    r = c("SEARCH RETURN (MIN MAX COUNT ALL) OR FROM alice DELETED", tag="R2")
    tag, uid, items = esearch(r)
    assert (tag, uid, items["MIN"], items["MAX"], items["COUNT"]) == ("R2", False, "1",
                                                                      "5", "3")
    assert seq_set(items["ALL"]) == {1, 4, 5}
    r = c("UID SEARCH RETURN (MIN MAX) ALL", tag="R3")
    assert esearch(r) == ("R3", True, {"MIN": "2", "MAX": "7"})
    r = c("SEARCH SUBJECT nothing-like-this", tag="R4")
    assert esearch(r) == ("R4", False, {})
    # rev2 assumes UTF-8 without CHARSET (RFC 9051 6.4.4).
    r = c("SEARCH BODY", Lit("café".encode()), tag="R5")
    assert seq_set(esearch(r)[2]["ALL"]) == {5}
    c.close()
