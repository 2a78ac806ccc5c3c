#include "pop3/response/top_filter.h"

namespace tern::pop3::response {

void TopFilter::EndOfLine() {
  if (state_ == State::kHeader) {
    if (line_empty_) {  // the blank line separating header and body
      state_ = remaining_ == 0 ? State::kDone : State::kBody;
    }
  } else if (state_ == State::kBody) {
    if (--remaining_ == 0) state_ = State::kDone;
  }
  line_empty_ = true;
}

std::string_view TopFilter::Filter(std::string_view bytes) {
  std::size_t i = 0;
  for (; i < bytes.size() && state_ != State::kDone; ++i) {
    const char c = bytes[i];
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == '\n') {  // the rest of a CRLF whose line was counted at the CR
        if (state_ == State::kLastCr) state_ = State::kDone;
        continue;
      }
      if (state_ == State::kLastCr) {  // the last line ended with a bare CR
        state_ = State::kDone;
        break;
      }
    }
    if (c == '\r' || c == '\n') {
      EndOfLine();
      if (c == '\r') {
        pending_cr_ = true;
        // Not done until we know whether an LF follows: it must be sent with its CR.
        if (state_ == State::kDone) state_ = State::kLastCr;
      }
    } else {
      line_empty_ = false;
    }
  }
  return bytes.substr(0, i);
}

}  // namespace tern::pop3::response
