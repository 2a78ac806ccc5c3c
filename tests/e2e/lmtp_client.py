"""A minimal raw LMTP client for what smtplib.LMTP cannot check: several replies after
DATA (one per recipient, RFC 2033 4.2), pipelining and garbage input."""
import socket


class RawLmtp:
    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def close(self):
        self.sock.close()

    def send(self, data: bytes):
        self.sock.sendall(data)

    def line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by server; pending: %r" % self.buf)
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def reply(self):
        """One (possibly multi-line) reply: (code, [texts])."""
        texts = []
        while True:
            l = self.line()
            texts.append(l[4:].decode())
            if l[3:4] != b"-":
                return int(l[:3]), texts

    def cmd(self, text: str):
        self.send(text.encode() + b"\r\n")
        return self.reply()

    def closed(self) -> bool:
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            return True
