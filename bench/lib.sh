# shellcheck shell=bash
# Shell helpers shared by bench/lmtp_bench.sh, pop3_bench.sh and imap_bench.sh (sourced
# first thing, with repo set; not run). The caller defines usage(), log(), die(), password,
# stamp (for common_meta), here (the bench folder), lmtp (lmtp_load's path, for the login
# benches' tools and loading) and, for wait_ready, a function probe_cmd PORT.
# shellcheck disable=SC2034,SC2154  # variables shared with the caller

# The servers of the run: name -> pid, name -> tern or dovecot, names in start order.
declare -A server_pid=() server_kind=()
servers=()
# Commands cleanup runs (eval) after stopping the servers, e.g. restoring a setting.
exit_hooks=()

# ---- options ---------------------------------------------------------------------------
# Defaults of the options both benchmarks take.
tern_bin="$repo/build/tern"
duration=10
warmup=2
rounds=1
settle=120
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
    --settle) settle=$2 ;;
    --workdir) workdir_parent=$2 ;;
    --keep) keep=1; opt_words=1 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
}

# Makes tern_bin absolute and settles run_tern=auto: Tern runs when the binary exists.
# Sets tern_required when --tern was given: then a Tern that does not serve the protocol
# fails the run.
resolve_tern() {
  tern_required=0
  [[ $run_tern == 1 ]] && tern_required=1
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
  local h
  for h in "${exit_hooks[@]}"; do eval "$h" || true; done
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

# What the process tree of server PID uses (the process and its live descendants):
#   tree_stat PID cpu  CPU seconds so far: their user+system time, plus the time of
#                      descendants that already exited (cutime/cstime). Dovecot runs one
#                      process per connection (and auth, login processes), Tern one
#                      process; this counts both whole.
#   tree_stat PID mem  "RSS_KB PSS_KB PROCESSES NAME=COUNT,...": RSS summed counts every
#                      shared page once per process; PSS (proportional set size,
#                      /proc/PID/smaps_rollup) divides shared pages among the processes
#                      that map them, so PSS summed is what the tree really occupies.
tree_stat() {
  python3 - "$1" "$2" <<'PY'
import os, sys
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
tree, todo = [], [int(sys.argv[1])]
while todo:
    p = todo.pop()
    if p in stat:
        tree.append(p)
    todo += kids.get(p, [])
if sys.argv[2] == "cpu":
    total = sum(int(stat[p][i]) for p in tree for i in (11, 12, 13, 14))
    print(f"{total / os.sysconf('SC_CLK_TCK'):.2f}")
    sys.exit(0)
rss, pss, n, names = 0, 0, 0, {}
for p in tree:
    try:
        for line in open(f"/proc/{p}/smaps_rollup"):
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
        name = open(f"/proc/{p}/comm").read().strip()
    except OSError:
        continue
    n += 1
    names[name] = names.get(name, 0) + 1
print(rss, pss, n, ",".join(f"{k}={v}" for k, v in sorted(names.items())))
PY
}
tree_cpu() { tree_stat "$1" cpu; }
tree_mem() { tree_stat "$1" mem; }

# Waits (at most $settle seconds) until no server is still working off earlier load —
# Tern's background text indexer catching up, a Dovecot index rewrite — so that each
# measurement sees only its own load and no server's leftovers slow another's run:
# idle means under 0.05 CPU seconds per second in every server's process tree.
settle_servers() {
  local start=$SECONDS s busy
  local -A before=()
  while ((SECONDS - start < settle)); do
    for s in "${servers[@]}"; do before[$s]=$(tree_cpu "${server_pid[$s]}"); done
    sleep 1
    busy=""
    for s in "${servers[@]}"; do
      awk -v a="${before[$s]}" -v b="$(tree_cpu "${server_pid[$s]}")" 'BEGIN { exit !(b - a > 0.05) }' &&
        busy+=" $s"
    done
    if [[ -z $busy ]]; then
      ((SECONDS - start > 1)) && log "servers idle after $((SECONDS - start)) s"
      return 0
    fi
  done
  ((settle > 0)) && log "still busy after ${settle} s:$busy; measuring anyway"
}

# Busy CPU seconds of the whole machine so far (all but idle and iowait), from /proc/stat.
busy_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
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

# Raises the open-files limit of this shell (and so of the servers and load generators
# it starts) to the hard limit; fails if that is below NEED.
raise_fd_limit() {
  local need=$1 hard
  hard=$(ulimit -Hn)
  [[ $hard == unlimited ]] && hard=1048576
  ulimit -n "$hard" 2>/dev/null || true
  (($(ulimit -n) >= need)) || { log "open-files limit $(ulimit -n) (hard $hard) is below the $need needed"; return 1; }
}

# Raises the sysctl at /proc/sys/PATH to at least VALUE for this run (root only; restored
# when the script exits); returns 1 if it stays below.
raise_sysctl() {
  local path=/proc/sys/$1 want=$2 old
  old=$(cat "$path")
  ((old >= want)) && return 0
  if echo "$want" 2>/dev/null >"$path"; then
    log "raised ${1//\//.} from $old to $want for this run"
    # Restored only if nothing else changed it meanwhile (another run, say).
    exit_hooks+=("[[ \$(cat $path) == $want ]] && echo $old >$path")
    return 0
  fi
  log "${1//\//.} is $old, below the $want needed, and cannot be raised here"
  return 1
}

# ---- logins (the POP3 and IMAP benches) --------------------------------------------------
# Both servers get the same password hashed with the same Argon2id cost, and cache
# verified logins for the same time.
argon2_t=2
argon2_m=19456
argon2_p=1
cache_ttl=300
auth_worker=no

# The lines of usage() for the login options.
login_usage() {
  cat <<EOF
  --argon2 "T M P"     Argon2id time cost, memory KiB, lanes of every password, in both
                       servers (default "$argon2_t $argon2_m $argon2_p", Tern's default)
  --cache-ttl S        verified-login cache TTL in both servers (default $cache_ttl)
  --dovecot-auth-worker yes|no
                       auth_cache_verify_password_with_worker (default $auth_worker, Dovecot's
                       default and the faster here: Dovecot re-verifies the cached
                       Argon2id hash at every login, in the auth process; yes moves that
                       to auth-worker processes)
EOF
}

# Like common_option for the login options; returns 1 (nothing taken) for any other.
login_option() {
  opt_words=2
  case "$1" in
    --argon2) read -r argon2_t argon2_m argon2_p <<<"$2" ;;
    --cache-ttl) cache_ttl=$2 ;;
    --dovecot-auth-worker) auth_worker=$2 ;;
    *) return 1 ;;
  esac
}

# Dies unless Dovecot's SERVICE (pop3, imap) from PACKAGE, its LMTP (which loads the
# mail), its ARGON2ID scheme and libargon2's header (argon2_phc) are installed.
require_dovecot_login() {
  local service=$1 package=$2
  [[ -x $dovecot_bin ]] || die "dovecot not installed (TERN_WITH_BENCH=1 scripts/setup-deps.sh)"
  [[ -x /usr/lib/dovecot/$service ]] || die "$package not installed (apt-get install $package)"
  [[ -x /usr/lib/dovecot/lmtp ]] || die "dovecot-lmtpd not installed (it loads the mail)"
  doveadm pw -l 2>/dev/null | grep -qw ARGON2ID || die "this Dovecot has no ARGON2ID password scheme"
}

# Builds $work/NAME_load from bench/NAME_load.cc, $lmtp and $work/argon2_phc.
build_login_tools() {
  local name=$1
  [[ -f /usr/include/argon2.h ]] || die "libargon2-dev is missing (hashes Dovecot's passwords)"
  log "building ${name}_load, lmtp_load (g++ -O2 -pthread) and argon2_phc (-largon2)"
  g++ -std=c++20 -O2 -pthread -o "$work/${name}_load" "$here/${name}_load.cc" &
  g++ -std=c++20 -O2 -pthread -o "$lmtp" "$here/lmtp_load.cc" &
  cc -O2 -o "$work/argon2_phc" "$here/argon2_phc.c" -largon2 || die "cannot build argon2_phc"
  wait %1 || die "cannot build ${name}_load"
  wait %2 || die "cannot build lmtp_load"
}

# Prints the dovecot.conf lines of the logins, for the users in DIR/users.
dovecot_login_conf() {
  cat <<EOF
disable_plaintext_auth = no
auth_mechanisms = plain login
# Verified logins are cached like Tern's auth.cachettl. Dovecot caches the passdb
# entry (the Argon2id hash) and verifies the password against it again at each login;
# with the worker setting that verification runs in auth-worker processes (all cores).
auth_cache_size = 10M
auth_cache_ttl = $cache_ttl secs
auth_cache_verify_password_with_worker = $auth_worker
passdb {
  driver = passwd-file
  args = scheme=ARGON2ID $1/users
}
EOF
}

# The `tern config set` arguments of the logins.
tern_login_settings() {
  tern_login_keys=("auth.argon2.timecost $argon2_t" "auth.argon2.memorycost $argon2_m"
                   "auth.argon2.parallelism $argon2_p" "auth.cachettl $cache_ttl")
}

# ---- users and mail --------------------------------------------------------------------
# Writes $work/hashes, "USER PHC" per USER: Argon2id strings made by $work/argon2_phc
# (bench/argon2_phc.c, libargon2) with the cost T M P and one random salt per user, for
# Dovecot's passwd-file; Tern hashes $password itself with the same cost, so each
# verification costs the same in both.
make_argon2_hashes() {
  local t=$1 m=$2 p=$3 u; shift 3
  : >"$work/hashes"
  for u in "$@"; do
    printf '%s %s\n' "$u" "$("$work/argon2_phc" "$t" "$m" "$p" "$password")" >>"$work/hashes"
  done
}

# Writes DIR/users, Dovecot's passwd-file with $work/hashes (homes in DIR/home), owned
# as Dovecot needs it. Uses the variables dovecot_users set.
write_dovecot_passwd() {
  local dir=$1 u h
  mkdir -p "$dir/home"
  : >"$dir/users"
  while read -r u h; do
    echo "$u:{ARGON2ID}$h::::$dir/home/$u::" >>"$dir/users"
  done <"$work/hashes"
  chmod 0711 "$dir"; chmod 0644 "$dir/users"
  chown "$uid:$gid" "$dir/home"
}

# Delivers mail to server S over LMTP on PORT with $lmtp (bench/lmtp_load.cc): CONNS
# connections send TOTAL messages to PREFIX01..PREFIX<USERS> (connection i of C sends its
# k-th to user i + k*C mod USERS), generated from SEED: the same bytes in the same order
# for every server. Rows go to $work/load.json, the output to $work/load-S.log.
lmtp_fill() {
  local s=$1 port=$2 conns=$3 users=$4 prefix=$5 total=$6 seed=$7
  for _ in $(seq 50); do "$lmtp" --probe --port "$port" 2>/dev/null && break; sleep 0.1; done
  "$lmtp" --port "$port" --conns "$conns" --users "$users" --user-prefix "$prefix" \
    --messages "$total" --warmup-messages 0 --seed "$seed" \
    --label "$s-load" --json "$work/load.json" 2>>"$work/load-$s.log" ||
    { cat "$work/load-$s.log" >&2; die "$s: loading $users $prefix mailboxes over LMTP failed"; }
}

# After the lmtp_fill calls of server S that took SECONDS: logs how many messages were
# delivered and appends a "load" check to $checks; empties $work/load.json.
record_load() {
  B_S=$1 B_T=$2 python3 - "$work/load.json" "$checks" <<'EOF'
import json, os, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
d = sum(r["delivered_total"] for r in rows)
print(json.dumps({"server": os.environ["B_S"], "check": "load", "delivered": d,
                  "seconds": int(os.environ["B_T"])}), file=open(sys.argv[2], "a"))
print(f"{os.environ['B_S']}: {d} messages loaded over LMTP in {os.environ['B_T']} s", file=sys.stderr)
EOF
  : >"$work/load.json"
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

# After start_tern with LMTP on LMTP_PORT and service NAME (pop, imap) on PORT: waits
# until LMTP greets, then gives probe_cmd PORT 5 s. Returns 1, with Tern stopped and
# the reason logged, if this build does not serve NAME yet; 0 with "tern" added to
# servers when it greets.
tern_serves() {
  local name=$1 port=$2 lmtp_port=$3 dir=$4 i
  for i in $(seq 300); do
    kill -0 "${server_pid[tern]}" 2>/dev/null || { tail -n 20 "$dir/tern.log" >&2; die "Tern exited during start-up"; }
    "$lmtp" --probe --port "$lmtp_port" --timeout-ms 2000 2>/dev/null && break
    sleep 0.1
  done
  for i in $(seq 20); do
    probe_cmd "$port" 2>/dev/null && { servers+=(tern); return 0; }
    if ((i == 20)) || grep -q "$name.*does not serve" "$dir/tern.log"; then
      log "tern does not serve $name on port $port (log: $(grep -im1 "$name" "$dir/tern.log" || echo "no $name line"))"
      stop_server tern
      return 1
    fi
    sleep 0.25
  done
}

# Starts one Dovecot per format (the caller's setup_dovecot FMT) and Tern (setup_tern,
# which returns 1, Tern stopped, if this build does not serve PROTOCOL): then tern_note
# says so, and with an explicit --tern failed_runs counts it.
start_servers() {
  local protocol=$1 f
  if ((run_dovecot)); then
    for f in $formats; do setup_dovecot "$f"; done
  fi
  if ((run_tern)) && ! setup_tern; then
    tern_note="Tern ($tern_src) did not serve $protocol: not measured"
    ((tern_required)) && failed_runs=$((failed_runs + 1))
    run_tern=0
  fi
  ((${#servers[@]})) || die "no server to measure"
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
