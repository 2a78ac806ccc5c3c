#!/usr/bin/env python3
"""Turns lmtp_bench.sh's per-run rows into the comparison table and the results file.

Per level and server the best round (highest msgs/s) is kept. The Dovecot baseline of
a level is the faster Dovecot format at that level; ratios are Tern / baseline, so a
throughput ratio above 1 and a p99 ratio below 1 favour Tern.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # report_common.py, any cwd
from report_common import baseline, best_rows, parse_inputs, print_runs, write_results  # noqa: E402


def main():
    a, meta, rows, checks = parse_inputs()

    def msgs_per_s(r):
        return r["msgs_per_s"]

    best, servers, levels = best_rows(rows, lambda r: r["conns"], msgs_per_s)
    levels.sort()

    summary = []
    for c in levels:
        base = baseline(best, servers, c, msgs_per_s)
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
    print_runs(out, hdr, best, levels, servers, lambda s, c, r: (
        f"{s:<16} {c:>5} {r['msgs_per_s']:>10.1f} {r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f} "
        f"{r['max_ms']:>9.2f} {r['messages']:>7} {r.get('server_cpu_ms_per_msg', 0):>10.3f} "
        f"{r.get('client_cpu_s', 0):>9.2f}s {r.get('loadavg_before', 0):>5.2f}"))
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

    write_results(a.out, {"meta": meta, "summary": summary, "checks": checks, "runs": rows})


if __name__ == "__main__":
    main()
