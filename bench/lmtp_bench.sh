#!/usr/bin/env bash
# LMTP delivery benchmark: Tern next to Dovecot (Debian's dovecot-lmtpd), same run,
# same machine, same users, same message bytes, fsync on in both. See bench/README.md.
#
#   bench/lmtp_bench.sh [--tern build/tern] [--duration S | --messages N] [--levels "1 8 64"]
#
# Everything lives in a temp dir (removed at the end unless --keep) and on loopback;
# results go to bench/results/lmtp-<timestamp>.json and a table on stdout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

tern_bin="$repo/build/tern"
duration=10
warmup=2
messages=0
warmup_messages=""
levels="1 8 64"
users=64
rcpts=1
rounds=1
formats="maildir sdbox"
run_tern=auto
tern_extra=()
run_dovecot=1
keep=0
workdir_parent="${TMPDIR:-/tmp}"
seed=20240101
dovecot_fsync=always
dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)

usage() {
  cat <<EOF
usage: $0 [options]
  --tern PATH          Tern binary (default build/tern); skipped with a note if missing
  --no-tern            run Dovecot only (validates the harness)
  --tern-set "KEY VAL" an extra \`tern config set\` for Tern (repeatable; for experiments)
  --no-dovecot         run Tern only (no baseline, no ratios)
  --dovecot-format F   maildir, sdbox or "maildir sdbox" (default: both; the faster
                       one per level is the baseline)
  --dovecot-fsync M    Dovecot's mail_fsync (default always; "optimized" is Dovecot's
                       default: mail file fsynced, index files not; for reference only)
  --duration S         measured seconds per level and server (default $duration)
  --warmup S           unmeasured seconds before each measurement (default $warmup)
  --messages N         instead of a duration: exactly N measured messages per level
  --warmup-messages W  with --messages: warm-up messages (default N/10)
  --levels "1 8 64"    concurrent LMTP connections to measure
  --users U            users user01..userUU in both servers (default $users)
  --rcpts K            recipients per message (default $rcpts)
  --rounds R           repeat every level R times, interleaved; report the best (default 1)
  --workdir DIR        parent of the temp dir (the disk being measured; default \$TMPDIR or /tmp)
  --keep               keep the temp dir (configs, logs, mail) for inspection
EOF
  exit "${1:-0}"
}

while (($#)); do
  case "$1" in
    --tern) tern_bin=$2; run_tern=1; shift 2 ;;
    --no-tern) run_tern=0; shift ;;
    --tern-set) tern_extra+=("$2"); shift 2 ;;
    --no-dovecot) run_dovecot=0; shift ;;
    --dovecot-format) formats=$2; shift 2 ;;
    --dovecot-fsync) dovecot_fsync=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --warmup-messages) warmup_messages=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --rcpts) rcpts=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --workdir) workdir_parent=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done

log() { printf '[lmtp-bench +%ss] %s\n' "$SECONDS" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ "$tern_bin" = /* ]] || tern_bin="$PWD/$tern_bin"
if [[ $run_tern == auto ]]; then
  if [[ -x $tern_bin ]]; then run_tern=1; else run_tern=0; log "no Tern binary at $tern_bin: running Dovecot only"; fi
elif [[ $run_tern == 1 && ! -x $tern_bin ]]; then
  die "Tern binary $tern_bin not found (build it, or pass --no-tern)"
fi
if ((run_dovecot)); then
  [[ -x $dovecot_bin ]] || die "dovecot not installed (TERN_WITH_BENCH=1 scripts/setup-deps.sh)"
  [[ -x /usr/lib/dovecot/lmtp ]] || die "dovecot-lmtpd not installed (TERN_WITH_BENCH=1 scripts/setup-deps.sh)"
fi
((run_tern || run_dovecot)) || die "nothing to run"

work=$(mktemp -d "$workdir_parent/tern-lmtp-bench.XXXXXX")
# Dovecot's auth process runs as its internal user and must reach the passwd-file.
chmod 0711 "$work"
tern_version=""
if ((run_tern)); then
  # Run a private copy: a rebuild of build/tern during the run must not change the
  # binary between setup, serving and the final store check.
  tern_version="$(basename "$tern_bin") built $(stat -c %y "$tern_bin" | cut -d. -f1)"
  tern_version+=", sha256 $(sha256sum "$tern_bin" | cut -c1-12)"
  cp "$tern_bin" "$work/tern-bin"
  tern_src=$tern_bin
  tern_bin="$work/tern-bin"
fi
declare -A server_pid=() server_port=() server_kind=()
servers=()

cleanup() {
  local rc=$?
  for s in "${!server_pid[@]}"; do stop_server "$s" || true; done
  if ((keep)); then log "kept $work"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop_server, tree_cpu, free_port, wait_ready: shared with pop3_bench.sh.
probe_cmd() { "$load" --probe --port "$1" --timeout-ms 2000; }
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

# ---- load generator ----------------------------------------------------------------
load="$work/lmtp_load"
log "building load generator (g++ -O2 -pthread)"
g++ -std=c++20 -O2 -pthread -o "$load" "$here/lmtp_load.cc"

# ---- users ---------------------------------------------------------------------------
password="bench-secret"
user_names=()
for i in $(seq 1 "$users"); do user_names+=("$(printf 'user%02d' "$i")"); done

# ---- Dovecot ---------------------------------------------------------------------------
# Writes a self-contained dovecot.conf (nothing from /etc/dovecot) for one mail format.
setup_dovecot() {
  local fmt=$1 dir="$work/dovecot-$1" port uid gid uname gname internal_user login_user
  mkdir -p "$dir/run" "$dir/state" "$dir/home"
  port=$(free_port)
  uid=$(id -u); gid=$(id -g); uname=$(id -un)
  local as_root=0
  ((uid == 0)) && as_root=1
  if ((as_root)); then
    # As root, Dovecot wants unprivileged users for its internal and login processes
    # (Debian's package creates dovecot and dovenull), and its LMTP refuses to write
    # mail as root ("Mail access not allowed for root"): mail is owned by the system
    # user "mail" (or nobody). The LMTP process stays root and switches its effective
    # uid per recipient, as in a normal system-wide install.
    internal_user=dovecot; login_user=dovenull
    getent passwd dovecot >/dev/null && getent passwd dovenull >/dev/null ||
      die "users dovecot and dovenull are missing (reinstall dovecot-core)"
    local mail_user=mail
    getent passwd mail >/dev/null || mail_user=nobody
    uid=$(id -u "$mail_user"); gid=$(id -g "$mail_user")
  else
    internal_user=$uname; login_user=$uname
  fi
  : >"$dir/users"
  for u in "${user_names[@]}"; do
    # uid/gid come from mail_uid/mail_gid below: passwd-file refuses a literal UID 0.
    echo "$u:{PLAIN}$password::::$dir/home/$u::" >>"$dir/users"
  done
  chmod 0711 "$dir"; chmod 0644 "$dir/users"
  chown "$uid:$gid" "$dir/home"
  local location
  case "$fmt" in
    maildir) location="maildir:~/Maildir" ;;
    sdbox) location="sdbox:~/sdbox" ;;
    *) die "unknown Dovecot format $fmt" ;;
  esac
  cat >"$dir/dovecot.conf" <<EOF
# Generated by bench/lmtp_bench.sh: Dovecot LMTP only, loopback, temp dir, fsync on.
instance_name = tern-bench-$fmt
base_dir = $dir/run
state_dir = $dir/state
protocols = lmtp
listen = 127.0.0.1
ssl = no
log_path = $dir/dovecot.log
default_internal_user = $internal_user
default_internal_group = $(id -gn "$internal_user")
default_login_user = $login_user
mail_uid = $uid
mail_gid = $gid
first_valid_uid = $uid
first_valid_gid = $gid
last_valid_uid = 0
mail_privileged_group =
mail_location = $location
# Durability on: fsync mail and index files before LMTP answers 250, as Tern does.
mail_fsync = $dovecot_fsync
# Deliver to INBOX; no user+detail mailboxes, no quota, no Sieve, no plugins.
lmtp_save_to_detail_mailbox = no
lmtp_rcpt_check_quota = no
mail_plugins =
# The users are "user01"...; recipients are "user01@example.test".
auth_username_format = %Ln
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/users
}
userdb {
  driver = passwd-file
  args = $dir/users
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $port
  }
  unix_listener lmtp {
    mode = 0600
  }
  # One process per connection (Dovecot's model); enough for the largest level.
  process_limit = 256
}
EOF
  if ((!as_root)); then
    # Unprivileged: no chroot, no switching to other users.
    cat >>"$dir/dovecot.conf" <<EOF
service anvil {
  chroot =
}
service auth-worker {
  user = $uname
}
service config {
  user = $uname
}
service stats {
  user = $uname
}
EOF
  fi
  local name="dovecot-$fmt"
  server_kind[$name]=dovecot
  server_port[$name]=$port
  "$dovecot_bin" -c "$dir/dovecot.conf" -n >"$dir/effective.conf" 2>"$dir/config-check.log" ||
    { cat "$dir/config-check.log" >&2; die "Dovecot rejected the generated config"; }
  "$dovecot_bin" -F -c "$dir/dovecot.conf" >>"$dir/dovecot.log" 2>&1 &
  server_pid[$name]=$!
  wait_ready "$name" "$port" "$dir/dovecot.log" || die "Dovecot ($fmt) did not start"
  servers+=("$name")
  log "$name ready on 127.0.0.1:$port (pid ${server_pid[$name]})"
}

# Counts the messages Dovecot really stored, one file per message in both formats.
count_dovecot_messages() {
  local fmt=$1 dir="$work/dovecot-$1"
  case "$fmt" in
    maildir) find "$dir/home" -type f \( -path '*/Maildir/new/*' -o -path '*/Maildir/cur/*' \) | wc -l ;;
    sdbox) find "$dir/home" -type f -path '*/dbox-Mails/u.*' | wc -l ;;
  esac
}

# ---- Tern ------------------------------------------------------------------------------
setup_tern() {
  local dir="$work/tern" conf port
  mkdir -p "$dir"
  conf="$dir/tern.toml"
  port=$(free_port)
  local t=("$tern_bin" --config "$conf")
  "${t[@]}" config init --data-dir "$dir/data" >"$dir/setup.log" 2>&1 ||
    { cat "$dir/setup.log" >&2; die "tern config init failed"; }
  local kv
  for kv in "service.lmtp.enable true" "service.lmtp.listen 127.0.0.1" "service.lmtp.port $port" \
            "service.imap.enable false" "service.pop.enable false" "service.http.enable false" \
            "store.fsync true" "${tern_extra[@]}"; do
    # shellcheck disable=SC2086
    "${t[@]}" config set $kv >>"$dir/setup.log" 2>&1 ||
      { cat "$dir/setup.log" >&2; die "tern config set $kv failed"; }
  done
  # Services Tern may grow later; turned off when the key exists so they need no ports.
  for k in service.smtp.enable service.submission.enable service.imaps.enable \
           service.pop3s.enable service.https.enable service.imap.enablesslport \
           service.pop.enablesslport service.http.enablesslport; do
    "${t[@]}" config set "$k" false >>"$dir/setup.log" 2>&1 || true
  done
  local start=$SECONDS
  for u in "${user_names[@]}"; do
    "${t[@]}" user add "$u" --password "$password" >>"$dir/setup.log" 2>&1 ||
      { tail -n 20 "$dir/setup.log" >&2; die "tern user add $u failed"; }
  done
  log "tern: $users users added in $((SECONDS - start)) s"
  server_kind[tern]=tern
  server_port[tern]=$port
  "${t[@]}" serve >"$dir/tern.log" 2>&1 &
  server_pid[tern]=$!
  wait_ready tern "$port" "$dir/tern.log" || die "Tern did not start"
  servers+=(tern)
  log "tern ready on 127.0.0.1:$port (pid ${server_pid[tern]})"
}

# Counts the messages in Tern's store (server stopped) with `tern mailbox list USER`,
# which prints a header and one "name<TAB>messages<TAB>..." row per mailbox.
count_tern_messages() {
  local total=0 u n
  for u in "${user_names[@]}"; do
    n=$("$tern_bin" --config "$work/tern/tern.toml" mailbox list "$u" 2>/dev/null |
        awk -F'\t' 'NR > 1 { s += $2 } END { print s + 0 }') || return 1
    total=$((total + n))
  done
  echo "$total"
}

# ---- run -------------------------------------------------------------------------------
mkdir -p "$here/results"
stamp=$(date +%Y%m%d-%H%M%S)
rows="$work/rows.jsonl"
: >"$rows"

log "fsync probe on $work"
fsync_json=$("$load" --fsync-probe "$work")
log "fsync: $fsync_json"

if ((run_dovecot)); then
  for f in $formats; do setup_dovecot "$f"; done
fi
if ((run_tern)); then setup_tern; fi

declare -A delivered=()
failed_runs=0
# Priming: one message to every user first, so that creating the mailboxes (directories,
# indexes, database rows) happens outside every measurement, whatever the warm-up length.
for s in "${servers[@]}"; do
  : >"$work/row.json"
  "$load" --port "${server_port[$s]}" --conns 1 --messages "$users" --warmup-messages 0 \
    --users "$users" --seed "$seed" --label "$s-prime" --json "$work/row.json" 2>"$work/prime-$s.log" ||
    { cat "$work/prime-$s.log" >&2; die "$s: priming deliveries failed"; }
  delivered[$s]=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["delivered_total"])' "$work/row.json")
done
log "primed every mailbox with one message"
# Interleaved: for each level, every server in turn, so background load on this shared
# machine (other builds) hits all servers alike rather than whichever ran last.
for round in $(seq 1 "$rounds"); do
  for c in $levels; do
    for s in "${servers[@]}"; do
      args=(--port "${server_port[$s]}" --conns "$c" --users "$users" --rcpts "$rcpts"
            --seed "$((seed + 1000 * round + c))" --label "$s" --json "$work/row.json")
      if ((messages > 0)); then
        args+=(--messages "$messages")
        [[ -n $warmup_messages ]] && args+=(--warmup-messages "$warmup_messages")
      else
        args+=(--duration "$duration" --warmup "$warmup")
      fi
      : >"$work/row.json"
      loadavg=$(cut -d' ' -f1 /proc/loadavg)
      cpu0=$(tree_cpu "${server_pid[$s]}")
      rc=0
      "$load" "${args[@]}" || rc=$?
      cpu1=$(tree_cpu "${server_pid[$s]}")
      if ((rc != 0)); then
        failed_runs=$((failed_runs + 1))
        log "$s c=$c: load generator reported failures (exit $rc)"
      fi
      if [[ -s $work/row.json ]]; then
        python3 - "$work/row.json" "$rows" "$s" "${server_kind[$s]}" "$round" "$loadavg" \
            "$cpu0" "$cpu1" <<'EOF'
import json, sys
row = json.loads(open(sys.argv[1]).read())
cpu = float(sys.argv[8]) - float(sys.argv[7])
row.update(server=sys.argv[3], kind=sys.argv[4], round=int(sys.argv[5]),
           loadavg_before=float(sys.argv[6]), server_cpu_s=round(cpu, 2),
           server_cpu_ms_per_msg=round(1000 * cpu / max(row["delivered_total"], 1), 3))
open(sys.argv[2], "a").write(json.dumps(row) + "\n")
EOF
        d=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["delivered_total"])' "$work/row.json")
        delivered[$s]=$(( ${delivered[$s]:-0} + d ))
      fi
    done
  done
done

# ---- checks: did every acknowledged delivery land? ----------------------------------
checks="$work/checks.jsonl"
: >"$checks"
for s in "${servers[@]}"; do
  if [[ ${server_kind[$s]} == dovecot ]]; then
    fmt=${s#dovecot-}
    stop_server "$s"   # flushes nothing (fsync=always), but the count is then final
    found=$(count_dovecot_messages "$fmt")
    ok=true
    [[ $found == "${delivered[$s]:-0}" ]] || ok=false
    log "$s: $found messages on disk, ${delivered[$s]:-0} acknowledged ($([[ $ok == true ]] && echo OK || echo MISMATCH))"
    errs=$(grep -ciE 'error|fatal|panic' "$work/dovecot-$fmt/dovecot.log" || true)
    ((errs == 0)) || { log "$s log has $errs error lines:"; grep -iE 'error|fatal|panic' "$work/dovecot-$fmt/dovecot.log" | head -5 >&2; }
    echo "{\"server\": \"$s\", \"acknowledged\": ${delivered[$s]:-0}, \"on_disk\": $found, \"ok\": $ok, \"log_errors\": $errs}" >>"$checks"
    [[ $ok == true ]] || failed_runs=$((failed_runs + 1))
  else
    stop_server "$s"
    errs=$(grep -ciE 'error|fatal|panic|critical' "$work/tern/tern.log" || true)
    ((errs == 0)) || { log "tern log has $errs error lines:"; grep -iE 'error|fatal|panic|critical' "$work/tern/tern.log" | head -5 >&2; }
    if found=$(count_tern_messages); then
      ok=true
      [[ $found == "${delivered[$s]:-0}" ]] || { ok=false; failed_runs=$((failed_runs + 1)); }
      log "$s: $found messages in the store, ${delivered[$s]:-0} acknowledged ($([[ $ok == true ]] && echo OK || echo MISMATCH))"
    else
      found=null; ok=null
      log "$s: 'tern mailbox list' unavailable: store not inspected"
    fi
    echo "{\"server\": \"$s\", \"acknowledged\": ${delivered[$s]:-0}, \"on_disk\": $found, \"ok\": $ok, \"log_errors\": $errs}" >>"$checks"
  fi
done

# ---- report ----------------------------------------------------------------------------
if ((messages > 0)); then mode="messages=$messages"; else mode="duration=${duration}s warmup=${warmup}s"; fi
# Values travel as environment variables so that quotes in them cannot break the JSON.
meta=$(B_STAMP=$stamp B_DOVECOT_VERSION="$("$dovecot_bin" --version 2>/dev/null || echo unknown)" \
  B_TERN_BIN="$( ((run_tern)) && echo "$tern_src")" B_TERN_VERSION=$tern_version \
  B_GIT_REV="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo none)" B_MODE=$mode \
  B_USERS=$users B_RCPTS=$rcpts B_ROUNDS=$rounds B_LEVELS=$levels \
  B_FORMATS="$( ((run_dovecot)) && echo "$formats")" B_DOVECOT_FSYNC=$dovecot_fsync \
  B_FSYNC_JSON=$fsync_json B_FS="$(df -PT "$work" | awk 'NR==2{print $2" on "$1}')" \
  python3 - <<'EOF'
import json, os, platform
e = os.environ
print(json.dumps({
    "timestamp": e["B_STAMP"], "host": platform.node(), "kernel": platform.release(),
    "cpus": os.cpu_count(), "dovecot_version": e["B_DOVECOT_VERSION"],
    "tern_binary": e["B_TERN_BIN"], "tern_version": e["B_TERN_VERSION"].strip(),
    "git_rev": e["B_GIT_REV"], "mode": e["B_MODE"], "users": int(e["B_USERS"]),
    "rcpts": int(e["B_RCPTS"]), "rounds": int(e["B_ROUNDS"]), "levels": e["B_LEVELS"].split(),
    "dovecot_formats": e["B_FORMATS"].split(), "dovecot_mail_fsync": e["B_DOVECOT_FSYNC"],
    "fsync_probe": json.loads(e["B_FSYNC_JSON"]), "workdir_fs": e["B_FS"],
}))
EOF
)
out="$here/results/lmtp-$stamp.json"
python3 "$here/lmtp_report.py" --meta "$meta" --rows "$rows" --checks "$checks" --out "$out"
log "results: $out"
if ((failed_runs)); then log "$failed_runs run(s) had failures: see above"; exit 1; fi
