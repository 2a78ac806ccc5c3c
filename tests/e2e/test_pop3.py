"""POP3 (RFC 1939, 2449, 5034, 2595) against the running daemon with real clients:
Python's poplib (plain, STLS, POP3S), curl, fetchmail and getmail6."""
import base64
import hashlib
import hmac
import os
import poplib
import re
import shutil
import socket
import ssl
import subprocess
import time

import pytest


def message(n, size=300):
    body = "".join(f"line {i} of message {n}\r\n" for i in range(size // 25 + 1))
    return (f"From: sender@example.net\r\nTo: alice@localhost\r\nSubject: message {n}\r\n"
            f"Message-ID: <m{n}@pop3.test>\r\n\r\n{body}").encode()


@pytest.fixture
def pop(tern):
    for n in range(1, 4):
        tern.deliver("alice", message(n))
    return tern


def tls_context(tern):
    ctx = ssl.create_default_context(cafile=tern.certificate)
    return ctx


def login(tern, user="alice", password="secret"):
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    p.user(user)
    p.pass_(password)
    return p


def retr(p, n):
    resp, lines, octets = p.retr(n)
    return b"\r\n".join(lines) + b"\r\n", octets


def test_greeting_capa_and_basic_commands(pop):
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    assert p.getwelcome().startswith(b"+OK")
    assert b"Tern" not in p.getwelcome()  # no product or version by default
    caps = p.capa()
    for cap in ("TOP", "UIDL", "USER", "SASL", "STLS", "RESP-CODES", "AUTH-RESP-CODE",
                "PIPELINING", "EXPIRE", "UTF8"):
        assert cap in caps, caps
    assert {"PLAIN", "LOGIN", "SCRAM-SHA-256"} <= set(caps["SASL"])
    assert "IMPLEMENTATION" not in caps
    p.user("alice")
    p.pass_("secret")
    count, octets = p.stat()
    assert count == 3
    sizes = [int(l.split()[1]) for l in p.list()[1]]
    assert sum(sizes) == octets
    for n in range(1, 4):
        data, size = retr(p, n)
        stored = pop.message_bytes("alice", n)
        assert data == stored
        assert len(stored) == sizes[n - 1]
    uidls = [l.split()[1] for l in p.uidl()[1]]
    assert len(set(uidls)) == 3
    assert p.uidl(2).split()[2] == uidls[1]
    top = p.top(1, 2)[1]
    assert top[:5] == [b"From: sender@example.net", b"To: alice@localhost",
                       b"Subject: message 1", b"Message-ID: <m1@pop3.test>", b""]
    assert top[5:] == [b"line 0 of message 1", b"line 1 of message 1"]
    assert p.noop().startswith(b"+OK")
    p.quit()


def test_dele_applies_only_at_quit_and_durably(pop):
    p = login(pop)
    uidls = [l.split()[1] for l in p.uidl()[1]]
    p.dele(2)
    with pytest.raises(poplib.error_proto):
        p.retr(2)
    # Not yet applied: another protocol's view of the mailbox still has it.
    assert len(pop.messages("alice")) == 3
    p.rset()
    p.dele(1)
    p.quit()
    remaining = pop.messages("alice")
    assert [m["uid"] for m in remaining] == ["2", "3"]
    p = login(pop)
    assert [l.split()[1] for l in p.uidl()[1]] == uidls[1:]  # UIDLs stay
    p.quit()


def test_connection_drop_applies_nothing(pop):
    p = login(pop)
    p.dele(1)
    p.sock.close()
    time.sleep(0.3)
    assert len(pop.messages("alice")) == 3


def test_uidl_stable_across_restart(pop):
    p = login(pop)
    before = p.uidl()[1]
    p.quit()
    pop.stop()
    pop.start()
    p = login(pop)
    assert p.uidl()[1] == before
    p.quit()


def test_retr_in_any_order_with_read_ahead(tern):
    # Small messages are read ahead of their RETR; whatever the order of RETR, TOP and
    # DELE, every message must come back byte for byte.
    sizes = [300, 70000, 500, 40000, 200, 100, 90000, 300] + [150] * 20
    for n, size in enumerate(sizes, 1):
        tern.deliver("alice", message(n, size))
    stored = {n: tern.message_bytes("alice", n) for n in range(1, len(sizes) + 1)}
    p = login(tern)
    order = [1, 3, 2, 6, 5, 4, 9, 10, 28, 8, 7] + list(range(11, 28))
    p.dele(12)
    for n in order:
        if n == 12:
            with pytest.raises(poplib.error_proto):
                p.retr(n)
            continue
        if n == 9:
            top = p.top(9, 0)[1]
            header = stored[9].split(b"\r\n\r\n")[0] + b"\r\n\r\n"
            assert b"\r\n".join(top) + b"\r\n" == header  # TOP n 0: header and blank line
        data, octets = retr(p, n)
        assert data == stored[n], n
        assert octets == len(stored[n])
    p.quit()


def test_byte_stuffing(tern):
    tern.deliver("alice", b"Subject: dots\r\n\r\n.starts with a dot\r\n..two\r\n.\r\nend\r\n")
    p = login(tern)
    resp, lines, octets = p.retr(1)
    # poplib undoes the stuffing: the lines are exactly the stored ones.
    assert lines == [b"Subject: dots", b"", b".starts with a dot", b"..two", b".", b"end"]
    p.quit()  # releases the maildrop for the next session
    raw = socket.create_connection(("127.0.0.1", tern.pop_port), timeout=10)
    f = raw.makefile("rb")
    f.readline()
    raw.sendall(b"USER alice\r\nPASS secret\r\nRETR 1\r\n")
    f.readline(), f.readline(), f.readline()
    wire = b""
    while not wire.endswith(b"\r\n.\r\n"):
        wire += f.readline()
    assert b"\r\n..starts with a dot\r\n...two\r\n..\r\nend\r\n.\r\n" in wire
    raw.close()


def test_stls_and_pop3s(pop):
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    p.stls(context=tls_context(pop))
    assert "STLS" not in p.capa()
    p.user("alice")
    p.pass_("secret")
    assert p.stat()[0] == 3
    p.quit()
    s = poplib.POP3_SSL("127.0.0.1", pop.pop3s_port, context=tls_context(pop), timeout=10)
    s.user("alice")
    s.pass_("secret")
    assert retr(s, 1)[0] == pop.message_bytes("alice", 1)
    s.quit()


def scram_sha256_auth(p, user, password):
    """AUTH SCRAM-SHA-256 (RFC 5802, 7677) driven by hand over poplib; returns the final
    server response line."""
    nonce = base64.b64encode(os.urandom(18)).decode()
    first_bare = f"n={user},r={nonce}"
    resp = p._shortcmd("AUTH SCRAM-SHA-256 " + base64.b64encode(
        ("n,," + first_bare).encode()).decode())
    assert resp.startswith(b"+ "), resp
    server_first = base64.b64decode(resp[2:]).decode()
    fields = dict(f.split("=", 1) for f in server_first.split(","))
    assert fields["r"].startswith(nonce)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(fields["s"]),
                                 int(fields["i"]))
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    final_bare = f"c=biws,r={fields['r']}"
    auth_message = f"{first_bare},{server_first},{final_bare}".encode()
    signature = hmac.digest(hashlib.sha256(client_key).digest(), auth_message, "sha256")
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    final = f"{final_bare},p={base64.b64encode(proof).decode()}"
    resp = p._shortcmd(base64.b64encode(final.encode()).decode())
    assert resp.startswith(b"+ "), resp
    server_final = base64.b64decode(resp[2:]).decode()
    server_key = hmac.digest(salted, b"Server Key", "sha256")
    expected = hmac.digest(server_key, auth_message, "sha256")
    assert server_final == "v=" + base64.b64encode(expected).decode()  # server proves itself
    return p._shortcmd("")


def test_sasl_plain_login_and_scram(pop):
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    token = base64.b64encode(b"\0alice\0secret").decode()
    assert p._shortcmd(f"AUTH PLAIN {token}").startswith(b"+OK")
    assert p.stat()[0] == 3
    p.quit()
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    assert scram_sha256_auth(p, "alice", "secret").startswith(b"+OK")
    assert p.stat()[0] == 3
    p.quit()
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        scram_sha256_auth(p, "alice", "wrong")
    p.quit()
    # A wrong PLAIN password gets [AUTH].
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    bad = base64.b64encode(b"\0alice\0nope").decode()
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p._shortcmd(f"AUTH PLAIN {bad}")
    p.quit()


def curl_has_gsasl():
    out = subprocess.run(["curl", "-V"], capture_output=True, text=True).stdout
    return "gsasl" in out.split()


def apop_timestamp(greeting):
    m = re.search(rb"<[^<>]*@[^<>]*>", greeting)
    return m.group(0) if m else None


def test_apop_is_off_by_default(pop):
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    assert apop_timestamp(p.getwelcome()) is None
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\] APOP is not enabled"):
        p._shortcmd("APOP alice " + hashlib.md5(b"<1.2@x>secret").hexdigest())
    p.quit()


def test_apop_when_enabled(tern_install):
    tern_install.set("service.pop.enableapop", "true")
    # Passwords set before APOP was enabled have no APOP secret until set again.
    assert "apop: no" in tern_install.cli("user", "show", "alice").stdout.decode()
    tern_install.cli("user", "passwd", "alice", "--password", "secret")
    assert "apop: yes" in tern_install.cli("user", "show", "alice").stdout.decode()
    tern = tern_install.start()
    tern.deliver("alice", message(1))
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    first = apop_timestamp(p.getwelcome())
    assert first is not None
    assert p.apop("alice", "secret").startswith(b"+OK")  # poplib computes the MD5 digest
    assert p.stat()[0] == 1
    p.quit()
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    assert apop_timestamp(p.getwelcome()) not in (None, first)  # new for every greeting
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p.apop("alice", "wrong")
    # bob's password was set while APOP was off: refused like a wrong password.
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p.apop("bob@example.org", "secret")
    # A digest for another greeting's timestamp does not work (no replay).
    digest = hashlib.md5(first + b"secret").hexdigest()
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p._shortcmd(f"APOP alice {digest}")
    assert p.apop("alice:v=2", "secret").startswith(b"+OK")  # login options work too
    p.quit()
    # Turning APOP off again and setting the password removes the sealed copy.
    tern.set("service.pop.enableapop", "false")
    tern.cli("user", "passwd", "alice", "--password", "secret")
    assert "apop: no" in tern.cli("user", "show", "alice").stdout.decode()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
@pytest.mark.parametrize("auth", ["", ";AUTH=PLAIN", ";AUTH=LOGIN", ";AUTH=SCRAM-SHA-256"])
def test_curl_pop3_and_pop3s(pop, auth):
    if "SCRAM" in auth and not curl_has_gsasl():
        pytest.skip("this curl is built without gsasl, so it has no SCRAM")
    url = f"pop3://alice{auth}:secret@127.0.0.1:{pop.pop_port}/2"
    out = subprocess.run(["curl", "-s", "-S", "--fail", url], capture_output=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout == pop.message_bytes("alice", 2)
    url = f"pop3s://alice{auth}:secret@127.0.0.1:{pop.pop3s_port}/3"
    out = subprocess.run(["curl", "-s", "-S", "--fail", "--cacert", pop.certificate,
                          "--resolve", f"localhost:{pop.pop3s_port}:127.0.0.1",
                          url.replace("127.0.0.1", "localhost")],
                         capture_output=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout == pop.message_bytes("alice", 3)


def run_fetchmail(tern, tmp_path, keep, ssl_mode):
    mda_out = tmp_path / "fetched"
    mda_out.mkdir(exist_ok=True)
    rc = tmp_path / "fetchmailrc"
    rc.write_text(
        f'poll 127.0.0.1 protocol pop3 port {tern.pop_port} auth password\n'
        f'  user "alice" password "secret" is "alice" here {"keep" if keep else "nokeep fetchall"}\n'
        f'  {ssl_mode}\n'
        f'  mda "/bin/sh -c \'cat > {mda_out}/$(date +%s%N)\'"\n')
    rc.chmod(0o600)
    env = dict(os.environ, HOME=str(tmp_path), FETCHMAILHOME=str(tmp_path))
    r = subprocess.run(["fetchmail", "-f", str(rc), "-v", "--nodetach", "--nosyslog"],
                       capture_output=True, timeout=60, env=env)
    assert r.returncode in (0, 1), r.stdout.decode() + r.stderr.decode()
    return [p.read_bytes() for p in sorted(mda_out.iterdir())]


@pytest.mark.skipif(shutil.which("fetchmail") is None, reason="fetchmail not installed")
def test_fetchmail_keep_then_nokeep_over_stls(pop, tmp_path):
    expected = {pop.message_bytes("alice", n) for n in (1, 2, 3)}
    got = run_fetchmail(pop, tmp_path, keep=True,
                        # fetchmail matches DNS names only, not the certificate's IP address.
                        ssl_mode=f"sslproto tls1.2+ sslcertck sslcertfile {pop.certificate}"
                        " sslcommonname localhost")
    assert len(got) == 3
    # fetchmail adds its own Received line at the top; the message follows it whole.
    assert all(any(g.endswith(e.replace(b"\r\n", b"\n")) or g.endswith(e) for e in expected)
               for g in got), got[0][:300]
    assert len(pop.messages("alice")) == 3  # kept
    for f in (tmp_path / "fetched").iterdir():
        f.unlink()
    got = run_fetchmail(pop, tmp_path, keep=False, ssl_mode="sslproto ''")
    assert len(got) == 3
    assert pop.messages("alice") == []  # deleted on the server


@pytest.mark.skipif(shutil.which("getmail") is None, reason="getmail6 not installed")
def test_getmail6(pop, tmp_path):
    expected = [pop.message_bytes("alice", n).replace(b"\r\n", b"\n") for n in (1, 2, 3)]
    # An external MDA rather than getmail's Maildir destination, which refuses to
    # deliver as root (CI runs as root).
    fetched = tmp_path / "fetched"
    fetched.mkdir()
    (tmp_path / "getmailrc").write_text(
        "[retriever]\ntype = SimplePOP3Retriever\nserver = 127.0.0.1\n"
        f"port = {pop.pop_port}\nusername = alice\npassword = secret\n\n"
        "[destination]\ntype = MDA_external\npath = /bin/sh\n"
        f"arguments = ('-c', 'cat > \"$(mktemp -p {fetched})\"')\n"
        "allow_root_commands = true\n\n"
        "[options]\ndelete = true\nread_all = true\n")
    r = subprocess.run(["getmail", "--getmaildir", str(tmp_path), "--rcfile", "getmailrc"],
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()
    got = [p.read_bytes().replace(b"\r\n", b"\n") for p in fetched.iterdir()]
    assert len(got) == 3
    # getmail prepends Delivered-To and Return-Path lines; the message follows whole.
    assert all(sum(g.endswith(e) for g in got) == 1 for e in expected), got[0][:200]
    assert pop.messages("alice") == []


def test_login_option_views_each_see_each_message_once(pop):
    p = login(pop, "alice:v=1")
    assert p.stat()[0] == 3
    retr(p, 1)
    retr(p, 2)
    p.quit()
    p = login(pop, "alice:v=1")
    assert p.stat()[0] == 1  # only message 3 is new to view 1
    p.quit()
    p = login(pop, "ALICE:V=2")
    assert p.stat()[0] == 3  # view 2 has its own record
    p.quit()
    p = login(pop)
    assert p.stat()[0] == 3  # plain POP3 sees everything; nothing was deleted
    p.quit()


def test_login_option_d_moves_to_trash_and_p_purges(pop):
    p = login(pop, "alice:d")
    retr(p, 1)
    p.quit()
    assert [m["uid"] for m in pop.messages("alice")] == ["2", "3"]
    assert len(pop.messages("alice", "Trash")) == 1
    p = login(pop, "alice:p")
    retr(p, 1)
    p.quit()
    assert [m["uid"] for m in pop.messages("alice")] == ["3"]
    assert len(pop.messages("alice", "Trash")) == 1


def test_login_option_d_uses_the_accounts_trash_mailbox(pop):
    # bob's \Trash mailbox has another name: option d follows the special-use attribute,
    # not service.pop.trashmailbox.
    pop.set("mailbox.trash", "Deleted Items")
    pop.add_user("bob")
    pop.deliver("bob", message(1))
    p = login(pop, "bob:d")
    retr(p, 1)
    p.quit()
    assert pop.messages("bob") == []
    assert len(pop.messages("bob", "Deleted Items")) == 1
    assert "Trash" not in pop.mailboxes("bob")


def test_login_options_limit_days_size_and_plain(pop):
    p = login(pop, "alice:l=2")
    assert p.stat()[0] == 2
    p.quit()
    p = login(pop, "alice:s")
    assert p.stat() == (3, 3 * 1024)
    p.quit()
    p = login(pop, "alice:t=1")
    assert p.stat()[0] == 3  # delivered just now
    p.quit()
    pop.deliver("alice", b"Subject: mime\r\nMIME-Version: 1.0\r\n"
                b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                b"Content-Type: text/plain\r\n\r\nplain part\r\n--b\r\n"
                b"Content-Type: image/png\r\n\r\nxxxx\r\n--b--\r\n")
    p = login(pop, "alice:n")
    data, size = retr(p, 4)
    listed = int(p.list(4).split()[2])
    assert data.startswith(b"Subject: mime\r\n\r\nplain part\r\n")
    assert b"image/png" not in data and b"MIME-Version" not in data
    assert len(data) == listed
    p.quit()


@pytest.mark.parametrize("bad", ["alice:v=0", "alice:v=32", "alice:x", "alice:vv=1",
                                 "alice:t=1001", "alice:nm"])
def test_bad_login_options(pop, bad):
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    p.user(bad)
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p.pass_("secret")
    p.quit()


def test_account_default_options(pop):
    pop.cli("user", "set", "alice", "--pop-options", "l=1")
    p = login(pop)
    assert p.stat()[0] == 1
    p.quit()
    p = login(pop, "alice:l=2")  # login options override the defaults
    assert p.stat()[0] == 2
    p.quit()


def test_in_use_only_for_the_same_view(pop):
    a = login(pop, "alice:v=3")
    b = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    b.user("alice:v=3")
    with pytest.raises(poplib.error_proto, match=r"\[IN-USE\]"):
        b.pass_("secret")
    c = login(pop, "alice:v=4")  # another view works
    d = login(pop)  # so does plain POP3... once
    c.quit()
    d.quit()
    a.quit()


def test_service_right(tern):
    tern.add_user("imaponly", "pw", "--services", "imap")
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    p.user("imaponly")
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p.pass_("pw")
    p.quit()


def test_plaintextmincipher(tern_install):
    tern_install.set("service.pop.plaintextmincipher", "128")
    tern = tern_install.start()
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    caps = p.capa()
    assert "USER" not in caps and "PLAIN" not in caps.get("SASL", [])
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p.user("carol")
    p.stls(context=tls_context(tern))
    assert "USER" in p.capa()
    p.user("carol")
    p.pass_("secret")
    p.quit()


def test_maxsessions(tern_install):
    tern_install.set("service.pop.maxsessions", "1")
    tern = tern_install.start()
    deadline = time.monotonic() + 5
    while True:  # the harness's probe connection may still be counted for a moment
        try:
            a = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
            break
        except poplib.error_proto:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    with pytest.raises(poplib.error_proto, match=r"SYS/TEMP"):
        poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    a.quit()


@pytest.mark.parametrize("garbage", [b"\x00\xff\xfe\r\n", b"HELO\r\n", b"RETR 1\r\n",
                                     b"USER " + b"a" * 5000 + b"\r\n", b"LIST -1\r\n",
                                     b"TOP 1\r\n", b"\r\n"])
def test_bad_input_gets_err_and_server_stays_healthy(pop, garbage):
    s = socket.create_connection(("127.0.0.1", pop.pop_port), timeout=10)
    f = s.makefile("rb")
    assert f.readline().startswith(b"+OK")
    s.sendall(garbage)
    assert f.readline().startswith(b"-ERR")
    s.sendall(b"CAPA\r\n")
    assert f.readline().startswith(b"+OK")
    s.close()
    p = login(pop)
    assert p.stat()[0] == 3
    p.quit()


def test_commands_out_of_state(pop):
    p = poplib.POP3("127.0.0.1", pop.pop_port, timeout=10)
    for cmd in ("STAT", "LIST", "DELE 1", "UIDL", "NOOP"):
        with pytest.raises(poplib.error_proto):
            p._shortcmd(cmd)
    p.user("alice")
    p.pass_("secret")
    for cmd in ("USER alice", "PASS x", "STLS", "AUTH PLAIN"):
        with pytest.raises(poplib.error_proto):
            p._shortcmd(cmd)
    p.quit()
