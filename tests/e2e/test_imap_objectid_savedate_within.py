"""OBJECTID (RFC 8474), SAVEDATE (RFC 8514) and WITHIN (RFC 5032) against the running
daemon: MAILBOXID in CREATE, SELECT and STATUS, stable across RENAME; EMAILID kept by
COPY and MOVE and searchable; THREADID NIL; SAVEDATE of appended and copied messages and
the SAVED* search keys; OLDER and YOUNGER."""
import re
import time

from imap_support import Lit, parse, simple_message


def items_of(reply, seq):
    for n, rest in reply.numbered("FETCH"):
        if n == seq:
            values = parse(rest)[0]
            return {str(values[i]).upper(): values[i + 1] for i in range(0, len(values), 2)}
    raise AssertionError(f"no FETCH for {seq}: {reply}")


def mailboxid(reply):
    m = re.search(rb"MAILBOXID \(([A-Za-z0-9_-]+)\)", b"\n".join(reply.untagged + [reply.tagged]))
    return m.group(1).decode() if m else None


def test_mailboxid_create_select_status_rename(account):
    c = account.raw()
    r = c("CREATE", "Projects")
    assert r.ok and r.code and r.code.startswith("MAILBOXID ("), r
    created = mailboxid(r)
    r = c("CREATE", "Other")
    assert mailboxid(r) != created
    r = c("SELECT", "Projects")
    assert [u for u in r.untagged if u.startswith(b"* OK [MAILBOXID (")], r
    assert mailboxid(r) == created
    c("UNSELECT")
    r = c("STATUS", "Projects", "(MAILBOXID MESSAGES)")
    assert r.starting(b"STATUS")[0] == b"* STATUS Projects (MAILBOXID (%s) MESSAGES 0)" % created.encode(), r
    # RFC 8474 4: RENAME keeps it; a new mailbox of the old name gets a new one.
    assert c("RENAME", "Projects", "Renamed").ok
    assert mailboxid(c("STATUS", "Renamed", "(MAILBOXID)")) == created
    r = c("CREATE", "Projects")
    assert mailboxid(r) not in (created, None)
    # LIST-STATUS carries it too.
    r = c("LIST", '""', "Renamed", "RETURN", "(STATUS (MAILBOXID))")
    assert mailboxid(r) == created, r


def test_emailid_threadid_and_copies(account):
    account.deliver(simple_message(1))
    account.deliver(simple_message(2))
    c = account.raw()
    assert c("SELECT", "INBOX").ok
    r = c("FETCH", "1:2", "(EMAILID THREADID)")
    one, two = items_of(r, 1), items_of(r, 2)
    assert one["THREADID"] is None  # RFC 8474 5.2: NIL without thread ids
    e1, e2 = str(one["EMAILID"][0]), str(two["EMAILID"][0])
    assert e1 != e2 and re.fullmatch(r"[A-Za-z0-9_-]{1,255}", e1)
    # RFC 8474 5.1: COPY and MOVE keep the EMAILID.
    assert c("CREATE", "Copies").ok
    assert c("COPY", "1", "Copies").ok
    assert c("MOVE", "2", "Copies").ok
    assert c("SELECT", "Copies").ok
    r = c("UID", "FETCH", "1:*", "(EMAILID)")
    assert [str(items_of(r, n)["EMAILID"][0]) for n in (1, 2)] == [e1, e2], r
    r = c("SEARCH", "EMAILID", e2)
    assert r.untagged == [b"* SEARCH 2"], r
    assert c("SEARCH", "EMAILID", "M999999999").untagged == [b"* SEARCH"]
    assert c("SEARCH", "THREADID", "T1").untagged == [b"* SEARCH"]
    assert c("SEARCH", "EMAILID", "bad.id").status == "BAD"


def test_savedate_and_within(account):
    c = account.raw()
    old_date = '"01-Jan-2001 10:00:00 +0000"'
    r = c("APPEND", "INBOX", "()", old_date, Lit(simple_message(1)))
    assert r.ok, r
    before = time.time()
    # `tern deliver` is another process: delivered before SELECT, the view has it.
    account.deliver(simple_message(2))
    assert c("SELECT", "INBOX").ok
    r = c("FETCH", "1", "(SAVEDATE INTERNALDATE)")
    items = items_of(r, 1)
    assert items["INTERNALDATE"] == " 1-Jan-2001 10:00:00 +0000"  # date-day-fixed
    saved = time.strptime(items["SAVEDATE"].strip(), "%d-%b-%Y %H:%M:%S +0000")
    assert abs(time.mktime(saved) - time.timezone - before) < 120, items
    today = time.strftime("%d-%b-%Y", time.gmtime())
    assert c("SEARCH", "SAVEDON", today).untagged == [b"* SEARCH 1 2"]
    assert c("SEARCH", "SAVEDBEFORE", today).untagged == [b"* SEARCH"]
    assert c("SEARCH", "SAVEDSINCE", "1-Jan-2002").untagged == [b"* SEARCH 1 2"]
    assert c("SEARCH", "SAVEDATESUPPORTED").untagged == [b"* SEARCH 1 2"]
    # RFC 5032: OLDER/YOUNGER are relative to the internal date.
    assert c("SEARCH", "OLDER", "86400").untagged == [b"* SEARCH 1"]
    assert c("SEARCH", "YOUNGER", "3600").untagged == [b"* SEARCH 2"]
    assert c("SEARCH", "OLDER", "0").status == "BAD"
    caps = c("CAPABILITY").starting(b"CAPABILITY")[0].split()
    assert {b"OBJECTID", b"SAVEDATE", b"WITHIN"} <= set(caps)
