#!/usr/bin/env python3
"""Times SEARCH, SORT and THREAD commands against one IMAP server (imap_search_bench.sh).

Logs in, selects the mailbox, then runs each command of COMMANDS once unmeasured (the
server's caches warm, as a client's second search would find them) and then up to
--rounds times, stopping early once --budget seconds went to that command (at least
--min-rounds samples). A command answered NO or BAD is "unsupported" (SORT and THREAD
are not in every build). Prints one JSON row per command: server, command, status,
samples, median/p90/min/max in ms, and the number of results with a hash of them, so
the report can check that the servers agree.

Usage: search_load.py --port P --user U --password W --label NAME [--rounds N]
"""
import argparse
import hashlib
import json
import re
import socket
import statistics
import sys
import time

# (name, command after the tag). Needles: see search_corpus.py for their share.
COMMANDS = [
    ("SEARCH TEXT rare", 'UID SEARCH TEXT "quokkalicious"'),
    ("SEARCH BODY word", 'UID SEARCH BODY "zanzibarite"'),
    ("SEARCH BODY substring", 'UID SEARCH BODY "zibari"'),
    ("SEARCH BODY non-ASCII", "UID SEARCH CHARSET UTF-8 BODY {%d}\r\n%s" % (
        len("SMÖRGÅS".encode()), "SMÖRGÅS")),
    ("SEARCH SUBJECT", 'UID SEARCH SUBJECT "xylophonist"'),
    ("SEARCH FROM", 'UID SEARCH FROM "sender0042"'),
    ("SEARCH TEXT absent", 'UID SEARCH TEXT "qwertyuiop"'),
    ("SORT ARRIVAL", "UID SORT (ARRIVAL) UTF-8 ALL"),
    ("SORT SUBJECT", "UID SORT (SUBJECT) UTF-8 ALL"),
    ("SORT FROM", "UID SORT (FROM) UTF-8 ALL"),
    ("THREAD REFERENCES", "UID THREAD REFERENCES UTF-8 ALL"),
]


class Imap:
    def __init__(self, port, timeout):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        self.n = 0
        self.line()  # greeting

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        # A literal in a response: read it whole, then the rest of the line.
        m = re.search(rb"\{(\d+)\}$", line)
        if m:
            n = int(m.group(1))
            while len(self.buf) < n:
                self.buf += self.s.recv(1 << 20)
            line += b"\r\n" + self.buf[:n]
            self.buf = self.buf[n:]
            line += self.line()
        return line

    def command(self, text):
        """Sends `text` (literals as "{n}\\r\\n" + bytes, synchronising); returns the
        untagged lines and the tagged status word."""
        self.n += 1
        tag = f"t{self.n}".encode()
        parts = text.encode().split(b"\r\n")
        untagged = []
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            self.s.sendall((tag + b" " if i == 0 else b"") + part + b"\r\n")
            if not last:
                while True:
                    resp = self.line()
                    if resp.startswith(b"+"):
                        break
                    if resp.startswith(tag + b" "):
                        return untagged, resp.split()[1].decode()
                    untagged.append(resp)
        while True:
            resp = self.line()
            if resp.startswith(tag + b" "):
                return untagged, resp.split()[1].decode()
            untagged.append(resp)


def results_of(untagged):
    """The numbers (or thread structure) a SEARCH/SORT/THREAD answered."""
    for line in untagged:
        for kind in (b"* SEARCH", b"* SORT", b"* THREAD"):
            if line.startswith(kind):
                return line[len(kind):].strip()
    return b""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--min-rounds", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60.0)
    ap.add_argument("--timeout", type=float, default=600.0)
    a = ap.parse_args()
    c = Imap(a.port, a.timeout)
    _, st = c.command(f'LOGIN "{a.user}" "{a.password}"')
    if st != "OK":
        sys.exit(f"{a.label}: LOGIN failed")
    untagged, st = c.command("SELECT INBOX")
    exists = next((int(l.split()[1]) for l in untagged if l.endswith(b" EXISTS")), 0)
    if st != "OK":
        sys.exit(f"{a.label}: SELECT failed")
    for name, cmd in COMMANDS:
        untagged, status = c.command(cmd)  # warm-up, unmeasured
        row = {"server": a.label, "command": name, "imap": cmd.split("\r\n")[0],
               "exists": exists}
        if status != "OK":
            row.update(status="unsupported", answer=status)
            print(json.dumps(row), flush=True)
            continue
        answer = results_of(untagged)
        times = []
        spent = 0.0
        while len(times) < a.rounds and (len(times) < a.min_rounds or spent < a.budget):
            t0 = time.perf_counter()
            untagged, status = c.command(cmd)
            dt = time.perf_counter() - t0
            spent += dt
            times.append(dt * 1000)
            if status != "OK" or results_of(untagged) != answer:
                row.update(status="inconsistent")
                break
        times.sort()
        words = answer.split()
        row.update(status=row.get("status", "ok"), samples=len(times),
                   median_ms=round(statistics.median(times), 2),
                   p90_ms=round(times[min(len(times) - 1, int(len(times) * 0.9))], 2),
                   min_ms=round(times[0], 2), max_ms=round(times[-1], 2),
                   results=len(words) if not name.startswith("THREAD") else answer.count(b"("),
                   answer_sha=hashlib.sha256(answer).hexdigest()[:16])
        print(json.dumps(row), flush=True)
    c.command("LOGOUT")


if __name__ == "__main__":
    main()
