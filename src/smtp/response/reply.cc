#include "smtp/response/reply.h"

namespace tern::smtp::response {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void AppendSafeText(std::string_view text, std::size_t room, std::string& out) {
  if (text.size() > room) text = text.substr(0, room);
  for (char c : text) {
    out += (c == '\t' || (c >= 0x20 && c <= 0x7e)) ? c : '?';
  }
}

}  // namespace

bool IsEnhancedStatusCode(std::string_view s) {
  if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return false;
  s.remove_prefix(2);
  auto dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  auto digits = [](std::string_view d) {
    if (d.empty() || d.size() > 3) return false;
    for (char c : d) {
      if (!IsDigit(c)) return false;
    }
    return true;
  };
  return digits(s.substr(0, dot)) && digits(s.substr(dot + 1));
}

void Reply::AppendTo(std::string& out, bool enhanced_codes) const {
  const std::string code_text = std::to_string(code);
  // RFC 2034: none on 3xx; the code's class must agree with the reply's.
  const bool with_enhanced = enhanced_codes && !enhanced.empty() && code / 100 != 3 &&
                             !code_text.empty() && enhanced[0] == code_text[0];
  const std::size_t count = lines.empty() ? 1 : lines.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t start = out.size();
    out += code_text;
    const bool last = i + 1 == count;
    std::string_view text = lines.empty() ? std::string_view() : std::string_view(lines[i]);
    if (with_enhanced) {
      out += last ? ' ' : '-';
      out += enhanced;
      if (!text.empty()) out += ' ';
    } else if (!text.empty() || !last) {
      out += last ? ' ' : '-';
    }
    const std::size_t used = out.size() - start + 2;  // + CRLF
    AppendSafeText(text, used < kMaxReplyLineLength ? kMaxReplyLineLength - used : 0, out);
    out += "\r\n";
  }
}

std::string Reply::ToWire(bool enhanced_codes) const {
  std::string out;
  AppendTo(out, enhanced_codes);
  return out;
}

}  // namespace tern::smtp::response
