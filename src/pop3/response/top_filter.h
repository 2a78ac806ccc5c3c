#pragma once
// Streaming filter for TOP msg n (RFC 1939 7): "the POP3 server sends the headers of the
// message, the blank line separating the headers from the body, and then the number of
// lines of the indicated message's body, being careful to byte-stuff the termination
// character". The filter selects those bytes; the mail::DotStuffer stuffs them. What TOP
// sends is a prefix of the message, so the filter only says where to stop: it returns a
// prefix of each slice and copies nothing.
//
// Lines end as the mail::DotStuffer sees them: CRLF, bare LF or bare CR, so that the
// lines counted here are the lines sent. The header ends at the first empty line. A
// message without one is all header and is passed whole ("If the number of lines
// requested by the POP3 client is greater than than the number of lines in the body, then
// the POP3 server sends the entire message").
//
// Not thread-safe; one filter per TOP. Constant memory.

#include <cstdint>
#include <string>
#include <string_view>

namespace tern::pop3::response {

class TopFilter {
 public:
  // `body_lines` is TOP's n; 0 passes the header and the blank line only.
  explicit TopFilter(std::uint32_t body_lines) : remaining_(body_lines) {}

  // Returns the part of `bytes` (the next slice of the message, split anywhere) that TOP
  // sends: a prefix of `bytes`, all of it until the filter is done, and empty ever after.
  // The view points into `bytes` and is valid as long as it is.
  std::string_view Filter(std::string_view bytes);

  // All of the header, the blank line and n body lines (with the last one's line end)
  // have been passed: the session may stop reading the message. If the message ends
  // first this stays false; the session then simply finishes the response.
  bool IsDone() const { return state_ == State::kDone; }

 private:
  enum class State {
    kHeader,  // in the header; line_empty_ says if the current line has content yet
    kBody,    // passing body lines; remaining_ counts those still to send
    kLastCr,  // the last line to send ended with CR: pass an LF that follows, then stop
    kDone,
  };

  // A line ended: counts it, and moves to kBody or kDone.
  void EndOfLine();

  State state_ = State::kHeader;
  std::uint32_t remaining_;
  bool line_empty_ = true;
  // A CR ended the last line; an LF right after it belongs to the same line end.
  bool pending_cr_ = false;
};

}  // namespace tern::pop3::response
