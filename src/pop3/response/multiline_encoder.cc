#include "pop3/response/multiline_encoder.h"

#include "pop3/response/status.h"

namespace tern::pop3::response {

void MultilineEncoder::Encode(std::string_view bytes, std::string& out) {
  out.reserve(out.size() + bytes.size() + bytes.size() / 32 + 2);
  for (char c : bytes) {
    if (pending_cr_) {
      pending_cr_ = false;
      out += "\r\n";  // CRLF, or a bare CR made into one
      at_line_start_ = true;
      if (c == '\n') continue;
    }
    if (c == '\r') {
      pending_cr_ = true;
      continue;
    }
    if (c == '\n') {  // bare LF
      out += "\r\n";
      at_line_start_ = true;
      continue;
    }
    if (at_line_start_ && c == '.') out += '.';
    out += c;
    at_line_start_ = false;
  }
}

void MultilineEncoder::Finish(std::string& out) {
  if (pending_cr_ || !at_line_start_) out += "\r\n";
  out += kMultilineEnd;
  pending_cr_ = false;
  at_line_start_ = true;
}

std::string OkMultiline(std::string_view text, std::string_view body) {
  std::string out = Ok(text);
  MultilineEncoder encoder;
  encoder.Encode(body, out);
  encoder.Finish(out);
  return out;
}

}  // namespace tern::pop3::response
