// pop3_load: a closed-loop POP3 load generator for bench/pop3_bench.sh.
//
// One thread per client, plain blocking sockets, no pipelining (the same approach as
// lmtp_load.cc). Each client runs sessions back to back for the whole run; a session is
//
//   connect, +OK greeting, USER, PASS, STAT, UIDL (multi-line), RETR 1..n (each
//   multi-line, dot-unstuffed), QUIT, +OK, close
//
// with every step waiting for its reply. Nothing is deleted, so every session of a
// mailbox sees the same messages. A session's latency runs from connect() to reading
// the +OK of QUIT. Client i logs in as user (i mod U): with as many clients as users,
// every client has its own mailbox, as real POP3 users do.
//
// Checks, so that no server can look fast by sending less:
//   - every session: STAT's count equals --expect-messages (if given), UIDL lists that
//     many distinct ids, and the RETR bodies (after dot-unstuffing, CRLF counted) add
//     up to exactly STAT's octet count;
//   - the first session of each client (during the warm-up) and every --verify-every'th
//     after it also sends LIST (those sessions are not counted) and checks every
//     message's RETR size against its LIST size, and that each message has a
//     Message-ID header and ends its header section with an empty line.
//
// Modes:
//   default: all clients start, --warmup seconds whose sessions are not counted, then
//     --duration seconds; a session counts when it completes inside the window, and a
//     RETR counts toward messages/s and MB/s when it completes inside the window.
//   --probe: connect, expect a +OK greeting, QUIT; exit 0 if the server is ready.
//
// Output: one human line on stderr and, with --json FILE, one JSON object appended as a
// line to FILE. Exit status 1 if any session failed or any check did not match.

#include <strings.h>

#include <set>

#include "load_common.h"

namespace {

using load::NowNs;
using load::Sample;

struct Options : load::CommonOptions {
  Options() : CommonOptions(/*default_port=*/110, /*default_users=*/50) {}

  std::string password = "bench-secret";
  long expect_messages = -1;  // STAT must report this many (when >= 0)
  bool uidl = true;
  int verify_every = 50;  // 0: only the first session of each client
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "pop3_load: %s\n"
               "usage: pop3_load --port P [--host H] [--conns C] [--duration S] [--warmup S]\n"
               "                 [--users U] [--user-prefix user] [--password PW]\n"
               "                 [--expect-messages N] [--no-uidl] [--verify-every K]\n"
               "                 [--label L] [--json FILE] [--timeout-ms T]\n"
               "       pop3_load --probe --port P [--host H]\n",
               why);
  std::exit(2);
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  load::ParseArgs(argc, argv, o, Usage, [&](std::string_view a, auto& next) {
    if (a == "--password")
      o.password = next();
    else if (a == "--expect-messages")
      o.expect_messages = std::atol(next());
    else if (a == "--no-uidl")
      o.uidl = false;
    else if (a == "--verify-every")
      o.verify_every = std::atoi(next());
    else
      return false;
    return true;
  });
  if (o.conns < 1 || o.users < 1 || o.verify_every < 0) Usage("bad counts");
  return o;
}

class Conn : public load::LineConn {
 public:
  using LineConn::LineConn;

  // Reads a status line; returns 1 for +OK, 0 for -ERR (text in *text), -1 on I/O error.
  int Status(std::string& err, std::string* text = nullptr) {
    std::string_view line;
    if (!ReadLine(line, err)) return -1;
    if (text) text->assign(line);
    if (line.substr(0, 3) == "+OK") return 1;
    if (line.substr(0, 4) == "-ERR") return 0;
    err = "not a POP3 status line: " + std::string(line.substr(0, 200));
    return -1;
  }

  // Sends CMD and reads the status line; true on +OK. On -ERR, err holds the reply.
  bool Command(const std::string& cmd, std::string& err, std::string* text = nullptr,
               bool* io_error = nullptr) {
    std::string t;
    if (!Send(cmd + "\r\n", err)) return io_error && (*io_error = true), false;
    int st = Status(err, &t);
    if (st < 0) return io_error && (*io_error = true), false;
    if (text) *text = t;
    if (st == 0) {
      std::string verb = cmd.substr(0, cmd.find(' '));
      if (verb == "PASS") verb = "PASS ***";
      err = verb + ": " + t;
      return false;
    }
    return true;
  }

  // Reads the lines of a multi-line response up to the "." terminator, dot-unstuffing;
  // calls fn(line) for each. Returns false on an I/O error.
  template <typename Fn>
  bool MultiLine(std::string& err, Fn&& fn) {
    std::string_view line;
    for (;;) {
      if (!ReadLine(line, err)) return false;
      if (!line.empty() && line[0] == '.') {
        if (line.size() == 1) return true;
        line.remove_prefix(1);
      }
      fn(line);
    }
  }
};

struct ThreadResult {
  std::vector<Sample> samples;  // every completed session (filtered by window later)
  long sessions_total = 0;      // completed sessions, warm-up included
  long failed = 0;              // sessions that got -ERR or broke
  long check_failures = 0;      // sessions whose sizes/counts did not match
  long verified = 0;            // sessions with the per-message LIST check
  long retr_in_window = 0;
  uint64_t retr_bytes_in_window = 0;
  long retr_total = 0;
  uint64_t retr_bytes_total = 0;
  long mailbox_messages = -1;  // STAT count seen
  uint64_t mailbox_octets = 0;
  int consecutive_failures = 0;
  std::string error;  // fatal error that stopped this client
};

load::FailureLog LogFailure("pop3_load: client");

enum class Outcome { kOk, kFailed, kCheckFailed };

// One POP3 session. Returns kOk, kFailed (protocol/I/O error, logged), or kCheckFailed.
Outcome Session(Conn& c, const Options& o, int conn, bool verify, ThreadResult& r,
                std::vector<Sample>& out) {
  std::string err, text;
  const std::string user = load::UserName(o, conn % o.users);
  const int64_t t0 = NowNs();
  auto failed = [&](const std::string& what) {
    LogFailure(conn, user + ": " + what);
    c.Close();
    return Outcome::kFailed;
  };
  auto check = [&](const std::string& what) {
    LogFailure(conn, user + ": check failed: " + what);
    c.Close();
    return Outcome::kCheckFailed;
  };
  if (!c.Open(err)) return failed(err);
  int st = c.Status(err, &text);
  if (st < 0) return failed("greeting: " + err);
  if (st == 0) return failed("greeting: " + text);
  if (!c.Command("USER " + user, err)) return failed(err);
  if (!c.Command("PASS " + o.password, err)) return failed(err);
  if (!c.Command("STAT", err, &text)) return failed(err);
  long count = -1;
  unsigned long long octets = 0;
  if (std::sscanf(text.c_str(), "+OK %ld %llu", &count, &octets) != 2 || count < 0)
    return failed("STAT: cannot parse " + text);
  if (o.expect_messages >= 0 && count != o.expect_messages)
    return check("STAT says " + std::to_string(count) + " messages, expected " +
                 std::to_string(o.expect_messages));
  r.mailbox_messages = count;
  r.mailbox_octets = octets;
  if (o.uidl) {
    if (!c.Command("UIDL", err)) return failed(err);
    std::set<std::string> ids;
    long n = 0;
    bool bad = false;
    if (!c.MultiLine(err, [&](std::string_view line) {
          long num = 0;
          char id[80] = "";
          std::string l(line);
          if (std::sscanf(l.c_str(), "%ld %70s", &num, id) != 2 || num != n + 1) bad = true;
          ids.insert(id);
          ++n;
        }))
      return failed("UIDL: " + err);
    if (bad || n != count || static_cast<long>(ids.size()) != count)
      return check("UIDL listed " + std::to_string(n) + " lines, " + std::to_string(ids.size()) +
                   " distinct ids, STAT said " + std::to_string(count));
  }
  std::vector<uint64_t> list_sizes;
  if (verify) {
    if (!c.Command("LIST", err)) return failed(err);
    if (!c.MultiLine(err, [&](std::string_view line) {
          std::string l(line);
          long num = 0;
          unsigned long long size = 0;
          if (std::sscanf(l.c_str(), "%ld %llu", &num, &size) == 2) list_sizes.push_back(size);
        }))
      return failed("LIST: " + err);
    if (static_cast<long>(list_sizes.size()) != count)
      return check("LIST listed " + std::to_string(list_sizes.size()) + " messages, STAT said " +
                   std::to_string(count));
  }
  uint64_t total = 0;
  for (long k = 1; k <= count; ++k) {
    if (!c.Command("RETR " + std::to_string(k), err)) return failed(err);
    uint64_t size = 0;
    bool has_id = false, header_end = false, in_header = true;
    if (!c.MultiLine(err, [&](std::string_view line) {
          size += line.size() + 2;
          if (in_header) {
            if (line.empty()) {
              in_header = false;
              header_end = true;
            } else if (line.size() > 11 && strncasecmp(line.data(), "Message-ID:", 11) == 0) {
              has_id = true;
            }
          }
        }))
      return failed("RETR " + std::to_string(k) + ": " + err);
    total += size;
    // A RETR counts toward throughput when it completes inside the measured window.
    if (load::g_phase.load(std::memory_order_relaxed) == 1) {
      ++r.retr_in_window;
      r.retr_bytes_in_window += size;
    }
    ++r.retr_total;
    r.retr_bytes_total += size;
    if (verify) {
      if (size != list_sizes[static_cast<size_t>(k - 1)])
        return check("RETR " + std::to_string(k) + " sent " + std::to_string(size) +
                     " octets, LIST said " +
                     std::to_string(list_sizes[static_cast<size_t>(k - 1)]));
      if (!has_id || !header_end)
        return check("RETR " + std::to_string(k) + ": no Message-ID or no header/body separator");
    }
  }
  if (total != octets)
    return check("RETR sent " + std::to_string(total) + " octets in all, STAT said " +
                 std::to_string(octets));
  if (!c.Command("QUIT", err)) return failed(err);
  const int64_t t1 = NowNs();
  c.Close();
  if (!verify)
    out.push_back(Sample::Between(t0, t1));
  else
    ++r.verified;
  return Outcome::kOk;
}

int Probe(const Options& o) {
  Conn c(o);
  std::string err, text;
  if (!c.Open(err)) return 1;
  if (c.Status(err, &text) != 1) return 1;
  c.Command("QUIT", err);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseArgs(argc, argv);
  if (o.probe) return Probe(o);

  std::vector<ThreadResult> results(static_cast<size_t>(o.conns));
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < o.conns; ++i) {
    threads.emplace_back([&, i]() {
      ThreadResult& r = results[static_cast<size_t>(i)];
      Conn c(o);
      while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      long n = 0;
      while (load::g_phase.load(std::memory_order_relaxed) != 2) {
        // The first session verifies; then every verify_every'th (0: never again).
        bool verify = n == 0 || (o.verify_every > 0 && n % o.verify_every == 0);
        Outcome out = Session(c, o, i, verify, r, r.samples);
        ++n;
        if (out == Outcome::kOk) {
          ++r.sessions_total;
          r.consecutive_failures = 0;
          continue;
        }
        if (out == Outcome::kCheckFailed) ++r.check_failures;
        ++r.failed;
        if (++r.consecutive_failures >= load::kMaxConsecutiveFailures) {
          r.error = "too many failed sessions in a row";
          break;
        }
      }
    });
  }
  go.store(true);
  const load::Window w = load::RunPhases(o.warmup_s, o.duration_s);
  const int64_t window_start = w.start_ns, window_end = w.end_ns;
  for (auto& t : threads) t.join();

  std::vector<uint32_t> lat;
  long failed = 0, check_failures = 0, sessions_total = 0, verified = 0, retr = 0, retr_total = 0;
  uint64_t retr_bytes = 0, retr_bytes_total = 0;
  long mbox_min = -1, mbox_max = -1;
  std::string first_error;
  for (auto& r : results) {
    failed += r.failed;
    check_failures += r.check_failures;
    sessions_total += r.sessions_total;
    verified += r.verified;
    retr += r.retr_in_window;
    retr_bytes += r.retr_bytes_in_window;
    retr_total += r.retr_total;
    retr_bytes_total += r.retr_bytes_total;
    if (r.mailbox_messages >= 0) {
      mbox_min = mbox_min < 0 ? r.mailbox_messages : std::min(mbox_min, r.mailbox_messages);
      mbox_max = std::max(mbox_max, r.mailbox_messages);
    }
    if (!r.error.empty() && first_error.empty()) first_error = r.error;
    for (auto& s : r.samples)
      if (s.done_ns >= window_start && s.done_ns <= window_end) lat.push_back(s.latency_us);
  }
  const long counted = static_cast<long>(lat.size());
  const double elapsed = static_cast<double>(window_end - window_start) / 1e9;
  const load::Latency l = load::Summarize(lat);
  const double rate = elapsed > 0 ? static_cast<double>(counted) / elapsed : 0;
  const double retr_rate = elapsed > 0 ? static_cast<double>(retr) / elapsed : 0;
  const double mb_rate = elapsed > 0 ? static_cast<double>(retr_bytes) / elapsed / 1e6 : 0;
  const double avg_msg = retr_total ? static_cast<double>(retr_bytes_total) / retr_total : 0;
  const double client_cpu = load::ClientCpuSeconds();

  std::fprintf(stderr,
               "%-16s c=%-3d %8.1f sess/s  p50 %8.2f ms  p99 %8.2f ms  %9.1f RETR/s %7.2f MB/s"
               "  (%ld sessions in %.2fs, %ld verified, %ld failed)%s%s\n",
               o.label.c_str(), o.conns, rate, l.p50, l.p99, retr_rate, mb_rate, counted, elapsed,
               verified, failed, first_error.empty() ? "" : "  error: ", first_error.c_str());
  if (!o.json_path.empty() &&
      !load::AppendJson(o.json_path,
                        "{\"label\": \"%s\", \"conns\": %d, \"users\": %d, \"sessions\": %ld, "
                        "\"elapsed_s\": %.4f, \"sessions_per_s\": %.2f, \"p50_ms\": %.3f, "
                        "\"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"mean_ms\": %.3f, "
                        "\"retr\": %ld, \"retr_per_s\": %.2f, \"mb_per_s\": %.3f, "
                        "\"sessions_total\": %ld, \"retr_total\": %ld, \"avg_msg_bytes\": %.0f, "
                        "\"mailbox_messages_min\": %ld, \"mailbox_messages_max\": %ld, "
                        "\"verified_sessions\": %ld, \"failed\": %ld, \"check_failures\": %ld, "
                        "\"client_cpu_s\": %.2f, \"error\": \"%s\"}\n",
                        o.label.c_str(), o.conns, o.users, counted, elapsed, rate, l.p50, l.p90,
                        l.p99, l.max, l.mean, retr, retr_rate, mb_rate, sessions_total, retr_total,
                        avg_msg, mbox_min, mbox_max, verified, failed, check_failures, client_cpu,
                        first_error.empty() ? "" : "fatal client error"))
    return 1;
  return (failed > 0 || !first_error.empty() || verified == 0) ? 1 : 0;
}
