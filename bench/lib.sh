# shellcheck shell=bash
# Shell helpers shared by bench/lmtp_bench.sh and bench/pop3_bench.sh (sourced first
# thing, with repo set; not run). The caller defines usage(), log(), die(), password,
# stamp (for common_meta) and, for wait_ready, a function probe_cmd PORT.
# shellcheck disable=SC2034,SC2154  # variables shared with the caller

# The servers of the run: name -> pid, name -> tern or dovecot, names in start order.
declare -A server_pid=() server_kind=()
servers=()

# ---- options ---------------------------------------------------------------------------
# Defaults of the options both benchmarks take.
tern_bin="$repo/build/tern"
duration=10
warmup=2
rounds=1
formats="maildir sdbox"
run_tern=auto
tern_extra=()
run_dovecot=1
keep=0
workdir_parent="${TMPDIR:-/tmp}"
dovecot_fsync=always
dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)

# Takes the option at the front of "$@": one both benchmarks have, -h/--help, or an
# unknown one (the caller's usage() ends those); sets opt_words to the words it used.
common_option() {
  opt_words=2
  case "$1" in
    --tern) tern_bin=$2; run_tern=1 ;;
    --no-tern) run_tern=0; opt_words=1 ;;
    --tern-set) tern_extra+=("$2") ;;
    --no-dovecot) run_dovecot=0; opt_words=1 ;;
    --dovecot-format) formats=$2 ;;
    --dovecot-fsync) dovecot_fsync=$2 ;;
    --duration) duration=$2 ;;
    --warmup) warmup=$2 ;;
    --rounds) rounds=$2 ;;
    --workdir) workdir_parent=$2 ;;
    --keep) keep=1; opt_words=1 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
}

# Makes tern_bin absolute and settles run_tern=auto: Tern runs when the binary exists.
resolve_tern() {
  [[ "$tern_bin" = /* ]] || tern_bin="$PWD/$tern_bin"
  if [[ $run_tern == auto ]]; then
    if [[ -x $tern_bin ]]; then run_tern=1; else run_tern=0; log "no Tern binary at $tern_bin: running Dovecot only"; fi
  elif [[ $run_tern == 1 && ! -x $tern_bin ]]; then
    die "Tern binary $tern_bin not found (build it, or pass --no-tern)"
  fi
}

# Creates the run's temp dir, work=tern-NAME-bench.XXXXXX under workdir_parent, whose
# servers are stopped and which is removed (unless --keep) when the script exits. When
# Tern runs, tern_bin becomes a copy in it (tern_src the original, tern_version its
# description).
setup_workdir() {
  work=$(mktemp -d "$workdir_parent/tern-$1-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
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
}

cleanup() {
  local rc=$?
  for s in "${!server_pid[@]}"; do stop_server "$s" || true; done
  if ((keep)); then log "kept $work"; else rm -rf "$work"; fi
  exit $rc
}

stop_server() {
  local s=$1 pid=${server_pid[$1]:-}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$s did not stop on SIGTERM; killing"; kill -KILL "$pid" || true; fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "server_pid[$s]"
}

# CPU seconds used so far by a server: its own and its live descendants' user+system
# time, plus the time of descendants that already exited (cutime/cstime). Dovecot runs
# one process per connection (and auth, login processes), Tern one process; this
# counts both whole.
tree_cpu() {
  python3 - "$1" <<'PY'
import os, sys
hz = os.sysconf("SC_CLK_TCK")
kids, stat = {}, {}
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        s = open(f"/proc/{p}/stat").read()
    except OSError:
        continue
    f = s[s.rindex(")") + 2:].split()
    kids.setdefault(int(f[1]), []).append(int(p))
    stat[int(p)] = f
todo, total = [int(sys.argv[1])], 0
while todo:
    p = todo.pop()
    if p in stat:
        f = stat[p]
        total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    todo += kids.get(p, [])
print(f"{total / hz:.2f}")
PY
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until the server greets on PORT (or dies): the caller defines probe_cmd PORT,
# which exits 0 once the protocol's greeting arrived (220 for LMTP, +OK for POP3).
wait_ready() {
  local s=$1 port=$2 logf=$3
  for _ in $(seq 300); do
    if ! kill -0 "${server_pid[$s]}" 2>/dev/null; then
      log "$s exited during start-up; last log lines:"; tail -n 20 "$logf" >&2 || true
      unset "server_pid[$s]"; return 1
    fi
    if probe_cmd "$port" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "$s did not greet on port $port within 30 s"; tail -n 20 "$logf" >&2 || true
  return 1
}

# ---- Dovecot ---------------------------------------------------------------------------
# Picks the users a Dovecot instance runs as: sets the caller's as_root, uid, gid (the
# owner of the mail), uname, internal_user and login_user.
dovecot_users() {
  uid=$(id -u); gid=$(id -g); uname=$(id -un)
  as_root=0
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
}

# Writes DIR/dovecot.conf, a self-contained config (nothing from /etc/dovecot) for mail
# format FMT: the caller's own settings (stdin), then what both benchmarks share, with
# LMTP on 127.0.0.1:LMTP_PORT. Uses the variables dovecot_users set.
write_dovecot_conf() {
  local fmt=$1 dir=$2 lmtp_port=$3 location
  case "$fmt" in
    maildir) location="maildir:~/Maildir" ;;
    sdbox) location="sdbox:~/sdbox" ;;
    *) die "unknown Dovecot format $fmt" ;;
  esac
  {
    cat
    cat <<EOF
base_dir = $dir/run
state_dir = $dir/state
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
# Durability on (mail_fsync = always unless --dovecot-fsync): fsync mail and index files
# before LMTP answers 250, as Tern does.
mail_fsync = $dovecot_fsync
# Deliver to INBOX; no user+detail mailboxes, no quota, no Sieve, no plugins.
lmtp_save_to_detail_mailbox = no
lmtp_rcpt_check_quota = no
mail_plugins =
# The users are "user01"...; recipients are "user01@example.test".
auth_username_format = %Ln
userdb {
  driver = passwd-file
  args = $dir/users
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp_port
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
      cat <<EOF
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
  } >"$dir/dovecot.conf"
}

# Starts the Dovecot instance NAME configured in DIR and waits for it on PORT.
start_dovecot() {
  local name=$1 dir=$2 port=$3
  server_kind[$name]=dovecot
  "$dovecot_bin" -c "$dir/dovecot.conf" -n >"$dir/effective.conf" 2>"$dir/config-check.log" ||
    { cat "$dir/config-check.log" >&2; die "Dovecot rejected the generated config"; }
  "$dovecot_bin" -F -c "$dir/dovecot.conf" >>"$dir/dovecot.log" 2>&1 &
  server_pid[$name]=$!
  wait_ready "$name" "$port" "$dir/dovecot.log" || die "Dovecot (${name#dovecot-}) did not start"
  servers+=("$name")
}

# ---- Tern ------------------------------------------------------------------------------
# Creates Tern's config in DIR (DIR/tern.toml, data in DIR/data, output in
# DIR/setup.log) with `tern config set KEY VAL` for each "KEY VAL" argument and each
# --tern-set.
tern_configure() {
  local dir=$1 kv k; shift
  local t=("$tern_bin" --config "$dir/tern.toml")
  "${t[@]}" config init --data-dir "$dir/data" >"$dir/setup.log" 2>&1 ||
    { cat "$dir/setup.log" >&2; die "tern config init failed"; }
  for kv in "$@" "${tern_extra[@]}"; do
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
}

# Adds the USERs, all with $password, to the Tern configured in DIR.
tern_add_users() {
  local dir=$1 start=$SECONDS u; shift
  for u in "$@"; do
    "$tern_bin" --config "$dir/tern.toml" user add "$u" --password "$password" >>"$dir/setup.log" 2>&1 ||
      { tail -n 20 "$dir/setup.log" >&2; die "tern user add $u failed"; }
  done
  log "tern: $# users added in $((SECONDS - start)) s"
}

# Starts the Tern configured in DIR (log in DIR/tern.log) as server "tern".
start_tern() {
  local dir=$1
  server_kind[tern]=tern
  "$tern_bin" --config "$dir/tern.toml" serve >"$dir/tern.log" 2>&1 &
  server_pid[tern]=$!
}

# ---- after the run ---------------------------------------------------------------------
# What ran where, a JSON object: the first fields of both reports' meta. Values travel as
# environment variables so that quotes in them cannot break the JSON.
common_meta() {
  B_STAMP=$stamp B_DOVECOT_VERSION="$("$dovecot_bin" --version 2>/dev/null || echo unknown)" \
  B_TERN_BIN="$( ((run_tern)) && echo "$tern_src")" B_TERN_VERSION=$tern_version \
  python3 - <<'EOF'
import json, os, platform
e = os.environ
print(json.dumps({
    "timestamp": e["B_STAMP"], "host": platform.node(), "kernel": platform.release(),
    "cpus": os.cpu_count(), "dovecot_version": e["B_DOVECOT_VERSION"],
    "tern_binary": e["B_TERN_BIN"], "tern_version": e["B_TERN_VERSION"].strip(),
}))
EOF
}

# Prints how many lines of server S's log LOGF match PATTERN (case-insensitive; default
# error|fatal|panic|critical) and logs the first five.
log_errors() {
  local s=$1 logf=$2 pattern=${3:-error|fatal|panic|critical} errs
  errs=$(grep -ciE "$pattern" "$logf" || true)
  ((errs == 0)) || { log "$s log has $errs error lines:"; grep -iE "$pattern" "$logf" | head -5 >&2; }
  echo "$errs"
}
