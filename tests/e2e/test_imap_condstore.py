"""CONDSTORE and QRESYNC (RFC 7162) against the running daemon: mod-sequences in SELECT,
STATUS, FETCH, STORE and SEARCH; the enabling commands; VANISHED instead of EXPUNGE;
and quick resynchronisation of a session that was away while another changed the
mailbox, checked against the exact responses the RFC's examples show."""
import re

from imap_support import fetch_items, simple_message


def deliver(account, n, mailbox="INBOX"):
    for i in range(1, n + 1):
        account.deliver(simple_message(i), mailbox)


def code_value(reply, name):
    """The number in an untagged "* OK [NAME n]" of a reply, or None."""
    for u in reply.untagged:
        m = re.match(rb"\* OK \[" + name.encode() + rb" (\d+)\]", u)
        if m:
            return int(m.group(1))
    return None


def fetches(reply):
    """{sequence number: items} of the reply's untagged FETCH responses."""
    return {n: fetch_items_of(rest) for n, rest in reply.numbered("FETCH")}


def fetch_items_of(rest: bytes):
    from imap_support import parse
    values = parse(rest)[0]
    return {str(values[i]).upper(): values[i + 1] for i in range(0, len(values), 2)}


def modseq_of(items):
    return int(items["MODSEQ"][0])


def status_modseq(c, mailbox="INBOX"):
    r = c("STATUS", mailbox, "(HIGHESTMODSEQ)")
    assert r.ok, r
    m = re.search(rb"HIGHESTMODSEQ (\d+)", r.starting(b"STATUS")[0])
    return int(m.group(1))


def test_capabilities_and_select_condstore(account):
    deliver(account, 3)
    c = account.raw()
    caps = c("CAPABILITY").starting(b"CAPABILITY")[0].split()
    assert b"CONDSTORE" in caps and b"QRESYNC" in caps

    # Before any enabling command: no HIGHESTMODSEQ, no MODSEQ in FETCH.
    r = c("SELECT", "INBOX")
    assert r.ok and code_value(r, "HIGHESTMODSEQ") is None, r
    r = c("STORE", "1", "+FLAGS", r"(\Flagged)")
    assert r.ok and b"MODSEQ" not in r.untagged[0], r
    c("UNSELECT")

    # RFC 7162 Example 18.
    r = c("SELECT", "INBOX", "(CONDSTORE)")
    assert r.ok and r.text.startswith(b"[READ-WRITE]"), r
    hms = code_value(r, "HIGHESTMODSEQ")
    assert hms is not None and hms > 0, r
    assert status_modseq(c) == hms

    # Example 13: FETCH MODSEQ; the highest message modseq is HIGHESTMODSEQ here.
    r = c("FETCH", "1:3", "(MODSEQ)")
    assert r.ok, r
    got = fetches(r)
    assert sorted(got) == [1, 2, 3]
    assert all(set(items) == {"MODSEQ"} for items in got.values()), r
    assert max(modseq_of(i) for i in got.values()) == hms
    assert modseq_of(got[1]) == hms  # message 1 was changed last


def test_status_highestmodseq_enables_condstore_with_a_mailbox_selected(account):
    deliver(account, 2)
    c = account.raw()
    r = c("SELECT", "INBOX")
    assert code_value(r, "HIGHESTMODSEQ") is None
    r = c("STATUS", "INBOX", "(HIGHESTMODSEQ MESSAGES)")
    assert r.ok, r
    # RFC 7162 3.1: the first enabling command with a mailbox selected reports it.
    assert code_value(r, "HIGHESTMODSEQ") is not None, r
    assert re.match(rb"\* STATUS INBOX \(HIGHESTMODSEQ \d+ MESSAGES 2\)", r.starting(b"STATUS")[0]), r
    r = c("STORE", "2", "+FLAGS", r"(\Seen)")
    items = fetches(r)[2]
    assert items["UID"] == "2" and "MODSEQ" in items, r


def test_fetch_changedsince(account):
    deliver(account, 4)
    c = account.raw()
    r = c("SELECT", "INBOX", "(CONDSTORE)")
    base = code_value(r, "HIGHESTMODSEQ")
    assert c("STORE", "2,4", "+FLAGS.SILENT", r"(\Seen)").ok
    # RFC 7162 Example 12: only messages changed since, each with UID (UID FETCH) and MODSEQ.
    r = c("UID", "FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {base})")
    assert r.ok, r
    got = fetches(r)
    assert sorted(got) == [2, 4], r
    for n in (2, 4):
        assert got[n]["UID"] == str(n)
        assert [str(f) for f in got[n]["FLAGS"]] == ["\\Seen"]
        assert modseq_of(got[n]) > base
    r = c("FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {modseq_of(got[4])})")
    assert r.ok and not r.numbered("FETCH"), r
    # VANISHED needs ENABLE QRESYNC and UID FETCH (RFC 7162 3.2.6).
    assert c("UID", "FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {base} VANISHED)").status == "BAD"
    assert c("FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {base} VANISHED)").status == "BAD"


def test_store_unchangedsince(account):
    deliver(account, 9)
    a = account.raw()
    r = a("SELECT", "INBOX")
    b = account.raw()
    assert b("SELECT", "INBOX").ok
    r = a("FETCH", "5,7,9", "(MODSEQ)")
    before = {n: modseq_of(i) for n, i in fetches(r).items()}
    known = max(before.values())
    # Someone else changes 7 and 9 after the client learnt `known`.
    assert b("STORE", "7,9", "+FLAGS", r"(\Answered)").ok

    # RFC 7162 Example 6: 5 is stored; 7 and 9 fail the test and are named in MODIFIED.
    r = a("STORE", "7,5,9", f"(UNCHANGEDSINCE {known})", "+FLAGS.SILENT", r"(\Deleted)")
    assert r.ok and r.code == "MODIFIED 7,9", r
    got = fetches(r)
    assert set(got[5]) == {"UID", "MODSEQ"} and modseq_of(got[5]) > known, r
    # The changes of the others are then reported (Example 10's recommendation).
    for n in (7, 9):
        assert set(got[n]) == {"UID", "FLAGS", "MODSEQ"}, r
        assert [str(f) for f in got[n]["FLAGS"]] == ["\\Answered"], r

    # Example 8: UNCHANGEDSINCE 0 always fails.
    r = a("STORE", "3", "(UNCHANGEDSINCE 0)", "+FLAGS.SILENT", "($MDNSent)")
    assert r.ok and r.code == "MODIFIED 3", r
    r = a("FETCH", "3", "(FLAGS)")
    assert "$MDNSent" not in [str(f) for f in fetches(r)[3]["FLAGS"]]

    # UID STORE names UIDs in MODIFIED; a non-silent STORE returns FLAGS and MODSEQ.
    r = a("FETCH", "1:2", "(MODSEQ)")
    m1 = max(modseq_of(i) for i in fetches(r).values())
    assert b("STORE", "1", "+FLAGS", r"(\Flagged)").ok
    r = a("UID", "STORE", "1:2", f"(UNCHANGEDSINCE {m1})", "+FLAGS", "(Work)")
    assert r.code == "MODIFIED 1", r
    got = fetches(r)
    assert got[2]["UID"] == "2" and [str(f) for f in got[2]["FLAGS"]] == ["Work"], r
    # A no-op change keeps the message's modseq and still reports it.
    m2 = modseq_of(got[2])
    r = a("STORE", "2", f"(UNCHANGEDSINCE {m2})", "+FLAGS.SILENT", "(Work)")
    assert r.ok and r.code is None, r
    assert modseq_of(fetches(r)[2]) == m2


def test_unsolicited_fetch_carries_modseq(account):
    deliver(account, 7)
    a = account.raw()
    b = account.raw()
    assert a("SELECT", "INBOX", "(CONDSTORE)").ok
    assert b("SELECT", "INBOX").ok
    # RFC 7162 Example 14: the .SILENT STORE still reports the new mod-sequence ...
    r = a("STORE", "7", "+FLAGS.SILENT", r"(\Deleted)")
    assert r.ok, r
    assert len(r.untagged) == 1 and re.fullmatch(rb"\* 7 FETCH \(UID 7 MODSEQ \(\d+\)\)", r.untagged[0]), r
    new = int(re.search(rb"MODSEQ \((\d+)\)", r.untagged[0]).group(1))
    # ... and a CONDSTORE-aware session hears of others' changes with UID and MODSEQ.
    assert b("ENABLE", "CONDSTORE").status == "BAD"  # ENABLE is not valid once selected
    assert b("FETCH", "1", "(MODSEQ)").ok  # an enabling command instead
    assert a("STORE", "7", "+FLAGS.SILENT", r"(\Answered)").ok
    r = b("NOOP")
    got = fetches(r)
    assert got[7]["UID"] == "7" and modseq_of(got[7]) > new
    assert {str(f) for f in got[7]["FLAGS"]} == {"\\Deleted", "\\Answered"}, r


def test_search_modseq(account):
    deliver(account, 5)
    c = account.raw()
    assert c("SELECT", "INBOX").ok
    r = c("FETCH", "5", "(MODSEQ)")
    m5 = modseq_of(fetches(r)[5])
    assert c("STORE", "2,4", "+FLAGS", r"(\Draft)").ok
    m = modseq_of(fetches(c("FETCH", "4", "(MODSEQ)"))[4])
    # RFC 7162 Example 15/16.
    r = c("SEARCH", "MODSEQ", '"/flags/\\\\draft"', "all", str(m5 + 1))
    assert r.ok and r.untagged == [b"* SEARCH 2 4 (MODSEQ %d)" % m], r
    r = c("SEARCH", "OR", "NOT", "MODSEQ", str(m + 1), "LARGER", "50000")
    assert r.untagged == [b"* SEARCH 1 2 3 4 5 (MODSEQ %d)" % m], r
    r = c("SEARCH", "MODSEQ", str(m + 1))
    assert r.untagged == [b"* SEARCH"], r
    # RFC 7162 Example 19 and RFC 4731 3.2: ESEARCH carries a MODSEQ result.
    r = c("UID", "SEARCH", "RETURN", "(ALL)", "MODSEQ", str(m5 + 1))
    assert r.untagged == [b'* ESEARCH (TAG "%s") UID ALL 2,4 MODSEQ %d' % (r.tag.encode(), m)], r
    r = c("SEARCH", "RETURN", "(MIN)", "MODSEQ", str(m5))
    mins = fetches(c("FETCH", "2", "(MODSEQ)"))[2]
    assert r.untagged == [b'* ESEARCH (TAG "%s") MIN 2 MODSEQ %d' % (r.tag.encode(), modseq_of(mins))], r


def test_enable_qresync_and_vanished_instead_of_expunge(account):
    deliver(account, 6)
    a = account.raw()
    b = account.raw()
    # RFC 7162 3.2.5: QRESYNC before ENABLE QRESYNC is BAD, and nothing is selected.
    r = a("SELECT", "INBOX", "(QRESYNC (1 1))")
    assert r.status == "BAD", r
    assert a("FETCH", "1", "FLAGS").status == "BAD"
    r = a("ENABLE", "QRESYNC")
    assert r.ok and r.untagged == [b"* ENABLED QRESYNC"], r
    r = a("SELECT", "INBOX")
    assert code_value(r, "HIGHESTMODSEQ") is not None, r
    assert b("SELECT", "INBOX").ok

    # RFC 7162 3.2.7: EXPUNGE answers with VANISHED and the new HIGHESTMODSEQ.
    assert a("STORE", "2,3,5", "+FLAGS.SILENT", r"(\Deleted)").ok
    r = a("EXPUNGE")
    assert r.ok and r.untagged == [b"* VANISHED 2:3,5"], r
    hms = int(re.match(r"HIGHESTMODSEQ (\d+)", r.code).group(1))
    # The other session, without QRESYNC, still gets EXPUNGE responses.
    r = b("NOOP")
    assert [n for n, _ in r.numbered("EXPUNGE")] == [5, 3, 2], r
    assert status_modseq(b) == hms
    # ... and the QRESYNC session gets VANISHED for another session's UID EXPUNGE.
    assert b("STORE", "1", "+FLAGS.SILENT", r"(\Deleted)").ok
    assert b("UID", "EXPUNGE", "1").ok
    r = a("NOOP")
    assert r.untagged == [b"* VANISHED 1"], r
    # MOVE (RFC 6851 with QRESYNC): COPYUID, then VANISHED.
    assert a("CREATE", "Kept").ok
    r = a("UID", "MOVE", "4", "Kept")
    assert r.ok and r.untagged[-1] == b"* VANISHED 4", r
    r = a("FETCH", "1:*", "(UID)")
    assert [i["UID"] for i in fetches(r).values()] == ["6"], r


def test_qresync_resynchronisation(account):
    """The issue's resync test: a session goes away; another expunges and changes flags;
    the first comes back with SELECT (QRESYNC) and receives exactly the VANISHED set and
    the changed flags, nothing else."""
    deliver(account, 10)
    a = account.raw()
    assert a("ENABLE", "QRESYNC").ok
    r = a("SELECT", "INBOX")
    hms = code_value(r, "HIGHESTMODSEQ")
    validity = code_value(r, "UIDVALIDITY")
    a("LOGOUT")

    b = account.raw()
    assert b("SELECT", "INBOX").ok
    assert b("STORE", "2,5,9", "+FLAGS.SILENT", r"(\Deleted)").ok
    assert b("EXPUNGE").ok
    # Left: UIDs 1 3 4 6 7 8 10, so message 3 is UID 4 and message 6 is UID 8.
    assert b("STORE", "3", "+FLAGS.SILENT", r"(\Seen)").ok
    assert b("STORE", "6", "+FLAGS.SILENT", r"(\Flagged $Work)").ok
    b("LOGOUT")
    account.deliver(simple_message(11))  # UID 11, not known to the client

    c = account.raw()
    assert c("ENABLE", "QRESYNC").ok
    r = c("SELECT", "INBOX", f"(QRESYNC ({validity} {hms} 1:10))")
    assert r.ok and r.text.startswith(b"[READ-WRITE]"), r
    resync = [u for u in r.untagged if u.startswith(b"* VANISHED") or b" FETCH " in u]
    assert resync == [
        b"* VANISHED (EARLIER) 2,5,9",
        b"* 3 FETCH (UID 4 FLAGS (\\Seen) MODSEQ (%d))" % fetch_modseq(c, 4),
        b"* 6 FETCH (UID 8 FLAGS (\\Flagged $Work) MODSEQ (%d))" % fetch_modseq(c, 8),
    ], r
    # Nothing else but what every SELECT sends.
    others = [u for u in r.untagged if u not in resync]
    allowed = (b"* FLAGS", b"* OK [", b"* LIST", b"* 8 EXISTS", b"* 1 RECENT")
    assert all(u.startswith(allowed) for u in others), others
    assert code_value(r, "HIGHESTMODSEQ") > hms


def fetch_modseq(c, uid):
    r = c("UID", "FETCH", str(uid), "(MODSEQ)")
    return modseq_of(fetches(r)[next(iter(fetches(r)))])


def test_qresync_without_known_uids_and_with_a_wrong_uidvalidity(account):
    deliver(account, 4)
    c = account.raw()
    assert c("ENABLE", "QRESYNC").ok
    r = c("SELECT", "INBOX")
    hms = code_value(r, "HIGHESTMODSEQ")
    validity = code_value(r, "UIDVALIDITY")
    assert c("STORE", "1", "+FLAGS.SILENT", r"(\Deleted)").ok
    assert c("EXPUNGE").ok
    assert c("STORE", "2", "+FLAGS.SILENT", r"(\Seen)").ok  # UID 3
    assert c("CREATE", "Other").ok
    # RFC 7162 3.2.11: selecting another mailbox says CLOSED first.
    r = c("SELECT", "Other")
    assert r.untagged[0] == b"* OK [CLOSED] Previous mailbox closed", r

    # Without known UIDs the server acts as if 1:<UIDNEXT-1> had been sent.
    r = c("SELECT", "INBOX", f"(QRESYNC ({validity} {hms}))")
    assert r.untagged[0].startswith(b"* OK [CLOSED]"), r
    assert b"* VANISHED (EARLIER) 1" in r.untagged, r
    assert [n for n, _ in r.numbered("FETCH")] == [2], r

    # A UIDVALIDITY mismatch: parameters ignored, nothing but the plain SELECT responses.
    r = c("SELECT", "INBOX", f"(QRESYNC ({validity + 1} {hms} 1:4))")
    assert r.ok and not r.numbered("FETCH"), r
    assert not [u for u in r.untagged if u.startswith(b"* VANISHED")], r


def test_qresync_sequence_match_data_and_uid_fetch_vanished(account):
    deliver(account, 12)
    c = account.raw()
    assert c("ENABLE", "QRESYNC").ok
    r = c("SELECT", "INBOX")
    validity = code_value(r, "UIDVALIDITY")
    hms = code_value(r, "HIGHESTMODSEQ")
    assert c("STORE", "2,3,10", "+FLAGS.SILENT", r"(\Deleted)").ok
    assert c("EXPUNGE").ok
    # Now: seq 1..9 are UIDs 1,4,5,6,7,8,9,11,12.
    # RFC 7162 3.2.5.2: the pair (3, 5) matches, (8, 12) does not (seq 8 is UID 11), so
    # only expunges above UID 5 are reported.
    r = c("SELECT", "INBOX", f"(QRESYNC ({validity} {hms} 1:12 (3,8 5,12)))")
    assert b"* VANISHED (EARLIER) 10" in r.untagged, r
    # RFC 7162 3.2.6: UID FETCH ... (CHANGEDSINCE m VANISHED): VANISHED first.
    assert c("STORE", "4", "+FLAGS.SILENT", r"(\Seen)").ok  # UID 6
    r = c("UID", "FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {hms} VANISHED)")
    assert r.ok, r
    assert r.untagged[0] == b"* VANISHED (EARLIER) 2:3,10", r
    assert [n for n, _ in r.numbered("FETCH")] == [4], r
    # Only UIDs of the set count: none of 4:9 vanished.
    r = c("UID", "FETCH", "4:9", "(FLAGS)", f"(CHANGEDSINCE {hms} VANISHED)")
    assert r.untagged == [b"* 4 FETCH (UID 6 FLAGS (\\Seen) MODSEQ (%d))" % fetch_modseq(c, 6)], r


def test_highestmodseq_below_an_expunge_that_waits(account):
    """RFC 7162 3.2 and section 6's example: MODSEQ values sent while an expunge is held
    back (FETCH must not report it) come with a HIGHESTMODSEQ below the expunge's."""
    deliver(account, 3)
    a = account.raw()
    b = account.raw()
    assert a("ENABLE", "QRESYNC").ok
    r = a("SELECT", "INBOX")
    hms = code_value(r, "HIGHESTMODSEQ")
    assert b("SELECT", "INBOX").ok
    assert b("STORE", "2", "+FLAGS.SILENT", r"(\Deleted)").ok
    assert b("EXPUNGE").ok
    assert b("STORE", "2", "+FLAGS.SILENT", r"(\Seen)").ok  # UID 3, after the expunge
    r = a("FETCH", "1:3", "(FLAGS)")
    assert not [u for u in r.untagged if u.startswith(b"* VANISHED")], r
    floor = code_value(r, "HIGHESTMODSEQ")
    assert floor is not None and hms <= floor < status_modseq(b), r
    r = a("NOOP")
    assert r.untagged[0] == b"* VANISHED 2", r
