"""POP3 behaviour driven by configuration, against the running daemon: SASL EXTERNAL with
TLS client certificates (RFC 4422 appendix A, RFC 5034), the greeting banner and
IMPLEMENTATION (RFC 2449), LOGIN-DELAY (RFC 2449 section 6.8), the autologout timer
(RFC 1939 section 3), the bad-command limit, streaming of a large message, and SIGHUP
reloads. Real clients only: poplib, ssl, raw sockets and the openssl CLI."""
import base64
import hashlib
import os
import pathlib
import poplib
import re
import signal
import socket
import ssl
import subprocess
import time

import pytest

from conftest import wait_for_port


def small_message(n):
    return (f"From: sender@example.net\r\nTo: alice@localhost\r\nSubject: message {n}\r\n"
            f"Message-ID: <s{n}@settings.test>\r\n\r\nbody of message {n}\r\n").encode()


def login(tern, user="alice", password="secret"):
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    p.user(user)
    p.pass_(password)
    return p


def greeting(tern):
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    welcome = p.getwelcome()
    p.quit()
    return welcome


def wait_for_log(tern, text, count=1, timeout=30.0):
    """Waits (boundedly) until `text` occurs `count` times in the daemon's log."""
    deadline = time.monotonic() + timeout
    while tern.log.count(text) < count:
        assert time.monotonic() < deadline, f"{text!r} not logged:\n{tern.log[-3000:]}"
        time.sleep(0.05)


# --- certificates, made with the openssl CLI --------------------------------------------

OPENSSL_CNF = """\
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""
EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def openssl(*args, cwd):
    r = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode(errors="replace")


class CertFactory:
    def __init__(self, directory: pathlib.Path):
        self.dir = directory
        self.dir.mkdir(exist_ok=True)
        (self.dir / "openssl.cnf").write_text(OPENSSL_CNF)
        self.serial = 1

    def ca(self, name):
        """A self-signed CA; returns the path of its PEM certificate."""
        openssl("req", "-x509", "-config", "openssl.cnf", "-extensions", "v3_ca", *EC_KEY,
                "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "30",
                "-subj", f"/CN=Tern test CA {name}", cwd=self.dir)
        return str(self.dir / f"{name}.pem")

    def client(self, name, ca, subject):
        """A client certificate signed by CA `ca`; returns (certificate, key) paths."""
        self.serial += 1
        openssl("req", "-new", "-config", "openssl.cnf", *EC_KEY, "-keyout", f"{name}.key",
                "-out", f"{name}.csr", "-subj", subject, cwd=self.dir)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
                "-set_serial", str(self.serial), "-days", "30", "-extfile", "openssl.cnf",
                "-extensions", "v3_client", "-out", f"{name}.pem", cwd=self.dir)
        return str(self.dir / f"{name}.pem"), str(self.dir / f"{name}.key")


@pytest.fixture
def certs(tmp_path):
    f = CertFactory(tmp_path / "certs")
    f.ca_path = f.ca("ca")
    f.alice = f.client("alice", "ca", "/CN=Alice/emailAddress=alice")
    f.bob = f.client("bob", "ca", "/CN=Bob/emailAddress=bob@example.org")
    f.ca("other")
    f.alice_other_ca = f.client("alice-other", "other", "/CN=Alice/emailAddress=alice")
    return f


def client_context(tern, cert=None):
    ctx = ssl.create_default_context(cafile=tern.certificate)
    if cert is not None:
        ctx.load_cert_chain(*cert)
    return ctx


def pop3s(tern, cert=None):
    return poplib.POP3_SSL("127.0.0.1", tern.pop3s_port, context=client_context(tern, cert),
                           timeout=10)


def sasl_mechanisms(p):
    return set(p.capa().get("SASL", []))


@pytest.fixture
def tern_clientca(tern_install, certs):
    tern_install.set("tls.clientca", certs.ca_path)
    tern_install.start()
    wait_for_port(tern_install.pop3s_port, tern_install.proc)
    for n in (1, 2):
        tern_install.deliver("alice", small_message(n))
    yield tern_install
    if tern_install.proc is not None:
        rc = tern_install.stop()
        assert rc == 0, f"tern exited with {rc} on SIGTERM:\n{tern_install.log[-3000:]}"


# --- 1. SASL EXTERNAL --------------------------------------------------------------------

def test_external_with_client_certificate(tern_clientca, certs):
    tern = tern_clientca
    p = pop3s(tern, certs.alice)
    assert "EXTERNAL" in sasl_mechanisms(p)
    assert "USER" in p.capa()  # passwords are still offered alongside
    # RFC 5034: "=" is an empty initial response, i.e. "act as the certificate identity".
    resp = p._shortcmd("AUTH EXTERNAL =")
    assert resp.startswith(b"+OK"), resp
    assert p.stat() == (2, sum(len(small_message(n)) for n in (1, 2)))
    resp, lines, _ = p.retr(1)
    assert b"\r\n".join(lines) + b"\r\n" == tern.message_bytes("alice", 1)
    assert "SASL" not in p.capa()  # TRANSACTION state: no more mechanisms
    p.quit()

    # Without an initial response the server sends an empty challenge ("+ "), and an
    # empty response means the same thing.
    p = pop3s(tern, certs.alice)
    resp = p._shortcmd("AUTH EXTERNAL")
    assert resp.rstrip() == b"+", resp
    assert p._shortcmd("").startswith(b"+OK")
    assert p.stat()[0] == 2
    p.quit()

    # An authorization identity equal to the certificate's is accepted (ASCII case
    # aside); another account's is not: Tern has no proxy authorization.
    p = pop3s(tern, certs.alice)
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p._shortcmd("AUTH EXTERNAL " + base64.b64encode(b"bob@example.org").decode())
    resp = p._shortcmd("AUTH EXTERNAL " + base64.b64encode(b"ALICE").decode())
    assert resp.startswith(b"+OK"), resp
    assert p.stat()[0] == 2
    p.quit()

    # A bare AUTH lists the mechanisms too (the pre-RFC 5034 way).
    p = pop3s(tern, certs.alice)
    resp, lines, _ = p._longcmd("AUTH")
    assert b"EXTERNAL" in lines
    p.quit()

    # Another certificate of the same CA logs in as its own account.
    p = pop3s(tern, certs.bob)
    assert p._shortcmd("AUTH EXTERNAL =").startswith(b"+OK")
    assert p.stat() == (0, 0)
    p.quit()


def test_external_after_stls(tern_clientca, certs):
    tern = tern_clientca
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    assert "EXTERNAL" not in sasl_mechanisms(p)  # no TLS yet, so no certificate
    p.stls(context=client_context(tern, certs.alice))
    assert "EXTERNAL" in sasl_mechanisms(p)
    assert p._shortcmd("AUTH EXTERNAL =").startswith(b"+OK")
    assert p.stat()[0] == 2
    p.quit()


def test_external_needs_a_client_certificate(tern_clientca, certs):
    tern = tern_clientca
    p = pop3s(tern)  # TLS, but no client certificate
    assert "EXTERNAL" not in sasl_mechanisms(p)
    with pytest.raises(poplib.error_proto, match=r"^b'-ERR"):
        p._shortcmd("AUTH EXTERNAL =")
    p.user("alice")  # the session goes on; passwords work
    p.pass_("secret")
    assert p.stat()[0] == 2
    p.quit()

    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)  # no TLS at all
    assert "EXTERNAL" not in sasl_mechanisms(p)
    with pytest.raises(poplib.error_proto, match=r"^b'-ERR"):
        p._shortcmd("AUTH EXTERNAL =")
    p.quit()


def test_external_refuses_a_certificate_from_another_ca(tern_clientca, certs):
    tern = tern_clientca
    p = pop3s(tern, certs.alice_other_ca)  # the handshake completes...
    assert "EXTERNAL" not in sasl_mechanisms(p)  # ...but the certificate is not trusted
    with pytest.raises(poplib.error_proto, match=r"^b'-ERR"):
        p._shortcmd("AUTH EXTERNAL =")
    with pytest.raises(poplib.error_proto, match=r"^b'-ERR"):
        p._shortcmd("AUTH EXTERNAL " + base64.b64encode(b"alice").decode())
    p.user("alice")
    p.pass_("secret")
    assert p.stat()[0] == 2
    p.quit()


def test_external_still_checks_the_account(tern_clientca, certs):
    tern = tern_clientca
    tern.add_user("imaponly", "pw", "--services", "imap")
    tern.add_user("dave", "pw")
    tern.cli("user", "set", "dave", "--disable")
    # A trusted certificate proves who the client is; the account must still exist, be
    # enabled and have the pop service right.
    for name in ("nobody", "imaponly", "dave"):
        cert = certs.client(name, "ca", f"/CN={name}/emailAddress={name}")
        p = pop3s(tern, cert)
        assert "EXTERNAL" in sasl_mechanisms(p)
        with pytest.raises(poplib.error_proto, match=r"^b'-ERR \[AUTH\]"):
            p._shortcmd("AUTH EXTERNAL =")
        with pytest.raises(poplib.error_proto):
            p.stat()  # not logged in
        p.quit()


def test_external_not_offered_without_clientca(tern, certs):
    # No tls.clientca: certificates are not even requested, and never trusted.
    p = pop3s(tern, certs.alice)
    assert "EXTERNAL" not in sasl_mechanisms(p)
    with pytest.raises(poplib.error_proto, match=r"^b'-ERR"):
        p._shortcmd("AUTH EXTERNAL =")
    p.quit()


# --- 2. banner and IMPLEMENTATION -------------------------------------------------------

def test_default_greeting_has_no_product_or_version(tern):
    welcome = greeting(tern)
    assert welcome.startswith(b"+OK")
    assert b"Tern" not in welcome and not re.search(rb"\d+\.\d+", welcome), welcome
    p = login(tern)
    assert "IMPLEMENTATION" not in p.capa()
    p.quit()
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    assert "IMPLEMENTATION" not in p.capa()
    p.quit()


def test_banner_replaces_the_greeting(tern_install):
    tern_install.set("service.pop.banner", "Example Mail at your service")
    tern = tern_install.start()
    assert greeting(tern) == b"+OK Example Mail at your service"
    p = pop3s(tern)
    assert p.getwelcome() == b"+OK Example Mail at your service"
    p.quit()


def test_banner_cannot_forge_an_apop_timestamp(tern_install):
    tern_install.set("service.pop.banner", "hello <1.2@example.org>")
    tern = tern_install.start()
    welcome = greeting(tern)
    assert welcome == b"+OK hello (1.2@example.org)", welcome
    assert b"<" not in welcome


def test_publishversion_adds_implementation(tern_install):
    tern_install.set("service.pop.publishversion", "true")
    tern = tern_install.start()
    version = tern.cli("--version").stdout.decode().split()[1]  # "tern 0.1.0"
    assert f"Tern {version} POP3".encode() in greeting(tern)
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    caps = p.capa()
    assert caps.get("IMPLEMENTATION") == ["Tern", version], caps
    p.user("alice")
    p.pass_("secret")
    assert "IMPLEMENTATION" in p.capa()  # RFC 2449: valid in both states
    p.quit()


def test_banner_wins_over_publishversion(tern_install):
    tern_install.set("service.pop.publishversion", "true")
    tern_install.set("service.pop.banner", "Plain banner")
    tern = tern_install.start()
    assert greeting(tern) == b"+OK Plain banner"


# --- 3. LOGIN-DELAY ----------------------------------------------------------------------

def test_login_delay(tern_install):
    tern_install.set("service.pop.logindelay", "600")
    tern = tern_install.start()
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    assert p.capa()["LOGIN-DELAY"] == ["600"]
    # A wrong password is not a login: it fails as such and starts no delay.
    p.user("alice")
    with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
        p.pass_("wrong")
    p.user("alice")
    assert p.pass_("secret").startswith(b"+OK")  # the first login works
    assert p.stat() == (0, 0)
    p.quit()

    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    p.user("alice")
    with pytest.raises(poplib.error_proto, match=r"^b'-ERR \[LOGIN-DELAY\]"):
        p.pass_("secret")
    # Still in AUTHORIZATION: the same account through SASL or a view is delayed too.
    token = base64.b64encode(b"\0alice\0secret").decode()
    with pytest.raises(poplib.error_proto, match=r"\[LOGIN-DELAY\]"):
        p._shortcmd(f"AUTH PLAIN {token}")
    p.user("alice:v=1")
    with pytest.raises(poplib.error_proto, match=r"\[LOGIN-DELAY\]"):
        p.pass_("secret")
    with pytest.raises(poplib.error_proto):
        p.stat()  # not logged in
    p.quit()

    # The delay is per account.
    p = login(tern, "bob@example.org")
    assert p.stat() == (0, 0)
    p.quit()


# --- 4. idle timeout ---------------------------------------------------------------------

def read_until_closed(sock, bound=30.0):
    """Everything the server sends until it closes the connection (bounded wait)."""
    sock.settimeout(bound)
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk


def test_idle_session_is_closed_without_a_response(tern_install):
    tern_install.set("service.pop.idletimeout", "1")  # the smallest allowed
    tern = tern_install.start()
    for n in (1, 2):
        tern.deliver("alice", small_message(n))

    s = socket.create_connection(("127.0.0.1", tern.pop_port), timeout=10)
    f = s.makefile("rb")
    assert f.readline().startswith(b"+OK")
    assert read_until_closed(s) == b""  # AUTHORIZATION: closed, nothing said
    s.close()

    s = socket.create_connection(("127.0.0.1", tern.pop_port), timeout=10)
    s.sendall(b"USER alice\r\nPASS secret\r\nDELE 1\r\n")
    f = s.makefile("rb")
    replies = [f.readline() for _ in range(4)]
    assert all(r.startswith(b"+OK") for r in replies), replies
    # TRANSACTION: closed without a response and without entering UPDATE.
    s.settimeout(30)
    assert f.read() == b""
    s.close()
    wait_for_log(tern, "closed: idle timeout", 2)
    assert [m["uid"] for m in tern.messages("alice")] == ["1", "2"]
    p = login(tern)  # the maildrop was released
    assert p.stat()[0] == 2
    p.quit()


# --- 5. bad commands ---------------------------------------------------------------------

def test_maxbadcommands_closes_the_session(tern_install):
    tern_install.set("service.pop.maxbadcommands", "3")
    tern = tern_install.start()
    tern.deliver("alice", small_message(1))

    s = socket.create_connection(("127.0.0.1", tern.pop_port), timeout=10)
    f = s.makefile("rb")
    assert f.readline().startswith(b"+OK")
    for bad in (b"HELO\r\n", b"XYZZY 1\r\n"):
        s.sendall(bad)
        assert f.readline().startswith(b"-ERR")
    s.sendall(b"CAPA\r\n")  # good commands do not reset the count
    line = f.readline()
    assert line.startswith(b"+OK")
    while line != b".\r\n":
        line = f.readline()
    s.sendall(b"LIST\r\n")  # the third bad one (LIST is not valid before login)
    assert f.readline().startswith(b"-ERR")
    last = f.readline()
    assert last.startswith(b"-ERR"), last  # the server says why...
    assert f.read() == b""  # ...and closes
    s.close()

    # In TRANSACTION too, and pending deletions are not applied (no UPDATE state).
    s = socket.create_connection(("127.0.0.1", tern.pop_port), timeout=10)
    f = s.makefile("rb")
    assert f.readline().startswith(b"+OK")
    s.sendall(b"USER alice\r\n")
    assert f.readline().startswith(b"+OK")
    s.sendall(b"PASS secret\r\n")
    assert f.readline().startswith(b"+OK")
    s.sendall(b"DELE 1\r\n")
    assert f.readline().startswith(b"+OK")
    for _ in range(3):
        s.sendall(b"FROB\r\n")
        assert f.readline().startswith(b"-ERR")
    assert f.readline().startswith(b"-ERR")
    assert f.read() == b""
    s.close()
    assert [m["uid"] for m in tern.messages("alice")] == ["1"]
    p = login(tern)
    assert p.stat()[0] == 1
    p.quit()


def test_failed_logins_count_as_bad_commands(tern_install):
    tern_install.set("service.pop.maxbadcommands", "3")
    tern = tern_install.start()
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    for _ in range(2):
        p.user("alice")
        with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
            p.pass_("wrong")
    p.user("alice")
    p._putcmd("PASS wrong")
    assert p._getline()[0].startswith(b"-ERR [AUTH]")
    assert p._getline()[0].startswith(b"-ERR")  # the limit is reached
    p.sock.settimeout(30)
    assert p.file.read() == b""  # closed
    p.close()
    # Logins refused before any password check count too: bad login options, and
    # asking to act as another user.
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    for _ in range(2):
        p.user("alice:x")
        with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
            p.pass_("secret")
    token = base64.b64encode(b"bob@example.org\0alice\0secret").decode()
    p._putcmd(f"AUTH PLAIN {token}")
    assert p._getline()[0].startswith(b"-ERR [AUTH]")
    assert p._getline()[0].startswith(b"-ERR")  # the limit is reached
    assert p.file.read() == b""
    p.close()


# --- 6. streaming a large message --------------------------------------------------------

def large_message(size):
    """A ~size-byte message of CRLF lines, some of which start with a dot."""
    head = (b"From: sender@example.net\r\nTo: alice@localhost\r\nSubject: large\r\n"
            b"Message-ID: <large@settings.test>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: application/octet-stream\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n")
    lines = base64.encodebytes(os.urandom(size * 3 // 4)).split(b"\n")[:-1]
    for i in range(0, len(lines), 997):
        lines[i] = b"." + lines[i]  # exercises dot-stuffing
    lines.append(b".")
    lines.append(b"..")
    return head + b"\r\n".join(lines) + b"\r\nend\r\n"


def vm_hwm_kib(pid):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1))


def test_large_message_is_streamed(tern_install):
    tern_install.set("store.maxmessagesize", str(100 << 20))
    tern = tern_install.start()
    msg = large_message(60 << 20)
    assert len(msg) > 60 << 20
    tern.deliver("alice", msg)

    s = socket.create_connection(("127.0.0.1", tern.pop_port), timeout=60)
    f = s.makefile("rb")
    assert f.readline().startswith(b"+OK")
    s.sendall(b"USER alice\r\nPASS secret\r\nLIST 1\r\n")
    assert f.readline().startswith(b"+OK")
    assert f.readline().startswith(b"+OK")
    assert f.readline() == f"+OK 1 {len(msg)}\r\n".encode()

    before = vm_hwm_kib(tern.proc.pid)
    s.sendall(b"RETR 1\r\n")
    status = f.readline()
    assert status == f"+OK {len(msg)} octets\r\n".encode(), status
    wire = bytearray()
    while not wire.endswith(b"\r\n.\r\n"):
        chunk = f.read1(1 << 20)
        assert chunk, f"connection closed after {len(wire)} bytes"
        wire += chunk
    after = vm_hwm_kib(tern.proc.pid)

    # Undo the dot-stuffing (RFC 1939 section 3): drop the terminator, then one leading
    # dot from every line that has one.
    body = bytes(wire[:-3])
    assert not body.startswith(b".")  # the first line is a header
    body = body.replace(b"\r\n.", b"\r\n")
    assert len(body) == len(msg)
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(msg).hexdigest()
    assert after - before < 40 * 1024, f"VmHWM grew from {before} kB to {after} kB"

    s.sendall(b"TOP 1 0\r\n")  # and TOP stops after the header
    top = b""
    while not top.endswith(b"\r\n.\r\n"):
        top += f.readline()
    assert top.startswith(b"+OK") and top.endswith(b"Content-Transfer-Encoding: base64\r\n"
                                                   b"\r\n.\r\n"), top[-200:]
    s.sendall(b"QUIT\r\n")
    assert f.readline().startswith(b"+OK")
    s.close()


# --- 7. SIGHUP -----------------------------------------------------------------------------

def test_sighup_reloads_the_banner(tern_install, tmp_path):
    tern_install.set("service.pop.banner", "before reload")
    tern = tern_install.start()
    assert greeting(tern) == b"+OK before reload"
    held = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)  # open across the reload

    tern.set("service.pop.banner", "after reload")
    tern.set("service.pop.logindelay", "600")
    tern.proc.send_signal(signal.SIGHUP)
    wait_for_log(tern, "configuration reloaded")
    assert greeting(tern) == b"+OK after reload"
    p = poplib.POP3("127.0.0.1", tern.pop_port, timeout=10)
    assert p.capa()["LOGIN-DELAY"] == ["600"]
    p.quit()
    # A session keeps the settings it started with.
    assert "LOGIN-DELAY" not in held.capa()
    held.user("alice")
    held.pass_("secret")
    held.quit()

    # A configuration that does not load is refused and the running one kept.
    bad_ca = tmp_path / "not-a-ca.pem"
    bad_ca.write_text("this is not PEM\n")
    tern.set("service.pop.banner", "bad reload")
    tern.set("tls.clientca", str(bad_ca))
    tern.proc.send_signal(signal.SIGHUP)
    wait_for_log(tern, "reload refused")
    assert greeting(tern) == b"+OK after reload"
    assert tern.proc.poll() is None


def test_sighup_right_after_start_reloads(tern_install):
    # The ports listen before the daemon's main loop runs; a SIGHUP in between must
    # reload (once running), not kill the daemon by the signal's default action.
    tern_install.set("service.pop.banner", "reloaded")
    for i in range(1, 6):
        tern = tern_install.start()  # returns as soon as the ports accept connections
        tern.proc.send_signal(signal.SIGHUP)
        wait_for_log(tern, "configuration reloaded", i)
        assert tern.proc.poll() is None
        assert greeting(tern) == b"+OK reloaded"
        assert tern.stop() == 0


def test_sighup_enables_external(tern, certs):
    wait_for_port(tern.pop3s_port, tern.proc)
    p = pop3s(tern, certs.alice)
    assert "EXTERNAL" not in sasl_mechanisms(p)
    p.quit()
    tern.set("tls.clientca", certs.ca_path)
    tern.proc.send_signal(signal.SIGHUP)
    wait_for_log(tern, "configuration reloaded")
    p = pop3s(tern, certs.alice)
    assert "EXTERNAL" in sasl_mechanisms(p)
    assert p._shortcmd("AUTH EXTERNAL =").startswith(b"+OK")
    p.quit()
