#pragma once
// Streaming decoder for the DATA phase (RFC 5321 4.1.1.4, 4.5.2): removes dot-stuffing,
// finds the end-of-data indicator and leaves whatever follows it (pipelined commands,
// RFC 2920) for the session.
//
// RFC 5321 4.5.2 (receiver side): "When a line of mail text is received by the SMTP
// server, it checks the line.  If the line is composed of a single period, it is treated
// as the end of mail indicator.  If the first character is a period and there are other
// characters on the line, the first character is deleted."
//
// Output is the message as it should be stored: line ends are CRLF, including the one
// before the terminator ("the first <CRLF> of this terminating sequence is also the
// <CRLF> that ends the final line of the data", 4.1.1.4).
//
// Client quirk, bare LF: some clients (scripts, old Unix MUAs) end lines with LF alone.
// A bare LF is treated as a line end, written out as CRLF and counted (bare_lf_count()),
// and "\n.\n" (or any mix such as "\r\n.\n") ends the data. This is the tolerance that
// "SMTP smuggling" (2023) abuses when a relay in front passes bare LFs on unstuffed; the
// session decides by policy (e.g. refuse with 550 5.5.2 when bare_lf_count() > 0 on an
// Internet-facing port). A bare CR is message content: it is kept as is and does not end
// a line. Line length (RFC 5321 4.5.3.1.6, 1000 octets) is not enforced: long lines are
// common in real mail and harmless to store.
//
// Not thread-safe; one decoder per DATA command. Never buffers the message: memory use is
// constant whatever its size.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace tern::smtp::grammar {

class DataDecoder {
 public:
  struct Options {
    // Largest message accepted, counted in output octets (what would be stored).
    std::uint64_t max_message_size = std::numeric_limits<std::uint64_t>::max();
  };

  struct FeedResult {
    // Input octets used, terminator included. Less than the input's size only when `done`:
    // the rest belongs to whatever the client sent next.
    std::size_t consumed = 0;
    // The end-of-data indicator has been seen (in this or an earlier Feed).
    bool done = false;
  };

  DataDecoder() : DataDecoder(Options{}) {}
  explicit DataDecoder(Options options) : options_(options) {}

  // Decodes `input`, any slice of the bytes received after the 354 reply, split anywhere.
  // Appends the decoded message octets to `out` (at most 2 * input.size() of them, because
  // of bare LF -> CRLF); appends nothing once the message exceeds max_message_size, but
  // keeps consuming up to the terminator so the session can answer 552 5.3.4 and carry
  // on. After the terminator it consumes nothing more.
  FeedResult Feed(std::string_view input, std::string& out);

  bool IsDone() const { return state_ == State::kDone; }
  // The message exceeded max_message_size; `out` then holds only a prefix of it.
  bool IsTooLarge() const { return too_large_; }
  // Decoded octets so far, including any not appended because the message is too large.
  std::uint64_t message_size() const { return size_; }
  // Bare LF line ends seen so far (see the quirk above).
  std::uint64_t bare_lf_count() const { return bare_lf_count_; }

  // Back to the start of a message, keeping the options.
  void Reset();

 private:
  enum class State {
    kLineStart,  // at the start of a line
    kDot,        // a '.' at the start of a line, held back
    kDotCr,      // ".\r" at the start of a line, held back
    kMidLine,    // inside a line
    kCr,         // after a CR (already written) inside a line
    kDone,       // terminator seen
  };

  void Emit(std::string_view bytes, std::string& out);

  Options options_;
  State state_ = State::kLineStart;
  std::uint64_t size_ = 0;
  std::uint64_t bare_lf_count_ = 0;
  bool too_large_ = false;
};

}  // namespace tern::smtp::grammar
