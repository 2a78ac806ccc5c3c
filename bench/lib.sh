# shellcheck shell=bash
# Shell helpers shared by bench/lmtp_bench.sh and bench/pop3_bench.sh (sourced, not run).
# The caller defines log() and the associative array server_pid (name -> pid), and for
# wait_ready a function probe_cmd PORT.

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
