#!/usr/bin/env bash
# IMAP benchmark: Tern next to Dovecot (Debian's dovecot-imapd), same run, same machine,
# same users and passwords (Argon2id, same cost), same message bytes. See bench/README.md.
#
#   bench/imap_bench.sh [--tern build/tern] [--duration S] [--conns 50] [--idle-conns 10000]
#
# Two measurements, server by server:
#   mixed: C clients (default 50), each looping IMAP sessions (LOGIN, SELECT, UID FETCH
#          1:* FLAGS, FETCH headers, FETCH bodies, UID STORE, APPEND, SEARCH, EXPUNGE,
#          LOGOUT) on its own 200-message mailbox -> commands/s, per-command p50/p99,
#          server CPU per command;
#   idle:  10,000 connections LOGIN, SELECT INBOX and IDLE -> server memory (PSS of its
#          process tree) per idle connection.
# Everything lives in a temp dir (removed at the end unless --keep) and on loopback;
# results go to bench/results/imap-<timestamp>.json and a table on stdout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# The options all benchmarks take (defaults: build/tern, duration 10 s, warm-up 2 s,
# both Dovecot formats, fsync always, ...), resolve_tern, setup_workdir, stop_server,
# tree_cpu, tree_mem, busy_cpu, free_port, wait_ready, the users, the LMTP loading, the
# Dovecot and Tern set-up: shared with lmtp_bench.sh and pop3_bench.sh.
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

conns=50
users=50
messages=200
headers=50
bodies=3
idle_conns=10000
idle_parallel=64
idle_sources=0   # 0: as many 127.0.0.x as the ephemeral port range needs
idle_settle=0    # 0: hibernate timeout + idle_kill + 5 s
run_mixed=1
run_idle=1
idle_formats=best   # or Dovecot formats, or "all"
seed=20240303
imap_service_count=100
imap_client_limit=1
hibernate=5
idle_kill=10

usage() {
  cat <<EOF
usage: $0 [options]
  --tern PATH          Tern binary (default build/tern); skipped with a note if missing or
                       if it does not serve IMAP yet
  --no-tern            run Dovecot only (validates the harness)
  --tern-set "KEY VAL" an extra \`tern config set\` for Tern (repeatable; for experiments)
  --no-dovecot         run Tern only (no baseline, no ratios)
  --dovecot-format F   maildir, sdbox or "maildir sdbox" (default: both; the better one
                       per test is the baseline)
  --dovecot-fsync M    Dovecot's mail_fsync (default always)
  --dovecot-imap-service-count N
                       service imap { service_count } (default $imap_service_count: an imap
                       process serves $imap_service_count sessions one after the other)
  --dovecot-imap-client-limit N
                       service imap { client_limit } (default $imap_client_limit: one session
                       per imap process at a time, Dovecot's default)
  --dovecot-hibernate S
                       imap_hibernate_timeout in seconds (default $hibernate; 0 = off): IDLE
                       sessions move from their imap process to imap-hibernate after S s
  --dovecot-idle-kill S
                       default_idle_kill in seconds (default $idle_kill; Dovecot's is 60): a
                       process left without clients exits after S s. The idle test reads
                       memory after that, so that processes that served the mixed test or
                       the sessions now hibernated are not counted
  --duration S         measured seconds of the mixed test per server (default $duration)
  --warmup S           unmeasured seconds before it (default $warmup)
  --conns C            concurrent clients in the mixed test (default $conns)
  --users U            users user01..userUU, one mailbox per client (default $users)
  --messages N         messages in each mailbox (default $messages)
  --headers H          messages in each session's header FETCH (default $headers)
  --bodies B           single-message body FETCHes per session (default $bodies)
  --idle-conns N       connections in the idle test (default $idle_conns), spread over the
                       users' mailboxes
  --idle-parallel P    connections in set-up at a time in the idle test (default $idle_parallel)
  --idle-sources K     source addresses 127.0.0.1..K for the idle connections (default:
                       enough for the ephemeral port range)
  --idle-settle S      seconds between the last IDLE and the memory reading (default:
                       the hibernate timeout + the idle kill time + 5)
  --idle-formats F     Dovecot formats in the idle test: "best" (default: the one faster in
                       the mixed test, else the first), "all", or a list. Hibernated
                       sessions keep no mailbox state, so the format hardly matters, and
                       10,000 Dovecot logins take minutes (one Argon2id each)
  --no-mixed / --no-idle
                       skip one test
$(login_usage)
  --rounds R           repeat the mixed test R times, interleaved; report the best (default 1)
  --settle S           before each measurement, wait up to S s until every server is idle
                       (default $settle; 0: don't wait)
  --workdir DIR        parent of the temp dir (default \$TMPDIR or /tmp)
  --keep               keep the temp dir (configs, logs, mail) for inspection
EOF
  exit "${1:-0}"
}

while (($#)); do
  case "$1" in
    --dovecot-imap-service-count) imap_service_count=$2; shift 2 ;;
    --dovecot-imap-client-limit) imap_client_limit=$2; shift 2 ;;
    --dovecot-hibernate) hibernate=$2; shift 2 ;;
    --dovecot-idle-kill) idle_kill=$2; shift 2 ;;
    --conns) conns=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --headers) headers=$2; shift 2 ;;
    --bodies) bodies=$2; shift 2 ;;
    --idle-conns) idle_conns=$2; shift 2 ;;
    --idle-parallel) idle_parallel=$2; shift 2 ;;
    --idle-sources) idle_sources=$2; shift 2 ;;
    --idle-settle) idle_settle=$2; shift 2 ;;
    --idle-formats) idle_formats=$2; shift 2 ;;
    --no-mixed) run_mixed=0; shift ;;
    --no-idle) run_idle=0; shift ;;
    *) login_option "$@" || common_option "$@"; shift "$opt_words" ;;
  esac
done

log() { printf '[imap-bench +%ss] %s\n' "$SECONDS" "$*" >&2; }
die() { log "error: $*"; exit 1; }
probe_cmd() { "$imap" --probe --port "$1" --timeout-ms 2000; }

resolve_tern
if ((run_dovecot)); then require_dovecot_login imap dovecot-imapd; fi
((run_tern || run_dovecot)) || die "nothing to run"
((run_mixed || run_idle)) || die "nothing to measure (--no-mixed and --no-idle)"
((!run_idle)) || ((idle_conns > 0)) || run_idle=0
# The load generator holds every idle connection, and so does Tern: both need that many
# descriptors (Dovecot spreads them over its processes).
((!run_idle)) || raise_fd_limit "$((idle_conns + conns + 1000))" ||
  die "raise the hard open-files limit or lower --idle-conns"
# Dovecot watches a selected mailbox with inotify, one instance per imap process and per
# hibernated session (its imap process hands the inotify descriptor over), all owned by
# the mail user; past the kernel's per-user limit (128 by default) it logs "Inotify
# instance limit for user exceeded, disabling" and cannot hibernate sessions. An admin
# expecting many idle clients raises it, as the log says; so does this run (root only,
# restored at the end).
if ((run_idle && run_dovecot)); then
  raise_sysctl fs/inotify/max_user_instances "$((idle_conns + conns + 1024))" || true
  raise_sysctl fs/inotify/max_user_watches "$(((idle_conns + conns) * 8 + 8192))" || true
fi
if ((idle_sources == 0)); then
  read -r port_lo port_hi </proc/sys/net/ipv4/ip_local_port_range
  # Two thirds of the range per source address: the mixed test's TIME_WAITs need some.
  idle_sources=$((1 + idle_conns * 3 / ((port_hi - port_lo) * 2)))
fi
((idle_settle > 0)) || idle_settle=$((hibernate + idle_kill + 5))

declare -A server_imap=() server_lmtp=()
setup_workdir imap

# ---- tools -------------------------------------------------------------------------------
imap="$work/imap_load"
lmtp="$work/lmtp_load"
build_login_tools imap

# ---- users ---------------------------------------------------------------------------
password="bench-secret"
user_names=()
for i in $(seq 1 "$users"); do user_names+=("$(printf 'user%02d' "$i")"); done
if ((run_dovecot)); then make_argon2_hashes "$argon2_t" "$argon2_m" "$argon2_p" "${user_names[@]}"; fi

# ---- Dovecot -----------------------------------------------------------------------------
setup_dovecot() {
  # shellcheck disable=SC2034  # set by dovecot_users, read by write_dovecot_conf
  local fmt=$1 dir="$work/dovecot-$1" imap_port lmtp_port as_root uid gid uname internal_user login_user
  mkdir -p "$dir/run" "$dir/state"
  imap_port=$(free_port); lmtp_port=$(free_port)
  while [[ $lmtp_port == "$imap_port" ]]; do lmtp_port=$(free_port); done
  dovecot_users
  write_dovecot_passwd "$dir"
  local sessions=$((conns + idle_conns * run_idle + 16))
  write_dovecot_conf "$fmt" "$dir" "$lmtp_port" <<EOF
# Generated by bench/imap_bench.sh: Dovecot IMAP (+ LMTP to load the mail), loopback.
instance_name = tern-imap-bench-$fmt
protocols = imap lmtp
$(dovecot_login_conf "$dir")
# The idle test opens $idle_conns connections over $users users from one address.
mail_max_userip_connections = $sessions
# High-performance login mode (Dovecot's documented setting for busy servers): a few
# long-lived imap-login processes, each serving many connections until they log in.
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
  service_count = 0
  process_min_avail = $(nproc)
  vsz_limit = 1G
$( ((as_root)) || echo "  chroot =")
}
# A process serves client_limit sessions at a time and service_count one after the other;
# enough processes for every session of the run.
service imap {
  client_limit = $imap_client_limit
  service_count = $imap_service_count
  process_limit = $(( (sessions + imap_client_limit - 1) / imap_client_limit ))
$(if ((as_root)); then printf "  # imap-hibernate (user dovecot) hands sessions back here.\n  unix_listener imap-master {\n    user = \$default_internal_user\n  }"; fi)
}
# Processes left without clients (the mixed test's imap and lmtp processes, the imap
# processes whose sessions hibernated) exit after this; Dovecot's default is 1 min.
default_idle_kill = $idle_kill secs
# Hibernation (Dovecot's answer to many idle clients): an IDLE session is handed, after
# imap_hibernate_timeout, from its imap process to an imap-hibernate process that keeps
# only the socket and a change notification, and back when the client speaks. Each
# imap-hibernate process takes up to default_client_limit (1000) sessions, two
# descriptors each, within the open-files limit.
imap_hibernate_timeout = $hibernate secs
EOF
  local name="dovecot-$fmt"
  server_imap[$name]=$imap_port
  server_lmtp[$name]=$lmtp_port
  start_dovecot "$name" "$dir" "$imap_port"
  log "$name ready: imap 127.0.0.1:$imap_port, lmtp :$lmtp_port (pid ${server_pid[$name]})"
}

# ---- Tern --------------------------------------------------------------------------------
# Returns 1 (Tern skipped) if this build does not serve IMAP yet.
setup_tern() {
  local dir="$work/tern" imap_port lmtp_port tern_login_keys
  mkdir -p "$dir"
  tern_login_settings
  imap_port=$(free_port); lmtp_port=$(free_port)
  while [[ $lmtp_port == "$imap_port" ]]; do lmtp_port=$(free_port); done
  tern_configure "$dir" "service.imap.enable true" "service.imap.listen 127.0.0.1" \
    "service.imap.port $imap_port" "service.imap.maxsessions $((conns + idle_conns * run_idle + 16))" \
    "service.lmtp.enable true" "service.lmtp.listen 127.0.0.1" "service.lmtp.port $lmtp_port" \
    "service.pop.enable false" "service.http.enable false" \
    "store.fsync true" "${tern_login_keys[@]}"
  tern_add_users "$dir" "${user_names[@]}"
  server_imap[tern]=$imap_port
  server_lmtp[tern]=$lmtp_port
  start_tern "$dir"
  tern_serves imap "$imap_port" "$lmtp_port" "$dir" || return 1
  log "tern ready: imap 127.0.0.1:$imap_port, lmtp :$lmtp_port (pid ${server_pid[tern]})"
}

server_log() {
  if [[ ${server_kind[$1]} == dovecot ]]; then echo "$work/$1/dovecot.log"; else echo "$work/tern/tern.log"; fi
}

# ---- run -----------------------------------------------------------------------------------
mkdir -p "$here/results"
stamp=$(date +%Y%m%d-%H%M%S)
rows="$work/rows.jsonl"
checks="$work/checks.jsonl"
exchanges="$work/failed-exchanges.txt"
: >"$rows"; : >"$checks"; : >"$exchanges"
failed_runs=0
tern_note=""

start_servers IMAP

# The same mail in every server: client i delivers its messages to user i.
: >"$work/load.json"
for s in "${servers[@]}"; do
  t0=$SECONDS
  lmtp_fill "$s" "${server_lmtp[$s]}" "$users" "$users" user "$((users * messages))" "$seed"
  record_load "$s" "$((SECONDS - t0))"
done

# Appends one row to $rows: the generator's row ($work/row.json) with the server's CPU
# and memory around the run.   add_row SERVER TEST ROUND LOADAVG CPU0 CPU1 BUSY0 BUSY1
# WALL0 WALL1 [MEM0 MEM1 (each "RSS PSS PROCS")]
add_row() {
  python3 - "$work/row.json" "$rows" "${server_kind[$1]}" "$@" <<'EOF'
import json, os, sys
a = sys.argv
row = json.loads(open(a[1]).read())
kind, server, test, rnd, loadavg = a[3], a[4], a[5], int(a[6]), float(a[7])
cpu = float(a[9]) - float(a[8])
busy, wall = float(a[11]) - float(a[10]), float(a[13]) - float(a[12])
# Everything else that ran on the machine meanwhile (other engineers' builds, ...): all
# busy CPU time minus the server's and the load generator's, in % of all cores.
other = max(0.0, busy - cpu - row["client_cpu_s"])
row.update(server=server, kind=kind, test=test, round=rnd, loadavg_before=loadavg,
           server_cpu_s=round(cpu, 2), other_cpu_pct=round(100 * other / (wall * os.cpu_count()), 1))
if test == "mixed":
    # CPU of the whole run (warm-up included) per command it completed.
    row["server_cpu_ms_per_cmd"] = round(1000 * cpu / max(row["commands_total"], 1), 4)
    row["server_cpu_ms_per_session"] = round(1000 * cpu / max(row["sessions_total"], 1), 3)
else:
    m0, m1 = a[14].split(), a[15].split()
    (r0, p0, n0), (r1, p1, n1) = map(int, m0[:3]), map(int, m1[:3])
    n = max(row["idling"], 1)
    row.update(rss_kb_before=r0, pss_kb_before=p0, procs_before=n0, rss_kb_idle=r1,
               pss_kb_idle=p1, procs_idle=n1, kb_per_conn_pss=round((p1 - p0) / n, 2),
               process_names_before=m0[3] if len(m0) > 3 else "",
               process_names_idle=m1[3] if len(m1) > 3 else "",
               kb_per_conn_rss=round((r1 - r0) / n, 2),
               server_cpu_ms_per_conn=round(1000 * cpu / n, 3))
open(sys.argv[2], "a").write(json.dumps(row) + "\n")
EOF
}

run_mixed_one() {  # run_mixed_one SERVER ROUND
  local s=$1 round=$2 loadavg cpu0 cpu1 busy0 busy1 wall0 wall1 rc=0
  : >"$work/row.json"
  settle_servers
  loadavg=$(cut -d' ' -f1 /proc/loadavg)
  cpu0=$(tree_cpu "${server_pid[$s]}")
  busy0=$(busy_cpu); wall0=$(date +%s.%N)
  "$imap" --port "${server_imap[$s]}" --password "$password" --label "$s" --json "$work/row.json" \
    --conns "$conns" --users "$users" --expect-messages "$messages" --headers "$headers" \
    --bodies "$bodies" --seed "$((seed + round))" --duration "$duration" --warmup "$warmup" \
    --fail-log "$exchanges" || rc=$?
  busy1=$(busy_cpu); wall1=$(date +%s.%N)
  cpu1=$(tree_cpu "${server_pid[$s]}")
  if ((rc != 0)); then
    failed_runs=$((failed_runs + 1))
    log "$s mixed: load generator reported failures (exit $rc)"
  fi
  [[ -s $work/row.json ]] || return 0
  add_row "$s" mixed "$round" "$loadavg" "$cpu0" "$cpu1" "$busy0" "$busy1" "$wall0" "$wall1"
}

# Opens the idle connections, reads the server's memory once they are all idling (and
# settled), then lets the generator log them out.
run_idle_one() {  # run_idle_one SERVER
  local s=$1 loadavg cpu0 cpu1 busy0 busy1 wall0 wall1 mem0 mem1 rc=0 gen ready=""
  : >"$work/row.json"
  # Dovecot's processes left idle by the mixed test exit first (default_idle_kill).
  sleep "$( ((run_dovecot)) && echo $((idle_kill + 5)) || echo 2)"
  loadavg=$(cut -d' ' -f1 /proc/loadavg)
  mem0=$(tree_mem "${server_pid[$s]}")
  cpu0=$(tree_cpu "${server_pid[$s]}")
  busy0=$(busy_cpu); wall0=$(date +%s.%N)
  rm -f "$work/idle.ctl" "$work/idle.out"
  mkfifo "$work/idle.ctl"
  "$imap" --idle "$idle_conns" --idle-parallel "$idle_parallel" --idle-sources "$idle_sources" \
    --port "${server_imap[$s]}" --password "$password" --users "$users" --label "$s" \
    --json "$work/row.json" <"$work/idle.ctl" >"$work/idle.out" 2>"$work/idle-$s.log" &
  gen=$!
  exec 9>"$work/idle.ctl"   # the generator holds its connections until this closes
  while kill -0 "$gen" 2>/dev/null; do
    ready=$(grep -m1 '^READY' "$work/idle.out" || true)
    [[ -n $ready ]] && break
    sleep 1
  done
  if [[ -n $ready ]]; then
    log "$s: ${ready#READY } connections idling; reading memory in $idle_settle s"
    sleep "$idle_settle"
    mem1=$(tree_mem "${server_pid[$s]}")
    cpu1=$(tree_cpu "${server_pid[$s]}")
    busy1=$(busy_cpu); wall1=$(date +%s.%N)
  fi
  exec 9>&-
  wait "$gen" || rc=$?
  tail -n 12 "$work/idle-$s.log" >&2
  if ((rc != 0)) || [[ -z $ready ]]; then
    failed_runs=$((failed_runs + 1))
    log "$s idle: load generator reported failures (exit $rc)"
  fi
  [[ -n $ready && -s $work/row.json ]] || return 0
  add_row "$s" idle 1 "$loadavg" "$cpu0" "$cpu1" "$busy0" "$busy1" "$wall0" "$wall1" "$mem0" "$mem1"
}

# Interleaved: each round runs every server in turn, so background load on this shared
# machine hits all servers alike rather than whichever ran last.
if ((run_mixed)); then
  for round in $(seq 1 "$rounds"); do
    for s in "${servers[@]}"; do run_mixed_one "$s" "$round"; done
  done
fi
if ((run_idle)); then
  idle_servers=()
  case "$idle_formats" in
    all) idle_servers=("${servers[@]}") ;;
    best)
      best=$(python3 - "$rows" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
dove = [r for r in rows if r["kind"] == "dovecot" and r["test"] == "mixed"]
print(max(dove, key=lambda r: r["commands_per_s"])["server"] if dove else "")
EOF
)
      for s in "${servers[@]}"; do
        [[ -z $best && ${server_kind[$s]} == dovecot ]] && best=$s
      done
      for s in "${servers[@]}"; do
        [[ ${server_kind[$s]} == tern || $s == "$best" ]] && idle_servers+=("$s")
      done ;;
    *)
      for s in "${servers[@]}"; do
        [[ ${server_kind[$s]} == tern || " $idle_formats " == *" ${s#dovecot-} "* ]] && idle_servers+=("$s")
      done ;;
  esac
  for s in "${idle_servers[@]}"; do run_idle_one "$s"; done
fi

# ---- stop, log checks ----------------------------------------------------------------------
for s in "${servers[@]}"; do
  stop_server "$s"
  errs=$(log_errors "$s" "$(server_log "$s")")
  echo "{\"server\": \"$s\", \"check\": \"log\", \"log_errors\": $errs}" >>"$checks"
done
if [[ -s $exchanges ]]; then
  log "failed sessions (first ones, with their exchange) in $exchanges:"
  head -n 120 "$exchanges" >&2
fi

# ---- report --------------------------------------------------------------------------------
meta=$(B_COMMON=$(common_meta) B_TERN_NOTE=$tern_note \
  B_GIT_REV="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo none)" \
  B_MODE="$( ((run_mixed)) && echo "mixed ${duration}s (+${warmup}s warm-up) x $rounds")$( ((run_mixed && run_idle)) && echo "; ")$( ((run_idle)) && echo "idle $idle_conns connections")" \
  B_CONNS=$conns B_USERS=$users B_MESSAGES=$messages B_HEADERS=$headers B_BODIES=$bodies \
  B_IDLE=$((idle_conns * run_idle)) B_IDLE_SOURCES=$idle_sources B_SETTLE=$idle_settle \
  B_ROUNDS=$rounds B_FORMATS="$( ((run_dovecot)) && echo "$formats")" B_DOVECOT_FSYNC=$dovecot_fsync \
  B_ARGON2="m=$argon2_m,t=$argon2_t,p=$argon2_p" B_CACHE_TTL=$cache_ttl B_AUTH_WORKER=$auth_worker \
  B_SC=$imap_service_count B_CL=$imap_client_limit B_HIB=$hibernate B_KILL=$idle_kill \
  B_FS="$(df -PT "$work" | awk 'NR==2{print $2" on "$1}')" B_EXCH="$(head -c 20000 "$exchanges")" \
  python3 - <<'EOF'
import json, os
e = os.environ
meta = json.loads(e["B_COMMON"])
meta.update({
    "tern_note": e["B_TERN_NOTE"], "git_rev": e["B_GIT_REV"], "mode": e["B_MODE"],
    "conns": int(e["B_CONNS"]), "users": int(e["B_USERS"]), "messages_per_user": int(e["B_MESSAGES"]),
    "headers_per_session": int(e["B_HEADERS"]), "bodies_per_session": int(e["B_BODIES"]),
    "idle_conns": int(e["B_IDLE"]), "idle_sources": int(e["B_IDLE_SOURCES"]),
    "idle_settle_s": int(e["B_SETTLE"]), "rounds": int(e["B_ROUNDS"]),
    "dovecot_formats": e["B_FORMATS"].split(), "dovecot_mail_fsync": e["B_DOVECOT_FSYNC"],
    "password_hash": "argon2id " + e["B_ARGON2"], "login_cache_ttl_s": int(e["B_CACHE_TTL"]),
    "dovecot_auth_cache_verify_password_with_worker": e["B_AUTH_WORKER"],
    "dovecot_imap_service_count": int(e["B_SC"]), "dovecot_imap_client_limit": int(e["B_CL"]),
    "dovecot_imap_hibernate_timeout_s": int(e["B_HIB"]),
    "dovecot_default_idle_kill_s": int(e["B_KILL"]), "workdir_fs": e["B_FS"],
    "failed_exchanges": e["B_EXCH"],
})
print(json.dumps(meta))
EOF
)
out="$here/results/imap-$stamp.json"
python3 "$here/imap_report.py" --meta "$meta" --rows "$rows" --checks "$checks" --out "$out" || failed_runs=$((failed_runs + 1))
log "results: $out"
[[ -z $tern_note ]] || log "$tern_note"
if ((failed_runs)); then log "$failed_runs run(s) had failures: see above"; exit 1; fi
