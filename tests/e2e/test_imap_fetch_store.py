"""IMAP message commands against the running daemon: APPEND with flags and date
(APPENDUID, RFC 4315), FETCH of every kind of item (RFC 9051 6.4.5, BINARY of RFC 3516),
\\Seen set by non-PEEK fetches, STORE with keywords and .SILENT, COPY (COPYUID), MOVE (RFC
6851), EXPUNGE, UID EXPUNGE, CLOSE, UNSELECT and the UID forms. Each result is checked on
the wire and against what `tern message list` / `tern message get` say is stored."""
import datetime
import imaplib

from imap_support import (MULTIPART, MULTIPART_PART1, MULTIPART_PART2,
                          MULTIPART_PART2_ENCODED, Lit, fetch_items, internaldate, norm,
                          quote, response_codes, simple_message)

DATE = datetime.datetime(1994, 2, 7, 21, 52, 25,
                         tzinfo=datetime.timezone(datetime.timedelta(hours=-8)))


def as_bytes(v):
    return v.encode() if isinstance(v, str) else v


def stored_flags(account, mailbox="INBOX"):
    """{uid: set of flags} as a new session sees them. `tern message list` shows system
    flags only (no keywords); those must agree."""
    c = account.raw()
    assert c("EXAMINE", quote(mailbox)).ok
    r = c("UID FETCH 1:* (FLAGS)")
    c.close()
    seen = {int(v["UID"]): flags_of(v["FLAGS"]) for v in fetch_items(r).values()}
    cli = {int(m["uid"]): set(m["flags"].split()) for m in
           account.srv.messages(account.name, mailbox)}
    assert {uid: {f for f in fl if f.startswith("\\")} for uid, fl in seen.items()} == cli, \
        (seen, cli)
    return seen


def stored_uids(account, mailbox="INBOX"):
    return [int(m["uid"]) for m in account.srv.messages(account.name, mailbox)]


def flags_of(value):
    """A FETCH FLAGS value as a set, without \\Recent (a session flag of rev1)."""
    return {str(f) for f in value} - {"\\Recent"}


def uid_set(text):
    """Expands a uid-set ("1:3,7") into a list, in the order written (RFC 4315 4)."""
    out = []
    for part in text.split(","):
        if ":" in part:
            a, b = (int(x) for x in part.split(":"))
            out.extend(range(a, b + 1) if a <= b else range(a, b - 1, -1))
        else:
            out.append(int(part))
    return out


def copyuid(reply):
    """(uidvalidity, source uids, destination uids) of a COPYUID code in the reply."""
    code = response_codes(reply).get("COPYUID")
    assert code, reply
    validity, src, dst = code.split()
    return int(validity), uid_set(src), uid_set(dst)


def apply_expunges(view, reply):
    """The UIDs of a session's view after the reply's EXPUNGE responses, applied in order
    (each names a sequence number of the view as it is at that point, RFC 9051 7.5.1)."""
    view = list(view)
    for n, _ in reply.numbered("EXPUNGE"):
        assert 1 <= n <= len(view), (n, view, reply)
        del view[n - 1]
    return view


def selected(account, mailbox="INBOX", count=None):
    c = account.raw()
    r = c("SELECT", mailbox)
    assert r.ok, r
    if count is not None:
        assert r.numbered("EXISTS") == [(count, None)], r
    return c


def test_append_with_flags_and_date(account):
    m = account.imap()
    typ, data = m.append("INBOX", r"(\Seen $Work)", imaplib.Time2Internaldate(DATE), MULTIPART)
    assert typ == "OK", data
    # RFC 4315 3: [APPENDUID uidvalidity uid]
    code = data[0].decode()
    assert code.startswith("[APPENDUID "), data
    validity, uid = (int(x) for x in code[len("[APPENDUID "):].split("]")[0].split())
    stored = account.srv.mailboxes(account.name)["INBOX"]
    assert validity == int(stored["uidvalidity"]) and uid == 1
    typ, data = m.append("INBOX", None, None, simple_message(2))
    assert typ == "OK" and data[0].startswith(b"[APPENDUID %d 2]" % validity), data
    m.logout()
    assert account.srv.message_bytes(account.name, 1) == MULTIPART
    msgs = account.srv.messages(account.name)
    assert int(msgs[0]["internaldate"]) == int(DATE.timestamp()), msgs[0]
    assert int(msgs[0]["size"]) == len(MULTIPART)
    assert stored_flags(account) == {1: {"\\Seen", "$Work"}, 2: set()}

    c = selected(account, count=2)
    r = c("UID FETCH 1 (INTERNALDATE FLAGS)")
    items = fetch_items(r)[1]
    assert internaldate(items["INTERNALDATE"]) == DATE
    assert flags_of(items["FLAGS"]) == {"\\Seen", "$Work"}
    # APPEND into the selected mailbox with a non-synchronising literal (LITERAL+); the
    # session learns of the new message (RFC 9051 6.3.12: EXISTS).
    msg = simple_message(3)
    r = c("APPEND INBOX (\\Flagged) \"01-Jan-2020 10:00:00 +0000\"", Lit(msg, nonsync=True))
    assert r.ok and r.code.startswith("APPENDUID"), r
    if not r.numbered("EXISTS"):
        r = c("NOOP")
    assert r.numbered("EXISTS")[-1][0] == 3, r
    assert account.srv.message_bytes(account.name, 3) == msg
    # RFC 9051 6.3.12: a missing mailbox is NO [TRYCREATE]; a bad date is BAD.
    r = c("APPEND NoSuchBox", Lit(msg))
    assert r.status == "NO" and r.code == "TRYCREATE", r
    r = c('APPEND INBOX "31-Foo-2020 10:00:00 +0000"', Lit(msg))
    assert r.status == "BAD", r
    c.close()
    assert stored_uids(account) == [1, 2, 3]


def test_fetch_items(account):
    m = account.imap()
    assert m.append("INBOX", None, imaplib.Time2Internaldate(DATE), MULTIPART)[0] == "OK"
    m.logout()
    c = selected(account)
    r = c("UID FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY)")
    assert r.ok, r
    items = fetch_items(r)[1]
    assert items["UID"] == "1"  # UID FETCH always includes UID (RFC 9051 6.4.9)
    assert flags_of(items["FLAGS"]) == set()
    assert internaldate(items["INTERNALDATE"]) == DATE
    assert int(items["RFC822.SIZE"]) == len(MULTIPART)
    # RFC 9051 7.5.2 ENVELOPE: date subject from sender reply-to to cc bcc in-reply-to
    # message-id; Reply-To is absent so it is From.
    alice = ["Alice Example", None, "alice", "example.org"]
    assert norm(items["ENVELOPE"]) == [
        "Mon, 7 Feb 1994 21:52:25 -0800", "quarterly report", [alice],
        [[None, None, "secretary", "example.org"]], [alice],
        [["Bob", None, "bob", "example.org"], [None, None, "carol", "example.net"]],
        [[None, None, "dave", "example.net"]], None, "<parent@imap.test>",
        "<mp1@imap.test>"]
    check_bodystructure(norm(items["BODYSTRUCTURE"]), extensions=True)
    body = norm(items["BODY"])
    check_bodystructure(body, extensions=False)
    assert len(body) == 3 and len(body[0]) == 8 and len(body[1]) == 7, body

    r = c("FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[1]<0.10> BODY.PEEK[2] "
          "BINARY.PEEK[2] BINARY.SIZE[2] BINARY.PEEK[1] BINARY.SIZE[1] BODY.PEEK[1.MIME] "
          "BODY.PEEK[TEXT] BODY.PEEK[HEADER] BODY.PEEK[]<10000.5>)")
    assert r.ok, r
    items = fetch_items(r)[1]
    header, text = MULTIPART.split(b"\r\n\r\n", 1)
    expected = {
        "BODY[HEADER.FIELDS (SUBJECT)]": b"Subject: quarterly report\r\n\r\n",
        "BODY[1]<0>": b"Hello worl",
        "BODY[2]": MULTIPART_PART2_ENCODED,
        "BINARY[2]": MULTIPART_PART2,  # decoded from base64 (RFC 3516)
        "BINARY[1]": MULTIPART_PART1,
        "BODY[1.MIME]": b"Content-Type: text/plain; charset=us-ascii\r\n\r\n",
        "BODY[TEXT]": text,
        "BODY[HEADER]": header + b"\r\n\r\n",
        "BODY[]<10000>": b"",  # a partial beyond the end is empty (RFC 9051 6.4.5)
    }
    for k, v in expected.items():
        assert k in items, (k, r)
        assert as_bytes(items[k]) == v, (k, items[k])
    assert int(items["BINARY.SIZE[2]"]) == len(MULTIPART_PART2)
    assert int(items["BINARY.SIZE[1]"]) == len(MULTIPART_PART1)
    assert b"~{10}\r\n" in r.untagged[0]  # binary data needs literal8 (RFC 3516 4.3)
    assert "FLAGS" not in items
    assert stored_flags(account) == {1: set()}  # PEEK leaves \Seen alone

    r = c("FETCH 1 FAST")
    assert {"FLAGS", "INTERNALDATE", "RFC822.SIZE"} <= set(fetch_items(r)[1]), r
    c.close()


def check_bodystructure(bs, extensions):
    """MULTIPART's structure (RFC 9051 7.5.2 BODYSTRUCTURE, BODY when not extensions)."""
    part1, part2, subtype = bs[0], bs[1], bs[2]
    assert [x.upper() for x in part1[:2]] == ["TEXT", "PLAIN"], part1
    assert [x.lower() for x in part1[2]] == ["charset", "us-ascii"], part1
    assert part1[3:5] == [None, None] and part1[5].upper() == "7BIT", part1
    assert part1[6:8] == [len(MULTIPART_PART1), 2], part1  # octets, lines
    assert [x.upper() for x in part2[:2]] == ["APPLICATION", "OCTET-STREAM"], part2
    assert [part2[2][0].lower(), part2[2][1]] == ["name", "data.bin"], part2
    assert part2[3:5] == [None, None] and part2[5].upper() == "BASE64", part2
    assert part2[6] == len(MULTIPART_PART2_ENCODED), part2
    assert subtype.upper() == "MIXED", bs
    if not extensions:
        return
    # Extension data is optional on the wire, but what is sent must be right.
    if len(bs) > 3:
        assert [bs[3][0].lower(), bs[3][1]] == ["boundary", "XX"], bs
    if len(part2) > 8:
        assert part2[7] is None  # no MD5
        disposition = part2[8]
        assert disposition[0].upper() == "ATTACHMENT", part2
        assert [disposition[1][0].lower(), disposition[1][1]] == ["filename", "data.bin"]


def test_non_peek_fetches_set_seen(account):
    for n in range(1, 6):
        account.deliver(simple_message(n))
    stored = account.srv.message_bytes(account.name, 2)
    c = selected(account, count=5)
    # RFC 9051 6.4.5: BODY[section] and BINARY[section] set \Seen; the new FLAGS SHOULD
    # come in the same FETCH response.
    for n, item in ((1, "BODY[1]<0.4>"), (2, "BODY[]"), (3, "BINARY[1]"),
                    (4, "RFC822.TEXT")):
        r = c(f"FETCH {n} {item}")
        assert r.ok, r
        got = fetch_items(r)[n]
        if "FLAGS" not in got:
            got.update(fetch_items(c(f"FETCH {n} FLAGS"))[n])
        assert "\\Seen" in flags_of(got["FLAGS"]), (item, r)
        if item == "BODY[]":
            assert as_bytes(got["BODY[]"]) == stored
    r = c("FETCH 5 (RFC822.HEADER BODY.PEEK[])")  # neither sets \Seen
    assert flags_of(fetch_items(c("FETCH 5 FLAGS"))[5]["FLAGS"]) == set(), r
    c.close()
    assert stored_flags(account) == {1: {"\\Seen"}, 2: {"\\Seen"}, 3: {"\\Seen"},
                                     4: {"\\Seen"}, 5: set()}


def test_store_flags_and_keywords(account):
    for n in range(1, 4):
        account.deliver(simple_message(n))
    c = selected(account, count=3)
    r = c("STORE 1 +FLAGS (\\Flagged $Important)")
    assert r.ok, r
    assert flags_of(fetch_items(r)[1]["FLAGS"]) == {"\\Flagged", "$Important"}
    r = c("STORE 1 -FLAGS (\\Flagged)")
    assert flags_of(fetch_items(r)[1]["FLAGS"]) == {"$Important"}
    r = c("STORE 2 FLAGS (\\Answered \\Draft $Two)")
    assert flags_of(fetch_items(r)[2]["FLAGS"]) == {"\\Answered", "\\Draft", "$Two"}
    r = c("STORE 3 +FLAGS.SILENT (\\Deleted)")
    assert r.ok and not r.numbered("FETCH"), r
    # UID STORE's FETCH responses carry the UID (RFC 9051 6.4.9).
    r = c("UID STORE 2 +FLAGS (\\Seen)")
    items = fetch_items(r)[2]
    assert items["UID"] == "2" and "\\Seen" in flags_of(items["FLAGS"]), r
    r = c("STORE 1:3 -FLAGS.SILENT ($Important $Two)")
    assert r.ok and not r.numbered("FETCH"), r
    r = c("FETCH 1:3 FLAGS")
    got = {n: flags_of(v["FLAGS"]) for n, v in fetch_items(r).items()}
    expected = {1: set(), 2: {"\\Answered", "\\Draft", "\\Seen"}, 3: {"\\Deleted"}}
    assert got == expected, r
    assert stored_flags(account) == expected
    # A keyword is stored as sent and comes back the same.
    r = c("STORE 1 +FLAGS (Custom_Keyword)")
    assert flags_of(fetch_items(r)[1]["FLAGS"]) == {"Custom_Keyword"}
    assert stored_flags(account)[1] == {"Custom_Keyword"}
    # \Recent cannot be altered by the client (RFC 3501 2.3.2): refused, or ignored.
    r = c("STORE 1 +FLAGS (\\Recent)")
    assert r.status in ("BAD", "NO", "OK"), r
    assert stored_flags(account)[1] == {"Custom_Keyword"}
    assert c("STORE 1 FROBNICATE (\\Seen)").status == "BAD"
    c.close()


def test_copy_with_copyuid(account):
    for n in range(1, 4):
        account.deliver(simple_message(n))
    m = account.imap()
    m.select("INBOX")
    assert m.store("1", "+FLAGS", r"(\Flagged $Kw)")[0] == "OK"
    assert m.create("Dest")[0] == "OK"
    typ, data = m.copy("1:2", "Dest")
    assert typ == "OK", data
    dest_validity = int(account.srv.mailboxes(account.name)["Dest"]["uidvalidity"])
    code = data[0].decode()
    assert code.startswith("[COPYUID "), data
    validity, src, dst = code[len("[COPYUID "):].split("]")[0].split()
    assert int(validity) == dest_validity
    assert (uid_set(src), uid_set(dst)) == ([1, 2], [1, 2])
    typ, data = m.copy("1", "NoSuchBox")
    assert typ == "NO" and data[0].startswith(b"[TRYCREATE]"), data
    m.logout()
    c = selected(account)  # imaplib's uid() drops the tagged response's code
    r = c("UID COPY 3 Dest")
    assert r.ok and copyuid(r) == (dest_validity, [3], [3]), r
    c.close()
    src_msgs = account.srv.messages(account.name)
    dst_msgs = account.srv.messages(account.name, "Dest")
    assert len(src_msgs) == 3 and [x["uid"] for x in dst_msgs] == ["1", "2", "3"]
    assert stored_flags(account, "Dest")[1] == {"\\Flagged", "$Kw"}
    # Internal dates are kept (RFC 9051 6.4.7 SHOULD).
    assert [x["internaldate"] for x in dst_msgs] == [x["internaldate"] for x in src_msgs]
    for uid in (1, 2, 3):
        assert account.srv.message_bytes(account.name, uid, "Dest") == \
            account.srv.message_bytes(account.name, uid)


def test_move_with_untagged_copyuid_and_expunge(account):
    for n in range(1, 5):
        account.deliver(simple_message(n))
    c = selected(account, count=4)
    assert c("STORE 2 +FLAGS.SILENT ($Moved)").ok
    assert c("CREATE Dest").ok
    dest_validity = int(account.srv.mailboxes(account.name)["Dest"]["uidvalidity"])
    r = c("MOVE 2 Dest")
    assert r.ok, r
    # RFC 6851 4.3: COPYUID in an untagged OK, before the EXPUNGE responses.
    oks = [i for i, u in enumerate(r.untagged) if u.startswith(b"* OK [COPYUID ")]
    expunges = [i for i, u in enumerate(r.untagged) if u.endswith(b" EXPUNGE")]
    assert len(oks) == 1 and expunges and oks[0] < expunges[0], r
    assert copyuid(r) == (dest_validity, [2], [1])
    view = apply_expunges([1, 2, 3, 4], r)
    assert view == [1, 3, 4]
    r = c("UID MOVE 3:4 Dest")
    assert r.ok and copyuid(r) == (dest_validity, [3, 4], [2, 3]), r
    assert apply_expunges(view, r) == [1]
    r = c("MOVE 1 NoSuchBox")
    assert r.status == "NO" and r.code == "TRYCREATE" and not r.numbered("EXPUNGE"), r
    r = c("FETCH 1:* UID")
    assert [int(v["UID"]) for v in fetch_items(r).values()] == [1]
    c.close()
    assert stored_uids(account) == [1]
    assert stored_uids(account, "Dest") == [1, 2, 3]
    assert stored_flags(account, "Dest")[1] == {"$Moved"}
    # imaplib's MOVE
    m = account.imap()
    m.select("Dest")
    typ, data = m.uid("MOVE", "1:2", "INBOX")
    assert typ == "OK", data
    m.logout()
    assert stored_uids(account) == [1, 5, 6] and stored_uids(account, "Dest") == [3]


def test_expunge_uid_expunge_close_and_unselect(account):
    for n in range(1, 6):
        account.deliver(simple_message(n))
    c = selected(account, count=5)
    assert c("STORE 1,2,4 +FLAGS.SILENT (\\Deleted)").ok
    r = c("UID EXPUNGE 4")  # RFC 4315 2.1: only the listed UIDs
    assert r.ok and r.numbered("EXPUNGE") == [(4, None)], r
    assert stored_uids(account) == [1, 2, 3, 5]
    r = c("EXPUNGE")
    assert r.ok, r
    view = apply_expunges([1, 2, 3, 5], r)
    assert view == [3, 5], r
    r = c("FETCH 1:* UID")
    assert [int(v["UID"]) for v in fetch_items(r).values()] == [3, 5]
    assert c("UID EXPUNGE 1:*").numbered("EXPUNGE") == []  # nothing is \Deleted now
    # UNSELECT leaves \Deleted messages (RFC 3691); CLOSE removes them silently (RFC
    # 9051 6.4.1: no EXPUNGE responses), and either leaves the selected state.
    assert c("STORE 1 +FLAGS.SILENT (\\Deleted)").ok
    r = c("UNSELECT")
    assert r.ok and not r.numbered("EXPUNGE"), r
    assert c("FETCH 1 FLAGS").status in ("BAD", "NO")
    assert stored_uids(account) == [3, 5]
    assert c("EXAMINE INBOX").ok
    assert c("CLOSE").ok  # read-only: nothing expunged
    assert stored_uids(account) == [3, 5]
    assert c("SELECT INBOX").ok
    r = c("CLOSE")
    assert r.ok and not r.numbered("EXPUNGE"), r
    assert c("FETCH 1 FLAGS").status in ("BAD", "NO")
    assert stored_uids(account) == [5]
    assert c("UNSELECT").status in ("BAD", "NO")  # nothing selected
    c.close()


def test_uid_forms_and_ranges(account):
    for n in range(1, 5):
        account.deliver(simple_message(n))
    c = selected(account, count=4)
    assert c("UID STORE 2 +FLAGS.SILENT (\\Deleted)").ok
    assert c("UID EXPUNGE 2").ok
    # Now UIDs 1 3 4 are messages 1 2 3.
    r = c("FETCH 2 UID")
    assert fetch_items(r)[2]["UID"] == "3"
    r = c("UID FETCH 1:* (UID)")
    assert [int(v["UID"]) for v in fetch_items(r).values()] == [1, 3, 4]
    # RFC 9051 6.4.9: "559:*" always includes the last message, even past the last UID.
    r = c("UID FETCH 100:* (FLAGS)")
    assert {n: v["UID"] for n, v in fetch_items(r).items()} == {3: "4"}, r
    r = c("UID FETCH 2 (FLAGS)")  # a missing UID is no error, just no data
    assert r.ok and not r.numbered("FETCH"), r
    r = c("UID FETCH 4,1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    got = {v["UID"]: as_bytes(v["BODY[HEADER.FIELDS (SUBJECT)]"])
           for v in fetch_items(r).values()}
    assert got == {"1": b"Subject: message 1\r\n\r\n", "4": b"Subject: message 4\r\n\r\n"}
    r = c("UID SEARCH SUBJECT \"message 3\"")
    assert r.starting(b"SEARCH") == [b"* SEARCH 3"], r
    r = c("UID STORE 3:4 +FLAGS (\\Answered)")
    assert {v["UID"] for v in fetch_items(r).values()} == {"3", "4"}, r
    r = c("UID COPY 1:3 Trash")
    assert r.ok and copyuid(r)[1:] == ([1, 3], [1, 2]), r
    c.close()
    assert stored_flags(account) == {1: set(), 3: {"\\Answered"}, 4: {"\\Answered"}}
    assert stored_uids(account, "Trash") == [1, 2]
