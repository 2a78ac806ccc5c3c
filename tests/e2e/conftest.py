"""End-to-end fixtures: a real `tern serve` on free loopback ports with a temporary
data directory, driven by real clients. The binary is build/tern unless TERN_BIN says
otherwise."""
import os
import pathlib
import signal
import socket
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TERN_BIN = os.environ.get("TERN_BIN", str(ROOT / "build" / "tern"))
SHARED = ROOT.parent / "shared"


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
        self.cli("config", "init", "--data-dir", str(self.data))
        for svc in ("imap", "http"):
            self.set(f"service.{svc}.enable", "false")
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
