"""IMAP COMPRESS=DEFLATE (RFC 4978) against the running daemon, driven by Python's zlib
with raw deflate (wbits=-15) as clients do: over plain TCP, after STARTTLS and on the
implicit-TLS port; LOGIN, SELECT, a FETCH of a big message, an IDLE notification that
must arrive at once (the server flushes its compressor after every write), a second
COMPRESS, COMPRESS before login, pipelined compressed input and input that does not
decompress."""
import time
import zlib

from imap_support import Closed, RawImap, simple_message
from lmtp_client import RawLmtp


class CompressedImap(RawImap):
    """RawImap that, after compress(), deflates what it sends (a sync flush per send, so
    that each command goes out whole) and inflates what it receives."""

    def __init__(self, *args, **kw):
        self.deflater = None
        self.inflater = None
        self.wire_in = 0  # octets received after COMPRESS, as they came off the socket
        super().__init__(*args, **kw)

    def compress(self):
        r = self("COMPRESS", "DEFLATE")
        assert r.ok, r
        assert r.tagged.endswith(b" OK DEFLATE active"), r
        assert self.buf == b"", "server sent data after the OK before compressing"
        self.deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.inflater = zlib.decompressobj(-15)
        return r

    def send(self, data: bytes):
        if self.deflater is not None:
            data = self.deflater.compress(data) + self.deflater.flush(zlib.Z_SYNC_FLUSH)
        self.sock.sendall(data)

    def send_raw(self, data: bytes):
        self.sock.sendall(data)

    def _fill(self):
        while True:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise Closed(self.buf)
            if self.inflater is None:
                self.buf += chunk
                return
            self.wire_in += len(chunk)
            data = self.inflater.decompress(chunk)
            if data:
                self.buf += data
                return

    def closing_data(self, timeout=10.0) -> bytes:
        """Everything the server sends until it closes, decompressed."""
        self.sock.settimeout(timeout)
        data = self.buf
        self.buf = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                return data
            data += self.inflater.decompress(chunk)


def connect(account, tls=False, starttls=False):
    if tls:
        c = CompressedImap(account.srv.imaps_port, account.context())
    else:
        c = CompressedImap(account.srv.imap_port)
    account.connections.append(c)
    if starttls:
        assert c("STARTTLS").ok
        c.start_tls(account.context())
    return c


def big_message():
    lines = "".join(f"line {i}: the quick brown fox jumps over the lazy dog\r\n"
                    for i in range(8000))
    return simple_message(1, subject="big", body=lines)


def session_after_compress(account, c):
    """LOGIN, COMPRESS, SELECT and FETCH of a big message; returns the FETCH reply."""
    account.deliver(big_message())
    stored = account.srv.message_bytes(account.name, 1)
    assert len(stored) > 400_000
    c.login(account.name, account.password)
    caps = c("CAPABILITY").untagged[0].split()
    assert b"COMPRESS=DEFLATE" in caps
    c.compress()
    r = c("SELECT", "INBOX")
    assert r.ok, r
    assert b"* 1 EXISTS" in r.untagged
    r = c("FETCH", "1", "BODY.PEEK[]")
    assert r.ok, r
    assert r.untagged == [b"* 1 FETCH (BODY[] {%d}\r\n" % len(stored) + stored + b")"]
    # Text compresses far below its size on the wire.
    assert c.wire_in < len(stored) // 5, c.wire_in
    r = c("COMPRESS", "DEFLATE")
    assert r.status == "NO" and r.code == "COMPRESSIONACTIVE", r
    r = c("LOGOUT")
    assert r.ok and r.untagged == [b"* BYE Logging out"], r
    return r


def test_compressed_session_on_the_plain_port(account):
    session_after_compress(account, connect(account))


def test_compressed_session_after_starttls(account):
    session_after_compress(account, connect(account, starttls=True))


def test_compressed_session_on_the_implicit_tls_port(account):
    session_after_compress(account, connect(account, tls=True))


def test_idle_notification_arrives_compressed_at_once(account):
    c = connect(account)
    c.login(account.name, account.password)
    c.compress()
    assert c("SELECT", "INBOX").ok
    c.send(b"I1 IDLE\r\n")
    assert c.line().startswith(b"+ ")
    # Over LMTP, whose deliveries the daemon's change feed hears.
    lmtp = RawLmtp(account.srv.lmtp_port)
    assert lmtp.reply()[0] == 220
    assert lmtp.cmd("LHLO e2e.example")[0] == 250
    assert lmtp.cmd("MAIL FROM:<sender@example.net>")[0] == 250
    assert lmtp.cmd(f"RCPT TO:<{account.name}@localhost>")[0] == 250
    assert lmtp.cmd("DATA")[0] == 354
    lmtp.send(simple_message(1) + b".\r\n")
    start = time.monotonic()
    assert lmtp.reply()[0] == 250
    c.sock.settimeout(5)
    assert c.line() == b"* 1 EXISTS"
    # A held-back compressor would deliver this only with the next response.
    assert time.monotonic() - start < 2
    lmtp.cmd("QUIT")
    lmtp.close()
    c.send(b"DONE\r\n")
    r = c.read_until_tagged("I1")
    assert r.ok, r


def test_compress_needs_a_login_and_deflate(account):
    c = connect(account)
    r = c("COMPRESS", "DEFLATE")
    assert r.status == "BAD", r
    c.login(account.name, account.password)
    r = c("COMPRESS", "GZIP")
    assert r.status == "BAD", r
    assert c("NOOP").ok  # still uncompressed


def test_commands_pipelined_after_compress_are_read_compressed(account):
    c = connect(account)
    c.login(account.name, account.password)
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    c.send_raw(b"Z1 COMPRESS DEFLATE\r\n" +
               deflater.compress(b"Z2 NOOP\r\n") + deflater.flush(zlib.Z_SYNC_FLUSH))
    assert c.line() == b"Z1 OK DEFLATE active"
    # Whatever came with the OK is already compressed.
    c.deflater = deflater
    c.inflater = zlib.decompressobj(-15)
    c.buf = c.inflater.decompress(c.buf)
    r = c.read_until_tagged("Z2")
    assert r.ok, r


def test_input_that_does_not_decompress_ends_the_session_cleanly(account):
    c = connect(account)
    c.login(account.name, account.password)
    c.compress()
    c.send_raw(b"B1 NOOP\r\n")  # not compressed
    assert c.closing_data() == b"* BYE Invalid compressed data\r\n"
    # The server goes on serving others.
    other = connect(account)
    other.login(account.name, account.password)
    assert other("NOOP").ok
