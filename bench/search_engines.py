#!/usr/bin/env python3
"""Compares full-text engines for Tern's SEARCH index on a corpus (search_corpus.py).

Each engine indexes the same extracted text (header blocks and text parts, decoded and
lower-cased, approximately what src/mail/search_text.h produces) of every message under
rowid (mailbox << 32 | uid), as Tern does, and answers the benchmark's needles. Printed
per engine: index size per message, indexing throughput, and median/p90 query time for
each needle with its candidate count. Run with Debian's SQLite (python3's sqlite3 links
the system library, so the FTS5 is the one Tern uses).

Engines:
  fts5-trigram-full     trigram tokens with positions (detail=full): phrase query, exact
                        substring match of a column
  fts5-trigram-column   trigram tokens, column but no positions (detail=column): AND of
                        the needle's trigrams, a superset Tern checks exactly (Tern's)
  fts5-trigram-none     trigram tokens, no column, no positions: one table per column
  fts5-unicode61        word tokens: small and fast, but a word index cannot find a
                        substring inside a word ("zibar" in "zanzibarite"): unsound for
                        IMAP SEARCH, shown for scale only

Usage: search_engines.py CORPUS.mbox [--limit N]
"""
import argparse
import email
import email.header
import mailbox
import os
import pickle
import sqlite3
import statistics
import tempfile
import time

NEEDLES = [("body", "quokkalicious"), ("body", "zanzibar"), ("text", "zibarit"),
           ("header", "xylophonist"), ("header", "sender0042"), ("body", "müller")]


def extract(msg):
    headers, bodies = [], []
    for part in msg.walk():
        block = "".join(f"{k}: {email.header.make_header(email.header.decode_header(v))}\n"
                        for k, v in part.items())
        headers.append(block.lower())
        if part.is_multipart():
            continue
        if part.get_content_maintype() in ("text", "message"):
            raw = part.get_payload(decode=True) or b""
            bodies.append(raw.decode(part.get_content_charset() or "utf-8", "replace").lower())
    return "\n".join(headers), "\n".join(bodies)


def trigrams(s):
    grams = []
    for i in range(len(s) - 2):
        g = s[i:i + 3]
        if g not in grams:
            grams.append(g)
    return grams


def q(grams):
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


ENGINES = {
    "fts5-trigram-full": dict(
        ddl=["CREATE VIRTUAL TABLE t USING fts5(header, body, tokenize='trigram "
             "case_sensitive 1', detail=full, columnsize=0)"],
        ins=["INSERT INTO t(rowid, header, body) VALUES (?, ?, ?)"],
        query=lambda col, n: ("SELECT rowid FROM t WHERE t MATCH ?",
                              ("{header body}" if col == "text" else col) + ' : "' + n + '"')),
    "fts5-trigram-column": dict(
        ddl=["CREATE VIRTUAL TABLE t USING fts5(header, body, tokenize='trigram "
             "case_sensitive 1', detail=column, columnsize=0)"],
        ins=["INSERT INTO t(rowid, header, body) VALUES (?, ?, ?)"],
        query=lambda col, n: ("SELECT rowid FROM t WHERE t MATCH ?",
                              ("{header body}" if col == "text" else col) + " : (" +
                              q(trigrams(n)) + ")")),
    "fts5-trigram-none": dict(
        ddl=["CREATE VIRTUAL TABLE th USING fts5(x, tokenize='trigram case_sensitive 1', "
             "detail=none, columnsize=0)",
             "CREATE VIRTUAL TABLE tb USING fts5(x, tokenize='trigram case_sensitive 1', "
             "detail=none, columnsize=0)"],
        ins=["INSERT INTO th(rowid, x) VALUES (?1, ?2)", "INSERT INTO tb(rowid, x) VALUES (?1, ?2)"],
        columns=[(0, 1), (0, 2)],
        query=lambda col, n: (
            {"header": "SELECT rowid FROM th WHERE th MATCH ?1",
             "body": "SELECT rowid FROM tb WHERE tb MATCH ?1",
             "text": "SELECT rowid FROM th WHERE th MATCH ?1 UNION "
                     "SELECT rowid FROM tb WHERE tb MATCH ?1"}[col], q(trigrams(n)))),
    "fts5-unicode61": dict(
        ddl=["CREATE VIRTUAL TABLE t USING fts5(header, body, detail=column, columnsize=0)"],
        ins=["INSERT INTO t(rowid, header, body) VALUES (?, ?, ?)"],
        query=lambda col, n: ("SELECT rowid FROM t WHERE t MATCH ?",
                              ("{header body}" if col == "text" else col) + ' : "' + n + '"*')),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--repeat", type=int, default=11)
    a = ap.parse_args()
    docs = []
    t0 = time.time()
    cache = f"{a.corpus}.{a.limit}.docs.pickle"
    if os.path.exists(cache):
        docs = pickle.load(open(cache, "rb"))
    else:
        for i, m in enumerate(mailbox.mbox(a.corpus)):
            if a.limit and i >= a.limit:
                break
            docs.append(((1 << 32) | (i + 1),) + extract(m))
        pickle.dump(docs, open(cache, "wb"))
    text_bytes = sum(len(h.encode()) + len(b.encode()) for _, h, b in docs)
    print(f"{len(docs)} messages, {text_bytes / len(docs):.0f} bytes of text each "
          f"(extracted in {time.time() - t0:.1f} s)")
    for name in a.engines.split(","):
        e = ENGINES[name]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "i.db")
            db = sqlite3.connect(path)
            db.execute("PRAGMA journal_mode=WAL")
            for s in e["ddl"]:
                db.execute(s)
            t0 = time.time()
            for k in range(0, len(docs), 200):
                with db:
                    for n, s in enumerate(e["ins"]):
                        cols = e.get("columns", [(0, 1, 2)])[n]
                        db.executemany(s, [tuple(d[c] for c in cols) for d in docs[k:k + 200]])
            took = time.time() - t0
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = os.path.getsize(path)
            print(f"\n{name}: {size / len(docs):.0f} bytes/message "
                  f"({size / text_bytes:.2f} x text), {len(docs) / took:.0f} messages/s indexed")
            for col, needle in NEEDLES:
                sql, arg = e["query"](col, needle)
                times, hits = [], 0
                for _ in range(a.repeat):
                    t0 = time.perf_counter()
                    hits = len(db.execute(sql, (arg,)).fetchall())
                    times.append((time.perf_counter() - t0) * 1000)
                times.sort()
                print(f"  {col:6} {needle:14} {hits:6} candidates  median "
                      f"{statistics.median(times):7.2f} ms  p90 {times[int(len(times) * 0.9)]:7.2f} ms")
            db.close()


if __name__ == "__main__":
    main()
