"""End-to-end fixtures: a real `tern serve` on free loopback ports with a temporary
data directory, driven by real clients. The binary is build/tern unless TERN_BIN says
otherwise."""
import imaplib
import itertools
import os
import pathlib
import signal
import socket
import ssl
import subprocess
import time

import pytest

from imap_support import RawImap

ROOT = pathlib.Path(__file__).resolve().parents[2]
TERN_BIN = os.environ.get("TERN_BIN", str(ROOT / "build" / "tern"))
SHARED = ROOT.parent / "shared"
NOT_SERVED_IMAP = "service imap is enabled but this build does not serve it yet"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"tern exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} not listening after {timeout}s")


class Tern:
    """One Tern installation: config file, data directory, and maybe a running daemon."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.config = root / "tern.toml"
        self.data = root / "data"
        self.log_path = root / "tern.log"
        self.proc = None
        self.lmtp_port = free_port()
        self.pop_port = free_port()
        self.pop3s_port = free_port()
        self.imap_port = free_port()
        self.imaps_port = free_port()
        self.cli("config", "init", "--data-dir", str(self.data))
        self.set("service.http.enable", "false")
        self.set("service.imap.enable", "true")
        self.set("service.imap.port", str(self.imap_port))
        self.set("service.imap.sslport", str(self.imaps_port))
        self.set("service.imap.enablesslport", "true")
        self.set("service.imap.loglevel", "protocol")
        self.set("service.lmtp.port", str(self.lmtp_port))
        self.set("service.pop.port", str(self.pop_port))
        self.set("service.pop.sslport", str(self.pop3s_port))
        self.set("service.pop.enablesslport", "true")
        self.set("service.pop.loglevel", "protocol")
        self.set("service.lmtp.loglevel", "protocol")
        # Cheap hashing keeps the suite fast; the scheme is still Argon2id.
        self.set("auth.argon2.memorycost", "1024")
        self.set("auth.argon2.timecost", "1")

    def cli(self, *args, input=None, check=True):
        r = subprocess.run([TERN_BIN, "--config", str(self.config), *args], input=input,
                           capture_output=True, timeout=120)
        if check and r.returncode != 0:
            raise AssertionError(f"tern {' '.join(args)} failed ({r.returncode}): "
                                 f"{r.stderr.decode(errors='replace')}")
        return r

    def set(self, key, value):
        self.cli("config", "set", key, value)

    def add_user(self, name, password="secret", *extra):
        self.cli("user", "add", name, "--password", password, *extra)

    def start(self):
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([TERN_BIN, "--config", str(self.config), "serve"],
                                     stdout=self._log, stderr=self._log)
        wait_for_port(self.lmtp_port, self.proc)
        wait_for_port(self.pop_port, self.proc)
        return self

    def wait_for_imap(self, timeout=15.0):
        """Waits until the IMAP port listens. Fails (never skips: a build that should
        serve IMAP and does not is a failure) when the daemon says it does not serve IMAP.
        The other services' tests do not wait for IMAP."""
        if NOT_SERVED_IMAP in self.log:
            pytest.fail(f"{TERN_BIN} does not serve IMAP yet (its log says "
                        f"{NOT_SERVED_IMAP!r})", pytrace=False)
        wait_for_port(self.imap_port, self.proc, timeout)
        return self

    def start_imap(self):
        """start() and wait_for_imap()."""
        self.start()
        return self.wait_for_imap()

    @property
    def certificate(self):
        return str(self.data / "tls" / "cert.pem")

    def deliver(self, user, message: bytes, mailbox="INBOX"):
        self.cli("deliver", "--user", user, "--mailbox", mailbox, input=message)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
            raise AssertionError("tern did not stop in time")
        self.proc = None
        self._log.close()
        return rc

    def kill(self):
        return self.stop(signal.SIGKILL)

    @property
    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def messages(self, user, mailbox="INBOX"):
        out = self.cli("message", "list", user, "--mailbox", mailbox).stdout.decode()
        lines = out.splitlines()
        head = lines[0].split("\t")
        return [dict(zip(head, l.split("\t"))) for l in lines[1:]]

    def message_bytes(self, user, uid, mailbox="INBOX"):
        return self.cli("message", "get", user, str(uid), "--mailbox", mailbox).stdout

    def mailboxes(self, user):
        out = self.cli("mailbox", "list", user).stdout.decode()
        lines = out.splitlines()
        head = lines[0].split("\t")
        return {l.split("\t")[0]: dict(zip(head, l.split("\t"))) for l in lines[1:]}


@pytest.fixture
def tern_install(tmp_path):
    """A configured installation with alice, bob and a small-quota carol; not running."""
    t = Tern(tmp_path)
    t.add_user("alice")
    t.add_user("bob@example.org")
    t.add_user("carol", "secret", "--quota", "4K")
    yield t
    if t.proc is not None:
        t.stop(signal.SIGKILL)


@pytest.fixture
def tern(tern_install):
    """The installation above, running."""
    tern_install.start()
    yield tern_install
    if tern_install.proc is not None:
        rc = tern_install.stop()
        assert rc == 0, f"tern exited with {rc} on SIGTERM:\n{tern_install.log[-3000:]}"


@pytest.fixture
def imap(tern):
    """The running installation, once its IMAP port listens (fails if it never does)."""
    return tern.wait_for_imap()


@pytest.fixture(scope="module")
def imap_server(tmp_path_factory):
    """One running installation shared by a test module's tests; each test makes its own
    account (the `account` fixture), so tests do not see each other's mail."""
    t = Tern(tmp_path_factory.mktemp("imap"))
    try:
        t.start_imap()
        yield t
    finally:
        if t.proc is not None:
            rc = t.stop()
            assert rc == 0, f"tern exited with {rc} on SIGTERM:\n{t.log[-3000:]}"


class Account:
    """A fresh account on a running installation and ways to reach it over IMAP."""

    def __init__(self, srv, name, password):
        self.srv = srv
        self.name = name
        self.password = password
        self.connections = []  # closed when the test ends, even when it fails

    def close_all(self):
        for c in self.connections:
            try:
                (c.shutdown if isinstance(c, imaplib.IMAP4) else c.close)()
            except OSError:
                pass

    def context(self):
        return ssl.create_default_context(cafile=self.srv.certificate)

    def imap(self, mode="plain", login=True):
        """An imaplib connection: plain, starttls or ssl; logged in unless login=False."""
        if mode == "ssl":
            m = imaplib.IMAP4_SSL("127.0.0.1", self.srv.imaps_port, ssl_context=self.context(),
                                  timeout=10)
        else:
            m = imaplib.IMAP4("127.0.0.1", self.srv.imap_port, timeout=10)
            if mode == "starttls":
                m.starttls(self.context())
        self.connections.append(m)
        if login:
            m.login(self.name, self.password)
        return m

    def raw(self, login=True, tls=False):
        """A RawImap connection (on the implicit-TLS port if tls)."""
        if tls:
            c = RawImap(self.srv.imaps_port, self.context())
        else:
            c = RawImap(self.srv.imap_port)
        self.connections.append(c)
        if login:
            c.login(self.name, self.password)
        return c

    def deliver(self, message: bytes, mailbox="INBOX"):
        self.srv.deliver(self.name, message, mailbox)


_accounts = itertools.count(1)


@pytest.fixture
def account(imap_server):
    """A fresh account on the module's server. A server that died during an earlier test
    (reported as that test's error) is restarted first, so that one crash does not fail
    the rest of the module; one that dies during this test fails it."""
    if imap_server.proc.poll() is not None:
        imap_server.stop()
        imap_server.start_imap()
    name = f"user{next(_accounts)}"
    imap_server.add_user(name, f"pw-{name}")
    account = Account(imap_server, name, f"pw-{name}")
    yield account
    account.close_all()
    time.sleep(0.03)  # a crash on a connection's close comes a moment after the test
    rc = imap_server.proc.poll()
    if rc is not None:
        pytest.fail(f"tern died ({rc}) during this test:\n{imap_server.log[-4000:]}",
                    pytrace=False)
