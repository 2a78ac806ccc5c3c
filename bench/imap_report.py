#!/usr/bin/env python3
"""Turns imap_bench.sh's per-run rows into the comparison tables and the results file.

Mixed test: per server the best round (highest commands/s) is kept; the Dovecot
baseline is the faster Dovecot format. Idle test: the baseline is the Dovecot format
with the least memory per idle connection. Ratios are Tern / baseline: throughput ratios
above 1 and latency, CPU and memory ratios below 1 favour Tern. Targets (issue 4):
commands/s ratio >= 2, under 20 KB per idle plain connection.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # report_common.py, any cwd
from report_common import baseline, best_rows, parse_inputs, print_runs, ratio, write_results  # noqa: E402

TARGET_RATIO = 2.0
TARGET_KB = 20.0

# The per-command table's rows, in session order (imap_load.cc's kCmdNames).
COMMANDS = ["LOGIN", "SELECT", "FETCH_FLAGS", "FETCH_HEADERS", "FETCH_BODY", "STORE_FLAGS",
            "APPEND", "SEARCH_UNSEEN", "SEARCH_HEADER", "STORE_DELETED", "EXPUNGE", "LOGOUT"]


def metric(r):
    # Higher is better for best_rows/baseline: commands/s, or less memory per connection.
    return r["commands_per_s"] if r["test"] == "mixed" else -r["kb_per_conn_pss"]


def main():
    a, meta, rows, checks = parse_inputs()
    best, servers, tests = best_rows(rows, lambda r: r["test"], metric)

    summary = []
    for t in tests:
        base = baseline(best, servers, t, metric)
        tern = best.get(("tern", t))
        if t == "mixed":
            fields = ("commands_per_s", "cmd_p50_ms", "cmd_p99_ms", "sessions_per_s",
                      "session_p99_ms", "server_cpu_ms_per_cmd", "per_command")
        else:
            fields = ("idling", "kb_per_conn_pss", "kb_per_conn_rss", "pss_kb_before",
                      "pss_kb_idle", "procs_idle", "setup_s", "server_cpu_ms_per_conn")
        e = {"test": t}
        if base:
            e["dovecot"] = {"server": base["server"], **{k: base.get(k) for k in fields}}
        if tern:
            e["tern"] = {k: tern.get(k) for k in fields}
            if t == "idle":
                e["tern_target_met"] = tern["kb_per_conn_pss"] < TARGET_KB
        if base and tern:
            if t == "mixed":
                e["ratio_commands_per_s"] = ratio(tern["commands_per_s"], base["commands_per_s"])
                e["ratio_cmd_p99"] = ratio(tern["cmd_p99_ms"], base["cmd_p99_ms"])
                e["ratio_cpu_per_cmd"] = ratio(tern["server_cpu_ms_per_cmd"],
                                               base["server_cpu_ms_per_cmd"])
                e["ratio_p99_per_command"] = {
                    c: ratio(tern["per_command"][c]["p99_ms"], base["per_command"][c]["p99_ms"])
                    for c in COMMANDS if c in tern["per_command"] and c in base["per_command"]}
                e["target_met"] = (e["ratio_commands_per_s"] or 0) >= TARGET_RATIO
            else:
                e["ratio_kb_per_conn"] = ratio(tern["kb_per_conn_pss"], base["kb_per_conn_pss"])
        summary.append(e)

    out = sys.stdout
    print(f"\nIMAP benchmark  {meta.get('timestamp', '')}  cpus={meta.get('cpus')}  {meta.get('mode')}",
          file=out)
    tern_v = meta.get("tern_version") or meta.get("tern_note") or "(not run)"
    print(f"dovecot {meta.get('dovecot_version')}  tern {tern_v}", file=out)
    print(f"mixed: {meta.get('conns')} clients on {meta.get('users')} mailboxes x "
          f"{meta.get('messages_per_user')} msgs; passwords {meta.get('password_hash')}, login "
          f"cache {meta.get('login_cache_ttl_s')} s; disk {meta.get('workdir_fs')}", file=out)
    print("other: CPU used by everything but the server and the load generator during the"
          " run, in % of all cores (builds sharing the machine)", file=out)
    print("", file=out)

    mixed = [s for s in servers if (s, "mixed") in best]
    if mixed:
        hdr = (f"{'server':<16} {'clients':>7} {'cmd/s':>8} {'sess/s':>7} {'cmd p50':>8} "
               f"{'cmd p99':>8} {'sess p99':>9} {'cpu ms/cmd':>10} {'failed':>6} {'other':>5}")
        print_runs(out, hdr, best, ["mixed"], servers, lambda s, t, r: (
            f"{s:<16} {r['conns']:>7} {r['commands_per_s']:>8.1f} {r['sessions_per_s']:>7.1f} "
            f"{r['cmd_p50_ms']:>8.2f} {r['cmd_p99_ms']:>8.2f} {r['session_p99_ms']:>9.1f} "
            f"{r['server_cpu_ms_per_cmd']:>10.3f} {r['failed']:>6} {r.get('other_cpu_pct', 0):>4.0f}%"))
        # Per command: p50 / p99 in ms per server, and how many untagged responses each got.
        hdr = f"{'command':<14}" + "".join(f" {s[:18]:>18}" for s in mixed) + f" {'untagged':>9}"
        print("per command: p50 / p99 ms (untagged responses per command, first server)", file=out)
        print(hdr, file=out)
        print("-" * len(hdr), file=out)
        for c in COMMANDS:
            cells = []
            for s in mixed:
                pc = best[(s, "mixed")]["per_command"].get(c)
                cells.append(f"{pc['p50_ms']:.2f} / {pc['p99_ms']:.2f}" if pc and pc["count"] else "-")
            first = best[(mixed[0], "mixed")]["per_command"].get(c, {})
            print(f"{c:<14}" + "".join(f" {x:>18}" for x in cells) +
                  f" {first.get('untagged_per_cmd', 0):>9.1f}", file=out)
        print("", file=out)

    if any((s, "idle") in best for s in servers):
        hdr = (f"{'server':<16} {'idling':>7} {'set-up s':>8} {'procs':>6} {'PSS before MB':>13} "
               f"{'PSS idle MB':>11} {'KB/conn PSS':>11} {'KB/conn RSS':>11} {'cpu ms/conn':>11}")
        print_runs(out, hdr, best, ["idle"], servers, lambda s, t, r: (
            f"{s:<16} {r['idling']:>7} {r['setup_s']:>8.1f} {r['procs_idle']:>6} "
            f"{r['pss_kb_before'] / 1024:>13.1f} {r['pss_kb_idle'] / 1024:>11.1f} "
            f"{r['kb_per_conn_pss']:>11.2f} {r['kb_per_conn_rss']:>11.2f} "
            f"{r['server_cpu_ms_per_conn']:>11.2f}"))

    any_ratio = False
    for e in summary:
        if "dovecot" not in e or "tern" not in e:
            continue
        any_ratio = True
        b = e["dovecot"]["server"]
        if e["test"] == "mixed":
            worst = sorted(e["ratio_p99_per_command"].items(), key=lambda kv: -(kv[1] or 0))[:3]
            print(f"mixed: Tern/{b}: commands/s x{e['ratio_commands_per_s']} (target >= "
                  f"{TARGET_RATIO}: {'met' if e['target_met'] else 'NOT met'}), cmd p99 "
                  f"x{e['ratio_cmd_p99']}, cpu/cmd x{e['ratio_cpu_per_cmd']}; highest p99 ratios: "
                  + ", ".join(f"{c} x{v}" for c, v in worst), file=out)
        else:
            print(f"idle: Tern/{b}: KB per idle connection x{e['ratio_kb_per_conn']}; Tern "
                  f"{e['tern']['kb_per_conn_pss']:.2f} KB (target < {TARGET_KB:.0f}: "
                  f"{'met' if e['tern_target_met'] else 'NOT met'})", file=out)
    if not any_ratio:
        print("Tern not measured (or no Dovecot): no ratios. Baseline (best Dovecot format per test):",
              file=out)
        for e in summary:
            d = e.get("dovecot")
            if d and e["test"] == "mixed":
                print(f"  mixed  {d['server']:<16} {d['commands_per_s']:.1f} cmd/s  p99 "
                      f"{d['cmd_p99_ms']:.2f} ms  {d['server_cpu_ms_per_cmd']:.3f} cpu ms/cmd", file=out)
            elif d:
                print(f"  idle   {d['server']:<16} {d['kb_per_conn_pss']:.2f} KB per idle connection "
                      f"(PSS; RSS {d['kb_per_conn_rss']:.2f})", file=out)

    bad = [r for r in rows if r.get("failed") or r.get("check_failures") or r.get("error")
           or r.get("logout_failed")]
    for r in bad:
        if r["test"] == "mixed":
            by = ", ".join(f"{k} {v}" for k, v in r.get("failed_by_command", {}).items())
            print(f"FAILED: {r['server']} mixed round {r['round']}: {r['failed']} of "
                  f"{r['failed'] + r['sessions_total']} sessions failed ({r['check_failures']} "
                  f"check failures; by the command that failed: {by}) {r.get('error', '')}",
                  file=out)
        else:
            print(f"FAILED: {r['server']} idle: {r['failed']} connections failed in set-up or "
                  f"while idle ({r['dropped']} dropped while idle), {r['logout_failed']} at "
                  f"DONE/LOGOUT after the measurement; first: {r.get('error', '')}", file=out)
    for r in rows:
        if r.get("append_unannounced"):
            print(f"note: {r['server']}: {r['append_unannounced']} APPENDs to the selected mailbox "
                  f"got their OK before an EXISTS announced the new message (RFC 9051 6.3.12: "
                  f"SHOULD at once); the SEARCHes after them accepted either result", file=out)
        if r.get("healed_sessions"):
            print(f"note: {r['server']}: {r['healed_sessions']} sessions expunged a failed "
                  f"session's leftover message", file=out)
    for c in checks:
        if c.get("check") == "log" and c.get("log_errors"):
            print(f"note: {c['server']} logged {c['log_errors']} error lines", file=out)
    write_results(a.out, {"meta": meta, "summary": summary, "runs": rows, "checks": checks})
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
