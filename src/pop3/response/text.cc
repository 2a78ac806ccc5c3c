#include "pop3/response/text.h"

#include <algorithm>

namespace tern::pop3::response {

void AppendSanitized(std::string& out, std::string_view text, std::size_t max,
                     bool leading_bracket_ok) {
  text = text.substr(0, std::min(text.size(), max));
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c < 0x20 || c > 0x7e) {  // char may be signed: 8-bit octets are negative here
      out += '?';
    } else if (i == 0 && c == '[' && !leading_bracket_ok) {
      out += '(';
    } else {
      out += c;
    }
  }
}

}  // namespace tern::pop3::response
