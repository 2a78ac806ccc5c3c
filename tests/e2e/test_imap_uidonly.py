"""UIDONLY (RFC 9586) against the running daemon: once enabled, commands that name
messages by number are refused with BAD [UIDREQUIRED], FETCH responses become UIDFETCH,
expunges are announced as VANISHED, and no response carries a message number (EXISTS
excepted). The exact shapes are those of the RFC's examples."""
import re

from imap_support import Lit, simple_message


def deliver(account, n, mailbox="INBOX"):
    for i in range(1, n + 1):
        account.deliver(simple_message(i), mailbox)


def enabled(account):
    c = account.raw()
    assert b"UIDONLY" in c("CAPABILITY").starting(b"CAPABILITY")[0].split()
    r = c("ENABLE", "UIDONLY")  # RFC 9586 3.1
    assert r.ok and r.untagged == [b"* ENABLED UIDONLY"], r
    return c


def no_message_numbers(reply):
    """No untagged response of `reply` is "* n FETCH" or "* n EXPUNGE"."""
    for u in reply.untagged:
        assert not re.match(rb"\* \d+ (FETCH|EXPUNGE)\b", u, re.I), reply


def test_sequence_number_commands_are_refused(account):
    deliver(account, 3)
    c = enabled(account)
    r = c("SELECT", "INBOX")
    assert r.ok, r
    # No "[UNSEEN n]": it is a message number.
    assert not any(b"UNSEEN" in u for u in r.untagged), r
    assert b"* 3 EXISTS" in r.untagged, r  # 3.6: EXISTS is unaffected
    for command in (["FETCH", "1:3", "(UID FLAGS)"], ["STORE", "1", "+FLAGS", r"(\Seen)"],
                    ["COPY", "1", "INBOX"], ["MOVE", "1", "INBOX"], ["SEARCH", "ALL"],
                    ["SORT", "(DATE)", "UTF-8", "ALL"], ["THREAD", "REFERENCES", "UTF-8", "ALL"],
                    ["UID", "SEARCH", "1:2"], ["UID", "SEARCH", "NOT", "2"],
                    ["UID", "SORT", "(DATE)", "UTF-8", "*"]):
        r = c(*command)
        assert r.status == "BAD" and r.code == "UIDREQUIRED", (command, r)
    r = c("REPLACE", "1", "INBOX", Lit(simple_message(9)))
    assert r.status == "BAD" and r.code == "UIDREQUIRED", r
    # Nothing of that happened.
    r = c("UID", "FETCH", "1:*", "(FLAGS)")
    assert r.ok and all(b"\\Seen" not in u for u in r.untagged), r
    assert len(r.untagged) == 3, r
    # The UID forms work; "$" is a saved result, not numbers.
    assert c("UID", "SEARCH", "RETURN", "(SAVE)", "UID", "2:3").ok
    r = c("UID", "SEARCH", "$")
    assert r.ok and r.untagged == [b"* SEARCH 2 3"], r
    r = c("UID", "SORT", "(REVERSE SUBJECT)", "UTF-8", "ALL")
    assert r.ok and r.untagged == [b"* SORT 3 2 1"], r


def test_uid_fetch_and_store_answer_with_uidfetch(account):
    deliver(account, 3)
    c = enabled(account)
    assert c("SELECT", "INBOX").ok
    # RFC 9586 3.3, the first example: the UID leads, and is not repeated unless asked.
    r = c("UID", "FETCH", "1:3", "(FLAGS)")
    assert r.ok and r.untagged == [b"* 1 UIDFETCH (FLAGS ())", b"* 2 UIDFETCH (FLAGS ())",
                                   b"* 3 UIDFETCH (FLAGS ())"], r
    # The second example: UID requested, where the client put it.
    r = c("UID", "FETCH", "2", "(FLAGS UID)")
    assert r.ok and r.untagged == [b"* 2 UIDFETCH (FLAGS () UID 2)"], r
    r = c("UID", "FETCH", "3", "(UID RFC822.SIZE)")
    assert r.ok and re.fullmatch(rb"\* 3 UIDFETCH \(UID 3 RFC822\.SIZE \d+\)", r.untagged[0]), r
    r = c("UID", "STORE", "2", "+FLAGS", r"(\Flagged)")
    assert r.ok and r.untagged == [b"* 2 UIDFETCH (FLAGS (\\Flagged))"], r
    # A non-PEEK body fetch sets \Seen: the new flags go out in the same UIDFETCH.
    r = c("UID", "FETCH", "1", "(BODY[HEADER.FIELDS (SUBJECT)])")
    assert r.ok and len(r.untagged) == 1 and r.untagged[0].startswith(b"* 1 UIDFETCH ("), r
    assert b"FLAGS (\\Seen)" in r.untagged[0], r
    no_message_numbers(r)


def test_condstore_modseq_in_uidfetch(account):
    deliver(account, 2)
    c = enabled(account)
    assert c("ENABLE", "CONDSTORE").ok
    assert c("SELECT", "INBOX").ok
    r = c("UID", "STORE", "1", "+FLAGS", r"(\Answered)")
    m = re.fullmatch(rb"\* 1 UIDFETCH \(FLAGS \(\\Answered\) MODSEQ \((\d+)\)\)", r.untagged[0])
    assert r.ok and m, r  # 3.7: MODSEQ in UIDFETCH
    r = c("UID", "STORE", "2", "+FLAGS.SILENT", r"(\Answered)")
    assert r.ok and re.fullmatch(rb"\* 2 UIDFETCH \(MODSEQ \(\d+\)\)", r.untagged[0]), r
    r = c("UID", "FETCH", "1:2", "(MODSEQ)", "(CHANGEDSINCE 1)")
    assert r.ok and [u.split(b" (")[0] for u in r.untagged] == [b"* 1 UIDFETCH", b"* 2 UIDFETCH"], r


def test_expunges_are_vanished(account):
    deliver(account, 6)
    c = enabled(account)
    assert c("SELECT", "INBOX").ok
    assert c("UID", "STORE", "2,4", "+FLAGS.SILENT", r"(\Deleted)").ok
    r = c("EXPUNGE")  # 3.4
    assert r.ok and r.untagged == [b"* VANISHED 2,4"], r
    assert c("UID", "STORE", "5", "+FLAGS.SILENT", r"(\Deleted)").ok
    r = c("UID", "EXPUNGE", "5")
    assert r.ok and r.untagged == [b"* VANISHED 5"], r
    # 3.6: UID MOVE with COPYUID, then VANISHED.
    assert c("CREATE", "Kept").ok
    r = c("UID", "MOVE", "6", "Kept")
    assert r.ok and r.untagged[-1] == b"* VANISHED 6", r
    assert any(re.match(rb"\* OK \[COPYUID \d+ 6 1\]", u) for u in r.untagged), r


def test_other_sessions_changes_come_as_uidfetch_and_vanished(account):
    deliver(account, 4)
    c = enabled(account)
    assert c("SELECT", "INBOX").ok
    other = account.raw()
    assert other("SELECT", "INBOX").ok
    assert other("STORE", "3", "+FLAGS", r"(\Flagged)").ok
    assert other("STORE", "1", "+FLAGS", r"(\Deleted)").ok
    assert other("EXPUNGE").ok
    assert other("APPEND", "INBOX", Lit(simple_message(5))).ok
    r = c("NOOP")  # 3.6
    assert r.ok, r
    assert b"* VANISHED 1" in r.untagged, r
    assert b"* 3 UIDFETCH (FLAGS (\\Flagged))" in r.untagged, r
    # The new message is counted before the expunge is taken away (an EXISTS never
    # shrinks the mailbox, RFC 9051 7.4.1).
    assert b"* 5 EXISTS" in r.untagged, r
    no_message_numbers(r)


def test_qresync_without_sequence_match_data(account):
    deliver(account, 3)
    c = enabled(account)
    assert c("ENABLE", "QRESYNC").ok
    r = c("SELECT", "INBOX")
    validity = int(re.search(rb"UIDVALIDITY (\d+)", b" ".join(r.untagged)).group(1))
    assert c("UID", "STORE", "2", "+FLAGS", r"(\Seen)").ok
    assert c("UNSELECT").ok
    # 3.7: the fourth QRESYNC parameter is refused...
    r = c("SELECT", "INBOX", f"(QRESYNC ({validity} 1 1:3 (1,3 1,3)))")
    assert r.status == "BAD" and r.code == "UIDREQUIRED", r
    # ... the rest works, with UIDFETCH for what changed.
    r = c("SELECT", "INBOX", f"(QRESYNC ({validity} 1 1:3))")
    assert r.ok, r
    changed = [u for u in r.untagged if b"UIDFETCH" in u]
    assert changed and all(u.startswith((b"* 1 UIDFETCH", b"* 2 UIDFETCH", b"* 3 UIDFETCH"))
                           for u in changed), r
    no_message_numbers(r)


def test_enable_is_per_session(account):
    deliver(account, 1)
    c = account.raw()
    assert c("SELECT", "INBOX").ok
    r = c("FETCH", "1", "(FLAGS)")
    assert r.ok and r.untagged == [b"* 1 FETCH (FLAGS ())"], r
