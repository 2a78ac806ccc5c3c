"""The APPEND family against the running daemon: MULTIAPPEND (RFC 3502: several messages,
all or none), CATENATE (RFC 4469: messages built from literals and IMAP URLs of stored
messages), REPLACE (RFC 8508) and APPENDLIMIT (RFC 7889). Responses are checked on the
wire, stored state through a second session and `tern message list/get`."""
import itertools

import pytest

from conftest import Account
from imap_support import (CRLF, MULTIPART, MULTIPART_PART1, Lit, Reply, capabilities,
                          fetch_items, internaldate, quote, response_codes, simple_message,
                          status_items, untagged_capabilities)

DEFAULT_LIMIT = 52428800  # store.maxmessagesize's default
_quota_users = itertools.count(1)


def send(c, *segments, tag=None) -> Reply:
    """Sends one command made of `segments` joined as they are (no spaces added): bytes or
    str as written, Lit as a literal ("{n}" or "{n+}" then its data after "+"). The tag
    and a space come first. Returns the reply, or the tagged refusal of a literal."""
    tag = tag or c.next_tag()
    pending = tag.encode() + b" "
    untagged = []
    for s in segments:
        if isinstance(s, Lit):
            pending += b"{%d%s}\r\n" % (len(s.data), b"+" if s.nonsync else b"")
            c.send(pending)
            pending = b""
            if not s.nonsync:
                while True:
                    r = c.response()
                    if r.startswith(b"+"):
                        break
                    if r.startswith(tag.encode() + b" "):
                        return Reply(tag, untagged, r)
                    untagged.append(r)
            pending = s.data
        else:
            pending += s.encode() if isinstance(s, str) else s
    c.send(pending + CRLF)
    return c.read_until_tagged(tag, untagged)


def quota_account(srv, quota):
    name = f"quota{next(_quota_users)}"
    srv.add_user(name, f"pw-{name}", "--quota", quota)
    return Account(srv, name, f"pw-{name}")


def body_of(c, uid):
    r = c(f"UID FETCH {uid} BODY.PEEK[]")
    assert r.ok, r
    (items,) = fetch_items(r).values()
    return items["BODY[]"]


def uid_validity(c, mailbox):
    return status_items(c("STATUS", mailbox, "(UIDVALIDITY)"))["UIDVALIDITY"]


def ensure_mailbox(c, name):
    """Creates `name` unless the account has it already (new accounts have Drafts, Sent...)."""
    r = c("CREATE", name)
    assert r.ok or r.code == "ALREADYEXISTS", r


def mailbox_state(c, mailbox):
    return status_items(c("STATUS", mailbox, "(MESSAGES UIDNEXT)"))


# --- APPENDLIMIT (RFC 7889) ----------------------------------------------------------------

def test_appendlimit_in_capability_status_and_list(account):
    c = account.raw(login=False)
    assert f"APPENDLIMIT={DEFAULT_LIMIT}" in capabilities(c.greeting)
    c.login(account.name, account.password)
    caps = untagged_capabilities(c("CAPABILITY"))
    assert {"MULTIAPPEND", "CATENATE", "REPLACE", f"APPENDLIMIT={DEFAULT_LIMIT}"} <= caps
    # RFC 7889 3.1's example.
    r = c("STATUS INBOX (APPENDLIMIT)")
    assert r.ok, r
    assert r.untagged == [b"* STATUS INBOX (APPENDLIMIT %d)" % DEFAULT_LIMIT]
    r = c("STATUS INBOX (MESSAGES APPENDLIMIT)")
    assert r.untagged == [b"* STATUS INBOX (MESSAGES 0 APPENDLIMIT %d)" % DEFAULT_LIMIT]
    # RFC 7889 3.2: LIST RETURN (STATUS (APPENDLIMIT)).
    ensure_mailbox(c, "Work")
    r = c('LIST "" % RETURN (STATUS (APPENDLIMIT))')
    assert r.ok, r
    statuses = [u for u in r.untagged if u.startswith(b"* STATUS")]
    assert b"* STATUS INBOX (APPENDLIMIT %d)" % DEFAULT_LIMIT in statuses
    assert b"* STATUS Work (APPENDLIMIT %d)" % DEFAULT_LIMIT in statuses


def test_appendlimit_follows_maxmessagesize_and_too_big_messages(tern_install):
    tern_install.set("store.maxmessagesize", "2048")
    tern_install.add_user("dora", "pw-dora")
    tern_install.start_imap()
    try:
        a = Account(tern_install, "dora", "pw-dora")
        c = a.raw()
        assert "APPENDLIMIT=2048" in untagged_capabilities(c("CAPABILITY"))
        assert status_items(c("STATUS INBOX (APPENDLIMIT)")) == {"APPENDLIMIT": 2048}
        # RFC 7889 4: over the limit is TOOBIG, refused before the data is sent.
        r = send(c, "APPEND INBOX ", Lit(b"x" * 2049))
        assert r.status == "NO" and r.code == "TOOBIG", r
        # A CATENATE whose parts add up to more than the limit.
        assert send(c, "APPEND INBOX ", Lit(simple_message(1, body="a" * 1500 + "\r\n"))).ok
        r = send(c, "APPEND INBOX CATENATE (URL \"/INBOX/;UID=1\" TEXT ", Lit(b"b" * 900), ")")
        assert r.status == "NO" and r.code == "TOOBIG", r
        assert mailbox_state(c, "INBOX") == {"MESSAGES": 1, "UIDNEXT": 2}
        a.close_all()
    finally:
        rc = tern_install.stop()
        assert rc == 0, tern_install.log[-3000:]


# --- MULTIAPPEND (RFC 3502) ----------------------------------------------------------------

def test_multiappend_three_messages_in_one_command(account):
    c = account.raw()
    ensure_mailbox(c, "saved-messages")
    m1, m2, m3 = (simple_message(n) for n in (1, 2, 3))
    r = send(c, "APPEND saved-messages (\\Seen) ", Lit(m1),
             " (\\Seen) \" 7-Feb-1994 22:43:04 -0800\" ", Lit(m2), " ", Lit(m3, nonsync=True))
    assert r.ok, r
    validity = uid_validity(c, "saved-messages")
    # RFC 3502 / RFC 4315: one UID per message, in the order appended.
    assert response_codes(r)["APPENDUID"] == f"{validity} 1:3"
    other = account.raw()
    assert other("EXAMINE saved-messages").ok
    got = fetch_items(other("FETCH 1:* (UID FLAGS INTERNALDATE BODY.PEEK[])"))
    assert [int(v["UID"]) for v in got.values()] == [1, 2, 3]
    assert [v["BODY[]"] for v in got.values()] == [m1, m2, m3]
    assert [set(v["FLAGS"]) - {"\\Recent"} for v in got.values()] == [{"\\Seen"}, {"\\Seen"}, set()]
    assert internaldate(got[2]["INTERNALDATE"]) == internaldate("07-Feb-1994 22:43:04 -0800")
    assert [m["uid"] for m in account.srv.messages(account.name, "saved-messages")] == ["1", "2", "3"]


def test_multiappend_to_the_selected_mailbox_reports_exists(account):
    c = account.raw()
    assert c("SELECT INBOX").ok
    r = send(c, "APPEND INBOX ", Lit(simple_message(1)), " ", Lit(simple_message(2)))
    assert r.ok, r
    assert response_codes(r)["APPENDUID"].endswith(" 1:2")
    assert r.numbered("EXISTS") == [(2, None)]


def test_multiappend_over_quota_midway_stores_nothing(imap_server):
    a = quota_account(imap_server, "4K")
    c = a.raw()
    try:
        before = mailbox_state(c, "INBOX")
        big = simple_message(1, body="x" * 1500 + "\r\n")
        r = send(c, "APPEND INBOX ", Lit(big), " ", Lit(big), " ", Lit(big))
        assert r.status == "NO" and r.code == "OVERQUOTA", r
        assert mailbox_state(c, "INBOX") == before == {"MESSAGES": 0, "UIDNEXT": 1}
        assert imap_server.messages(a.name) == []
        # Two of them fit: the same command with two succeeds.
        r = send(c, "APPEND INBOX ", Lit(big), " ", Lit(big))
        assert r.ok, r
        assert mailbox_state(c, "INBOX") == {"MESSAGES": 2, "UIDNEXT": 3}
    finally:
        a.close_all()


def test_multiappend_failures_midway_store_nothing(account):
    c = account.raw()
    m = simple_message(1)
    # RFC 3502: a zero-length literal cancels the whole APPEND.
    r = send(c, "APPEND INBOX ", Lit(m), " ", Lit(m), " ", Lit(b""))
    assert r.status == "NO", r
    # A bad flag on the third message.
    r = send(c, "APPEND INBOX ", Lit(m), " ", Lit(m), " (\\Bogus) ", Lit(m))
    assert r.status == "BAD", r
    # RFC 3502's A005: a literal too large for the server is refused when announced,
    # before its data; the messages before it are not kept.
    tag = c.next_tag()
    c.send(f"{tag} APPEND INBOX {{{len(m)}}}\r\n".encode())
    assert c.response().startswith(b"+")
    c.send(m + b" {60000000}\r\n")
    r = c.read_until_tagged(tag)
    assert r.status == "NO" and r.code == "TOOBIG", r
    # Nothing of any of them was stored, and the session goes on.
    assert mailbox_state(c, "INBOX") == {"MESSAGES": 0, "UIDNEXT": 1}
    assert account.srv.messages(account.name) == []
    assert c("NOOP").ok
    # RFC 3502 6.3.11: a missing mailbox is TRYCREATE, not created.
    r = send(c, "APPEND bogusname (\\Flagged) ", Lit(m), " ", Lit(m))
    assert r.status == "NO" and r.code == "TRYCREATE", r
    assert c("STATUS bogusname (MESSAGES)").status == "NO"


# --- CATENATE (RFC 4469) -------------------------------------------------------------------

def deliver_multipart(account):
    """MULTIPART in INBOX as UID 1; returns INBOX's UIDVALIDITY."""
    account.deliver(MULTIPART)
    c = account.raw()
    v = uid_validity(c, "INBOX")
    c.close()
    return v


def multipart_piece():
    """(top-level header, part 1's MIME header) of MULTIPART, blank lines included."""
    header = MULTIPART[:MULTIPART.index(b"\r\n\r\n") + 4]
    start = MULTIPART.index(b"--XX\r\n") + len(b"--XX\r\n")
    mime = MULTIPART[start:MULTIPART.index(b"\r\n\r\n", start) + 4]
    return header, mime


def test_catenate_text_and_url_parts(account):
    v = deliver_multipart(account)
    c = account.raw()
    ensure_mailbox(c, "Drafts")
    header, mime = multipart_piece()
    boundary = b"\r\n--XX\r\n"
    # RFC 4469 example 1's shape: the header, a boundary, part 1 with its MIME header, a
    # replacement part instead of the attachment, and a partial of part 1.
    new_part = b"Content-Type: text/plain\r\n\r\nThe attachment was removed.\r\n--XX--\r\n"
    r = send(c, "APPEND Drafts (\\Seen \\Draft $MDNSent) CATENATE ",
             f'(URL "/INBOX;UIDVALIDITY={v}/;UID=1/;section=HEADER" TEXT ', Lit(boundary),
             f' URL "/INBOX;UIDVALIDITY={v}/;UID=1/;section=1.MIME"',
             f' URL "/INBOX;UIDVALIDITY={v}/;UID=1/;SECTION=1" TEXT ', Lit(boundary),
             " TEXT ", Lit(new_part, nonsync=True),
             ' URL "/INBOX/;UID=1/;section=1/;partial=6.5")')
    assert r.ok, r
    drafts_v = uid_validity(c, "Drafts")
    assert response_codes(r)["APPENDUID"] == f"{drafts_v} 1"
    expected = header + boundary + mime + MULTIPART_PART1 + boundary + new_part + b"world"
    other = account.raw()
    assert other("EXAMINE Drafts").ok
    assert body_of(other, 1) == expected
    assert account.srv.message_bytes(account.name, 1, "Drafts") == expected
    got = fetch_items(other("FETCH 1 (FLAGS RFC822.SIZE)"))[1]
    assert set(got["FLAGS"]) - {"\\Recent"} == {"\\Seen", "\\Draft", "$MDNSent"}
    assert int(got["RFC822.SIZE"]) == len(expected)
    # The catenated message is parsed like any other: part 1 is the text part.
    r = other("FETCH 1 (BODY.PEEK[1])")
    assert fetch_items(r)[1]["BODY[1]"] == MULTIPART_PART1
    # The source message was not marked \Seen (RFC 4469 3).
    assert c("EXAMINE INBOX").ok
    assert "\\Seen" not in fetch_items(c("FETCH 1 (FLAGS)"))[1]["FLAGS"]


def test_catenate_whole_message_url_literal_url_and_header_fields(account):
    v = deliver_multipart(account)
    c = account.raw()
    url = f"/INBOX;UIDVALIDITY={v}/;UID=1".encode()
    r = send(c, "APPEND INBOX CATENATE (TEXT ", Lit(b"X-Note: copy\r\n"),
             " URL ", Lit(url), ")")
    assert r.ok, r
    assert response_codes(r)["APPENDUID"] == f"{v} 2"
    assert c("EXAMINE INBOX").ok
    assert body_of(c, 2) == b"X-Note: copy\r\n" + MULTIPART
    r = send(c, "APPEND INBOX CATENATE (URL "
             '"/INBOX/;UID=1/;SECTION=HEADER.FIELDS%20(SUBJECT%20TO)" TEXT ', Lit(b"body\r\n"), ")")
    assert r.ok, r
    assert c("NOOP").ok
    assert body_of(c, 3) == (b"To: Bob <bob@example.org>, carol@example.net\r\n"
                             b"Subject: quarterly report\r\n\r\nbody\r\n")
    # MULTIAPPEND with a CATENATE message between two plain ones, all or none.
    r = send(c, "APPEND INBOX ", Lit(simple_message(7)), ' CATENATE (URL "/INBOX/;UID=1/;SECTION=1") ',
             Lit(simple_message(8)))
    assert r.ok, r
    assert response_codes(r)["APPENDUID"] == f"{v} 4:6"
    assert c("NOOP").ok
    assert body_of(c, 5) == MULTIPART_PART1


@pytest.mark.parametrize("url", [
    "/INBOX/;UID=99",                        # no such message
    "/INBOX;UIDVALIDITY=1/;UID=1",           # stale UIDVALIDITY
    "/Nowhere/;UID=1",                       # no such mailbox
    "/INBOX/;UID=1/;SECTION=3",              # no such part
    "/INBOX/;UID=1/;SECTION=BOGUS",          # bad section syntax
    "imap://bob@example.org/INBOX/;UID=1",   # another user's / another server's
    "INBOX/;UID=1",                          # relative path (RFC 5092 7.2)
])
def test_catenate_badurl_stores_nothing(account, url):
    deliver_multipart(account)
    c = account.raw()
    r = send(c, "APPEND INBOX CATENATE (TEXT ", Lit(b"Subject: x\r\n\r\n"),
             f" URL {quote(url)} TEXT ", Lit(b"after\r\n"), ")")
    assert r.status == "NO" and r.code.startswith("BADURL "), r
    # RFC 4469 4.1: the code carries the URL.
    assert r.text.startswith(b"[BADURL " + url.encode() + b"]"), r
    assert mailbox_state(c, "INBOX") == {"MESSAGES": 1, "UIDNEXT": 2}


def test_catenate_cannot_reach_another_users_message(imap_server, account):
    # bob's INBOX has a message 1; alice's URL "/INBOX/;UID=1" means her own INBOX, which
    # has none, and bob's mailbox cannot be named at all.
    bob = quota_account(imap_server, "1M")
    bob.deliver(MULTIPART)
    try:
        c = account.raw()
        for url in ("/INBOX/;UID=1", f"/user/{bob.name}/INBOX/;UID=1",
                    f"imap://{bob.name}@localhost/INBOX/;UID=1"):
            r = send(c, f"APPEND INBOX CATENATE (URL {quote(url)})")
            assert r.status == "NO" and r.code.startswith("BADURL "), r
        assert account.srv.messages(account.name) == []
    finally:
        bob.close_all()


def test_catenate_syntax_errors(account):
    c = account.raw()
    assert c('APPEND INBOX CATENATE ()').status == "BAD"
    assert c('APPEND INBOX CATENATE (FOO "x")').status == "BAD"
    r = send(c, "APPEND INBOX CATENATE (TEXT ", Lit(b"x"), " URL)")
    assert r.status == "BAD", r
    assert c("NOOP").ok


# --- REPLACE (RFC 8508) --------------------------------------------------------------------

DRAFT = (b"Date: Thu, 1 Jan 2015 00:05:00 -0500 (EST)\r\n"
         b"From: Fritz Schmidt <fritz.ze@example.org>\r\n"
         b"Subject: happy new year !!\r\n"
         b"To: miss.mitzy@example.org\r\n"
         b"Message-Id: <B238822388-0100000@example.org>\r\n"
         b"MIME-Version: 1.0\r\n"
         b"Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\n"
         b"Just saw the best fireworks show. Wish you were here.\r\n")
DRAFT2 = DRAFT.replace(b"Wish you were here.", b"Wish you were here.\r\n"
                       b"Hopefully next year you can join us.")


def drafts_with_four(account):
    c = account.raw()
    ensure_mailbox(c, "Drafts")
    r = send(c, "APPEND Drafts ", Lit(simple_message(1)), " ", Lit(simple_message(2)), " ",
             Lit(simple_message(3)), " ", Lit(simple_message(4)))
    assert r.ok, r
    return c, uid_validity(c, "Drafts")


def test_replace_in_the_selected_mailbox(account):
    c, v = drafts_with_four(account)
    watcher = account.raw()
    assert watcher("SELECT Drafts").ok
    assert c("SELECT Drafts").ok
    # RFC 8508 3.2's example, response for response.
    r = send(c, "REPLACE 4 Drafts (\\Seen \\Draft) ", Lit(DRAFT))
    assert r.ok, r
    assert r.untagged == [f"* OK [APPENDUID {v} 5] Replacement Message ready".encode(),
                          b"* 5 EXISTS", b"* 4 EXPUNGE"]
    # RFC 8508 3.3's example: UID REPLACE of the message just stored.
    r = send(c, "UID REPLACE 5 Drafts (\\Seen \\Draft) ", Lit(DRAFT2))
    assert r.ok, r
    assert r.untagged == [f"* OK [APPENDUID {v} 6] Replacement Message ready".encode(),
                          b"* 5 EXISTS", b"* 4 EXPUNGE"]
    assert r.tagged.endswith(b"OK UID REPLACE completed")
    # Stored state, seen by another session.
    other = account.raw()
    assert other("EXAMINE Drafts").ok
    got = fetch_items(other("FETCH 1:* (UID FLAGS)"))
    assert [int(x["UID"]) for x in got.values()] == [1, 2, 3, 6]
    assert set(got[4]["FLAGS"]) == {"\\Seen", "\\Draft"}
    assert body_of(other, 6) == DRAFT2
    assert [m["uid"] for m in account.srv.messages(account.name, "Drafts")] == ["1", "2", "3", "6"]
    # A session with the mailbox selected sees one new message and the old one gone.
    r = watcher("NOOP")
    assert r.ok and len(r.numbered("EXPUNGE")) == 1, r
    got = fetch_items(watcher("FETCH 1:* (UID)"))
    assert [int(x["UID"]) for x in got.values()] == [1, 2, 3, 6]


def test_replace_into_another_mailbox(account):
    c, v = drafts_with_four(account)
    ensure_mailbox(c, "Sent")
    sent_v = uid_validity(c, "Sent")
    assert c("SELECT Drafts").ok
    # RFC 8508 3.4: the \Drafts message becomes a \Sent one.
    r = send(c, "UID REPLACE 2 Sent (\\Seen) ", Lit(DRAFT))
    assert r.ok, r
    assert r.untagged == [f"* OK [APPENDUID {sent_v} 1] Replacement Message ready".encode(),
                          b"* 2 EXPUNGE"]
    other = account.raw()
    assert mailbox_state(other, "Sent") == {"MESSAGES": 1, "UIDNEXT": 2}
    assert mailbox_state(other, "Drafts") == {"MESSAGES": 3, "UIDNEXT": 5}
    assert other("EXAMINE Sent").ok
    assert body_of(other, 1) == DRAFT
    assert [m["uid"] for m in account.srv.messages(account.name, "Drafts")] == ["1", "3", "4"]


def test_replace_with_catenate(account):
    # RFC 8508 4.2's example: new header fields in front of the draft being replaced.
    c, v = drafts_with_four(account)
    assert c("SELECT Drafts").ok
    text = b"To: Mitzy <miss.mitzy@example.org>\r\nSubject: My view of the fireworks\r\n"
    r = send(c, "UID REPLACE 3 Drafts CATENATE (TEXT ", Lit(text), ' URL "/Drafts/;UID=3")')
    assert r.ok, r
    assert r.untagged == [f"* OK [APPENDUID {v} 5] Replacement Message ready".encode(),
                          b"* 5 EXISTS", b"* 3 EXPUNGE"]
    assert body_of(c, 5) == text + simple_message(3)


def test_replace_failures_leave_everything(account):
    c, v = drafts_with_four(account)
    # Only in the selected state (RFC 8508 3.5).
    assert send(c, "REPLACE 1 Drafts ", Lit(DRAFT)).status == "BAD"
    assert c("SELECT Drafts").ok
    r = send(c, "REPLACE 9 Drafts ", Lit(DRAFT))
    assert r.status == "BAD", r
    r = send(c, "UID REPLACE 99 Drafts ", Lit(DRAFT))
    assert r.status == "NO", r
    r = send(c, "REPLACE 1 Nowhere ", Lit(DRAFT))
    assert r.status == "NO" and r.code == "TRYCREATE", r
    r = send(c, "UID REPLACE 1 Drafts CATENATE (URL \"/Drafts/;UID=77\")")
    assert r.status == "NO" and r.code.startswith("BADURL "), r
    r = send(c, "REPLACE 1 Drafts ", Lit(b""))
    assert r.status == "NO", r
    assert c("REPLACE 1:2 Drafts {1+}\r\nx").status == "BAD"
    assert [m["uid"] for m in account.srv.messages(account.name, "Drafts")] == ["1", "2", "3", "4"]
    assert not any(b"EXPUNGE" in u for u in c("NOOP").untagged)
    # A read-only mailbox cannot lose its message.
    assert c("EXAMINE Drafts").ok
    r = send(c, "REPLACE 1 Drafts ", Lit(DRAFT))
    assert r.status == "NO" and r.code == "READ-ONLY", r
    assert mailbox_state(c, "Drafts") == {"MESSAGES": 4, "UIDNEXT": 5}


def test_replace_counts_only_the_net_quota(imap_server):
    # RFC 8508 3.4: "only the net quota consumption is considered".
    a = quota_account(imap_server, "4K")
    try:
        c = a.raw()
        old = simple_message(1, body="x" * 2500 + "\r\n")
        new = simple_message(2, body="y" * 3000 + "\r\n")
        assert send(c, "APPEND INBOX ", Lit(old)).ok
        r = send(c, "APPEND INBOX ", Lit(new))
        assert r.status == "NO" and r.code == "OVERQUOTA", r
        assert c("SELECT INBOX").ok
        r = send(c, "REPLACE 1 INBOX ", Lit(new))
        assert r.ok, r
        assert r.untagged[-2:] == [b"* 2 EXISTS", b"* 1 EXPUNGE"]
        assert body_of(c, 2) == new
        # Too big even in place of the old one: nothing changes.
        r = send(c, "REPLACE 1 INBOX ", Lit(simple_message(3, body="z" * 4200 + "\r\n")))
        assert r.status == "NO" and r.code == "OVERQUOTA", r
        assert [m["uid"] for m in imap_server.messages(a.name)] == ["2"]
    finally:
        a.close_all()
