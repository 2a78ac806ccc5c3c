#pragma once
// load_common.h: what bench/lmtp_load.cc and bench/pop3_load.cc share (header-only: the
// bench scripts build each generator from its one .cc file).
//
// Options every generator takes and their parsing, the blocking line-oriented client
// connection, the warm-up/measure/stop phases of duration mode, latency samples and
// their statistics, the generator's own CPU time, the JSON output line, and the test
// messages (what lmtp_load delivers and imap_load APPENDs).

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
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace load {

using Clock = std::chrono::steady_clock;

inline int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// The options of every generator; a generator's Options derives from this and adds its own.
struct CommonOptions {
  CommonOptions(int default_port, int default_users) : port(default_port), users(default_users) {}

  std::string host = "127.0.0.1";
  int port;
  int conns = 1;
  double duration_s = 10;
  double warmup_s = 2;
  int users;
  std::string user_prefix = "user";
  std::string label = "server";
  std::string json_path;
  int timeout_ms = 60000;
  bool probe = false;
};

// Walks argv: the options of CommonOptions are handled here, every other one by
// own(a, next), which returns false for an option it does not know either; next() is the
// option's value. usage(why) prints the generator's usage and exits.
template <typename Own>
void ParseArgs(int argc, char** argv, CommonOptions& o, void (*usage)(const char*), Own&& own) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) usage("missing value");
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
    else if (a == "--label")
      o.label = next();
    else if (a == "--json")
      o.json_path = next();
    else if (a == "--timeout-ms")
      o.timeout_ms = std::atoi(next());
    else if (a == "--probe")
      o.probe = true;
    else if (!own(a, next))
      usage("unknown option");
  }
}

// "user07" for index 6 with the prefix "user": the users the bench scripts create.
inline std::string UserName(const CommonOptions& o, int index) {
  char name[64];
  std::snprintf(name, sizeof name, "%s%02d", o.user_prefix.c_str(), index + 1);
  return name;
}

// One client connection: blocking socket, no pipelining, a buffered line reader.
class LineConn {
 public:
  explicit LineConn(const CommonOptions& o) : opt_(o) { buf_.resize(1 << 16); }
  ~LineConn() { Close(); }
  LineConn(const LineConn&) = delete;
  LineConn& operator=(const LineConn&) = delete;

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

  // Reads exactly n bytes (an IMAP literal, say) and appends them to out.
  bool ReadBytes(size_t n, std::string& out, std::string& err) {
    while (n > 0) {
      if (head_ == tail_) {
        head_ = tail_ = 0;
        ssize_t got = ::recv(fd_, buf_.data(), buf_.size(), 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
          err = got == 0 ? "connection closed by server"
                         : std::string("recv: ") + std::strerror(errno);
          return false;
        }
        tail_ = static_cast<size_t>(got);
      }
      const size_t take = std::min(n, tail_ - head_);
      out.append(buf_.data() + head_, take);
      head_ += take;
      n -= take;
    }
    return true;
  }

 private:
  const CommonOptions& opt_;
  int fd_ = -1;
  std::string buf_;
  size_t head_ = 0, tail_ = 0;
};

// ---- test messages -------------------------------------------------------------------

// splitmix64: small, fast, and identical everywhere, so messages are reproducible.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
};

inline constexpr const char* kWords[] = {
    "meeting",   "quarterly", "report",   "attached", "please",   "review",    "the",
    "budget",    "numbers",   "before",   "friday",   "thanks",   "regards",   "project",
    "timeline",  "update",    "customer", "feedback", "release",  "schedule",  "server",
    "migration", "weekend",   "invoice",  "payment",  "received", "shipping",  "delivery",
    "address",   "confirm",   "agenda",   "notes",    "minutes",  "action",    "items",
    "owner",     "deadline",  "draft",    "proposal", "contract", "signature", "question",
    "answer",    "follow",    "up",       "call",     "tomorrow", "morning",   "afternoon",
    "office",    "remote",    "team",     "lunch",    "coffee",   "a",         "of",
    "to",        "and",       "in",       "for",      "on",       "with",      "we",
    "you",       "is",        "it",       "this"};
inline constexpr size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

inline void AppendWords(Rng& rng, std::string& out, size_t bytes, bool html) {
  size_t start = out.size();
  while (out.size() - start < bytes) {
    if (html) out += "<p>";
    size_t line = 0;
    int n = 8 + static_cast<int>(rng.Below(6));
    for (int w = 0; w < n; ++w) {
      std::string_view word = kWords[rng.Below(kWordCount)];
      if (w) {
        out += ' ';
        ++line;
      }
      out += word;
      line += word.size();
    }
    out += html ? ".</p>\r\n" : ".\r\n";
  }
}

inline void AppendBase64(Rng& rng, std::string& out, size_t raw_bytes) {
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t col = 0;
  for (size_t i = 0; i < raw_bytes; i += 3) {
    uint64_t v = rng.Next();
    for (int k = 0; k < 4; ++k) out += kB64[(v >> (6 * k)) & 63];
    col += 4;
    if (col == 76) {
      out += "\r\n";
      col = 0;
    }
  }
  if (col) out += "\r\n";
}

// The message for (seed, conn, seq), addressed to rcpt, with CRLF line ends and not
// dot-stuffed; no line starts with '.'. 4-8 KB: multipart/mixed holding
// multipart/alternative (text + HTML) and a small base64 attachment, with the headers a
// real message carries (Received, From, To, Subject, Date, Message-ID, MIME). Every
// message is unique, and the same arguments give the same bytes on every machine.
inline std::string BuildMessage(uint64_t seed, int conn, long seq, const std::string& rcpt) {
  Rng rng{seed * 0x100000001b3ULL ^ (static_cast<uint64_t>(conn) << 40) ^
          static_cast<uint64_t>(seq)};
  const size_t target = 4096 + rng.Below(4096);
  char id[96];
  std::snprintf(id, sizeof id, "%" PRIu64 ".%d.%ld.%08" PRIx64, seed, conn, seq,
                static_cast<uint64_t>(rng.Next() & 0xffffffffU));
  const int day = 1 + static_cast<int>(seq % 28);
  const int hh = static_cast<int>(rng.Below(24)), mm = static_cast<int>(rng.Below(60));
  char date[64];
  std::snprintf(date, sizeof date, "Mon, %d Jan 2024 %02d:%02d:%02d +0000", day, hh, mm,
                static_cast<int>(seq % 60));
  const std::string outer = std::string("=_outer_") + id;
  const std::string alt = std::string("=_alt_") + id;

  std::string m;
  m.reserve(target + 1024);
  m += "Received: from mx.load.test (mx.load.test [192.0.2.25])\r\n"
       "\tby tern.example.test with ESMTPS id ";
  m += id;
  m += "\r\n\tfor <" + rcpt + ">; " + date + "\r\n";
  m += "From: \"Sender " + std::to_string(conn) + "\" <sender" + std::to_string(conn) +
       "@load.test>\r\n";
  m += "To: <" + rcpt + ">\r\n";
  m += "Subject: Benchmark " + std::to_string(conn) + "/" + std::to_string(seq) + ": ";
  AppendWords(rng, m, 1, false);  // one line of words, ends in CRLF
  m += "Date: " + std::string(date) + "\r\n";
  m += "Message-ID: <" + std::string(id) + "@load.test>\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "X-Mailer: tern-bench lmtp_load\r\n";
  m += "Content-Type: multipart/mixed; boundary=\"" + outer + "\"\r\n\r\n";
  m += "This is a multi-part message in MIME format.\r\n\r\n";
  m += "--" + outer + "\r\nContent-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
  const size_t head = m.size();
  const size_t body_budget = target > head + 900 ? target - head - 900 : 1024;
  m += "--" + alt +
       "\r\nContent-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: 7bit\r\n\r\n";
  AppendWords(rng, m, body_budget * 2 / 5, false);
  m += "\r\n--" + alt +
       "\r\nContent-Type: text/html; charset=utf-8\r\n"
       "Content-Transfer-Encoding: 7bit\r\n\r\n<html><body>\r\n";
  AppendWords(rng, m, body_budget * 2 / 5, true);
  m += "</body></html>\r\n\r\n--" + alt + "--\r\n\r\n";
  m += "--" + outer + "\r\nContent-Type: application/octet-stream; name=\"data-" +
       std::to_string(seq) + ".bin\"\r\nContent-Disposition: attachment; filename=\"data-" +
       std::to_string(seq) + ".bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  const size_t remaining = target > m.size() + 64 ? target - m.size() - 64 : 256;
  AppendBase64(rng, m, remaining * 3 / 4);
  m += "\r\n--" + outer + "--\r\n";

  return m;
}

// ---- running -----------------------------------------------------------------------------

// A server that refuses everything is misconfigured; stop rather than spin on it.
constexpr int kMaxConsecutiveFailures = 20;

// Prints the first 10 failures of a run to stderr, "PREFIX CONN: WHAT"; more would only
// bury the summary line.
class FailureLog {
 public:
  explicit FailureLog(const char* prefix) : prefix_(prefix) {}

  void operator()(int conn, const std::string& what) {
    if (logged_.fetch_add(1) < 10) {
      std::lock_guard<std::mutex> lock(mu_);
      std::fprintf(stderr, "%s %d: %s\n", prefix_, conn, what.c_str());
    }
  }

 private:
  const char* prefix_;
  std::mutex mu_;
  std::atomic<int> logged_{0};
};

// Duration mode: 0 = warm-up, 1 = measure, 2 = stop.
inline std::atomic<int> g_phase{0};

struct Window {
  int64_t start_ns, end_ns;
};

// Lets the running clients warm up, then measure; returns the measured window and leaves
// g_phase at 2 (stop).
inline Window RunPhases(double warmup_s, double duration_s) {
  Window w{};
  std::this_thread::sleep_for(std::chrono::duration<double>(warmup_s));
  w.start_ns = NowNs();
  g_phase.store(1);
  std::this_thread::sleep_for(std::chrono::duration<double>(duration_s));
  w.end_ns = NowNs();
  g_phase.store(2);
  return w;
}

struct Sample {
  int64_t done_ns;  // completion, steady clock
  uint32_t latency_us;

  static Sample Between(int64_t start_ns, int64_t done_ns) {
    return {done_ns,
            static_cast<uint32_t>(std::min<int64_t>((done_ns - start_ns) / 1000, UINT32_MAX))};
  }
};

inline double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  // Nearest-rank: the smallest value with at least p% of samples at or below it.
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / 1000.0;
}

// Latency statistics in ms.
struct Latency {
  double mean, p50, p90, p99, max;
};

// Sorts lat (microseconds) and summarizes it.
inline Latency Summarize(std::vector<uint32_t>& lat) {
  std::sort(lat.begin(), lat.end());
  double mean = 0;
  for (auto v : lat) mean += v;
  mean = lat.empty() ? 0 : mean / static_cast<double>(lat.size()) / 1000.0;
  return {mean, Percentile(lat, 50), Percentile(lat, 90), Percentile(lat, 99),
          lat.empty() ? 0 : lat.back() / 1000.0};
}

// CPU seconds (user + system) this generator used so far, all threads.
inline double ClientCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Appends one printf-formatted line to the --json file; false (and a perror) if it
// cannot be opened.
[[gnu::format(printf, 2, 3)]] inline bool AppendJson(const std::string& path, const char* fmt,
                                                     ...) {
  FILE* f = std::fopen(path.c_str(), "a");
  if (!f) return std::perror("json"), false;
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(f, fmt, ap);
  va_end(ap);
  std::fclose(f);
  return true;
}

}  // namespace load
