#include "imap/grammar/reader.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

// Octets kept from the end of a line being discarded: enough for "~{" 20 digits "+}".
constexpr std::size_t kTailSize = 64;

struct Announcement {
  bool present = false;
  bool overflow = false;  // digits beyond 2^64-1: refused as too large
  std::uint64_t size = 0;
  bool synchronizing = true;
  bool binary = false;
  std::size_t start = 0;  // where "{" (or "~") begins in the line
};

// literal  = "{" number64 ["+"] "}" CRLF *CHAR8      (RFC 9051 9, RFC 7888 8)
// literal8 = "~{" number64 ["+"] "}" CRLF *OCTET     (RFC 3516 4.2, RFC 9051 9)
// Only a line's end can announce one: no other token contains "{" followed by digits and
// "}" at the end of a line (atoms exclude "{", quoted strings end in DQUOTE).
Announcement FindAnnouncement(std::string_view line) {
  Announcement a;
  if (line.empty() || line.back() != '}') return a;
  std::size_t end = line.size() - 1;  // index of "}"
  if (end > 0 && line[end - 1] == '+') {
    a.synchronizing = false;
    --end;
  }
  std::size_t digits_end = end;
  std::size_t i = end;
  while (i > 0 && std::isdigit(static_cast<unsigned char>(line[i - 1]))) --i;
  if (i == digits_end || i == 0 || line[i - 1] != '{') return a;
  for (std::size_t k = i; k < digits_end; ++k) {
    const auto d = static_cast<std::uint64_t>(line[k] - '0');
    if (a.size > (UINT64_MAX - d) / 10) {
      a.overflow = true;
      break;
    }
    a.size = a.size * 10 + d;
  }
  a.start = i - 1;
  if (a.start > 0 && line[a.start - 1] == '~') {
    a.binary = true;
    --a.start;
  }
  a.present = true;
  return a;
}

// The tag and upper-case command name ("UID FETCH" for UID commands) of a first line,
// each left empty when not there or not valid.
void ReadTagAndName(std::string_view line, std::string& tag, std::string& name) {
  const std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos || !IsValidTag(line.substr(0, sp))) return;
  tag = std::string(line.substr(0, sp));
  auto word = [&](std::size_t from, std::size_t& to) {
    to = from;
    while (to < line.size() && std::isalnum(static_cast<unsigned char>(line[to]))) ++to;
    std::string w(line.substr(from, to - from));
    for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return w;
  };
  std::size_t end = 0;
  name = word(sp + 1, end);
  if (name == "UID" && end < line.size() && line[end] == ' ') {
    std::size_t end2 = 0;
    const std::string sub = word(end + 1, end2);
    if (!sub.empty()) name += " " + sub;
  }
}

}  // namespace

std::string_view CommandReader::TagPrefix(std::string_view line) const {
  const std::size_t max = context_.limits.max_line_length;
  return line.size() + 2 > max ? line.substr(0, max > 0 ? max - 1 : 0) : line;
}

CommandReader::CommandReader(const ParseContext& context) : context_(context) {}

bool CommandReader::IsIdle() const {
  return state_ == State::kLine && line_.empty() && lines_seen_ == 0;
}

void CommandReader::Reset() {
  state_ = State::kLine;
  line_.clear();
  command_ = RawCommand{};
  lines_seen_ = 0;
  tag_.clear();
  name_.clear();
  pending_ = LiteralRequest{};
  remaining_ = 0;
}

void CommandReader::AcceptLiteral() {
  if (state_ != State::kAwaitDecision) return;
  command_.literals.push_back(RawLiteral{command_.text.size(), pending_.size,
                                         pending_.synchronizing, pending_.binary, std::nullopt});
  remaining_ = pending_.size;
  state_ = remaining_ == 0 ? State::kLine : State::kLiteral;
}

void CommandReader::StreamLiteral(std::uint64_t handle) {
  if (state_ != State::kAwaitDecision) return;
  command_.literals.push_back(RawLiteral{command_.text.size(), pending_.size,
                                         pending_.synchronizing, pending_.binary, handle});
  state_ = State::kLine;
}

void CommandReader::RefuseLiteral() {
  if (state_ != State::kAwaitDecision) return;
  const bool sync = pending_.synchronizing;
  const std::uint64_t size = pending_.size;
  Reset();
  if (!sync) {
    remaining_ = size;
    state_ = size == 0 ? State::kDiscardLine : State::kDiscardLiteral;
  }
}

RawCommand CommandReader::TakeCommand() {
  RawCommand out = std::move(command_);
  Reset();
  return out;
}

FeedResult CommandReader::Reject(ErrorCode code, std::string text, std::size_t consumed,
                                 std::uint64_t discard_literal, bool discard_sync) {
  FeedResult r;
  r.status = FeedStatus::kRejected;
  r.consumed = consumed;
  r.rejection.tag = tag_;
  r.rejection.command = name_;
  r.rejection.error = Error(code, std::move(text));
  Reset();
  // A synchronizing literal is not sent before "+": nothing to discard. A
  // non-synchronizing one is on its way and is followed by the rest of its command line.
  if (!discard_sync && discard_literal > 0) {
    if (discard_literal > context_.limits.max_discard_size) {
      r.rejection.close_connection = true;
    }
    remaining_ = discard_literal;
    state_ = State::kDiscardLiteral;
  } else if (!discard_sync) {
    state_ = State::kDiscardLine;
  }
  return r;
}

bool CommandReader::IsMessageLiteral(std::string_view line, std::size_t start) const {
  // Arguments before the mailbox name: none for APPEND, the message number for REPLACE.
  std::size_t before_mailbox = 0;
  if (name_ == "REPLACE" || name_ == "UID REPLACE") {
    before_mailbox = 1;
  } else if (name_ != "APPEND") {
    return false;
  }
  const std::string_view before = line.substr(0, start);
  if (lines_seen_ == 1) {
    // "tag NAME" then the arguments, each after one SP: as many as come before the
    // mailbox means the literal is the mailbox name; one more, the literal follows the
    // mailbox, so it is the message (even when the mailbox is named "URL").
    const std::string_view rest =
        before.substr(std::min(before.size(), tag_.size() + 1 + name_.size()));
    if (!rest.empty() && rest.front() == ' ' && rest.back() == ' ') {
      const auto spaces = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), ' '));
      if (spaces == before_mailbox + 1) return false;
      if (spaces == before_mailbox + 2) return true;
    }
  }
  // CATENATE's url = "URL" SP astring (RFC 4469 5): a URL, not message data. Inside the
  // part list "URL" follows "(" or SP.
  if (before.size() >= 4 && EqualsIgnoreCase(before.substr(before.size() - 4), "URL ")) {
    const char prev = before.size() > 4 ? before[before.size() - 5] : '\0';
    if (prev == '(' || prev == ' ') return false;
  }
  return true;
}

FeedResult CommandReader::OnLine(std::string_view line, std::size_t consumed) {
  const Limits& limits = context_.limits;
  // The tag of an over-long line is read from the same prefix the no-LF path sees, so
  // that the result does not depend on how the input was split.
  if (lines_seen_ == 0) ReadTagAndName(TagPrefix(line), tag_, name_);
  const Announcement a = delivering_raw_ ? Announcement{} : FindAnnouncement(line);
  const std::uint64_t discard = a.present && !a.synchronizing ? a.size : 0;
  const bool sync = !a.present || a.synchronizing;
  if (line.size() + 2 > limits.max_line_length) {
    return Reject(ErrorCode::kTooLarge, "command line too long", consumed, discard, sync);
  }
  if (command_.text.size() + line.size() > limits.max_command_size) {
    return Reject(ErrorCode::kTooLarge, "command too long", consumed, discard, sync);
  }
  // A line after a literal continues right after the literal's data (the CRLF that ends
  // an announcement was added with it).
  command_.text.append(line);
  ++lines_seen_;
  if (!a.present) {
    if (lines_seen_ == 1 && line.empty() && !delivering_raw_) {
      return Reject(ErrorCode::kInvalidArgument, "empty command line", consumed, 0, true);
    }
    delivering_raw_ = false;
    state_ = State::kDone;
    return FeedResult{FeedStatus::kCommand, consumed, {}, {}};
  }
  if (a.overflow) {
    return Reject(ErrorCode::kTooLarge, "literal too large", consumed, UINT64_MAX, sync);
  }
  if (command_.literals.size() + 1 > limits.max_literals) {
    return Reject(ErrorCode::kLimit, "too many literals", consumed, discard, sync);
  }
  if (!a.synchronizing && context_.literal_mode == LiteralMode::kNone) {
    return Reject(ErrorCode::kInvalidArgument, "non-synchronizing literals not supported", consumed,
                  discard, sync);
  }
  const bool append_message = IsMessageLiteral(line, a.start);
  const std::uint64_t max =
      append_message ? limits.max_append_literal_size : limits.max_literal_size;
  if (a.size > max) {
    return Reject(ErrorCode::kTooLarge, "literal too large", consumed, discard, sync);
  }
  if (!a.synchronizing && context_.literal_mode == LiteralMode::kMinus &&
      a.size > kLiteralMinusMaxNonSync) {
    // RFC 7888 5: the tagged BAD of an APPEND carries TOOBIG; the session adds it for
    // kTooLarge on APPEND.
    return Reject(ErrorCode::kTooLarge, "non-synchronizing literal larger than 4096 octets",
                  consumed, discard, sync);
  }
  if (!append_message && command_.text.size() + 2 + a.size > limits.max_command_size) {
    return Reject(ErrorCode::kTooLarge, "command too long", consumed, discard, sync);
  }
  command_.text += "\r\n";
  pending_ = LiteralRequest{a.size, a.synchronizing, a.binary, append_message, tag_};
  state_ = State::kAwaitDecision;
  FeedResult r;
  r.status = FeedStatus::kNeedLiteral;
  r.consumed = consumed;
  r.literal = pending_;
  return r;
}

FeedResult CommandReader::Feed(std::string_view input) {
  std::size_t pos = 0;
  for (;;) {
    switch (state_) {
      case State::kDone:
        return FeedResult{FeedStatus::kCommand, pos, {}, {}};
      case State::kAwaitDecision:
        AcceptLiteral();
        continue;
      case State::kLiteral: {
        if (pos == input.size()) return FeedResult{FeedStatus::kNeedMore, pos, {}, {}};
        const auto n =
            static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size() - pos));
        command_.text.append(input.substr(pos, n));
        pos += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::kLine;
        continue;
      }
      case State::kDiscardLiteral: {
        if (pos == input.size()) return FeedResult{FeedStatus::kNeedMore, pos, {}, {}};
        const auto n =
            static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size() - pos));
        pos += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::kDiscardLine;
        continue;
      }
      case State::kDiscardLine: {
        // The rest of a refused command: skip to the line end, keeping the last octets
        // to see whether the line announces another literal that is already coming.
        const std::size_t lf = input.find('\n', pos);
        const std::size_t end = lf == std::string_view::npos ? input.size() : lf;
        line_.append(input.substr(pos, end - pos));
        if (line_.size() > kTailSize) line_.erase(0, line_.size() - kTailSize);
        if (lf == std::string_view::npos) {
          return FeedResult{FeedStatus::kNeedMore, input.size(), {}, {}};
        }
        pos = lf + 1;
        std::string_view tail = line_;
        if (!tail.empty() && tail.back() == '\r') tail.remove_suffix(1);
        const Announcement a = FindAnnouncement(tail);
        line_.clear();
        if (a.present && !a.synchronizing && a.size > 0) {
          remaining_ = a.overflow ? UINT64_MAX : a.size;
          state_ = State::kDiscardLiteral;
        } else if (a.present && !a.synchronizing) {
          state_ = State::kDiscardLine;
        } else {
          Reset();
        }
        continue;
      }
      case State::kLine: {
        if (raw_line_ && lines_seen_ == 0 && line_.empty()) {
          raw_line_ = false;
          delivering_raw_ = true;
        }
        const std::size_t lf = input.find('\n', pos);
        if (lf == std::string_view::npos) {
          line_.append(input.substr(pos));
          // A trailing CR may be the first half of the CRLF, which does not count here
          // any more than it does when the whole line is there.
          const std::size_t length =
              line_.size() - (!line_.empty() && line_.back() == '\r' ? 1 : 0);
          if (length + 2 > context_.limits.max_line_length) {
            if (lines_seen_ == 0) ReadTagAndName(TagPrefix(line_), tag_, name_);
            delivering_raw_ = false;
            // Discarding goes on from here; it needs the line's last octets to see a
            // literal announcement whose "{" arrived in this piece.
            std::string tail =
                line_.size() > kTailSize ? line_.substr(line_.size() - kTailSize) : line_;
            FeedResult r =
                Reject(ErrorCode::kTooLarge, "command line too long", input.size(), 0, false);
            line_ = std::move(tail);
            return r;
          }
          return FeedResult{FeedStatus::kNeedMore, input.size(), {}, {}};
        }
        line_.append(input.substr(pos, lf - pos));
        pos = lf + 1;
        std::string line = std::move(line_);
        line_.clear();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        FeedResult r = OnLine(line, pos);
        if (r.status == FeedStatus::kRejected) delivering_raw_ = false;
        return r;
      }
    }
  }
}

}  // namespace tern::imap::grammar
