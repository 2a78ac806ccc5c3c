"""Helpers for the IMAP end-to-end tests: a raw IMAP client for what imaplib hides
(exact responses, literals, IDLE, ESEARCH, pipelined garbage), a parser of IMAP
response syntax (RFC 9051 section 9) into Python values, and test messages."""
import imaplib
import re
import socket
import ssl
import time

CRLF = b"\r\n"


class Closed(ConnectionError):
    """The server closed the connection; `pending` holds what it had sent."""

    def __init__(self, pending):
        super().__init__(f"closed by server; pending: {pending!r}")
        self.pending = pending


class Lit:
    """A literal argument of RawImap.command: synchronising ({n}, waits for "+") unless
    nonsync ({n+}, LITERAL+ of RFC 7888)."""

    def __init__(self, data: bytes, nonsync=False):
        self.data = data
        self.nonsync = nonsync


class Reply:
    """A command's outcome: the untagged responses (wire bytes, literals inline, without
    the final CRLF) and the tagged completion."""

    def __init__(self, tag, untagged, tagged):
        self.tag = tag
        self.untagged = untagged
        self.tagged = tagged
        parts = tagged.split(b" ", 2)
        self.status = parts[1].decode().upper() if len(parts) > 1 else ""
        self.text = parts[2] if len(parts) > 2 else b""
        m = re.match(rb"\[([^\]]*)\]", self.text)
        self.code = m.group(1).decode() if m else None

    @property
    def ok(self):
        return self.status == "OK"

    def starting(self, prefix: bytes):
        """Untagged responses starting with `prefix` (after "* "), case-insensitively."""
        p = b"* " + prefix.upper()
        return [u for u in self.untagged if u.upper().startswith(p)]

    def numbered(self, kind: str):
        """Untagged "* n KIND ..." responses as (n, rest) pairs, in order."""
        out = []
        for u in self.untagged:
            m = re.match(rb"\* (\d+) (\S+)(?: (.*))?\Z", u, re.S)
            if m and m.group(2).decode().upper() == kind.upper():
                out.append((int(m.group(1)), m.group(3)))
        return out

    def __repr__(self):
        return "\n".join(u.decode(errors="replace") for u in self.untagged + [self.tagged])


class RawImap:
    """One IMAP connection on loopback, plain or TLS. Every read is bounded by `timeout`
    seconds; a closed connection raises Closed."""

    def __init__(self, port, context: ssl.SSLContext = None, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        if context is not None:
            self.sock = context.wrap_socket(self.sock, server_hostname="127.0.0.1")
        self.buf = b""
        self.tags = 0
        self.greeting = self.response()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data: bytes):
        self.sock.sendall(data)

    def _fill(self):
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            raise Closed(self.buf)
        self.buf += chunk

    def line(self) -> bytes:
        while CRLF not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(CRLF, 1)
        return line

    def exactly(self, n) -> bytes:
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def response(self) -> bytes:
        """One whole response: a line and, for each literal ({n} or ~{n}) it ends with,
        the literal's octets and the rest of the response, as on the wire."""
        out = self.line()
        while True:
            m = re.search(rb"~?\{(\d+)\}\Z", out)
            if not m:
                return out
            out += CRLF + self.exactly(int(m.group(1))) + self.line()

    def start_tls(self, context):
        """Wraps the socket after a successful STARTTLS reply."""
        assert self.buf == b"", "server sent data after STARTTLS OK"
        self.sock = context.wrap_socket(self.sock, server_hostname="127.0.0.1")

    def next_tag(self):
        self.tags += 1
        return f"T{self.tags}"

    def read_until_tagged(self, tag, untagged=None) -> Reply:
        untagged = [] if untagged is None else untagged
        while True:
            r = self.response()
            if r.startswith(tag.encode() + b" "):
                return Reply(tag, untagged, r)
            untagged.append(r)

    def command(self, *parts, tag=None) -> Reply:
        """Sends "tag part part ..." (parts joined by spaces; str and bytes parts are sent
        as they are, Lit parts as literals) and returns the reply. If the server refuses a synchronising literal with a tagged
        response instead of "+", that reply is returned."""
        tag = tag or self.next_tag()
        untagged = []
        pending = tag.encode()
        for p in parts:
            pending += b" "
            if isinstance(p, Lit):
                pending += b"{%d%s}\r\n" % (len(p.data), b"+" if p.nonsync else b"")
                self.send(pending)
                pending = b""
                if not p.nonsync:
                    while True:
                        r = self.response()
                        if r.startswith(b"+"):
                            break
                        if r.startswith(tag.encode() + b" "):
                            return Reply(tag, untagged, r)
                        untagged.append(r)
                pending = p.data
            else:
                pending += p.encode() if isinstance(p, str) else p
        self.send(pending + CRLF)
        return self.read_until_tagged(tag, untagged)

    def __call__(self, *parts, **kw) -> Reply:
        return self.command(*parts, **kw)

    def expect_closed(self, timeout=10.0) -> bytes:
        """Reads until the server closes; returns everything it sent until then."""
        self.sock.settimeout(timeout)
        data = self.buf
        self.buf = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                return data
            if not chunk:
                return data
            data += chunk

    def login(self, user, password):
        r = self.command("LOGIN", quote(user), quote(password))
        assert r.ok, r
        return r


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- parsing IMAP syntax into values ----------------------------------------------------

class Atom(str):
    """An atom or number as sent (unquoted); a quoted string parses to plain str."""


def tokenize_value(data: bytes, i=0):
    """Parses one value at data[i:]: returns (value, next index). Lists become Python
    lists, NIL None, quoted strings str, literals bytes, atoms Atom. An atom holding a
    section ("BODY[HEADER.FIELDS (SUBJECT)]<0>") stays one atom."""
    while data[i:i + 1] == b" ":
        i += 1
    c = data[i:i + 1]
    if c == b"(":
        out = []
        i += 1
        while True:
            while data[i:i + 1] == b" ":
                i += 1
            if data[i:i + 1] == b")":
                return out, i + 1
            if i >= len(data):
                raise ValueError(f"unbalanced parenthesis in {data!r}")
            v, i = tokenize_value(data, i)
            out.append(v)
    if c == b'"':
        i += 1
        s = bytearray()
        while data[i:i + 1] != b'"':
            if i >= len(data):
                raise ValueError(f"unterminated string in {data!r}")
            if data[i:i + 1] == b"\\":
                i += 1
            s += data[i:i + 1]
            i += 1
        return s.decode("utf-8", "replace"), i + 1
    m = re.compile(rb"~?\{(\d+)\}\r\n").match(data, i)
    if m:
        n = int(m.group(1))
        return data[m.end():m.end() + n], m.end() + n
    j = i
    depth = 0
    while j < len(data):
        ch = data[j:j + 1]
        if ch == b"[":
            depth += 1
        elif ch == b"]":
            depth -= 1
        elif depth == 0 and ch in b" ()":
            break
        j += 1
    word = data[i:j].decode("utf-8", "replace")
    if word.upper() == "NIL":
        return None, j
    return Atom(word), j


def parse(data: bytes):
    """All values of one response line, e.g. b'* 1 FETCH (UID 7)' -> ['*', '1', 'FETCH',
    ['UID', '7']]."""
    out = []
    i = 0
    while i < len(data):
        if data[i:i + 1] == b" ":
            i += 1
            continue
        v, i = tokenize_value(data, i)
        out.append(v)
    return out


def norm(v):
    """Comparable form: numbers int, strings str (literals decoded), NIL None, lists."""
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, Atom) and v.isdigit():
        return int(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return v


def fetch_items(reply: Reply):
    """{msn: {ITEM: value}} from the untagged FETCH responses (items upper-cased; one
    message's several FETCH responses are merged)."""
    out = {}
    for u in reply.untagged:
        v = parse(u)
        if len(v) == 4 and v[0] == "*" and str(v[2]).upper() == "FETCH":
            items = out.setdefault(int(v[1]), {})
            lst = v[3]
            for k in range(0, len(lst), 2):
                items[str(lst[k]).upper()] = lst[k + 1]
    return out


def capabilities(text: bytes):
    """The capability names of a "* CAPABILITY ..." line or an "[CAPABILITY ...]" code,
    upper-cased."""
    m = re.search(rb"CAPABILITY ([^\]\r\n]*)", text, re.I)
    assert m, f"no CAPABILITY in {text!r}"
    return {c.upper() for c in m.group(1).decode().split()}


def untagged_capabilities(reply: Reply):
    caps = reply.starting(b"CAPABILITY ")
    assert len(caps) == 1, reply
    return capabilities(caps[0])


def list_entries(reply: Reply):
    """{name: (set of attributes, delimiter)} of the untagged LIST (or LSUB) responses."""
    out = {}
    for u in reply.untagged:
        v = parse(u)
        if v[:1] == ["*"] and str(v[1]).upper() in ("LIST", "LSUB"):
            name = norm(v[4])
            out[name] = ({str(a).lower() for a in v[2]}, v[3])
    return out


def status_items(reply: Reply):
    """{ITEM: int} of the one untagged STATUS response."""
    st = reply.starting(b"STATUS ")
    assert len(st) == 1, reply
    v = parse(st[0])
    lst = v[3]
    return {str(lst[k]).upper(): int(lst[k + 1]) for k in range(0, len(lst), 2)}


def response_codes(reply: Reply):
    """{CODE: rest} of the "* OK [CODE rest]" untagged responses and the tagged one."""
    out = {}
    for line in reply.untagged + [reply.tagged]:
        m = re.match(rb"(?:\*|\S+) (?:OK|NO|BAD) \[([A-Za-z0-9.-]+)(?: ([^\]]*))?\]", line)
        if m:
            out[m.group(1).decode().upper()] = (m.group(2) or b"").decode()
    return out


# --- messages ----------------------------------------------------------------------------

def simple_message(n, subject=None, body=None, sender="sender@example.net",
                   to="alice@example.org", extra="", date="Mon, 7 Feb 1994 21:52:25 -0800"):
    subject = subject if subject is not None else f"message {n}"
    body = body if body is not None else f"body of message {n}\r\n"
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
            f"Date: {date}\r\n"
            f"Message-ID: <m{n}@imap.test>\r\n{extra}\r\n{body}").encode()


# A multipart message whose structure the tests spell out by hand. Part 1's body is
# "Hello world\r\nsecond line\r\n" (26 octets, 2 lines): the CRLF before "--XX" belongs to
# the boundary delimiter (RFC 2046 5.1.1).
MULTIPART = (
    b"From: Alice Example <alice@example.org>\r\n"
    b"Sender: secretary@example.org\r\n"
    b"To: Bob <bob@example.org>, carol@example.net\r\n"
    b"Cc: dave@example.net\r\n"
    b"Subject: quarterly report\r\n"
    b"Date: Mon, 7 Feb 1994 21:52:25 -0800\r\n"
    b"Message-ID: <mp1@imap.test>\r\n"
    b"In-Reply-To: <parent@imap.test>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="XX"\r\n'
    b"\r\n"
    b"preamble\r\n"
    b"--XX\r\n"
    b"Content-Type: text/plain; charset=us-ascii\r\n"
    b"\r\n"
    b"Hello world\r\n"
    b"second line\r\n"
    b"\r\n"
    b"--XX\r\n"
    b'Content-Type: application/octet-stream; name="data.bin"\r\n'
    b"Content-Transfer-Encoding: base64\r\n"
    b'Content-Disposition: attachment; filename="data.bin"\r\n'
    b"\r\n"
    b"AAECAwQFBgcICQ==\r\n"
    b"--XX--\r\n")
MULTIPART_PART1 = b"Hello world\r\nsecond line\r\n"
MULTIPART_PART2_ENCODED = b"AAECAwQFBgcICQ=="
MULTIPART_PART2 = bytes(range(10))


def internaldate(s: str):
    """An IMAP date-time ("07-Feb-1994 21:52:25 -0800") as an aware datetime."""
    import datetime
    return datetime.datetime.strptime(s.strip(), "%d-%b-%Y %H:%M:%S %z")


def wait_until(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} not reached in {timeout}s"
        time.sleep(0.05)


def imaplib_ok(result):
    typ, data = result
    assert typ == "OK", result
    return data


def select_codes(m: imaplib.IMAP4):
    """The response codes imaplib collected for the last SELECT/EXAMINE, by name."""
    return {k: v for k, v in m.untagged_responses.items()}
