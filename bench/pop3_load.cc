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

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 110;
  int conns = 1;
  double duration_s = 10;
  double warmup_s = 2;
  int users = 50;
  std::string user_prefix = "user";
  std::string password = "bench-secret";
  long expect_messages = -1;  // STAT must report this many (when >= 0)
  bool uidl = true;
  int verify_every = 50;  // 0: only the first session of each client
  std::string label = "server";
  std::string json_path;
  int timeout_ms = 60000;
  bool probe = false;
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
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) Usage("missing value");
      return argv[++i];
    };
    if (a == "--host")
      o.host = next();
    else if (a == "--port")
      o.port = std::atoi(next());
    else if (a == "--conns")
      o.conns = std::atoi(next());
    else if (a == "--duration")
      o.duration_s = std::atof(next());
    else if (a == "--warmup")
      o.warmup_s = std::atof(next());
    else if (a == "--users")
      o.users = std::atoi(next());
    else if (a == "--user-prefix")
      o.user_prefix = next();
    else if (a == "--password")
      o.password = next();
    else if (a == "--expect-messages")
      o.expect_messages = std::atol(next());
    else if (a == "--no-uidl")
      o.uidl = false;
    else if (a == "--verify-every")
      o.verify_every = std::atoi(next());
    else if (a == "--label")
      o.label = next();
    else if (a == "--json")
      o.json_path = next();
    else if (a == "--timeout-ms")
      o.timeout_ms = std::atoi(next());
    else if (a == "--probe")
      o.probe = true;
    else
      Usage("unknown option");
  }
  if (o.conns < 1 || o.users < 1 || o.verify_every < 0) Usage("bad counts");
  return o;
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

class Conn {
 public:
  explicit Conn(const Options& o) : opt_(o) { buf_.resize(1 << 16); }
  ~Conn() { Close(); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    head_ = tail_ = 0;
  }

  bool Open(std::string& err) {
    Close();
    addrinfo hints{}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    std::string port = std::to_string(opt_.port);
    if (int rc = getaddrinfo(opt_.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
      err = gai_strerror(rc);
      return false;
    }
    for (addrinfo* a = res; a; a = a->ai_next) {
      fd_ = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
      if (fd_ < 0) continue;
      if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0) break;
      ::close(fd_);
      fd_ = -1;
    }
    freeaddrinfo(res);
    if (fd_ < 0) {
      err = std::string("connect: ") + std::strerror(errno);
      return false;
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv{opt_.timeout_ms / 1000, (opt_.timeout_ms % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return true;
  }

  bool Send(std::string_view data, std::string& err) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        err = std::string("send: ") + std::strerror(errno);
        return false;
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one line without its CRLF (a bare LF is tolerated). The view is valid until
  // the next read.
  bool ReadLine(std::string_view& line, std::string& err) {
    for (;;) {
      if (const void* nl = std::memchr(buf_.data() + head_, '\n', tail_ - head_)) {
        size_t end = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data());
        size_t stop = end;
        if (stop > head_ && buf_[stop - 1] == '\r') --stop;
        line = std::string_view(buf_.data() + head_, stop - head_);
        head_ = end + 1;
        return true;
      }
      if (head_ > 0) {  // compact
        std::memmove(buf_.data(), buf_.data() + head_, tail_ - head_);
        tail_ -= head_;
        head_ = 0;
      }
      if (tail_ == buf_.size()) {
        if (buf_.size() >= (1u << 20)) return err = "line longer than 1 MB", false;
        buf_.resize(buf_.size() * 2);
      }
      ssize_t n = ::recv(fd_, buf_.data() + tail_, buf_.size() - tail_, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        err = n == 0 ? "connection closed by server" : std::string("recv: ") + std::strerror(errno);
        return false;
      }
      tail_ += static_cast<size_t>(n);
    }
  }

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

 private:
  const Options& opt_;
  int fd_ = -1;
  std::string buf_;
  size_t head_ = 0, tail_ = 0;
};

struct Sample {
  int64_t done_ns;
  uint32_t latency_us;
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

// 0 = warm-up, 1 = measure, 2 = stop.
std::atomic<int> g_phase{0};
std::mutex g_log_mu;
std::atomic<int> g_logged{0};

void LogFailure(int conn, const std::string& what) {
  if (g_logged.fetch_add(1) < 10) {
    std::lock_guard<std::mutex> lock(g_log_mu);
    std::fprintf(stderr, "pop3_load: client %d: %s\n", conn, what.c_str());
  }
}

std::string UserName(const Options& o, int index) {
  char name[64];
  std::snprintf(name, sizeof name, "%s%02d", o.user_prefix.c_str(), index + 1);
  return name;
}

constexpr int kMaxConsecutiveFailures = 20;

enum class Outcome { kOk, kFailed, kCheckFailed };

// One POP3 session. Returns kOk, kFailed (protocol/I/O error, logged), or kCheckFailed.
Outcome Session(Conn& c, const Options& o, int conn, bool verify, ThreadResult& r,
                std::vector<Sample>& out) {
  std::string err, text;
  const std::string user = UserName(o, conn % o.users);
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
    if (g_phase.load(std::memory_order_relaxed) == 1) {
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
    out.push_back({t1, static_cast<uint32_t>(std::min<int64_t>((t1 - t0) / 1000, UINT32_MAX))});
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

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / 1000.0;
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
      while (g_phase.load(std::memory_order_relaxed) != 2) {
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
        if (++r.consecutive_failures >= kMaxConsecutiveFailures) {
          r.error = "too many failed sessions in a row";
          break;
        }
      }
    });
  }
  go.store(true);
  std::this_thread::sleep_for(std::chrono::duration<double>(o.warmup_s));
  const int64_t window_start = NowNs();
  g_phase.store(1);
  std::this_thread::sleep_for(std::chrono::duration<double>(o.duration_s));
  const int64_t window_end = NowNs();
  g_phase.store(2);
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
  std::sort(lat.begin(), lat.end());
  double mean = 0;
  for (auto v : lat) mean += v;
  mean = lat.empty() ? 0 : mean / static_cast<double>(lat.size()) / 1000.0;
  const double rate = elapsed > 0 ? static_cast<double>(counted) / elapsed : 0;
  const double retr_rate = elapsed > 0 ? static_cast<double>(retr) / elapsed : 0;
  const double mb_rate = elapsed > 0 ? static_cast<double>(retr_bytes) / elapsed / 1e6 : 0;
  const double p50 = Percentile(lat, 50), p90 = Percentile(lat, 90), p99 = Percentile(lat, 99);
  const double pmax = lat.empty() ? 0 : lat.back() / 1000.0;
  const double avg_msg = retr_total ? static_cast<double>(retr_bytes_total) / retr_total : 0;
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double client_cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;

  std::fprintf(stderr,
               "%-16s c=%-3d %8.1f sess/s  p50 %8.2f ms  p99 %8.2f ms  %9.1f RETR/s %7.2f MB/s"
               "  (%ld sessions in %.2fs, %ld verified, %ld failed)%s%s\n",
               o.label.c_str(), o.conns, rate, p50, p99, retr_rate, mb_rate, counted, elapsed,
               verified, failed, first_error.empty() ? "" : "  error: ", first_error.c_str());
  if (!o.json_path.empty()) {
    FILE* f = std::fopen(o.json_path.c_str(), "a");
    if (!f) return std::perror("json"), 1;
    std::fprintf(f,
                 "{\"label\": \"%s\", \"conns\": %d, \"users\": %d, \"sessions\": %ld, "
                 "\"elapsed_s\": %.4f, \"sessions_per_s\": %.2f, \"p50_ms\": %.3f, "
                 "\"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"mean_ms\": %.3f, "
                 "\"retr\": %ld, \"retr_per_s\": %.2f, \"mb_per_s\": %.3f, "
                 "\"sessions_total\": %ld, \"retr_total\": %ld, \"avg_msg_bytes\": %.0f, "
                 "\"mailbox_messages_min\": %ld, \"mailbox_messages_max\": %ld, "
                 "\"verified_sessions\": %ld, \"failed\": %ld, \"check_failures\": %ld, "
                 "\"client_cpu_s\": %.2f, \"error\": \"%s\"}\n",
                 o.label.c_str(), o.conns, o.users, counted, elapsed, rate, p50, p90, p99, pmax,
                 mean, retr, retr_rate, mb_rate, sessions_total, retr_total, avg_msg, mbox_min,
                 mbox_max, verified, failed, check_failures, client_cpu,
                 first_error.empty() ? "" : "fatal client error");
    std::fclose(f);
  }
  return (failed > 0 || !first_error.empty() || verified == 0) ? 1 : 0;
}
