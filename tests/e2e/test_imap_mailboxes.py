"""IMAP mailbox commands against the running daemon: LIST with wildcards, CHILDREN (RFC
3348) and special-use attributes (RFC 6154), LSUB, CREATE, DELETE, RENAME (INBOX too),
SUBSCRIBE, UNSUBSCRIBE, STATUS (with DELETED and SIZE, RFC 8438), SELECT and EXAMINE
(RFC 9051 6.3, RFC 3501 6.3). Server output is checked against the protocol and against
what `tern mailbox list` / `tern message list` say is stored."""
import imaplib

import pytest

from imap_support import (list_entries, parse, response_codes, simple_message,
                          status_items)

DEFAULTS = {"INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"}
SPECIAL = {"Sent": "\\sent", "Drafts": "\\drafts", "Trash": "\\trash", "Junk": "\\junk",
           "Archive": "\\archive"}
CHILD_ATTRS = {"\\haschildren", "\\hasnochildren"}


def children_attr(attrs):
    """The one CHILDREN attribute of a LIST entry (RFC 3348: never both)."""
    got = attrs & CHILD_ATTRS
    assert len(got) == 1, attrs
    return got.pop()


def listing(c, ref, pattern, select=None, ret=None):
    """LIST [select] "ref" "pattern" [ret] -> {name: (attributes, delimiter)}."""
    parts = ["LIST"] + ([select] if select else []) + [f'"{ref}"', f'"{pattern}"']
    r = c(*parts, *([ret] if ret else []))
    assert r.ok, r
    return list_entries(r)


def test_list_default_mailboxes_and_special_use(account):
    c = account.raw()
    r = c('LIST "" ""')  # RFC 9051 6.3.9: the delimiter and the root
    entries = list_entries(r)
    assert list(entries.values()) == [({"\\noselect"}, "/")], r
    entries = listing(c, "", "*")
    assert set(entries) == DEFAULTS, entries
    for name, (attrs, delim) in entries.items():
        assert delim == "/"
        assert children_attr(attrs) == "\\hasnochildren", (name, attrs)
        # RFC 6154 2: the non-extended LIST MAY carry special-use attributes; if it does,
        # they must be the right ones.
        assert attrs & set(SPECIAL.values()) <= {SPECIAL.get(name)}, (name, attrs)
    assert c("ENABLE IMAP4rev2").ok
    # The extended LIST (RFC 9051 6.3.9, RFC 6154 2): RETURN (SPECIAL-USE) MUST return
    # them; the SPECIAL-USE selection option returns only mailboxes that have one.
    entries = listing(c, "", "*", ret="RETURN (SPECIAL-USE)")
    assert set(entries) == DEFAULTS
    for name, (attrs, _) in entries.items():
        assert attrs & set(SPECIAL.values()) == ({SPECIAL[name]} if name in SPECIAL
                                                 else set()), (name, attrs)
    entries = listing(c, "", "*", select="(SPECIAL-USE)")
    assert {n: a & set(SPECIAL.values()) for n, (a, _) in entries.items()} == \
        {n: {a} for n, a in SPECIAL.items()}
    c.close()
    stored = account.srv.mailboxes(account.name)
    assert {n: m["specialuse"].lower() for n, m in stored.items() if m["specialuse"]} == SPECIAL


def test_create_special_use(account):
    """CREATE-SPECIAL-USE (RFC 6154 3): a new mailbox may be given one use; a use the
    server cannot give (the virtual \\All and \\Flagged, unknown ones, two at once) is
    NO [USEATTR] and nothing is created."""
    c = account.raw()
    assert b"CREATE-SPECIAL-USE" in c("CAPABILITY").starting(b"CAPABILITY")[0].split()
    r = c("CREATE", "Old", r"(USE (\Archive))")
    assert r.ok, r
    r = c("CREATE", "Spam2", r"(USE (\junk))")  # attribute names are case-insensitive
    assert r.ok, r
    for name, use in (("AllMail", r"(\All)"), ("Starred", r"(\Flagged)"),
                      ("Odd", r"(\Foo)"), ("Two", r"(\Sent \Drafts)")):
        r = c("CREATE", name, f"(USE {use})")
        assert r.status == "NO" and r.code == "USEATTR", (name, r)
    entries = listing(c, "", "*", ret="RETURN (SPECIAL-USE)")
    assert set(entries) == DEFAULTS | {"Old", "Spam2"}, entries
    assert "\\archive" in entries["Old"][0] and "\\junk" in entries["Spam2"][0], entries
    c.close()
    stored = account.srv.mailboxes(account.name)
    assert stored["Old"]["specialuse"].lower() == "\\archive", stored


def test_list_wildcards_and_children(account):
    c = account.raw()
    for name in ("Projects", "Projects/2024", "Projects/2024/Q1", "Projects/Old"):
        r = c("CREATE", f'"{name}"')
        assert r.ok, r
    top = listing(c, "", "%")
    assert set(top) == DEFAULTS | {"Projects"}, top
    assert children_attr(top["Projects"][0]) == "\\haschildren"
    assert children_attr(top["INBOX"][0]) == "\\hasnochildren"
    level = listing(c, "", "Projects/%")
    assert set(level) == {"Projects/2024", "Projects/Old"}, level
    assert children_attr(level["Projects/2024"][0]) == "\\haschildren"
    assert children_attr(level["Projects/Old"][0]) == "\\hasnochildren"
    assert set(listing(c, "", "Projects/*")) == {"Projects/2024", "Projects/2024/Q1",
                                                  "Projects/Old"}
    # The reference is prefixed to the pattern (RFC 9051 6.3.9).
    assert set(listing(c, "Projects/", "%")) == {"Projects/2024", "Projects/Old"}
    assert set(listing(c, "", "*Q1")) == {"Projects/2024/Q1"}
    # "*" matches the delimiter too, "%" does not.
    assert set(listing(c, "", "P*/%")) == {"Projects/2024", "Projects/Old",
                                            "Projects/2024/Q1"}
    assert set(listing(c, "", "Pro%/%")) == {"Projects/2024", "Projects/Old"}
    assert set(listing(c, "", "inbox")) == {"INBOX"}  # INBOX is case-insensitive
    assert listing(c, "", "nosuch*") == {}
    # A mailbox whose parents were not created explicitly: "%" still shows the levels
    # above it, with \HasChildren (selectable, or \Noselect / \NonExistent).
    assert c('CREATE "Deep/er/est"').ok
    top = listing(c, "", "%")
    assert children_attr(top["Deep"][0]) == "\\haschildren", top
    mid = listing(c, "", "Deep/%")
    assert set(mid) == {"Deep/er"} and children_attr(mid["Deep/er"][0]) == "\\haschildren"
    c.close()


def test_create_delete_and_their_errors(account):
    c = account.raw()
    assert c("CREATE Work").ok
    r = c("CREATE Work")
    assert r.status == "NO" and r.code == "ALREADYEXISTS", r  # RFC 5530
    r = c("CREATE inbox")
    assert r.status == "NO", r
    assert "Work" in account.srv.mailboxes(account.name)
    # A trailing delimiter only declares a future parent (RFC 9051 6.3.4): no mailbox
    # named with the delimiter at its end.
    assert c('CREATE "Trailing/"').ok
    assert "Trailing/" not in listing(c, "", "*")
    r = c("DELETE NoSuchBox")
    assert r.status == "NO" and r.code == "NONEXISTENT", r
    r = c("DELETE INBOX")
    assert r.status == "NO", r  # RFC 9051 6.3.5: an error to delete INBOX
    # DELETE removes the messages; a new mailbox of the same name does not reuse UIDs
    # unless its UIDVALIDITY differs (RFC 9051 6.3.5).
    for n in (1, 2):
        account.deliver(simple_message(n), "Work")
    before = status_items(c("STATUS Work (UIDNEXT UIDVALIDITY MESSAGES)"))
    assert before["MESSAGES"] == 2 and before["UIDNEXT"] == 3, before
    assert c("DELETE Work").ok
    assert "Work" not in listing(c, "", "*")
    assert "Work" not in account.srv.mailboxes(account.name)
    assert c("STATUS Work (MESSAGES)").status == "NO"
    assert c("CREATE Work").ok
    after = status_items(c("STATUS Work (UIDNEXT UIDVALIDITY MESSAGES)"))
    assert after["MESSAGES"] == 0
    assert after["UIDVALIDITY"] != before["UIDVALIDITY"] or after["UIDNEXT"] >= 3, after
    # Deleting a parent keeps its children (RFC 9051 6.3.5 "MUST NOT remove inferior").
    assert c("CREATE Parent").ok
    assert c('CREATE "Parent/Child"').ok
    r = c("DELETE Parent")
    if r.ok:
        assert "Parent/Child" in listing(c, "", "*")
    else:
        assert r.status == "NO" and r.code == "HASCHILDREN", r
    c.close()


def test_rename_moves_the_hierarchy_and_keeps_messages(account):
    c = account.raw()
    assert c('CREATE "Old/Sub"').ok
    assert c("CREATE Old").status in ("OK", "NO")  # may exist already as a parent
    account.deliver(simple_message(1), "Old")
    account.deliver(simple_message(2), "Old/Sub")
    r = c("RENAME Old New")
    assert r.ok, r
    names = set(listing(c, "", "*"))
    assert {"New", "New/Sub"} <= names and not {"Old", "Old/Sub"} & names, names
    assert status_items(c("STATUS New (MESSAGES)"))["MESSAGES"] == 1
    assert status_items(c('STATUS "New/Sub" (MESSAGES)'))["MESSAGES"] == 1
    assert [m["uid"] for m in account.srv.messages(account.name, "New")] == ["1"]
    r = c("RENAME New Sent")
    assert r.status == "NO" and r.code == "ALREADYEXISTS", r
    r = c("RENAME Nowhere Elsewhere")
    assert r.status == "NO", r
    c.close()


def test_rename_inbox_moves_its_messages(account):
    for n in (1, 2, 3):
        account.deliver(simple_message(n))
    m = account.imap()
    imaplib_before = m.status("INBOX", "(UIDVALIDITY UIDNEXT)")
    assert imaplib_before[0] == "OK"
    typ, data = m.rename("INBOX", "Old-Inbox")
    assert typ == "OK", data
    # RFC 9051 6.3.6: the messages move to a new mailbox; INBOX stays, empty.
    typ, data = m.status("INBOX", "(MESSAGES)")
    assert typ == "OK" and b"MESSAGES 0" in data[0], data
    typ, data = m.status("Old-Inbox", "(MESSAGES)")
    assert typ == "OK" and b"MESSAGES 3" in data[0], data
    typ, data = m.select("Old-Inbox")
    assert data == [b"3"]
    typ, data = m.fetch("1:3", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    subjects = [d[1].strip() for d in data if isinstance(d, tuple)]
    assert subjects == [b"Subject: message 1", b"Subject: message 2", b"Subject: message 3"]
    m.logout()
    assert len(account.srv.messages(account.name, "Old-Inbox")) == 3
    assert account.srv.messages(account.name, "INBOX") == []
    # New mail still goes to the (new, empty) INBOX.
    account.deliver(simple_message(4))
    assert len(account.srv.messages(account.name, "INBOX")) == 1


def test_subscribe_unsubscribe_and_lsub(account):
    c = account.raw()
    assert c('CREATE "Lists/ietf"').ok
    assert c('SUBSCRIBE "Lists/ietf"').ok
    assert c("SUBSCRIBE Sent").ok
    r = c('LSUB "" "*"')
    assert r.ok, r
    subs = list_entries(r)
    assert {"Lists/ietf", "Sent"} <= set(subs), r
    assert all(d == "/" for _, d in subs.values())
    r = c('LSUB "" "Lists/%"')
    assert set(list_entries(r)) == {"Lists/ietf"}, r
    assert c('UNSUBSCRIBE "Lists/ietf"').ok
    subs = list_entries(c('LSUB "" "*"'))
    assert "Lists/ietf" not in subs and "Sent" in subs
    # RFC 9051 6.3.9: LIST (SUBSCRIBED) / RETURN (SUBSCRIBED) mark them \Subscribed.
    assert c("ENABLE IMAP4rev2").ok
    entries = listing(c, "", "*", ret="RETURN (SUBSCRIBED)")
    assert "\\subscribed" in entries["Sent"][0]
    assert "\\subscribed" not in entries["Lists/ietf"][0]
    entries = listing(c, "", "*", select="(SUBSCRIBED)")
    assert "Sent" in entries and "Lists/ietf" not in entries, entries
    c.close()


def test_status_items(account):
    m = account.imap()
    msgs = [simple_message(1), simple_message(2, body="x" * 500 + "\r\n"), simple_message(3)]
    flags = [r"(\Seen)", r"(\Deleted)", None]
    for msg, f in zip(msgs, flags):
        assert m.append("INBOX", f, None, msg)[0] == "OK"
    m.logout()
    c = account.raw()
    r = c("STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT)")
    assert r.ok, r
    st = status_items(r)
    stored = account.srv.mailboxes(account.name)["INBOX"]
    assert st["MESSAGES"] == 3 and st["UIDNEXT"] == 4, st
    assert st["UIDVALIDITY"] == int(stored["uidvalidity"]), (st, stored)
    assert st["UNSEEN"] == 2 and st["DELETED"] == 1, st
    assert st["SIZE"] == sum(len(x) for x in msgs), st
    assert st["SIZE"] == sum(int(x["size"]) for x in account.srv.messages(account.name))
    assert 0 <= st["RECENT"] <= 3, st
    # Each item alone, and the mailbox name in the response (RFC 9051 7.3.4).
    r = c('STATUS "Sent" (MESSAGES)')
    assert parse(r.starting(b"STATUS")[0])[2] == "Sent" and status_items(r) == {"MESSAGES": 0}
    assert c("STATUS NoSuchBox (MESSAGES)").status == "NO"
    assert c("STATUS INBOX (BOGUS)").status == "BAD"
    c.close()


def test_select_and_examine_responses(account):
    m = account.imap()
    assert m.append("INBOX", r"(\Seen)", None, simple_message(1))[0] == "OK"
    assert m.append("INBOX", None, None, simple_message(2))[0] == "OK"
    m.logout()
    validity = int(account.srv.mailboxes(account.name)["INBOX"]["uidvalidity"])
    c = account.raw()
    r = c("SELECT INBOX")
    assert r.ok and r.code == "READ-WRITE", r
    flags = r.starting(b"FLAGS ")
    assert len(flags) == 1, r
    assert {"\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"} <= \
        set(parse(flags[0])[2]), flags
    codes = response_codes(r)
    permanent = set(parse(codes["PERMANENTFLAGS"].encode())[0])
    assert {"\\Seen", "\\Deleted", "\\*"} <= permanent, codes  # keywords may be stored
    assert int(codes["UIDVALIDITY"]) == validity
    assert int(codes["UIDNEXT"]) == 3
    assert r.numbered("EXISTS") == [(2, None)], r
    # RFC 3501 6.3.1 (rev1 until ENABLE IMAP4rev2): RECENT and the first unseen message.
    assert len(r.numbered("RECENT")) == 1, r
    assert int(codes["UNSEEN"]) == 2, codes

    r = c("EXAMINE INBOX")
    assert r.ok and r.code == "READ-ONLY", r
    assert r.numbered("EXISTS") == [(2, None)]
    # Nothing changes in a read-only mailbox (RFC 9051 6.3.3), not even \Seen by a FETCH
    # of the body. STORE and EXPUNGE may fail (NO) or do nothing.
    r = c("STORE 2 +FLAGS (\\Flagged)")
    assert r.status in ("NO", "OK") and not r.numbered("FETCH"), r
    r = c("FETCH 2 BODY[]")
    assert r.ok, r
    assert "\\Seen" not in str(r.untagged), r
    r = c("EXPUNGE")
    assert r.status in ("NO", "OK") and not r.numbered("EXPUNGE"), r
    flags = {x["uid"]: x["flags"] for x in account.srv.messages(account.name)}
    assert flags == {"1": "\\Seen", "2": ""}, flags

    # A failed SELECT leaves no mailbox selected (RFC 9051 6.3.2).
    r = c("SELECT NoSuchBox")
    assert r.status == "NO", r
    assert c("FETCH 1 FLAGS").status in ("BAD", "NO")
    assert c("SELECT Sent").ok
    c.close()

    c = account.raw()
    assert c("ENABLE IMAP4rev2").ok
    r = c("SELECT INBOX")
    assert r.ok, r
    lists = r.starting(b"LIST ")
    assert len(lists) == 1 and parse(lists[0])[4] == "INBOX", r
    # RFC 9051 6.3.2: leaving a selected mailbox for another one says [CLOSED].
    r = c("EXAMINE Sent")
    assert r.ok and r.code == "READ-ONLY", r
    assert "CLOSED" in response_codes(r), r
    assert r.numbered("EXISTS") == [(0, None)]
    c.close()


def test_imaplib_mailbox_round_trip(account):
    m = account.imap("starttls")
    assert m.create("Round/Trip")[0] == "OK"
    typ, data = m.list("Round")
    assert typ == "OK" and any(b'"Round/Trip"' in d or b" Round/Trip" in d for d in data), data
    assert m.subscribe("Round/Trip")[0] == "OK"
    typ, data = m.lsub()
    assert any(d.endswith(b"Round/Trip") or d.endswith(b'"Round/Trip"') for d in data), data
    assert m.rename("Round/Trip", "Round/Again")[0] == "OK"
    assert m.delete("Round/Again")[0] == "OK"
    typ, data = m.select("Round/Again")
    assert typ == "NO"
    # RFC 9051 5.1 allows "%" and "*" in names; Tern refuses them (they could not be
    # listed on their own; see imap/grammar/mailbox_name.h). Quoted, it is a valid
    # astring and the refusal is NO; imaplib sends it bare, an atom "*" cannot be in, so
    # the grammar answers BAD (RFC 9051 9: "*" is a list-wildcard, not an ATOM-CHAR).
    assert m.create('"Round/*"')[0] == "NO"
    with pytest.raises(imaplib.IMAP4.error, match="BAD"):
        m.create("Round/*")
    m.logout()
