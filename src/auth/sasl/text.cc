#include "auth/sasl/text.h"

namespace tern::auth::sasl {

std::optional<size_t> Utf8Length(std::string_view s) {
  size_t count = 0;
  size_t i = 0;
  const size_t n = s.size();
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k) { return k < n && (at(k) & 0xC0) == 0x80; };
  while (i < n) {
    unsigned char c = at(i);
    if (c < 0x80) {
      i += 1;
    } else if (c >= 0xC2 && c <= 0xDF) {  // UTF8-2; C0 and C1 would be overlong
      if (!cont(i + 1)) return std::nullopt;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {  // UTF8-3
      if (!cont(i + 1) || !cont(i + 2)) return std::nullopt;
      unsigned char c1 = at(i + 1);
      if (c == 0xE0 && c1 < 0xA0) return std::nullopt;   // overlong
      if (c == 0xED && c1 >= 0xA0) return std::nullopt;  // surrogates
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {  // UTF8-4
      if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return std::nullopt;
      unsigned char c1 = at(i + 1);
      if (c == 0xF0 && c1 < 0x90) return std::nullopt;   // overlong
      if (c == 0xF4 && c1 >= 0x90) return std::nullopt;  // above U+10FFFF
      i += 4;
    } else {
      return std::nullopt;
    }
    ++count;
  }
  return count;
}

bool IsValidUtf8(std::string_view s) { return Utf8Length(s).has_value(); }

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace tern::auth::sasl
