#include "pop3/response/status.h"

#include "pop3/response/text.h"

namespace tern::pop3::response {
namespace {

std::string Line(std::string_view status, std::optional<ResponseCode> code, std::string_view text) {
  std::string out(status);
  if (code) {
    out += " [";
    out += ResponseCodeText(*code);
    out += ']';
  }
  if (!text.empty()) {
    out += ' ';
    const std::size_t room = kMaxResponseLineLength - 2 - out.size();
    // After a code, text = resp-code *CHAR: a leading "[" can no longer pass for one.
    AppendSanitized(out, text, room, code.has_value());
  }
  out += "\r\n";
  return out;
}

}  // namespace

std::string Ok(std::string_view text) { return Line("+OK", std::nullopt, text); }
std::string Ok(ResponseCode code, std::string_view text) { return Line("+OK", code, text); }
std::string Err(std::string_view text) { return Line("-ERR", std::nullopt, text); }
std::string Err(ResponseCode code, std::string_view text) { return Line("-ERR", code, text); }
std::string Err(std::optional<ResponseCode> code, std::string_view text) {
  return Line("-ERR", code, text);
}

std::string SaslChallenge(std::string_view base64) {
  std::string out = "+ ";
  // Defensive: a challenge never holds CR/LF, but if it did it must not split the line.
  AppendSanitized(out, base64, base64.size(), true);
  out += "\r\n";
  return out;
}

}  // namespace tern::pop3::response
