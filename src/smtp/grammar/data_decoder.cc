#include "smtp/grammar/data_decoder.h"

namespace tern::smtp::grammar {

void DataDecoder::Reset() {
  state_ = State::kLineStart;
  size_ = 0;
  bare_lf_count_ = 0;
  too_large_ = false;
}

void DataDecoder::Emit(std::string_view bytes, std::string& out) {
  size_ += bytes.size();
  if (size_ > options_.max_message_size) too_large_ = true;
  if (!too_large_) out.append(bytes);
}

DataDecoder::FeedResult DataDecoder::Feed(std::string_view input, std::string& out) {
  std::size_t i = 0;
  const std::size_t n = input.size();
  while (i < n && state_ != State::kDone) {
    char c = input[i];
    switch (state_) {
      case State::kLineStart:
        if (c == '.') {
          state_ = State::kDot;
          ++i;
          continue;
        }
        state_ = State::kMidLine;
        continue;  // same octet, as ordinary text
      case State::kDot:
        if (c == '\r') {
          state_ = State::kDotCr;
          ++i;
          continue;
        }
        if (c == '\n') {  // ".\n": bare-LF terminator (see the quirk in the header)
          ++bare_lf_count_;
          state_ = State::kDone;
          ++i;
          continue;
        }
        // "." followed by other characters: the dot was stuffing; drop it.
        state_ = State::kMidLine;
        continue;
      case State::kDotCr:
        if (c == '\n') {
          state_ = State::kDone;
          ++i;
          continue;
        }
        // ".\r" and more: the dot was stuffing and the CR is a bare CR (content).
        Emit("\r", out);
        state_ = State::kMidLine;
        continue;
      case State::kCr:
        if (c == '\n') {
          Emit("\n", out);
          state_ = State::kLineStart;
          ++i;
          continue;
        }
        state_ = State::kMidLine;  // the CR was bare and is already written
        continue;
      case State::kMidLine: {
        // Copy the run up to the next CR or LF in one append.
        std::size_t end = i;
        while (end < n && input[end] != '\r' && input[end] != '\n') ++end;
        if (end > i) Emit(input.substr(i, end - i), out);
        i = end;
        if (i == n) continue;
        if (input[i] == '\r') {
          Emit("\r", out);
          state_ = State::kCr;
        } else {
          ++bare_lf_count_;
          Emit("\r\n", out);
          state_ = State::kLineStart;
        }
        ++i;
        continue;
      }
      case State::kDone:
        break;
    }
  }
  return FeedResult{i, state_ == State::kDone};
}

}  // namespace tern::smtp::grammar
