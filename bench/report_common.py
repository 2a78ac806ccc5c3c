"""What bench/lmtp_report.py, pop3_report.py and imap_report.py share: their inputs, the
best round per key, the Dovecot baseline, ratios, the per-run table and the results file."""
import argparse
import json


def load_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_inputs():
    """Reads the command line the bench scripts pass; returns (args, meta, rows, checks)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--meta", required=True, help="JSON object describing the run")
    ap.add_argument("--rows", required=True, help="JSONL, one row per load-generator run")
    ap.add_argument("--checks", required=True, help="JSONL, checks per server")
    ap.add_argument("--out", required=True, help="results file to write")
    a = ap.parse_args()
    return a, json.loads(a.meta), load_jsonl(a.rows), load_jsonl(a.checks)


def best_rows(rows, key, metric):
    """The best round (highest metric(row)) per (server, key(row)); also the servers and
    the keys in the order they first ran."""
    best, servers, keys = {}, [], []
    for r in rows:
        k = (r["server"], key(r))
        if k not in best or metric(r) > metric(best[k]):
            best[k] = r
        if r["server"] not in servers:
            servers.append(r["server"])
        if key(r) not in keys:
            keys.append(key(r))
    return best, servers, keys


def baseline(best, servers, k, metric):
    """The faster Dovecot format for key k (its best row), or None."""
    dove = [best[(s, k)] for s in servers if (s, k) in best and best[(s, k)]["kind"] == "dovecot"]
    return max(dove, key=metric) if dove else None


def ratio(a, b):
    """a / b rounded to 3 places, or None when either is missing or b is 0."""
    return round(a / b, 3) if a is not None and b else None


def print_runs(out, hdr, best, keys, servers, line):
    """The table of best rows: header, rule, then line(server, key, row) per run."""
    print(hdr, file=out)
    print("-" * len(hdr), file=out)
    for k in keys:
        for s in servers:
            r = best.get((s, k))
            if r:
                print(line(s, k, r), file=out)
    print("", file=out)


def write_results(path, results):
    with open(path, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
