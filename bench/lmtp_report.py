#!/usr/bin/env python3
"""Turns lmtp_bench.sh's per-run rows into the comparison table and the results file.

Per level and server the best round (highest msgs/s) is kept. The Dovecot baseline of
a level is the faster Dovecot format at that level; ratios are Tern / baseline, so a
throughput ratio above 1 and a p99 ratio below 1 favour Tern.
"""
import argparse
import json
import sys


def load_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--meta", required=True, help="JSON object describing the run")
    ap.add_argument("--rows", required=True, help="JSONL, one row per load-generator run")
    ap.add_argument("--checks", required=True, help="JSONL, delivery checks per server")
    ap.add_argument("--out", required=True, help="results file to write")
    a = ap.parse_args()

    meta = json.loads(a.meta)
    rows = load_jsonl(a.rows)
    checks = load_jsonl(a.checks)

    best = {}
    for r in rows:
        key = (r["server"], r["conns"])
        if key not in best or r["msgs_per_s"] > best[key]["msgs_per_s"]:
            best[key] = r
    levels = sorted({r["conns"] for r in rows})
    servers = []
    for r in rows:
        if r["server"] not in servers:
            servers.append(r["server"])

    summary = []
    for c in levels:
        dove = [best[(s, c)] for s in servers if (s, c) in best and best[(s, c)]["kind"] == "dovecot"]
        base = max(dove, key=lambda r: r["msgs_per_s"]) if dove else None
        tern = best.get(("tern", c))
        entry = {"conns": c}
        if base:
            entry["dovecot"] = {k: base.get(k) for k in
                                ("server", "msgs_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_msg")}
        if tern:
            entry["tern"] = {k: tern.get(k) for k in
                             ("msgs_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_msg")}
        if base and tern and base["msgs_per_s"] > 0 and base["p99_ms"] > 0:
            entry["ratio_throughput"] = round(tern["msgs_per_s"] / base["msgs_per_s"], 3)
            entry["ratio_p99"] = round(tern["p99_ms"] / base["p99_ms"], 3)
            if base.get("server_cpu_ms_per_msg"):
                entry["ratio_cpu_per_msg"] = round(
                    tern.get("server_cpu_ms_per_msg", 0) / base["server_cpu_ms_per_msg"], 3)
        summary.append(entry)

    out = sys.stdout
    fp = meta.get("fsync_probe", {})
    print(f"\nLMTP delivery benchmark  {meta.get('timestamp', '')}  "
          f"cpus={meta.get('cpus')}  {meta.get('mode')}  users={meta.get('users')}  "
          f"rcpts/msg={meta.get('rcpts')}", file=out)
    tern = meta.get("tern_version") or meta.get("tern_binary") or "(not run)"
    print(f"dovecot {meta.get('dovecot_version')}  tern {tern}"
          f"  disk: {meta.get('workdir_fs')}  fsync: append {fp.get('append_fsync_ms', 0):.3f} ms,"
          f" create+rename+dir {fp.get('create_fsync_rename_dirfsync_ms', 0):.3f} ms", file=out)
    print("", file=out)
    hdr = (f"{'server':<16} {'conns':>5} {'msgs/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} "
           f"{'msgs':>7} {'cpu ms/msg':>10} {'client cpu':>10} {'load':>5}")
    print(hdr, file=out)
    print("-" * len(hdr), file=out)
    for c in levels:
        for s in servers:
            r = best.get((s, c))
            if not r:
                continue
            print(f"{s:<16} {c:>5} {r['msgs_per_s']:>10.1f} {r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f} "
                  f"{r['max_ms']:>9.2f} {r['messages']:>7} {r.get('server_cpu_ms_per_msg', 0):>10.3f} "
                  f"{r.get('client_cpu_s', 0):>9.2f}s {r.get('loadavg_before', 0):>5.2f}", file=out)
    print("", file=out)
    if any("tern" in e for e in summary):
        print(f"{'conns':>5}  {'baseline':<16} {'Tern/Dovecot msgs/s':>20} {'Tern/Dovecot p99':>17} "
              f"{'Tern/Dovecot cpu/msg':>21}", file=out)
        for e in summary:
            if "ratio_throughput" in e:
                print(f"{e['conns']:>5}  {e['dovecot']['server']:<16} {e['ratio_throughput']:>20.2f} "
                      f"{e['ratio_p99']:>17.2f} {e.get('ratio_cpu_per_msg', 0):>21.2f}", file=out)
            else:
                print(f"{e['conns']:>5}  (no comparison)", file=out)
        print("(msgs/s ratio > 1, p99 and cpu/msg ratios < 1 favour Tern)", file=out)
    else:
        print("Tern not run: no ratios. Baseline (faster Dovecot format per level):", file=out)
        for e in summary:
            if "dovecot" in e:
                d = e["dovecot"]
                print(f"  c={e['conns']:<3} {d['server']:<16} {d['msgs_per_s']:.1f} msgs/s  p99 {d['p99_ms']:.2f} ms",
                      file=out)
    for ch in checks:
        if ch.get("on_disk") is not None:
            state = "OK" if ch["ok"] else "MISMATCH"
            print(f"check {ch['server']}: {ch['on_disk']} stored / {ch['acknowledged']} acknowledged: {state}",
                  file=out)
        else:
            print(f"check {ch['server']}: {ch['acknowledged']} acknowledged (store not inspected)", file=out)

    with open(a.out, "w") as f:
        json.dump({"meta": meta, "summary": summary, "checks": checks, "runs": rows}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
