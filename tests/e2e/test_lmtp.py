"""LMTP (RFC 2033) against the running daemon with Python's smtplib.LMTP and a raw
client: per-recipient replies, unknown users, quota, size limits, pipelining, garbage."""
import smtplib
import socket
import time
from email.message import EmailMessage

import pytest

from lmtp_client import RawLmtp


def make_message(subject="hello", body="Hello there.\n", size=0):
    m = EmailMessage()
    m["From"] = "sender@example.net"
    m["To"] = "alice@example.org"
    m["Subject"] = subject
    m["Message-ID"] = f"<{subject.replace(' ', '.')}@test.example>"
    m.set_content(body + ("x" * 70 + "\n") * (size // 71))
    return m.as_bytes(policy=m.policy.clone(linesep="\r\n"))


def stored_body(tern, user, uid):
    """The stored bytes after the Return-Path and Received trace fields Tern adds."""
    raw = tern.message_bytes(user, uid)
    assert raw.startswith(b"Return-Path: <"), raw[:200]
    lines = raw.split(b"\r\n")
    i = 1
    assert lines[i].startswith(b"Received: from ")
    i += 1
    while lines[i].startswith(b"\t"):
        i += 1
    return b"\r\n".join(lines[i:])


def test_greeting_and_lhlo_capabilities(tern):
    c = RawLmtp(tern.lmtp_port)
    code, text = c.reply()
    assert code == 220 and "LMTP" in text[0]
    assert "Tern" not in text[0]  # no product or version in the default greeting
    code, caps = c.cmd("LHLO client.example")
    assert code == 250
    assert {"PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8"} <= set(caps)
    assert any(c_.startswith("SIZE ") for c_ in caps)
    assert c.cmd("QUIT")[0] == 221
    c.close()


def test_smtplib_several_recipients_one_unknown_one_over_quota(tern):
    # carol's 4K quota is filled first so that RCPT refuses her.
    tern.cli("deliver", "--user", "carol", input=make_message("filler", size=3800))
    msg = make_message("to many")
    lmtp = smtplib.LMTP("127.0.0.1", tern.lmtp_port)
    refused = lmtp.sendmail("sender@example.net",
                            ["alice@localhost", "bob@example.org", "nobody@localhost",
                             "carol@localhost"], msg)
    # smtplib reads one reply after DATA; LMTP sends one per accepted recipient
    # (RFC 2033 4.2), so the second recipient's reply is read here.
    code, text = lmtp.getreply()
    assert code == 250 and b"bob@example.org" in text
    assert lmtp.quit()[0] == 221
    assert set(refused) == {"nobody@localhost", "carol@localhost"}
    assert refused["nobody@localhost"][0] == 550 and b"5.1.1" in refused["nobody@localhost"][1]
    assert refused["carol@localhost"][0] == 552 and b"5.2.2" in refused["carol@localhost"][1]

    for user in ("alice", "bob@example.org"):
        msgs = tern.messages(user)
        assert len(msgs) == 1, msgs
        assert stored_body(tern, user, msgs[0]["uid"]) == msg
    assert len(tern.messages("carol")) == 1  # only the filler
    # One body stored once for both recipients (content-addressed).
    assert tern.messages("alice")[0]["blob"] == tern.messages("bob@example.org")[0]["blob"]


def test_per_recipient_replies_after_data(tern):
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    c.cmd("LHLO client.example")
    assert c.cmd("MAIL FROM:<sender@example.net>")[0] == 250
    assert c.cmd("RCPT TO:<alice@example.org>")[0] == 250  # found by local part
    assert c.cmd("RCPT TO:<carol@localhost>")[0] == 250              # quota checked again at DATA
    assert c.cmd("RCPT TO:<bob@example.org>")[0] == 250
    assert c.cmd("DATA")[0] == 354
    big = make_message("big one", size=6000)
    c.send(big + b".\r\n")
    replies = [c.reply() for _ in range(3)]
    assert replies[0][0] == 250 and "2.0.0" in replies[0][1][0]
    assert replies[1][0] == 552 and "5.2.2" in replies[1][1][0] and "carol" in replies[1][1][0]
    assert replies[2][0] == 250
    assert c.cmd("QUIT")[0] == 221
    assert len(tern.messages("alice")) == 1
    assert len(tern.messages("carol")) == 0
    assert stored_body(tern, "alice", tern.messages("alice")[0]["uid"]) == big


def test_trace_fields(tern):
    with smtplib.LMTP("127.0.0.1", tern.lmtp_port) as lmtp:
        lmtp.sendmail("", ["alice@localhost"], make_message("null sender"))
    raw = tern.message_bytes("alice", tern.messages("alice")[0]["uid"])
    assert raw.startswith(b"Return-Path: <>\r\nReceived: from ")
    assert b"with LMTP" in raw.split(b"\r\n\r\n")[0]


def test_pipelined_transactions(tern):
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    c.cmd("LHLO client.example")
    msg1, msg2 = make_message("pipe one"), make_message("pipe two")
    # RFC 2920: everything up to DATA in one go, then the data, then the next transaction.
    c.send(b"MAIL FROM:<a@example.net>\r\nRCPT TO:<alice@localhost>\r\nRCPT TO:<nobody@localhost>\r\nDATA\r\n")
    assert [c.reply()[0] for _ in range(4)] == [250, 250, 550, 354]
    c.send(msg1 + b".\r\nMAIL FROM:<b@example.net>\r\nRCPT TO:<alice@localhost>\r\nDATA\r\n")
    assert [c.reply()[0] for _ in range(4)] == [250, 250, 250, 354]
    c.send(msg2 + b".\r\nQUIT\r\n")
    assert [c.reply()[0] for _ in range(2)] == [250, 221]
    msgs = tern.messages("alice")
    assert [stored_body(tern, "alice", m["uid"]) for m in msgs] == [msg1, msg2]
    assert [int(m["uid"]) for m in msgs] == [1, 2]


def test_dot_stuffing_and_bare_lf_are_normalised(tern):
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    c.cmd("LHLO x")
    c.cmd("MAIL FROM:<a@example.net>")
    c.cmd("RCPT TO:<alice@localhost>")
    assert c.cmd("DATA")[0] == 354
    c.send(b"Subject: dots\r\n\r\n..leading dot\r\nbare\nlf\r\n.\r\n")
    assert c.reply()[0] == 250
    body = stored_body(tern, "alice", 1)
    assert body == b"Subject: dots\r\n\r\n.leading dot\r\nbare\r\nlf\r\n"


def test_sequence_errors(tern):
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    assert c.cmd("MAIL FROM:<a@example.net>")[0] == 503   # before LHLO
    assert c.cmd("EHLO x")[0] == 500                      # RFC 2033 4.1
    c.cmd("LHLO x")
    assert c.cmd("RCPT TO:<alice@localhost>")[0] == 503    # before MAIL
    assert c.cmd("RCPT TO:<alice>")[0] == 501              # RFC 5321: a domain is needed
    assert c.cmd("DATA")[0] == 503
    assert c.cmd("MAIL FROM:<a@example.net>")[0] == 250
    assert c.cmd("MAIL FROM:<a@example.net>")[0] == 503   # nested MAIL
    assert c.cmd("DATA")[0] == 554                          # no valid recipients
    assert c.cmd("RSET")[0] == 250
    assert c.cmd("NOOP")[0] == 250
    assert c.cmd("VRFY alice")[0] == 252
    assert c.cmd("QUIT")[0] == 221


def test_size_limits(tern_install):
    tern_install.set("store.maxmessagesize", "2048")
    tern = tern_install.start()
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    caps = c.cmd("LHLO x")[1]
    assert "SIZE 2048" in caps
    code, text = c.cmd("MAIL FROM:<a@example.net> SIZE=5000")
    assert code == 552 and "5.3.4" in text[0]
    assert c.cmd("MAIL FROM:<a@example.net>")[0] == 250
    c.cmd("RCPT TO:<alice@localhost>")
    c.cmd("RCPT TO:<bob@example.org>")
    c.cmd("DATA")
    c.send(make_message("too big", size=5000) + b".\r\n")
    replies = [c.reply() for _ in range(2)]
    assert all(code == 552 and "5.3.4" in text[0] for code, text in replies)
    # The session is still usable afterwards.
    assert c.cmd("MAIL FROM:<a@example.net>")[0] == 250
    assert c.cmd("QUIT")[0] == 221
    assert tern.messages("alice") == []


@pytest.mark.parametrize("garbage", [
    b"\x00\x01\x02\xff\xfe\r\n",
    b"HELLO THERE\r\n",
    b"MAIL FROM:alice\r\n",
    b"RCPT TO:<a@b@c>\r\n",
    b"MAIL FROM:<a@example.net> SIZE=abc\r\n",
    b"A" * 10000 + b"\r\n",
    b"\r\n",
])
def test_garbage_gets_an_error_and_the_session_goes_on(tern, garbage):
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    c.cmd("LHLO x")
    c.send(garbage)
    code, _ = c.reply()
    assert 500 <= code < 600
    assert c.cmd("NOOP")[0] == 250
    c.close()


def test_too_many_bad_commands_closes(tern):
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    for _ in range(19):
        assert c.cmd("BOGUS")[0] == 500
    code, text = c.cmd("BOGUS")
    assert code == 500
    assert c.reply()[0] == 421
    assert c.closed()
    # The server itself is fine.
    c2 = RawLmtp(tern.lmtp_port)
    assert c2.reply()[0] == 220
    c2.close()


def test_binary_flood_does_not_hurt(tern):
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    import random
    rnd = random.Random(7)
    try:
        c.send(bytes(rnd.getrandbits(8) for _ in range(200000)))
    except OSError:
        pass
    c.close()
    c2 = RawLmtp(tern.lmtp_port)
    assert c2.reply()[0] == 220
    assert c2.cmd("LHLO x")[0] == 250


def test_maxsessions(tern_install):
    tern_install.set("service.lmtp.maxsessions", "2")
    tern = tern_install.start()
    # The harness's own probe connection may still be counted for a moment.
    a = b = None
    deadline = time.monotonic() + 5
    while b is None:
        c = RawLmtp(tern.lmtp_port)
        if c.reply()[0] == 220:
            a, b = (c, None) if a is None else (a, c)
        else:
            c.close()
            assert time.monotonic() < deadline
            time.sleep(0.05)
    c = RawLmtp(tern.lmtp_port)
    code, text = c.reply()
    assert code == 421 and "4.3.2" in text[0]
    a.cmd("QUIT")
    a.close()
    deadline = time.monotonic() + 5
    while True:
        d = RawLmtp(tern.lmtp_port)
        code, _ = d.reply()
        d.close()
        if code == 220 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert code == 220


def test_idle_timeout(tern_install):
    tern_install.set("service.lmtp.idletimeout", "1")
    tern = tern_install.start()
    c = RawLmtp(tern.lmtp_port)
    c.reply()
    code, text = c.reply()  # nothing sent: the server gives up
    assert code == 421 and "4.4.2" in text[0]
    assert c.closed()


def test_sighup_reloads_banner(tern):
    import signal
    c = RawLmtp(tern.lmtp_port)
    assert "LMTP service ready" in c.reply()[1][0]
    c.close()
    tern.set("service.lmtp.banner", "Welcome to the test post office")
    tern.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 5
    while True:
        c = RawLmtp(tern.lmtp_port)
        text = c.reply()[1][0]
        c.close()
        if "Welcome to the test post office" in text or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert "Welcome to the test post office" in text
    assert "configuration reloaded" in tern.log
