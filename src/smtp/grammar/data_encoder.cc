#include "smtp/grammar/data_encoder.h"

namespace tern::smtp::grammar {

void DataEncoder::Encode(std::string_view message_bytes, std::string& out) {
  for (char c : message_bytes) {
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

void DataEncoder::Finish(std::string& out) {
  if (pending_cr_ || !at_line_start_) out += "\r\n";
  out += ".\r\n";
  pending_cr_ = false;
  at_line_start_ = true;
}

}  // namespace tern::smtp::grammar
