"""INPROGRESS (RFC 9585): a long command sends "* OK [INPROGRESS ("tag" done goal)] ..."
at most every service.imap.progressinterval, before its tagged reply, with the command's
tag (NIL when the tag holds "]"), counts that never go back and never reach the goal.
The interval is made tiny here so that a search of 1,000 messages reports."""
import re

import pytest

from imap_support import capabilities, simple_message

MESSAGES = 1000
INPROGRESS = re.compile(
    rb'\* OK \[INPROGRESS \((NIL|"[^"\\]*") (\d+) (\d+)\)\] Processed \d+% of the items\Z')


def login(tern):
    from conftest import Account
    return Account(tern, "alice", "secret").raw()


@pytest.fixture
def server(tern_install, tmp_path):
    mbox = tmp_path / "big.mbox"
    with open(mbox, "wb") as f:
        for n in range(1, MESSAGES + 1):
            f.write(b"From sender@example.net Mon Feb  7 21:52:25 1994\n")
            f.write(simple_message(n, body=f"word{n % 7} of message {n}\r\n").replace(
                b"\r\n", b"\n"))
            f.write(b"\n")
    tern_install.cli("import", "mbox", str(mbox), "--user", "alice")
    tern_install.set("service.imap.progressinterval", "1")  # milliseconds
    tern_install.start_imap()
    yield tern_install
    if tern_install.proc is not None:
        assert tern_install.stop() == 0


def progress_of(reply, tag_field):
    """The (done, goal) of each INPROGRESS line of `reply`, checked for form and tag."""
    out = []
    for line in reply.untagged:
        if b"INPROGRESS" not in line:
            continue
        m = INPROGRESS.match(line)
        assert m, line
        assert m.group(1) == tag_field, line
        done, goal = int(m.group(2)), int(m.group(3))
        assert 0 <= done < goal, line  # RFC 9585 4: GOAL is greater than PROGRESS
        out.append((done, goal))
    dones = [d for d, _ in out]
    assert dones == sorted(dones), reply  # non-decreasing
    assert len({g for _, g in out}) <= 1, reply  # one goal per command
    return out


def test_search_reports_progress_before_its_reply(server):
    c = login(server)
    assert "INPROGRESS" in capabilities(c("CAPABILITY").untagged[0])
    assert c("SELECT INBOX").ok
    # NOT BODY: the index cannot narrow it, so every message is checked.
    r = c("SEARCH NOT BODY no-such-word-anywhere", tag="A001")
    assert r.ok, r
    assert r.tagged.startswith(b"A001 OK ")
    notes = progress_of(r, b'"A001"')
    assert notes, r
    assert all(goal == MESSAGES for _, goal in notes)
    # Every INPROGRESS line comes before the result.
    kinds = [b"INPROGRESS" in u for u in r.untagged]
    assert kinds.index(False) == len(notes) and not any(kinds[len(notes):]), r
    assert r.starting(b"SEARCH")[0] == b"* SEARCH " + b" ".join(
        str(n).encode() for n in range(1, MESSAGES + 1))

    # The same for UID SEARCH on text the index may have, and for a tag with "]".
    r = c("UID SEARCH BODY word3", tag="a]1")
    assert r.ok, r
    progress_of(r, b"NIL")
    expected = [n for n in range(1, MESSAGES + 1) if n % 7 == 3]
    assert r.starting(b"SEARCH")[0].split()[2:] == [str(n).encode() for n in expected]


def test_fetch_of_many_messages_reports_progress(server):
    c = login(server)
    assert c("SELECT INBOX").ok
    r = c("FETCH 1:* (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])", tag="F1")
    assert r.ok, r
    notes = progress_of(r, b'"F1"')
    assert notes, r
    assert all(goal == MESSAGES for _, goal in notes)
    assert len(r.numbered("FETCH")) == MESSAGES


def test_off_when_the_interval_is_zero(tern_install):
    tern_install.set("service.imap.progressinterval", "0")
    tern_install.start_imap()
    try:
        c = login(tern_install)
        assert "INPROGRESS" not in capabilities(c("CAPABILITY").untagged[0])
    finally:
        assert tern_install.stop() == 0


def test_default_interval_is_advertised_and_quiet(tern_install):
    tern_install.start_imap()
    try:
        c = login(tern_install)
        assert "INPROGRESS" in capabilities(c("CAPABILITY").untagged[0])
        assert c("SELECT INBOX").ok
        r = c("SEARCH ALL")
        assert r.ok and not any(b"INPROGRESS" in u for u in r.untagged)
    finally:
        assert tern_install.stop() == 0
