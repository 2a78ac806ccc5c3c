#!/usr/bin/env bash
# POP3 benchmark: Tern next to Dovecot (Debian's dovecot-pop3d), same run, same machine,
# same users and passwords (Argon2id, same cost), same message bytes. See bench/README.md.
#
#   bench/pop3_bench.sh [--tern build/tern] [--duration S] [--conns 50] [--retr-levels "1 4"]
#
# Two measurements, interleaved server by server:
#   sessions: C clients (default 50), each looping POP3 sessions (USER, PASS, STAT,
#             UIDL, RETR all, QUIT) on its own 100-message mailbox -> sessions/s,
#             p50/p99 session latency, server CPU per session;
#   retr:     1 (and a few) clients, each looping over its own 1,000-message mailbox
#             -> messages/s and MB/s.
# Everything lives in a temp dir (removed at the end unless --keep) and on loopback;
# results go to bench/results/pop3-<timestamp>.json and a table on stdout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# The options both benchmarks take (defaults: build/tern, duration 10 s, warm-up 2 s,
# both Dovecot formats, fsync always, ...), resolve_tern, setup_workdir, stop_server,
# tree_cpu, free_port, wait_ready, the Dovecot and Tern set-up: shared with lmtp_bench.sh.
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

retr_duration=6
retr_warmup=2
conns=50
users=50
messages=100
big_messages=1000
retr_levels="1 4"
seed=20240202
pop3_service_count=100

usage() {
  cat <<EOF
usage: $0 [options]
  --tern PATH          Tern binary (default build/tern); skipped with a note if missing or
                       if it does not serve POP3 yet
  --no-tern            run Dovecot only (validates the harness)
  --tern-set "KEY VAL" an extra \`tern config set\` for Tern (repeatable; for experiments)
  --no-dovecot         run Tern only (no baseline, no ratios)
  --dovecot-format F   maildir, sdbox or "maildir sdbox" (default: both; the faster one
                       per test is the baseline)
  --dovecot-fsync M    Dovecot's mail_fsync (default always)
  --dovecot-pop3-service-count N
                       service pop3 { service_count } (default 100: a pop3 process serves
                       100 sessions, the documented performance setting; 1 is Dovecot's
                       default, a fresh process per session)
  --duration S         measured seconds of the sessions test per server (default $duration)
  --warmup S           unmeasured seconds before it (default $warmup)
  --conns C            concurrent POP3 clients in the sessions test (default $conns)
  --users U            users user01..userUU, one mailbox per client (default $users)
  --messages N         messages in each of those mailboxes (default $messages)
  --big-messages N     messages in each RETR-test mailbox big01.. (default $big_messages)
  --retr-levels "1 4"  clients in the RETR test, each on its own big mailbox
  --retr-duration S    measured seconds per RETR level and server (default $retr_duration)
  --retr-warmup S      unmeasured seconds before it (default $retr_warmup)
$(login_usage)
  --rounds R           repeat everything R times, interleaved; report the best (default 1)
  --settle S           before each measurement, wait up to S s until every server is idle
                       (default $settle; 0: don't wait)
  --workdir DIR        parent of the temp dir (default \$TMPDIR or /tmp)
  --keep               keep the temp dir (configs, logs, mail) for inspection
EOF
  exit "${1:-0}"
}

while (($#)); do
  case "$1" in
    --dovecot-pop3-service-count) pop3_service_count=$2; shift 2 ;;
    --conns) conns=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --big-messages) big_messages=$2; shift 2 ;;
    --retr-levels) retr_levels=$2; shift 2 ;;
    --retr-duration) retr_duration=$2; shift 2 ;;
    --retr-warmup) retr_warmup=$2; shift 2 ;;
    *) login_option "$@" || common_option "$@"; shift "$opt_words" ;;
  esac
done

log() { printf '[pop3-bench +%ss] %s\n' "$SECONDS" "$*" >&2; }
die() { log "error: $*"; exit 1; }
probe_cmd() { "$pop3" --probe --port "$1" --timeout-ms 2000; }

resolve_tern
if ((run_dovecot)); then require_dovecot_login pop3 dovecot-pop3d; fi
((run_tern || run_dovecot)) || die "nothing to run"
max_retr=0
for c in $retr_levels; do ((c > max_retr)) && max_retr=$c; done

declare -A server_pop=() server_lmtp=()
setup_workdir pop3

# ---- tools -------------------------------------------------------------------------------
pop3="$work/pop3_load"
lmtp="$work/lmtp_load"
build_login_tools pop3

# ---- users ---------------------------------------------------------------------------
password="bench-secret"
user_names=() big_names=()
for i in $(seq 1 "$users"); do user_names+=("$(printf 'user%02d' "$i")"); done
for i in $(seq 1 "$max_retr"); do big_names+=("$(printf 'big%02d' "$i")"); done
all_users=("${user_names[@]}" "${big_names[@]}")

# Dovecot's passwd-file gets Argon2id PHC strings made by libargon2 with Tern's cost and
# salt/hash lengths (one random salt per user), so each verification costs the same.
if ((run_dovecot)); then make_argon2_hashes "$argon2_t" "$argon2_m" "$argon2_p" "${all_users[@]}"; fi

# ---- Dovecot -----------------------------------------------------------------------------
setup_dovecot() {
  # shellcheck disable=SC2034  # set by dovecot_users, read by write_dovecot_conf
  local fmt=$1 dir="$work/dovecot-$1" pop_port lmtp_port as_root uid gid uname internal_user login_user
  mkdir -p "$dir/run" "$dir/state" "$dir/home"
  pop_port=$(free_port); lmtp_port=$(free_port)
  while [[ $lmtp_port == "$pop_port" ]]; do lmtp_port=$(free_port); done
  dovecot_users
  write_dovecot_passwd "$dir"
  write_dovecot_conf "$fmt" "$dir" "$lmtp_port" <<EOF
# Generated by bench/pop3_bench.sh: Dovecot POP3 (+ LMTP to load the mail), loopback.
instance_name = tern-pop3-bench-$fmt
protocols = pop3 lmtp
# pop3_uidl_format: Dovecot's default. No pop3_lock_session (default no).
$(dovecot_login_conf "$dir")
# High-performance login mode (Dovecot's documented setting for busy servers): a few
# long-lived pop3-login processes, each serving many connections.
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop_port
  }
  inet_listener pop3s {
    port = 0
  }
  service_count = 0
  process_min_avail = $(nproc)
  vsz_limit = 1G
$( ((as_root)) || echo "  chroot =")
}
service pop3 {
  process_limit = 1024
  service_count = $pop3_service_count
}
EOF
  local name="dovecot-$fmt"
  server_pop[$name]=$pop_port
  server_lmtp[$name]=$lmtp_port
  start_dovecot "$name" "$dir" "$pop_port"
  log "$name ready: pop3 127.0.0.1:$pop_port, lmtp :$lmtp_port (pid ${server_pid[$name]})"
}

# ---- Tern --------------------------------------------------------------------------------
# Returns 1 (Tern skipped) if this build does not serve POP3 yet.
setup_tern() {
  local dir="$work/tern" pop_port lmtp_port tern_login_keys
  mkdir -p "$dir"
  tern_login_settings
  pop_port=$(free_port); lmtp_port=$(free_port)
  while [[ $lmtp_port == "$pop_port" ]]; do lmtp_port=$(free_port); done
  tern_configure "$dir" "service.pop.enable true" "service.pop.listen 127.0.0.1" \
    "service.pop.port $pop_port" "service.lmtp.enable true" "service.lmtp.listen 127.0.0.1" \
    "service.lmtp.port $lmtp_port" "service.imap.enable false" "service.http.enable false" \
    "store.fsync true" "${tern_login_keys[@]}"
  tern_add_users "$dir" "${all_users[@]}"
  server_pop[tern]=$pop_port
  server_lmtp[tern]=$lmtp_port
  start_tern "$dir"
  # Ready when LMTP greets; then POP3 must greet too, or this build has no POP3 yet.
  tern_serves pop "$pop_port" "$lmtp_port" "$dir" || return 1
  log "tern ready: pop3 127.0.0.1:$pop_port, lmtp :$lmtp_port (pid ${server_pid[tern]})"
}

# ---- run -----------------------------------------------------------------------------------
mkdir -p "$here/results"
stamp=$(date +%Y%m%d-%H%M%S)
rows="$work/rows.jsonl"
checks="$work/checks.jsonl"
: >"$rows"; : >"$checks"
failed_runs=0
tern_note=""

start_servers POP3

# Loads the mail over LMTP, the same bytes in the same order into every server: client i
# of the sessions set delivers its 100 messages to user i, client i of the RETR set its
# 1,000 to big i (lmtp_load: connection i of C sends to user i + k*C mod U).
: >"$work/load.json"
for s in "${servers[@]}"; do
  t0=$SECONDS
  lmtp_fill "$s" "${server_lmtp[$s]}" "$users" "$users" user "$((users * messages))" "$seed"
  if ((max_retr > 0)); then
    lmtp_fill "$s" "${server_lmtp[$s]}" "$max_retr" "$max_retr" big "$((max_retr * big_messages))" "$((seed + 1))"
  fi
  record_load "$s" "$((SECONDS - t0))"
done

run_one() {  # run_one SERVER TEST ROUND pop3_load-args...
  local s=$1 test=$2 round=$3; shift 3
  local loadavg cpu0 cpu1 busy0 busy1 wall0 wall1 rc=0
  : >"$work/row.json"
  settle_servers
  loadavg=$(cut -d' ' -f1 /proc/loadavg)
  cpu0=$(tree_cpu "${server_pid[$s]}")
  busy0=$(busy_cpu); wall0=$(date +%s.%N)
  "$pop3" --port "${server_pop[$s]}" --password "$password" --label "$s" --json "$work/row.json" "$@" || rc=$?
  busy1=$(busy_cpu); wall1=$(date +%s.%N)
  cpu1=$(tree_cpu "${server_pid[$s]}")
  if ((rc != 0)); then
    failed_runs=$((failed_runs + 1))
    log "$s $test: load generator reported failures (exit $rc)"
  fi
  [[ -s $work/row.json ]] || return 0
  python3 - "$work/row.json" "$rows" "$s" "${server_kind[$s]}" "$test" "$round" "$loadavg" \
      "$cpu0" "$cpu1" "$busy0" "$busy1" "$wall0" "$wall1" <<'EOF'
import json, os, sys
row = json.loads(open(sys.argv[1]).read())
cpu = float(sys.argv[9]) - float(sys.argv[8])
# Everything else that ran on the machine meanwhile (other engineers' builds, ...): all
# busy CPU time minus the server's and the load generator's, in % of all cores.
busy = float(sys.argv[11]) - float(sys.argv[10])
wall = float(sys.argv[13]) - float(sys.argv[12])
other = max(0.0, busy - cpu - row["client_cpu_s"])
row["other_cpu_pct"] = round(100 * other / (wall * os.cpu_count()), 1)
row.update(server=sys.argv[3], kind=sys.argv[4], test=sys.argv[5], round=int(sys.argv[6]),
           loadavg_before=float(sys.argv[7]), server_cpu_s=round(cpu, 2))
# CPU of the whole run (warm-up and verification sessions included) per session, and
# per retrieved message, over everything the run completed.
row["server_cpu_ms_per_session"] = round(1000 * cpu / max(row["sessions_total"], 1), 3)
row["server_cpu_ms_per_retr"] = round(1000 * cpu / max(row["retr_total"], 1), 4)
open(sys.argv[2], "a").write(json.dumps(row) + "\n")
EOF
}

# Interleaved: each test runs every server in turn, so background load on this shared
# machine hits all servers alike rather than whichever ran last.
for round in $(seq 1 "$rounds"); do
  for s in "${servers[@]}"; do
    run_one "$s" sessions "$round" --conns "$conns" --users "$users" --expect-messages "$messages" \
      --duration "$duration" --warmup "$warmup"
  done
  for c in $retr_levels; do
    for s in "${servers[@]}"; do
      run_one "$s" "retr-$c" "$round" --conns "$c" --users "$c" --user-prefix big \
        --expect-messages "$big_messages" --verify-every 0 \
        --duration "$retr_duration" --warmup "$retr_warmup"
    done
  done
done

# ---- stop, log checks ----------------------------------------------------------------------
for s in "${servers[@]}"; do
  stop_server "$s"
  if [[ ${server_kind[$s]} == dovecot ]]; then logf="$work/$s/dovecot.log"; else logf="$work/tern/tern.log"; fi
  errs=$(log_errors "$s" "$logf")
  echo "{\"server\": \"$s\", \"check\": \"log\", \"log_errors\": $errs}" >>"$checks"
done

# ---- report --------------------------------------------------------------------------------
meta=$(B_COMMON=$(common_meta) B_TERN_NOTE=$tern_note \
  B_GIT_REV="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo none)" \
  B_MODE="sessions ${duration}s (+${warmup}s warm-up), retr ${retr_duration}s (+${retr_warmup}s)" \
  B_CONNS=$conns B_USERS=$users B_MESSAGES=$messages B_BIG=$big_messages B_RETR_LEVELS=$retr_levels \
  B_ROUNDS=$rounds B_FORMATS="$( ((run_dovecot)) && echo "$formats")" B_DOVECOT_FSYNC=$dovecot_fsync \
  B_ARGON2="m=$argon2_m,t=$argon2_t,p=$argon2_p" B_CACHE_TTL=$cache_ttl B_AUTH_WORKER=$auth_worker \
  B_POP3_SC=$pop3_service_count B_FS="$(df -PT "$work" | awk 'NR==2{print $2" on "$1}')" \
  python3 - <<'EOF'
import json, os
e = os.environ
meta = json.loads(e["B_COMMON"])
meta.update({
    "tern_note": e["B_TERN_NOTE"], "git_rev": e["B_GIT_REV"], "mode": e["B_MODE"],
    "conns": int(e["B_CONNS"]), "users": int(e["B_USERS"]), "messages_per_user": int(e["B_MESSAGES"]),
    "big_messages": int(e["B_BIG"]), "retr_levels": [int(x) for x in e["B_RETR_LEVELS"].split()],
    "rounds": int(e["B_ROUNDS"]), "dovecot_formats": e["B_FORMATS"].split(),
    "dovecot_mail_fsync": e["B_DOVECOT_FSYNC"], "password_hash": "argon2id " + e["B_ARGON2"],
    "login_cache_ttl_s": int(e["B_CACHE_TTL"]),
    "dovecot_auth_cache_verify_password_with_worker": e["B_AUTH_WORKER"],
    "dovecot_pop3_service_count": int(e["B_POP3_SC"]), "workdir_fs": e["B_FS"],
})
print(json.dumps(meta))
EOF
)
out="$here/results/pop3-$stamp.json"
python3 "$here/pop3_report.py" --meta "$meta" --rows "$rows" --checks "$checks" --out "$out" || failed_runs=$((failed_runs + 1))
log "results: $out"
[[ -z $tern_note ]] || log "$tern_note"
if ((failed_runs)); then log "$failed_runs run(s) had failures: see above"; exit 1; fi
