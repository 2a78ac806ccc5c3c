// lmtp_load: a closed-loop LMTP load generator for bench/lmtp_bench.sh.
//
// One thread per connection, plain blocking sockets, no pipelining: each connection
// sends LHLO once, then for every message MAIL FROM, waits, RCPT TO (one or a few
// users), waits for each, DATA, waits for 354, sends the message and ".", and waits
// for one final reply per recipient (RFC 2033 section 4.2). A transaction's latency
// runs from sending MAIL to reading the last per-recipient reply. The generator is
// deliberately simple so that it costs little CPU next to the server under test: the
// message for (seed, connection, sequence) is built before its MAIL is sent, and that
// building is not part of the measured latency.
//
// Messages are deterministic: the same --seed gives every server the same bytes in the
// same order, and every message is unique (Message-ID, subject, text, attachment), so
// content deduplication in a store cannot make one server look faster.
//
// Modes:
//   duration (default): all connections open and LHLO, then --warmup seconds whose
//     transactions are not counted, then --duration seconds; a transaction counts when
//     it completes inside the measured window; msgs/s = counted / window.
//   messages (--messages N): each connection sends its share of --warmup-messages,
//     all meet at a barrier, then each sends its share of N; msgs/s = N / (time from
//     the barrier to the last completion).
//   --probe: connect, expect a 220 greeting, QUIT; exit 0 if the server is ready.
//   --fsync-probe DIR: time write+fsync on this disk (what bounds a durable server).
//   --sample: print the first message, to see what the servers receive.
//
// Output: one human line on stderr and, with --json FILE, one JSON object appended
// as a line to FILE. Exit status 1 if any transaction failed.

#include <fcntl.h>
#include <sys/stat.h>

#include <barrier>
#include <cinttypes>

#include "load_common.h"

namespace {

using load::Clock;
using load::NowNs;
using load::Sample;

struct Options : load::CommonOptions {
  Options() : CommonOptions(/*default_port=*/24, /*default_users=*/64) {}

  long messages = 0;  // > 0 selects messages mode
  long warmup_messages = -1;
  std::string domain = "example.test";
  int rcpts = 1;
  uint64_t seed = 1;
  std::string fsync_dir;
  bool sample = false;
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "lmtp_load: %s\n"
               "usage: lmtp_load --port P [--host H] [--conns C] [--duration S] [--warmup S]\n"
               "                 [--messages N [--warmup-messages W]] [--users U]\n"
               "                 [--user-prefix user] [--domain D] [--rcpts K] [--seed X]\n"
               "                 [--label L] [--json FILE] [--timeout-ms T]\n"
               "       lmtp_load --probe --port P [--host H]\n"
               "       lmtp_load --fsync-probe DIR\n"
               "       lmtp_load --sample [--seed X]   (prints message 0 of connection 0)\n",
               why);
  std::exit(2);
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  load::ParseArgs(argc, argv, o, Usage, [&](std::string_view a, auto& next) {
    if (a == "--messages")
      o.messages = std::atol(next());
    else if (a == "--warmup-messages")
      o.warmup_messages = std::atol(next());
    else if (a == "--domain")
      o.domain = next();
    else if (a == "--rcpts")
      o.rcpts = std::atoi(next());
    else if (a == "--seed")
      o.seed = std::strtoull(next(), nullptr, 10);
    else if (a == "--fsync-probe")
      o.fsync_dir = next();
    else if (a == "--sample")
      o.sample = true;
    else
      return false;
    return true;
  });
  if (o.conns < 1 || o.users < 1 || o.rcpts < 1 || o.rcpts > o.users) Usage("bad counts");
  if (o.warmup_messages < 0) o.warmup_messages = o.messages / 10;
  return o;
}

// The message for one transaction, dot-stuffed (RFC 5321 section 4.5.2), ending in CRLF,
// without the final ".". The generator never starts a line with '.', but the transport
// must be right regardless.
std::string BuildMessage(uint64_t seed, int conn, long seq, const std::string& rcpt) {
  const std::string m = load::BuildMessage(seed, conn, seq, rcpt);
  std::string out;
  out.reserve(m.size() + 16);
  bool bol = true;
  for (char c : m) {
    if (bol && c == '.') out += '.';
    out += c;
    bol = (c == '\n');
  }
  return out;
}

class Conn : public load::LineConn {
 public:
  using LineConn::LineConn;

  // Reads one (possibly multi-line) reply; returns its code, or -1 with err set.
  int Reply(std::string& err, std::string* text = nullptr) {
    for (;;) {
      std::string_view line;
      if (!ReadLine(line, err)) return -1;
      if (line.size() < 3) {
        err = "short reply: " + std::string(line);
        return -1;
      }
      if (text) text->assign(line);
      if (line.size() == 3 || line[3] != '-')
        return std::atoi(std::string(line.substr(0, 3)).c_str());
    }
  }
};

struct ThreadResult {
  std::vector<Sample> samples;  // measured phase (messages mode) or all (duration mode)
  long delivered = 0;           // per-recipient 250s, warm-up included
  long failed = 0;              // transactions that got a non-2xx reply
  int consecutive_failures = 0;
  uint64_t bytes = 0;  // message bytes of counted transactions
  std::string error;   // fatal error that stopped this connection
};

load::FailureLog LogFailure("lmtp_load: conn");

std::string UserAddr(const Options& o, int index) {
  return load::UserName(o, index) + "@" + o.domain;
}

// One transaction; returns false on a fatal (connection) error.
bool Transaction(Conn& c, const Options& o, int conn, long seq, ThreadResult& r, bool count,
                 std::vector<Sample>& out) {
  std::string err, text;
  // Recipients: connection i of C sends its k-th message to users i + k*C (mod U), so
  // with C <= U no two connections deliver to one mailbox at the same moment, and at
  // C = 1 the messages spread over every user.
  std::vector<std::string> rcpts;
  for (int k = 0; k < o.rcpts; ++k)
    rcpts.push_back(
        UserAddr(o, static_cast<int>((conn + (seq * o.rcpts + k) * o.conns) % o.users)));
  std::string msg = BuildMessage(o.seed, conn, seq, rcpts[0]);
  msg += ".\r\n";

  const int64_t t0 = NowNs();
  auto fail = [&](const std::string& what) {
    ++r.failed;
    LogFailure(conn, what);
    if (++r.consecutive_failures >= load::kMaxConsecutiveFailures) {
      r.error = "too many failed transactions in a row";
      return false;
    }
    std::string e2;
    if (!c.Send("RSET\r\n", e2) || c.Reply(e2) < 0) {
      r.error = e2;
      return false;
    }
    return true;
  };
  if (!c.Send("MAIL FROM:<bench-sender@load.test>\r\n", err)) return r.error = err, false;
  int code = c.Reply(err, &text);
  if (code < 0) return r.error = err, false;
  if (code / 100 != 2) return fail("MAIL: " + text);
  int accepted = 0;
  for (auto& rc : rcpts) {
    if (!c.Send("RCPT TO:<" + rc + ">\r\n", err)) return r.error = err, false;
    code = c.Reply(err, &text);
    if (code < 0) return r.error = err, false;
    if (code / 100 == 2)
      ++accepted;
    else
      LogFailure(conn, "RCPT " + rc + ": " + text);
  }
  if (accepted == 0) return fail("no recipient accepted");
  if (!c.Send("DATA\r\n", err)) return r.error = err, false;
  code = c.Reply(err, &text);
  if (code < 0) return r.error = err, false;
  if (code != 354) return fail("DATA: " + text);
  if (!c.Send(msg, err)) return r.error = err, false;
  int ok = 0;
  for (int k = 0; k < accepted; ++k) {
    code = c.Reply(err, &text);
    if (code < 0) return r.error = err, false;
    if (code / 100 == 2)
      ++ok;
    else
      LogFailure(conn, "final reply: " + text);
  }
  const int64_t t1 = NowNs();
  r.delivered += ok;
  if (ok != static_cast<int>(rcpts.size())) {
    ++r.failed;
    return ++r.consecutive_failures < load::kMaxConsecutiveFailures ||
           (r.error = "too many failed transactions in a row", false);
  }
  r.consecutive_failures = 0;
  if (count) {
    out.push_back(Sample::Between(t0, t1));
    r.bytes += msg.size() - 3;
  }
  return true;
}

bool Greet(Conn& c, std::string& err) {
  std::string text;
  int code = c.Reply(err, &text);
  if (code < 0) return false;
  if (code != 220) return err = "greeting: " + text, false;
  if (!c.Send("LHLO load.test\r\n", err)) return false;
  code = c.Reply(err, &text);
  if (code < 0) return false;
  if (code != 250) return err = "LHLO: " + text, false;
  return true;
}

int Probe(const Options& o) {
  Conn c(o);
  std::string err, text;
  if (!c.Open(err)) return 1;
  int code = c.Reply(err, &text);
  if (code != 220) return 1;
  c.Send("QUIT\r\n", err);
  c.Reply(err);
  return 0;
}

int FsyncProbe(const std::string& dir) {
  std::string probe_dir = dir + "/.fsync-probe";
  ::mkdir(probe_dir.c_str(), 0700);
  std::string buf(6000, 'x');
  const int n = 200;
  // 1) append 6 KB + fsync to one file (a log or WAL append).
  std::string f = probe_dir + "/append";
  int fd = ::open(f.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return std::perror("open"), 1;
  auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    if (::write(fd, buf.data(), buf.size()) < 0 || ::fsync(fd) != 0) return std::perror("w"), 1;
  }
  double append_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / n;
  ::close(fd);
  ::unlink(f.c_str());
  // 2) create a 6 KB file, fsync it, rename it, fsync the directory (a maildir delivery).
  int dfd = ::open(probe_dir.c_str(), O_RDONLY | O_DIRECTORY);
  t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    std::string a = probe_dir + "/t" + std::to_string(i), b = a + ".new";
    fd = ::open(a.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ::write(fd, buf.data(), buf.size()) < 0 || ::fsync(fd) != 0)
      return std::perror("create"), 1;
    ::close(fd);
    ::rename(a.c_str(), b.c_str());
    ::fsync(dfd);
  }
  double create_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / n;
  for (int i = 0; i < n; ++i) ::unlink((probe_dir + "/t" + std::to_string(i) + ".new").c_str());
  ::close(dfd);
  ::rmdir(probe_dir.c_str());
  std::printf("{\"append_fsync_ms\": %.4f, \"create_fsync_rename_dirfsync_ms\": %.4f}\n", append_ms,
              create_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseArgs(argc, argv);
  if (!o.fsync_dir.empty()) return FsyncProbe(o.fsync_dir);
  if (o.probe) return Probe(o);
  if (o.sample) {
    std::fputs(BuildMessage(o.seed, 0, 0, UserAddr(o, 0)).c_str(), stdout);
    return 0;
  }

  const bool by_count = o.messages > 0;
  std::vector<ThreadResult> results(static_cast<size_t>(o.conns));
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::atomic<int64_t> measure_start_ns{0};
  // The measured window of messages mode starts when the last connection ends its warm-up.
  auto start_window = [&]() noexcept { measure_start_ns.store(NowNs()); };
  std::barrier after_warmup(o.conns, start_window);
  std::atomic<int> fatal{0};

  auto share = [&](long total, int i) { return total / o.conns + (i < total % o.conns ? 1 : 0); };

  std::vector<std::thread> threads;
  for (int i = 0; i < o.conns; ++i) {
    threads.emplace_back([&, i]() {
      ThreadResult& r = results[static_cast<size_t>(i)];
      Conn c(o);
      std::string err;
      bool ok = c.Open(err) && Greet(c, err);
      if (!ok) {
        r.error = err;
        fatal.fetch_add(1);
      }
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      long seq = 0;
      if (by_count) {
        for (long k = share(o.warmup_messages, i); ok && k > 0 && fatal.load() == 0; --k) {
          ok = Transaction(c, o, i, seq++, r, false, r.samples);
        }
        if (!ok) fatal.fetch_add(1);
        after_warmup.arrive_and_wait();
        for (long k = share(o.messages, i); ok && k > 0; --k) {
          ok = Transaction(c, o, i, seq++, r, true, r.samples);
        }
      } else {
        while (ok && load::g_phase.load(std::memory_order_relaxed) != 2) {
          ok = Transaction(c, o, i, seq++, r, true, r.samples);
        }
      }
      if (ok) {
        std::string e2;
        c.Send("QUIT\r\n", e2);
        c.Reply(e2);
      } else {
        fatal.fetch_add(1);
      }
    });
  }
  while (ready.load() < o.conns) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (fatal.load() > 0) {
    go.store(true);
    for (auto& t : threads) t.join();
    for (auto& r : results)
      if (!r.error.empty()) std::fprintf(stderr, "lmtp_load: %s\n", r.error.c_str());
    return 1;
  }

  int64_t window_start = 0, window_end = 0;
  go.store(true);
  if (!by_count) {
    const load::Window w = load::RunPhases(o.warmup_s, o.duration_s);
    window_start = w.start_ns;
    window_end = w.end_ns;
  }
  for (auto& t : threads) t.join();

  std::vector<uint32_t> lat;
  long delivered = 0, failed = 0, counted = 0;
  uint64_t bytes = 0;
  size_t built = 0;
  int64_t last_done = 0;
  std::string first_error;
  for (auto& r : results) {
    delivered += r.delivered;
    failed += r.failed;
    if (!r.error.empty() && first_error.empty()) first_error = r.error;
    for (auto& s : r.samples) {
      if (!by_count && (s.done_ns < window_start || s.done_ns > window_end)) continue;
      lat.push_back(s.latency_us);
      last_done = std::max(last_done, s.done_ns);
    }
    bytes += r.bytes;
    built += r.samples.size();
  }
  counted = static_cast<long>(lat.size());
  if (by_count) {
    window_start = measure_start_ns.load();
    window_end = last_done;
  }
  const double elapsed = static_cast<double>(window_end - window_start) / 1e9;
  const load::Latency l = load::Summarize(lat);
  const double rate = elapsed > 0 ? static_cast<double>(counted) / elapsed : 0;
  const double client_cpu = load::ClientCpuSeconds();

  std::fprintf(stderr,
               "%-16s c=%-3d %8.1f msg/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  "
               "(%ld msgs in %.2fs, %ld failed)%s%s\n",
               o.label.c_str(), o.conns, rate, l.p50, l.p99, l.max, counted, elapsed, failed,
               first_error.empty() ? "" : "  error: ", first_error.c_str());
  if (!o.json_path.empty() &&
      !load::AppendJson(o.json_path,
                        "{\"label\": \"%s\", \"conns\": %d, \"mode\": \"%s\", \"messages\": %ld, "
                        "\"elapsed_s\": %.4f, \"msgs_per_s\": %.2f, \"p50_ms\": %.3f, "
                        "\"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"mean_ms\": %.3f, "
                        "\"failed\": %ld, \"delivered_total\": %ld, \"rcpts\": %d, \"users\": %d, "
                        "\"seed\": %" PRIu64
                        ", \"avg_msg_bytes\": %.0f, \"client_cpu_s\": %.2f, \"error\": \"%s\"}\n",
                        o.label.c_str(), o.conns, by_count ? "messages" : "duration", counted,
                        elapsed, rate, l.p50, l.p90, l.p99, l.max, l.mean, failed, delivered,
                        o.rcpts, o.users, o.seed,
                        built ? static_cast<double>(bytes) / static_cast<double>(built) : 0.0,
                        client_cpu, first_error.empty() ? "" : "fatal connection error"))
    return 1;
  return (failed > 0 || !first_error.empty()) ? 1 : 0;
}
