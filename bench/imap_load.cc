// imap_load: an IMAP load generator for bench/imap_bench.sh.
//
// Mixed mode (default): closed loop, one thread and one blocking socket per client, no
// pipelining (like lmtp_load.cc and pop3_load.cc). Client i works on the mailbox of user
// (i mod U) and runs sessions back to back; a session is
//
//   connect, * OK greeting
//   LOGIN user pass
//   SELECT INBOX                                   * n EXISTS, UIDVALIDITY
//   UID FETCH 1:* (UID FLAGS)                      a client resynchronising its cache
//   FETCH a:n (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])
//                                                  the newest --headers messages' list
//   UID FETCH u (RFC822.SIZE BODY.PEEK[])          x --bodies random messages, one each
//   UID STORE u1,u2,... +FLAGS (\Seen \Flagged)    the opened ones
//   APPEND INBOX {size}                            a new 4-8 KB message (load::BuildMessage)
//   UID SEARCH UNSEEN
//   UID SEARCH HEADER SUBJECT "word"
//   UID STORE u0 +FLAGS.SILENT (\Deleted)          the oldest message
//   EXPUNGE
//   LOGOUT                                         * BYE, tagged OK, close
//
// so that a mailbox keeps its size: one message in, the oldest out, every session.
// Every command's latency runs from sending it to reading its tagged response; a
// session's from connect() to LOGOUT's tagged OK.
//
// Responses are read as IMAP defines them (RFC 9051 section 2.2.2): lines, with a
// literal {n} at a line's end followed by n bytes and the rest of the response.
// Untagged responses are counted per command. Checks, so that no server can look fast
// by sending less or wrong data (any failure ends the session, is counted and is printed
// with the session's exchange so far):
//   - every tagged response is OK, the greeting * OK, LOGOUT sends * BYE;
//   - SELECT reports --expect-messages EXISTS (when given) and UIDVALIDITY;
//   - UID FETCH 1:* returns one FETCH per message with UID and FLAGS, UIDs ascending;
//   - the header FETCH returns each message of the range once, with a header section
//     holding Message-ID and Subject and ending in an empty line;
//   - each body FETCH returns the UID asked for, BODY[] of exactly RFC822.SIZE octets
//     with a Message-ID;
//   - STORE +FLAGS returns FETCH FLAGS holding both flags for every UID stored;
//   - APPEND answers [APPENDUID validity uid] (RFC 4315) with a new, higher UID;
//   - UID SEARCH UNSEEN returns exactly the UIDs the session knows to be unseen (the
//     flags fetched, minus those it stored \Seen, plus the appended one);
//   - UID SEARCH HEADER SUBJECT returns UIDs of the mailbox only, and of the messages
//     whose Subject the session fetched, exactly those whose Subject holds the word;
//   - EXPUNGE sends exactly one * 1 EXPUNGE.
//
// Idle mode (--idle N): one thread, epoll, non-blocking sockets. Opens N connections,
// at most --idle-parallel at a time in set-up, each: greeting, LOGIN, SELECT INBOX,
// IDLE, + continuation. When all are idling it prints "READY <n>" on stdout and waits
// for stdin to reach end of file (the bench script measures the server's memory
// meanwhile); a connection the server closes in that time is a failure. Then it ends
// each IDLE with DONE and LOGOUT, and checks the tagged OKs.
//
// --probe: connect, expect * OK, LOGOUT; exit 0 if the server is ready.
//
// Output: one human line on stderr and, with --json FILE, one JSON object appended as a
// line to FILE. Exit status 1 if anything failed.

#include <arpa/inet.h>
#include <fcntl.h>
#include <strings.h>
#include <sys/epoll.h>

#include <map>
#include <set>

#include "load_common.h"

namespace {

using load::NowNs;
using load::Sample;

struct Options : load::CommonOptions {
  Options() : CommonOptions(/*default_port=*/143, /*default_users=*/50) {}

  std::string password = "bench-secret";
  long expect_messages = -1;  // SELECT must report this many (when >= 0)
  int headers = 50;           // messages in the header FETCH
  int bodies = 3;             // single-message body FETCHes per session
  uint64_t seed = 1;
  bool literal_plus = true;  // use LITERAL+ for APPEND when the server offers it
  std::string fail_log;      // append the exchanges of failed sessions here
  // Idle mode.
  int idle = 0;
  int idle_parallel = 64;
  int idle_sources = 1;  // spread over 127.0.0.1 .. 127.0.0.<n>
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "imap_load: %s\n"
               "usage: imap_load --port P [--host H] [--conns C] [--duration S] [--warmup S]\n"
               "                 [--users U] [--user-prefix user] [--password PW]\n"
               "                 [--expect-messages N] [--headers 50] [--bodies 3] [--seed X]\n"
               "                 [--no-literal-plus] [--fail-log FILE]\n"
               "                 [--label L] [--json FILE] [--timeout-ms T]\n"
               "       imap_load --idle N [--idle-parallel 64] [--idle-sources 1] --port P ...\n"
               "       imap_load --probe --port P [--host H]\n",
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
    else if (a == "--headers")
      o.headers = std::atoi(next());
    else if (a == "--bodies")
      o.bodies = std::atoi(next());
    else if (a == "--seed")
      o.seed = std::strtoull(next(), nullptr, 10);
    else if (a == "--no-literal-plus")
      o.literal_plus = false;
    else if (a == "--fail-log")
      o.fail_log = next();
    else if (a == "--idle")
      o.idle = std::atoi(next());
    else if (a == "--idle-parallel")
      o.idle_parallel = std::atoi(next());
    else if (a == "--idle-sources")
      o.idle_sources = std::atoi(next());
    else
      return false;
    return true;
  });
  if (o.conns < 1 || o.users < 1 || o.headers < 1 || o.bodies < 0 || o.idle < 0 ||
      o.idle_parallel < 1 || o.idle_sources < 1 || o.idle_sources > 250)
    Usage("bad counts");
  return o;
}

// ---- responses ---------------------------------------------------------------------------

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool IStartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && IEquals(s.substr(0, prefix.size()), prefix);
}

bool IContains(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (IEquals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

// If line (without its CRLF) ends in a literal announcement "{n}" (or "{n+}"), its size;
// otherwise -1.
long LiteralAt(std::string_view line) {
  if (line.empty() || line.back() != '}') return -1;
  size_t open = line.rfind('{');
  if (open == std::string_view::npos) return -1;
  std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  if (!digits.empty() && (digits.back() == '+' || digits.back() == '-')) digits.remove_suffix(1);
  if (digits.empty() || digits.size() > 10) return -1;
  long n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// For incremental reading (idle mode): the length of the first complete response in buf
// (lines and literals, final CRLF included), 0 if it is not complete yet.
size_t CompleteResponse(std::string_view buf) {
  size_t pos = 0;
  for (;;) {
    size_t nl = buf.find('\n', pos);
    if (nl == std::string_view::npos) return 0;
    std::string_view line = buf.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    long lit = LiteralAt(line);
    if (lit < 0) return nl + 1;
    pos = nl + 1 + static_cast<size_t>(lit);
    if (pos > buf.size()) return 0;
  }
}

// One server response: its bytes as sent (literals inline, without the final CRLF).
struct Response {
  std::string raw;

  bool IsTagged(std::string_view tag) const {
    return raw.size() > tag.size() && raw.compare(0, tag.size(), tag) == 0 &&
           raw[tag.size()] == ' ';
  }
  bool IsUntagged() const { return raw.size() >= 2 && raw[0] == '*' && raw[1] == ' '; }
  bool IsContinuation() const { return !raw.empty() && raw[0] == '+'; }
  // The status word after the tag (or "*"): OK, NO, BAD, BYE, PREAUTH, or a number...
  std::string_view Word(size_t n) const {
    std::string_view s = raw;
    for (size_t i = 0;; ++i) {
      size_t sp = s.find(' ');
      if (i == n) return s.substr(0, sp);
      if (sp == std::string_view::npos) return {};
      s.remove_prefix(sp + 1);
    }
  }
};

// A token of a response (RFC 9051 section 4): atoms (flags, numbers, and fetch item
// names with their [section] and <partial>), strings (quoted or literal), NIL,
// parentheses.
struct Token {
  enum Type { kAtom, kString, kNil, kOpen, kClose, kEnd, kError } type;
  std::string_view text;  // atom text, or the string's content (quoted: escapes kept)
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view s, size_t pos = 0) : s_(s), i_(pos) {}

  Token Next() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
    if (i_ >= s_.size()) return {Token::kEnd, {}};
    const char c = s_[i_];
    if (c == '(') return ++i_, Token{Token::kOpen, {}};
    if (c == ')') return ++i_, Token{Token::kClose, {}};
    if (c == '"') {
      size_t start = ++i_;
      while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
      if (i_ >= s_.size()) return {Token::kError, {}};
      return {Token::kString, s_.substr(start, i_++ - start)};
    }
    if (c == '{') {
      size_t close = s_.find('}', i_);
      if (close == std::string_view::npos) return {Token::kError, {}};
      long n = LiteralAt(s_.substr(i_, close - i_ + 1));
      size_t start = close + 1;
      if (n < 0 || s_.compare(start, 2, "\r\n") != 0) return {Token::kError, {}};
      start += 2;
      if (start + static_cast<size_t>(n) > s_.size()) return {Token::kError, {}};
      i_ = start + static_cast<size_t>(n);
      return {Token::kString, s_.substr(start, static_cast<size_t>(n))};
    }
    size_t start = i_;
    int depth = 0;  // inside [ ]: a section spec may hold spaces and parentheses
    for (; i_ < s_.size(); ++i_) {
      const char d = s_[i_];
      if (d == '[')
        ++depth;
      else if (d == ']')
        --depth;
      else if (depth <= 0 && (d == ' ' || d == '(' || d == ')' || d == '\r' || d == '\n'))
        break;
    }
    std::string_view atom = s_.substr(start, i_ - start);
    if (IEquals(atom, "NIL")) return {Token::kNil, atom};
    return {Token::kAtom, atom};
  }

  size_t pos() const { return i_; }

 private:
  std::string_view s_;
  size_t i_;
};

long ToLong(std::string_view s) {
  if (s.empty() || s.size() > 18) return -1;
  long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// What one untagged FETCH response carried (RFC 9051 section 7.5.2).
struct FetchData {
  long seq = -1;
  long uid = -1;
  long size = -1;  // RFC822.SIZE
  bool has_flags = false;
  std::vector<std::string> flags;
  bool has_body = false;
  std::string body_name;  // e.g. BODY[HEADER.FIELDS (FROM ...)]
  std::string body;       // its string value (NIL: empty)

  bool HasFlag(std::string_view f) const {
    for (auto& x : flags)
      if (IEquals(x, f)) return true;
    return false;
  }
};

// Skips one value (atom, string, NIL or a nested list) whose first token is t.
bool SkipValue(Tokenizer& tk, Token t) {
  if (t.type != Token::kOpen)
    return t.type == Token::kAtom || t.type == Token::kString || t.type == Token::kNil;
  for (int depth = 1; depth > 0;) {
    Token u = tk.Next();
    if (u.type == Token::kOpen) ++depth;
    if (u.type == Token::kClose) --depth;
    if (u.type == Token::kEnd || u.type == Token::kError) return false;
  }
  return true;
}

// Parses "* <seq> FETCH (...)"; false if r is not a well-formed FETCH response.
bool ParseFetch(const Response& r, FetchData& f) {
  if (!r.IsUntagged() || !IEquals(r.Word(2), "FETCH")) return false;
  f.seq = ToLong(r.Word(1));
  if (f.seq < 1) return false;
  Tokenizer tk(r.raw, 2 + r.Word(1).size() + 1 + 5);
  if (tk.Next().type != Token::kOpen) return false;
  for (;;) {
    Token name = tk.Next();
    if (name.type == Token::kClose) break;
    if (name.type != Token::kAtom) return false;
    Token v = tk.Next();
    if (IEquals(name.text, "UID")) {
      if (v.type != Token::kAtom || (f.uid = ToLong(v.text)) < 1) return false;
    } else if (IEquals(name.text, "RFC822.SIZE")) {
      if (v.type != Token::kAtom || (f.size = ToLong(v.text)) < 0) return false;
    } else if (IEquals(name.text, "FLAGS")) {
      if (v.type != Token::kOpen) return false;
      f.has_flags = true;
      for (;;) {
        Token fl = tk.Next();
        if (fl.type == Token::kClose) break;
        if (fl.type != Token::kAtom) return false;
        f.flags.emplace_back(fl.text);
      }
    } else if (IStartsWith(name.text, "BODY[")) {
      if (v.type != Token::kString && v.type != Token::kNil) return false;
      f.has_body = true;
      f.body_name.assign(name.text);
      f.body.assign(v.text);
    } else if (!SkipValue(tk, v)) {
      return false;
    }
  }
  return true;
}

// The value of header field `name` in a header section (unfolded, leading spaces
// dropped); empty if absent.
std::string HeaderValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t eol = header.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = header.size();
    std::string_view line = header.substr(pos, eol - pos);
    if (line.size() > name.size() && line[name.size()] == ':' &&
        IEquals(line.substr(0, name.size()), name)) {
      std::string v(line.substr(name.size() + 1));
      // Folded continuation lines.
      for (size_t next = eol + 2;
           next < header.size() && (header[next] == ' ' || header[next] == '\t');) {
        size_t e2 = header.find("\r\n", next);
        if (e2 == std::string_view::npos) e2 = header.size();
        v += header.substr(next, e2 - next);
        next = e2 + 2;
      }
      size_t b = v.find_first_not_of(" \t");
      return b == std::string::npos ? "" : v.substr(b);
    }
    pos = eol + 2;
  }
  return "";
}

// The numbers of "* SEARCH n n n" (RFC 9051 section 7.3.5; ESEARCH is never asked for).
bool ParseSearch(const Response& r, std::set<long>& out) {
  if (!r.IsUntagged() || !IEquals(r.Word(1), "SEARCH")) return false;
  std::string_view rest = std::string_view(r.raw).substr(std::min(r.raw.size(), size_t{9}));
  while (!rest.empty()) {
    size_t sp = rest.find(' ');
    std::string_view w = rest.substr(0, sp);
    if (!w.empty()) {
      long n = ToLong(w);
      if (n < 1) return false;
      out.insert(n);
    }
    if (sp == std::string_view::npos) break;
    rest.remove_prefix(sp + 1);
  }
  return true;
}

// The text of a response code "[NAME args]" in a status response, or empty.
std::string_view ResponseCode(const Response& r, std::string_view name) {
  size_t open = r.raw.find('[');
  if (open == std::string::npos) return {};
  size_t close = r.raw.find(']', open);
  if (close == std::string::npos) return {};
  std::string_view code = std::string_view(r.raw).substr(open + 1, close - open - 1);
  if (!IStartsWith(code, name)) return {};
  return code;
}

// ---- mixed mode: the blocking client --------------------------------------------------------

// The commands of a session, in the order the table lists them.
enum Cmd {
  kLogin,
  kSelect,
  kFetchFlags,
  kFetchHeaders,
  kFetchBody,
  kStore,
  kAppend,
  kSearchUnseen,
  kSearchHeader,
  kStoreDeleted,
  kExpunge,
  kLogout,
  kCmdCount
};
constexpr const char* kCmdNames[kCmdCount] = {
    "LOGIN",  "SELECT",        "FETCH_FLAGS",   "FETCH_HEADERS", "FETCH_BODY", "STORE_FLAGS",
    "APPEND", "SEARCH_UNSEEN", "SEARCH_HEADER", "STORE_DELETED", "EXPUNGE",    "LOGOUT"};

// Words that occur in subjects (load::kWords), long enough not to match inside others
// too often; SEARCH HEADER SUBJECT looks for one of them.
constexpr const char* kSearchWords[] = {"meeting", "quarterly", "report",  "attached", "review",
                                        "budget",  "friday",    "project", "customer", "release",
                                        "invoice", "agenda",    "deadline"};

struct CmdStats {
  std::vector<Sample> samples;  // every completed command (filtered by window later)
  long total = 0;               // warm-up included
  long untagged_total = 0;      // untagged responses to them
};

struct ThreadResult {
  CmdStats cmd[kCmdCount];
  std::vector<Sample> sessions;
  long sessions_total = 0;
  long failed = 0;          // sessions that broke (I/O, NO/BAD, malformed)
  long check_failures = 0;  // sessions whose data did not match
  long literal_bytes_total = 0;
  long failed_at[kCmdCount + 1] = {};  // by the command that failed; [kCmdCount]: connecting
  long append_unannounced = 0;         // APPEND OKs with no EXISTS for the new message before them
  long healed = 0;                     // sessions that found (and removed) a failed one's leftovers
  int consecutive_failures = 0;        // sessions that failed before LOGIN succeeded, in a row
  std::string error;
};

load::FailureLog LogFailure("imap_load: client");
std::mutex g_fail_log_mu;
std::atomic<int> g_fail_logged{0};

class SessionFailed {
 public:
  SessionFailed(bool check, std::string what) : check_(check), what_(std::move(what)) {}
  bool check() const { return check_; }
  const std::string& what() const { return what_; }

 private:
  bool check_;
  std::string what_;
};

std::string Shorten(std::string_view s, size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) {
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

class Client : public load::LineConn {
 public:
  Client(const Options& o, ThreadResult& r) : LineConn(o), o_(o), r_(r) {}

  // One response; throws SessionFailed on an I/O error or a malformed literal.
  Response Read() {
    Response resp;
    std::string err;
    for (;;) {
      std::string_view line;
      if (!ReadLine(line, err)) Fail(false, "reading: " + err);
      resp.raw.append(line);
      long lit = LiteralAt(line);
      if (lit < 0) break;
      if (lit > (64l << 20)) Fail(false, "literal of " + std::to_string(lit) + " bytes");
      resp.raw += "\r\n";
      if (!ReadBytes(static_cast<size_t>(lit), resp.raw, err)) Fail(false, "literal: " + err);
      r_.literal_bytes_total += lit;
    }
    Note("S: ", resp.raw);
    return resp;
  }

  void SendLine(const std::string& s) {
    std::string err;
    Note("C: ", s);
    if (!Send(s + "\r\n", err)) Fail(false, err);
  }

  void SendRaw(const std::string& s) {
    std::string err;
    if (!Send(s, err)) Fail(false, err);
  }

  // Sends "tag text" and reads up to the tagged response, passing every untagged one to
  // on_untagged; the tagged response must be OK. Records the latency under cmd.
  template <typename Fn>
  Response Command(Cmd cmd, const std::string& text, Fn&& on_untagged,
                   const std::string* literal = nullptr) {
    const std::string tag = "a" + std::to_string(++tag_no_);
    current_ = cmd;
    const int64_t t0 = NowNs();
    if (literal && !plus_) {
      // Synchronising literal: wait for the continuation request.
      SendLine(tag + " " + text + "{" + std::to_string(literal->size()) + "}");
      Response cont = Read();
      if (!cont.IsContinuation())
        Fail(false, std::string(kCmdNames[cmd]) +
                        ": expected a continuation, got: " + Shorten(cont.raw, 300));
      Note("C: ", "<literal " + std::to_string(literal->size()) + " bytes>");
      SendRaw(*literal + "\r\n");
    } else if (literal) {
      Note("C: ", tag + " " + text + "{" + std::to_string(literal->size()) + "+}");
      Note("C: ", "<literal " + std::to_string(literal->size()) + " bytes>");
      SendRaw(tag + " " + text + "{" + std::to_string(literal->size()) + "+}\r\n" + *literal +
              "\r\n");
    } else {
      SendLine(tag + " " + text);
    }
    long untagged = 0;
    for (;;) {
      Response resp = Read();
      if (resp.IsTagged(tag)) {
        const int64_t t1 = NowNs();
        if (!IEquals(resp.Word(1), "OK"))
          Fail(false, std::string(kCmdNames[cmd]) + ": " + Shorten(resp.raw, 300));
        CmdStats& st = r_.cmd[cmd];
        st.samples.push_back(Sample::Between(t0, t1));
        ++st.total;
        st.untagged_total += untagged;
        return resp;
      }
      if (resp.IsUntagged()) {
        ++untagged;
        if (IEquals(resp.Word(1), "BYE") && cmd != kLogout)
          Fail(false, std::string(kCmdNames[cmd]) + ": server said " + Shorten(resp.raw, 300));
        TrackExists(resp);
        on_untagged(resp);
        continue;
      }
      Fail(false, std::string(kCmdNames[cmd]) + ": unexpected response " + Shorten(resp.raw, 300));
    }
  }

  [[noreturn]] void Fail(bool check, const std::string& what) { throw SessionFailed(check, what); }

  // The session's exchange so far (responses shortened), for the failure log.
  const std::vector<std::string>& transcript() const { return transcript_; }

  void BeginSession() {
    transcript_.clear();
    tag_no_ = 0;
    plus_ = false;
    exists_ = -1;
    current_ = kCmdCount;
  }

  // The command being run (kCmdCount before LOGIN is sent: connecting, greeting).
  int current() const { return current_; }

  void NoteCapabilities(std::string_view text) {
    if (o_.literal_plus && IContains(text, "LITERAL+")) plus_ = true;
  }

  long exists() const { return exists_; }

 private:
  void Note(const char* dir, std::string_view s) {
    if (transcript_.size() < 400) transcript_.push_back(dir + Shorten(s, 400));
  }

  void TrackExists(const Response& r) {
    if (IEquals(r.Word(2), "EXISTS")) exists_ = ToLong(r.Word(1));
    if (IEquals(r.Word(2), "EXPUNGE") && exists_ > 0) --exists_;
  }

  const Options& o_;
  ThreadResult& r_;
  std::vector<std::string> transcript_;
  long tag_no_ = 0;
  int current_ = kCmdCount;
  bool plus_ = false;
  long exists_ = -1;
};

std::string JsonEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return out;
}

std::string Quote(std::string_view s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

std::string UidSet(const std::vector<long>& uids) {
  std::string s;
  for (long u : uids) s += (s.empty() ? "" : ",") + std::to_string(u);
  return s;
}

std::string SetText(const std::set<long>& s, size_t max = 30) {
  std::string out;
  size_t n = 0;
  for (long v : s) {
    if (n++ == max) return out + " ...(" + std::to_string(s.size()) + ")";
    out += (out.empty() ? "" : " ") + std::to_string(v);
  }
  return out;
}

// One session of the mixed workload; throws SessionFailed.
// leftovers: a failed session of this client may have left its APPENDed message behind.
void Session(Client& c, const Options& o, int conn, long seq, bool leftovers, ThreadResult& res,
             load::Rng& rng) {
  const std::string user = load::UserName(o, conn % o.users);
  auto none = [](const Response&) {};
  auto check = [&](bool ok, const std::string& what) {
    if (!ok) c.Fail(true, what);
  };
  c.BeginSession();
  std::string err;
  if (!c.Open(err)) c.Fail(false, err);
  {
    Response g = c.Read();
    if (!g.IsUntagged() || !IEquals(g.Word(1), "OK")) c.Fail(false, "greeting: " + g.raw);
    c.NoteCapabilities(g.raw);
  }

  // LOGIN
  Response login =
      c.Command(kLogin, "LOGIN " + Quote(user) + " " + Quote(o.password), [&](const Response& r) {
        if (IEquals(r.Word(1), "CAPABILITY")) c.NoteCapabilities(r.raw);
      });
  c.NoteCapabilities(ResponseCode(login, "CAPABILITY"));

  // SELECT INBOX
  long validity = -1;
  c.Command(kSelect, "SELECT INBOX", [&](const Response& r) {
    if (auto code = ResponseCode(r, "UIDVALIDITY "); !code.empty())
      validity = ToLong(code.substr(12));
  });
  const long exists = c.exists();
  check(exists >= 0, "SELECT: no EXISTS");
  check(validity > 0, "SELECT: no UIDVALIDITY");
  // Each session appends one message and expunges the oldest, so the mailbox keeps its
  // size; a session that failed in between leaves one more, which this one removes.
  const long target = o.expect_messages >= 0 ? o.expect_messages : exists;
  check(exists == target || (leftovers && exists > target),
        "SELECT: " + std::to_string(exists) + " EXISTS, expected " + std::to_string(target));
  check(exists >= 2, "SELECT: mailbox has fewer than 2 messages");
  if (exists > target) ++res.healed;

  // UID FETCH 1:* (UID FLAGS): the session's model of the mailbox.
  std::vector<long> uid_of(static_cast<size_t>(exists) + 1, -1);  // by sequence number
  std::map<long, bool> seen, flagged;                             // uid -> \Seen, \Flagged
  c.Command(kFetchFlags, "UID FETCH 1:* (UID FLAGS)", [&](const Response& r) {
    FetchData f;
    if (!ParseFetch(r, f)) return;
    check(f.seq <= exists && f.uid > 0 && f.has_flags,
          "UID FETCH 1:*: bad FETCH response " + Shorten(r.raw, 200));
    check(uid_of[static_cast<size_t>(f.seq)] < 0,
          "UID FETCH 1:*: message " + std::to_string(f.seq) + " twice");
    uid_of[static_cast<size_t>(f.seq)] = f.uid;
    seen[f.uid] = f.HasFlag("\\Seen");
    flagged[f.uid] = f.HasFlag("\\Flagged");
  });
  for (long s = 1; s <= exists; ++s) {
    check(uid_of[static_cast<size_t>(s)] > 0,
          "UID FETCH 1:*: no FETCH for message " + std::to_string(s));
    check(s == 1 || uid_of[static_cast<size_t>(s)] > uid_of[static_cast<size_t>(s - 1)],
          "UID FETCH 1:*: UIDs not ascending at message " + std::to_string(s));
  }

  // FETCH of the newest messages' headers.
  const long lo = std::max(1l, exists - o.headers + 1);
  std::map<long, std::string> subject;  // uid -> Subject, of the messages fetched
  std::set<long> header_seqs;
  c.Command(
      kFetchHeaders,
      "FETCH " + std::to_string(lo) + ":" + std::to_string(exists) +
          " (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])",
      [&](const Response& r) {
        FetchData f;
        if (!ParseFetch(r, f)) return;
        check(f.seq >= lo && f.seq <= exists && f.has_body && f.size > 0,
              "header FETCH: bad response " + Shorten(r.raw, 300));
        check(header_seqs.insert(f.seq).second,
              "header FETCH: message " + std::to_string(f.seq) + " twice");
        check(HeaderValue(f.body, "Message-ID").size() > 2 &&
                  !HeaderValue(f.body, "Subject").empty() && f.body.size() >= 4 &&
                  f.body.compare(f.body.size() - 4, 4, "\r\n\r\n") == 0,
              "header FETCH: message " + std::to_string(f.seq) +
                  ": no Message-ID, no Subject or no final empty line: " + Shorten(f.body, 300));
        subject[uid_of[static_cast<size_t>(f.seq)]] = HeaderValue(f.body, "Subject");
      });
  check(static_cast<long>(header_seqs.size()) == exists - lo + 1,
        "header FETCH: " + std::to_string(header_seqs.size()) + " messages, asked for " +
            std::to_string(exists - lo + 1));

  // Single-message body FETCHes of random messages (not the oldest, expunged below).
  std::vector<long> opened;
  for (int k = 0; k < o.bodies; ++k) {
    const long s = 2 + static_cast<long>(rng.Below(static_cast<uint32_t>(exists - 1)));
    const long uid = uid_of[static_cast<size_t>(s)];
    int got = 0;
    c.Command(kFetchBody, "UID FETCH " + std::to_string(uid) + " (RFC822.SIZE BODY.PEEK[])",
              [&](const Response& r) {
                FetchData f;
                if (!ParseFetch(r, f)) return;
                if (f.uid != uid && !f.has_body) return;  // an unsolicited flag update
                ++got;
                check(
                    f.uid == uid && f.has_body && f.size > 0,
                    "body FETCH " + std::to_string(uid) + ": bad response " + Shorten(r.raw, 300));
                check(static_cast<long>(f.body.size()) == f.size,
                      "body FETCH " + std::to_string(uid) + ": BODY[] has " +
                          std::to_string(f.body.size()) + " octets, RFC822.SIZE says " +
                          std::to_string(f.size));
                size_t hdr_end = f.body.find("\r\n\r\n");
                check(hdr_end != std::string::npos &&
                          HeaderValue(std::string_view(f.body).substr(0, hdr_end + 2), "Message-ID")
                                  .size() > 2,
                      "body FETCH " + std::to_string(uid) + ": no header with a Message-ID");
              });
    check(got == 1,
          "body FETCH " + std::to_string(uid) + ": " + std::to_string(got) + " FETCH responses");
    if (std::find(opened.begin(), opened.end(), uid) == opened.end()) opened.push_back(uid);
  }

  // UID STORE +FLAGS (\Seen \Flagged) of the opened messages. The server reports the new
  // flags of those whose flags change (RFC 9051 section 6.4.6); Dovecot, for one, is
  // silent about messages that had both already.
  if (!opened.empty()) {
    std::set<long> updated, changing;
    for (long u : opened)
      if (!seen[u] || !flagged[u]) changing.insert(u);
    c.Command(
        kStore, "UID STORE " + UidSet(opened) + " +FLAGS (\\Seen \\Flagged)",
        [&](const Response& r) {
          FetchData f;
          if (!ParseFetch(r, f)) return;
          long uid = f.uid > 0 ? f.uid : f.seq <= exists ? uid_of[static_cast<size_t>(f.seq)] : -1;
          check(f.has_flags, "STORE: FETCH without FLAGS: " + Shorten(r.raw, 200));
          if (std::find(opened.begin(), opened.end(), uid) == opened.end()) return;
          check(f.HasFlag("\\Seen") && f.HasFlag("\\Flagged"),
                "STORE: flags of " + std::to_string(uid) +
                    " lack \\Seen or \\Flagged: " + Shorten(r.raw, 200));
          updated.insert(uid);
        });
    for (long u : changing)
      check(updated.count(u),
            "STORE: no FETCH FLAGS for UID " + std::to_string(u) + ", whose flags changed");
    for (long u : opened) seen[u] = flagged[u] = true;
  }

  // APPEND a new message (unseen).
  const std::string msg =
      load::BuildMessage(o.seed + 1, conn, 1'000'000 + seq, user + "@example.test");
  Response app = c.Command(
      kAppend, "APPEND INBOX ", [&](const Response&) {}, &msg);
  long new_uid = -1;
  {
    std::string_view code = ResponseCode(app, "APPENDUID ");
    check(!code.empty(), "APPEND: no [APPENDUID ...] in " + Shorten(app.raw, 200));
    Tokenizer tk(code.substr(10));
    Token v = tk.Next(), u = tk.Next();
    check(v.type == Token::kAtom && ToLong(v.text) == validity && u.type == Token::kAtom,
          "APPEND: bad APPENDUID: " + std::string(code));
    new_uid = ToLong(u.text);
    check(new_uid > uid_of[static_cast<size_t>(exists)],
          "APPEND: APPENDUID " + std::to_string(new_uid) + " not above the highest UID " +
              std::to_string(uid_of[static_cast<size_t>(exists)]));
    seen[new_uid] = false;
  }
  // RFC 9051 section 6.3.12: the server SHOULD announce the new message in the selected
  // mailbox at once (EXISTS). Until it has, SEARCH may leave it out.
  const bool announced = c.exists() > exists;
  if (!announced) ++res.append_unannounced;

  // UID SEARCH UNSEEN: exactly what this session knows to be unseen.
  {
    std::set<long> got, expected;
    for (auto& [u, s] : seen)
      if (!s) expected.insert(u);
    c.Command(kSearchUnseen, "UID SEARCH UNSEEN", [&](const Response& r) {
      if (IEquals(r.Word(1), "SEARCH"))
        check(ParseSearch(r, got), "SEARCH UNSEEN: malformed " + Shorten(r.raw, 200));
    });
    std::set<long> without_new = expected;
    without_new.erase(new_uid);
    check(got == expected || (!announced && got == without_new),
          "SEARCH UNSEEN returned {" + SetText(got) + "}, expected {" + SetText(expected) + "}");
  }

  // UID SEARCH HEADER SUBJECT word.
  {
    const std::string word =
        kSearchWords[rng.Below(static_cast<uint32_t>(std::size(kSearchWords)))];
    subject[new_uid] = HeaderValue(msg.substr(0, msg.find("\r\n\r\n") + 2), "Subject");
    std::set<long> got;
    const bool announced_now = c.exists() > exists;
    c.Command(kSearchHeader, "UID SEARCH HEADER SUBJECT " + Quote(word), [&](const Response& r) {
      if (IEquals(r.Word(1), "SEARCH"))
        check(ParseSearch(r, got), "SEARCH HEADER: malformed " + Shorten(r.raw, 200));
    });
    for (long u : got)
      check(seen.count(u), "SEARCH HEADER SUBJECT " + word + ": UID " + std::to_string(u) +
                               " is not in the mailbox");
    for (auto& [u, subj] : subject) {
      const bool match = IContains(subj, word);
      if (u == new_uid && !announced_now && !got.count(u)) continue;
      check(match == (got.count(u) > 0), "SEARCH HEADER SUBJECT " + word + ": UID " +
                                             std::to_string(u) + " (Subject: " + subj + ") " +
                                             (match ? "missing from" : "wrongly in") +
                                             " the result {" + SetText(got) + "}");
    }
  }

  // Delete and expunge the oldest message (and a failed session's leftovers).
  const long k = exists + 1 - target;
  std::vector<long> oldest(uid_of.begin() + 1, uid_of.begin() + 1 + k);
  c.Command(kStoreDeleted, "UID STORE " + UidSet(oldest) + " +FLAGS.SILENT (\\Deleted)", none);
  std::vector<long> expunged;
  c.Command(kExpunge, "EXPUNGE", [&](const Response& resp) {
    if (IEquals(resp.Word(2), "EXPUNGE")) expunged.push_back(ToLong(resp.Word(1)));
  });
  check(static_cast<long>(expunged.size()) == k &&
            std::all_of(expunged.begin(), expunged.end(), [&](long n) { return n >= 1 && n <= k; }),
        "EXPUNGE: expected " + std::to_string(k) + " EXPUNGE responses for messages 1.." +
            std::to_string(k) + ", got " + std::to_string(expunged.size()));

  // LOGOUT
  bool bye = false;
  c.Command(kLogout, "LOGOUT", [&](const Response& r) { bye |= IEquals(r.Word(1), "BYE"); });
  check(bye, "LOGOUT: no * BYE");
  c.Close();
}

int Probe(const Options& o) {
  ThreadResult r;
  Client c(o, r);
  try {
    std::string err;
    if (!c.Open(err)) return 1;
    Response g = c.Read();
    if (!g.IsUntagged() || !IEquals(g.Word(1), "OK")) return 1;
    c.SendLine("p LOGOUT");
    return 0;
  } catch (const SessionFailed&) {
    return 1;
  }
}

void LogExchange(const Options& o, int conn, const std::string& label, const SessionFailed& f,
                 const Client& c) {
  if (o.fail_log.empty() || g_fail_logged.fetch_add(1) >= 10) return;
  std::lock_guard<std::mutex> lock(g_fail_log_mu);
  FILE* fl = std::fopen(o.fail_log.c_str(), "a");
  if (!fl) return;
  std::fprintf(fl, "== %s client %d: %s%s\n", label.c_str(), conn,
               f.check() ? "check failed: " : "", f.what().c_str());
  for (auto& line : c.transcript()) std::fprintf(fl, "   %s\n", line.c_str());
  std::fclose(fl);
}

int RunMixed(const Options& o) {
  std::vector<ThreadResult> results(static_cast<size_t>(o.conns));
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < o.conns; ++i) {
    threads.emplace_back([&, i]() {
      ThreadResult& r = results[static_cast<size_t>(i)];
      Client c(o, r);
      load::Rng rng{o.seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(i)};
      while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      for (long n = 0; load::g_phase.load(std::memory_order_relaxed) != 2; ++n) {
        const int64_t t0 = NowNs();
        try {
          Session(c, o, i, n, r.failed > 0, r, rng);
          r.sessions.push_back(Sample::Between(t0, NowNs()));
          ++r.sessions_total;
          r.consecutive_failures = 0;
        } catch (const SessionFailed& f) {
          c.Close();
          ++r.failed;
          ++r.failed_at[c.current()];
          if (f.check()) ++r.check_failures;
          LogFailure(i, load::UserName(o, i % o.users) + ": " +
                            (f.check() ? "check failed: " : "") + f.what());
          LogExchange(o, i, o.label, f, c);
          // A server that refuses every connection or login is misconfigured: stop. One
          // that fails later in the session still gets measured (for the whole run).
          if (c.current() != kCmdCount && c.current() > kLogin) {
            r.consecutive_failures = 0;
          } else if (++r.consecutive_failures >= load::kMaxConsecutiveFailures) {
            r.error = "too many failed sessions in a row";
            break;
          }
        }
      }
    });
  }
  go.store(true);
  const load::Window w = load::RunPhases(o.warmup_s, o.duration_s);
  for (auto& t : threads) t.join();

  auto in_window = [&](const Sample& s) {
    return s.done_ns >= w.start_ns && s.done_ns <= w.end_ns;
  };
  const double elapsed = static_cast<double>(w.end_ns - w.start_ns) / 1e9;
  long failed = 0, check_failures = 0, sessions_total = 0, commands_total = 0;
  long literal_bytes = 0, append_unannounced = 0, healed = 0;
  long failed_at[kCmdCount + 1] = {};
  std::string first_error;
  std::vector<uint32_t> sess_lat, all_lat;
  std::vector<uint32_t> lat[kCmdCount];
  long total[kCmdCount] = {}, untagged_total[kCmdCount] = {};
  for (auto& r : results) {
    failed += r.failed;
    check_failures += r.check_failures;
    sessions_total += r.sessions_total;
    literal_bytes += r.literal_bytes_total;
    append_unannounced += r.append_unannounced;
    healed += r.healed;
    for (int k = 0; k <= kCmdCount; ++k) failed_at[k] += r.failed_at[k];
    if (!r.error.empty() && first_error.empty()) first_error = r.error;
    for (auto& s : r.sessions)
      if (in_window(s)) sess_lat.push_back(s.latency_us);
    for (int k = 0; k < kCmdCount; ++k) {
      total[k] += r.cmd[k].total;
      commands_total += r.cmd[k].total;
      untagged_total[k] += r.cmd[k].untagged_total;
      for (auto& s : r.cmd[k].samples)
        if (in_window(s)) {
          lat[k].push_back(s.latency_us);
          all_lat.push_back(s.latency_us);
        }
    }
  }
  const long commands = static_cast<long>(all_lat.size());
  const long sessions = static_cast<long>(sess_lat.size());
  const load::Latency ls = load::Summarize(sess_lat);
  const load::Latency la = load::Summarize(all_lat);
  const double cmd_rate = elapsed > 0 ? static_cast<double>(commands) / elapsed : 0;
  const double sess_rate = elapsed > 0 ? static_cast<double>(sessions) / elapsed : 0;
  const double client_cpu = load::ClientCpuSeconds();

  std::fprintf(stderr,
               "%-16s c=%-3d %9.1f cmd/s  %7.1f sess/s  cmd p50 %7.2f ms p99 %7.2f ms  "
               "(%ld commands, %ld sessions in %.2fs, %ld failed)%s%s\n",
               o.label.c_str(), o.conns, cmd_rate, sess_rate, la.p50, la.p99, commands, sessions,
               elapsed, failed, first_error.empty() ? "" : "  error: ", first_error.c_str());
  std::string per;
  for (int k = 0; k < kCmdCount; ++k) {
    const load::Latency l = load::Summarize(lat[k]);
    char buf[512];
    std::snprintf(
        buf, sizeof buf,
        "%s\"%s\": {\"count\": %zu, \"per_s\": %.2f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, "
        "\"p99_ms\": %.3f, \"max_ms\": %.3f, \"mean_ms\": %.3f, \"total\": %ld, "
        "\"untagged_per_cmd\": %.2f}",
        k ? ", " : "", kCmdNames[k], lat[k].size(),
        elapsed > 0 ? static_cast<double>(lat[k].size()) / elapsed : 0, l.p50, l.p90, l.p99, l.max,
        l.mean, total[k],
        total[k] ? static_cast<double>(untagged_total[k]) / static_cast<double>(total[k]) : 0.0);
    per += buf;
  }
  std::string failed_by;  // "LOGOUT": 12, ...
  for (int k = 0; k <= kCmdCount; ++k) {
    if (!failed_at[k]) continue;
    failed_by += (failed_by.empty() ? "\"" : ", \"") +
                 std::string(k == kCmdCount ? "CONNECT" : kCmdNames[k]) +
                 "\": " + std::to_string(failed_at[k]);
  }
  if (!o.json_path.empty() &&
      !load::AppendJson(
          o.json_path,
          "{\"label\": \"%s\", \"mode\": \"mixed\", \"conns\": %d, \"users\": %d, "
          "\"elapsed_s\": %.4f, \"commands\": %ld, \"commands_per_s\": %.2f, "
          "\"cmd_p50_ms\": %.3f, \"cmd_p99_ms\": %.3f, \"sessions\": %ld, \"sessions_per_s\": "
          "%.2f, "
          "\"session_p50_ms\": %.3f, \"session_p99_ms\": %.3f, \"commands_total\": %ld, "
          "\"sessions_total\": %ld, \"literal_bytes_total\": %ld, \"failed\": %ld, "
          "\"check_failures\": %ld, \"failed_by_command\": {%s}, \"append_unannounced\": %ld, "
          "\"healed_sessions\": %ld, \"client_cpu_s\": %.2f, \"error\": \"%s\", "
          "\"per_command\": {%s}}\n",
          o.label.c_str(), o.conns, o.users, elapsed, commands, cmd_rate, la.p50, la.p99, sessions,
          sess_rate, ls.p50, ls.p99, commands_total, sessions_total, literal_bytes, failed,
          check_failures, failed_by.c_str(), append_unannounced, healed, client_cpu,
          first_error.empty() ? "" : "fatal client error", per.c_str()))
    return 1;
  return (failed > 0 || !first_error.empty() || sessions_total == 0) ? 1 : 0;
}

// ---- idle mode ------------------------------------------------------------------------------

struct IdleConn {
  enum State {
    kUnused,
    kConnecting,
    kGreeting,
    kLogin,
    kSelect,
    kIdleWait,
    kIdling,
    kClosing,
    kDone,
    kFailed
  };
  int fd = -1;
  State state = kUnused;
  std::string in, out;
  int64_t started_ns = 0;
};

class IdleRun {
 public:
  explicit IdleRun(const Options& o) : o_(o), conns_(static_cast<size_t>(o.idle)) {}

  int Run() {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) return std::perror("epoll_create1"), 1;
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(o_.host.c_str(), std::to_string(o_.port).c_str(), &hints, &res) != 0 || !res)
      return std::fprintf(stderr, "imap_load: cannot resolve %s\n", o_.host.c_str()), 1;
    std::memcpy(&addr_, res->ai_addr, sizeof addr_);
    freeaddrinfo(res);

    // Set-up: keep idle_parallel connections between connect() and "+ idling".
    const int64_t t0 = NowNs();
    int64_t last_progress = t0, last_expiry = t0;
    while (idling_ + failed_ < o_.idle) {
      while (next_ < o_.idle && in_setup_ < o_.idle_parallel) Start(next_++);
      Poll(100);
      const int64_t now = NowNs();
      if (now - last_expiry > 1'000'000'000) {  // a scan of all connections, once a second
        last_expiry = now;
        for (size_t i = 0; i < static_cast<size_t>(next_); ++i) {
          IdleConn& c = conns_[i];
          if (c.state >= IdleConn::kConnecting && c.state <= IdleConn::kIdleWait &&
              now - c.started_ns > int64_t{o_.timeout_ms} * 1'000'000)
            Failed(i, "no + continuation after IDLE within the timeout (state " +
                          std::to_string(c.state) + ")");
        }
      }
      if (now - last_progress > 10'000'000'000) {
        std::fprintf(stderr, "imap_load: %d of %d idling, %d failed\n", idling_, o_.idle, failed_);
        last_progress = now;
      }
      if (failed_ > 0 && failed_ >= 20 && idling_ == 0) break;
    }
    setup_s_ = static_cast<double>(NowNs() - t0) / 1e9;
    std::fprintf(stderr, "imap_load: %d connections idling after %.1f s, %d failed\n", idling_,
                 setup_s_, failed_);
    std::printf("READY %d\n", idling_);
    std::fflush(stdout);

    // Hold: until stdin ends; a connection the server closes meanwhile is a failure.
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = UINT64_MAX;
    epoll_ctl(ep_, EPOLL_CTL_ADD, 0, &ev);
    holding_ = true;
    const int64_t hold0 = NowNs();
    while (holding_) Poll(1000);
    hold_s_ = static_cast<double>(NowNs() - hold0) / 1e9;
    const int held = idling_;

    // Tear-down: DONE and LOGOUT, --idle-parallel at a time. (With 256 at a time, Dovecot
    // failed to hand some hibernated sessions back to an imap process: connect() to its
    // imap-master socket returned EAGAIN, and it closed them.)
    const int64_t td0 = NowNs();
    size_t cursor = 0;
    last_expiry = td0;
    while (true) {
      while (cursor < conns_.size() && closing_ < o_.idle_parallel) {
        IdleConn& c = conns_[cursor++];
        if (c.state != IdleConn::kIdling) continue;
        c.state = IdleConn::kClosing;
        ++closing_;
        c.started_ns = NowNs();
        Write(cursor - 1, "DONE\r\nz LOGOUT\r\n");
      }
      if (closing_ == 0 && cursor >= conns_.size()) break;
      Poll(100);
      const int64_t now = NowNs();
      if (now - last_expiry > 1'000'000'000) {
        last_expiry = now;
        for (size_t i = 0; i < conns_.size(); ++i)
          if (conns_[i].state == IdleConn::kClosing &&
              now - conns_[i].started_ns > int64_t{o_.timeout_ms} * 1'000'000)
            Failed(i, "no tagged OK for DONE/LOGOUT within the timeout");
      }
    }
    const double teardown_s = static_cast<double>(NowNs() - td0) / 1e9;
    const double client_cpu = load::ClientCpuSeconds();
    std::fprintf(stderr,
                 "%-16s idle: %d idling after %.1f s, held %.1f s, %d failed (%d dropped while "
                 "idle); %d logged out, %d failed to\n",
                 o_.label.c_str(), held, setup_s_, hold_s_, failed_, dropped_, logged_out_,
                 logout_failed_);
    if (!o_.json_path.empty() &&
        !load::AppendJson(o_.json_path,
                          "{\"label\": \"%s\", \"mode\": \"idle\", \"idle_conns\": %d, "
                          "\"idling\": %d, \"setup_s\": %.2f, \"hold_s\": %.2f, "
                          "\"teardown_s\": %.2f, \"logged_out\": %d, \"logout_failed\": %d, "
                          "\"failed\": %d, "
                          "\"dropped\": %d, \"untagged_while_idle\": %ld, \"sources\": %d, "
                          "\"client_cpu_s\": %.2f, \"error\": \"%s\"}\n",
                          o_.label.c_str(), o_.idle, held, setup_s_, hold_s_, teardown_s,
                          logged_out_, logout_failed_, failed_, dropped_, untagged_idle_,
                          o_.idle_sources, client_cpu, first_error_.c_str()))
      return 1;
    return (failed_ > 0 || logout_failed_ > 0 || held != o_.idle) ? 1 : 0;
  }

 private:
  void Start(int i) {
    IdleConn& c = conns_[static_cast<size_t>(i)];
    c.started_ns = NowNs();
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0)
      return Failed(static_cast<size_t>(i), std::string("socket: ") + std::strerror(errno));
    ++in_setup_;
    if (o_.idle_sources > 1) {
      // Source 127.0.0.k: each source address has its own ephemeral ports.
      int one = 1;
      ::setsockopt(c.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      sockaddr_in src{};
      src.sin_family = AF_INET;
      src.sin_addr.s_addr = htonl(0x7f000001u + static_cast<uint32_t>(i % o_.idle_sources));
      if (::bind(c.fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0)
        return Failed(static_cast<size_t>(i), std::string("bind: ") + std::strerror(errno));
    }
    int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c.state = IdleConn::kConnecting;
    int rc = ::connect(c.fd, reinterpret_cast<sockaddr*>(&addr_), sizeof addr_);
    if (rc != 0 && errno != EINPROGRESS)
      return Failed(static_cast<size_t>(i), std::string("connect: ") + std::strerror(errno));
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    ev.data.u64 = static_cast<uint64_t>(i);
    epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
  }

  void Poll(int timeout_ms) {
    epoll_event evs[256];
    int n = epoll_wait(ep_, evs, 256, timeout_ms);
    for (int k = 0; k < n; ++k) {
      if (evs[k].data.u64 == UINT64_MAX) {  // stdin
        char b[256];
        ssize_t r = ::read(0, b, sizeof b);
        if (r <= 0) {
          holding_ = false;
          epoll_ctl(ep_, EPOLL_CTL_DEL, 0, nullptr);
        }
        continue;
      }
      const size_t i = static_cast<size_t>(evs[k].data.u64);
      IdleConn& c = conns_[i];
      if (c.state == IdleConn::kConnecting) {
        int e = 0;
        socklen_t len = sizeof e;
        ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &e, &len);
        if (e != 0) {
          Failed(i, std::string("connect: ") + std::strerror(e));
          continue;
        }
        c.state = IdleConn::kGreeting;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.u64 = i;
        epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
      }
      if (evs[k].events & EPOLLOUT && !c.out.empty()) Flush(i);
      if (evs[k].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) OnReadable(i);
    }
  }

  void Write(size_t i, std::string_view s) {
    conns_[i].out.append(s);
    Flush(i);
  }

  void Flush(size_t i) {
    IdleConn& c = conns_[i];
    while (!c.out.empty()) {
      ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) {
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
          ev.data.u64 = i;
          epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
          return;
        }
        return Failed(i, std::string("send: ") + std::strerror(errno));
      }
      c.out.erase(0, static_cast<size_t>(n));
    }
  }

  void OnReadable(size_t i) {
    IdleConn& c = conns_[i];
    char buf[16384];
    for (;;) {
      ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n > 0) {
        c.in.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) break;
      // End of stream or error.
      Process(i);
      if (c.state == IdleConn::kDone || c.state == IdleConn::kFailed) return;
      if (c.state == IdleConn::kIdling) ++dropped_;
      return Failed(i, std::string("connection closed by the server in state ") +
                           std::to_string(c.state) +
                           (n < 0 ? std::string(": ") + std::strerror(errno) : ""));
    }
    Process(i);
  }

  void Process(size_t i) {
    IdleConn& c = conns_[i];
    for (;;) {
      if (c.state == IdleConn::kFailed || c.state == IdleConn::kDone) return;
      size_t len = CompleteResponse(c.in);
      if (len == 0) return;
      Response r;
      r.raw.assign(c.in, 0, len);
      c.in.erase(0, len);
      while (!r.raw.empty() && (r.raw.back() == '\n' || r.raw.back() == '\r')) r.raw.pop_back();
      OnResponse(i, r);
    }
  }

  void OnResponse(size_t i, const Response& r) {
    IdleConn& c = conns_[i];
    const std::string user =
        load::UserName(o_, static_cast<int>(i % static_cast<size_t>(o_.users)));
    auto tagged_ok = [&](std::string_view tag) {
      if (!r.IsTagged(tag)) return false;
      if (!IEquals(r.Word(1), "OK")) {
        Failed(i, user + ": " + Shorten(r.raw, 300));
        return false;
      }
      return true;
    };
    switch (c.state) {
      case IdleConn::kGreeting:
        if (!r.IsUntagged() || !IEquals(r.Word(1), "OK"))
          return Failed(i, "greeting: " + Shorten(r.raw, 200));
        c.state = IdleConn::kLogin;
        return Write(i, "l LOGIN " + Quote(user) + " " + Quote(o_.password) + "\r\n");
      case IdleConn::kLogin:
        if (tagged_ok("l")) {
          c.state = IdleConn::kSelect;
          Write(i, "s SELECT INBOX\r\n");
        }
        return CheckUntagged(i, r);
      case IdleConn::kSelect:
        if (tagged_ok("s")) {
          c.state = IdleConn::kIdleWait;
          Write(i, "i IDLE\r\n");
        }
        return CheckUntagged(i, r);
      case IdleConn::kIdleWait:
        if (r.IsContinuation()) {
          c.state = IdleConn::kIdling;
          --in_setup_;
          ++idling_;
          return;
        }
        if (r.IsTagged("i")) return Failed(i, "IDLE: " + Shorten(r.raw, 300));
        return CheckUntagged(i, r);
      case IdleConn::kIdling:
        // Untagged updates and keep-alives (Dovecot: "* OK Still here") are fine.
        if (!r.IsUntagged()) return Failed(i, "while idle: " + Shorten(r.raw, 300));
        if (IEquals(r.Word(1), "BYE")) {
          ++dropped_;
          return Failed(i, "while idle: " + Shorten(r.raw, 300));
        }
        ++untagged_idle_;
        return;
      case IdleConn::kClosing:
        if (r.IsTagged("i") && !IEquals(r.Word(1), "OK"))
          return Failed(i, "DONE: " + Shorten(r.raw, 300));
        if (r.IsTagged("z")) {
          if (!IEquals(r.Word(1), "OK")) return Failed(i, "LOGOUT: " + Shorten(r.raw, 300));
          ++logged_out_;
          Close(i, IdleConn::kDone);
        }
        return;
      default:
        return;
    }
  }

  void CheckUntagged(size_t i, const Response& r) {
    if (r.IsUntagged() && IEquals(r.Word(1), "BYE"))
      Failed(i, "server said " + Shorten(r.raw, 300));
  }

  void Close(size_t i, IdleConn::State st) {
    IdleConn& c = conns_[i];
    if (c.state == IdleConn::kClosing) --closing_;
    if (c.fd >= 0) {
      epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
      ::close(c.fd);
    }
    c.fd = -1;
    std::string().swap(c.in);
    std::string().swap(c.out);
    c.state = st;
  }

  void Failed(size_t i, const std::string& what) {
    IdleConn& c = conns_[i];
    if (c.state == IdleConn::kFailed) return;
    if (c.state >= IdleConn::kConnecting && c.state <= IdleConn::kIdleWait) --in_setup_;
    if (c.state == IdleConn::kIdling) --idling_;
    // After DONE and LOGOUT the measurement is over: counted apart from the failures
    // that lost a connection before or during it.
    ++(c.state == IdleConn::kClosing ? logout_failed_ : failed_);
    if (first_error_.empty()) first_error_ = JsonEscape(what.substr(0, 300));
    LogFailure(static_cast<int>(i), what);
    Close(i, IdleConn::kFailed);
  }

  const Options& o_;
  std::vector<IdleConn> conns_;
  sockaddr_in addr_{};
  int ep_ = -1;
  int next_ = 0, in_setup_ = 0, idling_ = 0, failed_ = 0, dropped_ = 0, logged_out_ = 0;
  int logout_failed_ = 0;
  int closing_ = 0;  // connections sent DONE and LOGOUT, waiting for the tagged OK
  long untagged_idle_ = 0;
  bool holding_ = false;
  double setup_s_ = 0, hold_s_ = 0;
  std::string first_error_;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseArgs(argc, argv);
  if (o.probe) return Probe(o);
  if (o.idle > 0) return IdleRun(o).Run();
  return RunMixed(o);
}
