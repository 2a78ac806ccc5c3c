#!/usr/bin/env python3
"""Writes the mailbox of the SEARCH benchmark (bench/imap_search_bench.sh) as an mbox.

lmtp_load's messages draw every word from 67, so any word is in every message and an
index can narrow nothing. Real mail has a long-tailed vocabulary; this corpus draws body
and subject words from a Zipf distribution over a few thousand made-up words, with a
few planted "marker" words whose share of the messages is known, so that each benchmark
query has a known number of hits:

  marker          where                     share of messages
  quokkalicious   body (text/plain)         0.1 %
  zanzibarite     body (text/html or plain) 1 %
  Xylophonist     Subject                   0.2 %
  sender0042      From (one sender of 500, Zipf-weighted: about 0.2 %)

A tenth of the messages are ISO-8859-1 quoted-printable, a tenth base64 UTF-8 with
non-ASCII words, so that decoding is part of what is measured. Deterministic: the same
--seed gives the same bytes.

Usage: search_corpus.py --messages N [--seed S] --out FILE.mbox
"""
import argparse
import base64
import quopri
import random

SYLLABLES = ("ka lo mi ne ru sa te vo pi da fe gu ho ji ke la ma no pe qui ra si "
             "tu va we xa yo ze bri cla dro fle gro pla sto tri").split()
NON_ASCII = ["müller", "größe", "café", "déjà", "naïve", "señor", "smörgåsbord", "Ærø"]
MARKER_BODY_RARE = "quokkalicious"
MARKER_BODY = "zanzibarite"
MARKER_SUBJECT = "Xylophonist"


def vocabulary(rng, n):
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_picker(rng, items, s=1.1):
    weights = [1.0 / (i + 1) ** s for i in range(len(items))]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick(k):
        return rng.choices(items, cum_weights=cum, k=k)
    return pick


def paragraph(pick, rng, words):
    out, line = [], []
    for w in pick(words):
        line.append(w)
        if len(line) >= 10 + rng.randint(0, 4):
            out.append(" ".join(line) + ".")
            line = []
    if line:
        out.append(" ".join(line) + ".")
    return "\n".join(out)


def build(i, rng, pick, senders, sender_pick):
    sender = sender_pick(1)[0]
    subject_words = pick(rng.randint(3, 7))
    if rng.random() < 0.002:
        subject_words.insert(rng.randrange(len(subject_words) + 1), MARKER_SUBJECT)
    body = paragraph(pick, rng, rng.randint(150, 700))
    body_words = body.split(" ")
    if rng.random() < 0.001:
        body_words.insert(rng.randrange(len(body_words)), MARKER_BODY_RARE)
    if rng.random() < 0.01:
        body_words.insert(rng.randrange(len(body_words)), MARKER_BODY)
    body = " ".join(body_words)
    day = 1 + i % 28
    headers = [
        f"Received: from mx{i % 7}.corpus.test (mx.corpus.test [192.0.2.{i % 250}])\n"
        f"\tby tern.example.test with ESMTPS id c{i:08d}; Mon, {day} Jan 2024 10:00:00 +0000",
        f"From: \"{sender.title()}\" <{sender}@corpus.test>",
        "To: <user01@example.test>",
        f"Subject: {' '.join(subject_words)}",
        f"Date: Mon, {day} Jan 2024 {i % 24:02d}:{i % 60:02d}:00 +0000",
        f"Message-ID: <c{i:08d}@corpus.test>",
        "MIME-Version: 1.0",
    ]
    kind = rng.random()
    if kind < 0.1:
        text = body + " " + " ".join(rng.choice(NON_ASCII[:7]) for _ in range(3))
        payload = quopri.encodestring(text.encode("latin-1")).decode("ascii")
        headers += ["Content-Type: text/plain; charset=iso-8859-1",
                    "Content-Transfer-Encoding: quoted-printable"]
        return "\n".join(headers) + "\n\n" + payload + "\n"
    if kind < 0.2:
        text = body + " " + " ".join(rng.choice(NON_ASCII) for _ in range(3))
        payload = base64.encodebytes(text.encode("utf-8")).decode("ascii")
        headers += ["Content-Type: text/plain; charset=utf-8",
                    "Content-Transfer-Encoding: base64"]
        return "\n".join(headers) + "\n\n" + payload
    if kind < 0.4:
        boundary = f"=_b{i:08d}"
        html = "<html><body><p>" + paragraph(pick, rng, rng.randint(50, 200)) + "</p></body></html>"
        headers.append(f"Content-Type: multipart/alternative; boundary=\"{boundary}\"")
        return ("\n".join(headers) + "\n\n" + f"--{boundary}\nContent-Type: text/plain; "
                f"charset=utf-8\n\n{body}\n--{boundary}\nContent-Type: text/html; "
                f"charset=utf-8\n\n{html}\n--{boundary}--\n")
    headers.append("Content-Type: text/plain; charset=utf-8")
    return "\n".join(headers) + "\n\n" + body + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pick = zipf_picker(rng, vocabulary(rng, 5000))
    senders = [f"sender{n:04d}" for n in range(500)]
    sender_pick = zipf_picker(rng, senders, s=0.8)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for i in range(a.messages):
            msg = build(i, rng, pick, senders, sender_pick)
            # mboxrd: ">From " quoting of body lines that could be taken for separators.
            lines = [(">" + ln if ln.lstrip(">").startswith("From ") else ln)
                     for ln in msg.split("\n")]
            f.write("From corpus@corpus.test Mon Jan  1 00:00:00 2024\n")
            f.write("\n".join(lines).rstrip("\n") + "\n\n")


if __name__ == "__main__":
    main()
