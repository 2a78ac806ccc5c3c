#!/usr/bin/env python3
"""Turns pop3_bench.sh's per-run rows into the comparison table and the results file.

Per test and server the best round is kept (highest sessions/s for the sessions test,
highest RETR/s for the RETR tests). The Dovecot baseline of a test is the faster
Dovecot format in that test; ratios are Tern / baseline, so throughput ratios above 1
and latency and CPU ratios below 1 favour Tern. Target: sessions/s ratio >= 2.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # report_common.py, any cwd
from report_common import baseline, best_rows, parse_inputs, print_runs, ratio, write_results  # noqa: E402

TARGET = 2.0


def main():
    a, meta, rows, checks = parse_inputs()

    def key_metric(r):
        return r["sessions_per_s"] if r["test"] == "sessions" else r["retr_per_s"]

    best, servers, tests = best_rows(rows, lambda r: r["test"], key_metric)

    summary = []
    for t in tests:
        base = baseline(best, servers, t, key_metric)
        tern = best.get(("tern", t))
        fields = ("sessions_per_s", "p50_ms", "p99_ms", "retr_per_s", "mb_per_s",
                  "server_cpu_ms_per_session", "server_cpu_ms_per_retr", "avg_msg_bytes")
        e = {"test": t}
        if base:
            e["dovecot"] = {"server": base["server"], **{k: base.get(k) for k in fields}}
        if tern:
            e["tern"] = {k: tern.get(k) for k in fields}
        if base and tern:
            if t == "sessions":
                e["ratio_sessions_per_s"] = ratio(tern["sessions_per_s"], base["sessions_per_s"])
                e["ratio_p50"] = ratio(tern["p50_ms"], base["p50_ms"])
                e["ratio_p99"] = ratio(tern["p99_ms"], base["p99_ms"])
                e["ratio_cpu_per_session"] = ratio(tern["server_cpu_ms_per_session"],
                                                   base["server_cpu_ms_per_session"])
                e["target_met"] = (e["ratio_sessions_per_s"] or 0) >= TARGET
            else:
                e["ratio_retr_per_s"] = ratio(tern["retr_per_s"], base["retr_per_s"])
                e["ratio_mb_per_s"] = ratio(tern["mb_per_s"], base["mb_per_s"])
                e["ratio_cpu_per_retr"] = ratio(tern["server_cpu_ms_per_retr"],
                                                base["server_cpu_ms_per_retr"])
        summary.append(e)

    out = sys.stdout
    print(f"\nPOP3 benchmark  {meta.get('timestamp', '')}  cpus={meta.get('cpus')}  {meta.get('mode')}",
          file=out)
    tern = meta.get("tern_version") or meta.get("tern_note") or "(not run)"
    print(f"dovecot {meta.get('dovecot_version')}  tern {tern}", file=out)
    print(f"sessions: {meta.get('conns')} clients on {meta.get('users')} mailboxes x "
          f"{meta.get('messages_per_user')} msgs; retr: {meta.get('retr_levels')} clients on "
          f"{meta.get('big_messages')}-msg mailboxes; passwords {meta.get('password_hash')}, "
          f"login cache {meta.get('login_cache_ttl_s')} s; disk {meta.get('workdir_fs')}", file=out)
    print("other: CPU used by everything but the server and the load generator during the"
          " run, in % of all cores (builds sharing the machine)", file=out)
    print("", file=out)
    hdr = (f"{'server':<16} {'test':<9} {'clients':>7} {'sess/s':>8} {'p50 ms':>9} {'p99 ms':>9} "
           f"{'RETR/s':>9} {'MB/s':>7} {'cpu ms/sess':>11} {'cpu ms/RETR':>11} {'msg B':>6} "
           f"{'other':>5}")
    print_runs(out, hdr, best, tests, servers, lambda s, t, r: (
        f"{s:<16} {t:<9} {r['conns']:>7} {r['sessions_per_s']:>8.1f} {r['p50_ms']:>9.2f} "
        f"{r['p99_ms']:>9.2f} {r['retr_per_s']:>9.0f} {r['mb_per_s']:>7.1f} "
        f"{r['server_cpu_ms_per_session']:>11.2f} {r['server_cpu_ms_per_retr']:>11.4f} "
        f"{r['avg_msg_bytes']:>6.0f} {r.get('other_cpu_pct', 0):>4.0f}%"))
    any_ratio = False
    for e in summary:
        if "dovecot" not in e or "tern" not in e:
            continue
        any_ratio = True
        b = e["dovecot"]["server"]
        if e["test"] == "sessions":
            print(f"sessions: Tern/{b}: sessions/s x{e['ratio_sessions_per_s']} "
                  f"(target >= {TARGET}: {'met' if e['target_met'] else 'NOT met'}), "
                  f"p50 x{e['ratio_p50']}, p99 x{e['ratio_p99']}, cpu/session "
                  f"x{e['ratio_cpu_per_session']}", file=out)
        else:
            print(f"{e['test']}: Tern/{b}: RETR/s x{e['ratio_retr_per_s']}, MB/s "
                  f"x{e['ratio_mb_per_s']}, cpu/RETR x{e['ratio_cpu_per_retr']}", file=out)
    if not any_ratio:
        print("Tern not measured: no ratios. Baseline (faster Dovecot format per test):", file=out)
        for e in summary:
            d = e.get("dovecot")
            if d:
                print(f"  {e['test']:<9} {d['server']:<16} {d['sessions_per_s']:.1f} sess/s  "
                      f"p99 {d['p99_ms']:.2f} ms  {d['retr_per_s']:.0f} RETR/s  {d['mb_per_s']:.1f} MB/s",
                      file=out)
    bad = [r for r in rows if r.get("failed") or r.get("check_failures") or r.get("error")]
    for r in bad:
        print(f"FAILED: {r['server']} {r['test']}: {r['failed']} failed sessions "
              f"({r['check_failures']} check failures) {r.get('error', '')}", file=out)
    for c in checks:
        if c.get("check") == "log" and c.get("log_errors"):
            print(f"note: {c['server']} logged {c['log_errors']} error lines", file=out)
    write_results(a.out, {"meta": meta, "summary": summary, "runs": rows, "checks": checks})
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
