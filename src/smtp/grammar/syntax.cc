#include "smtp/grammar/syntax.h"

namespace tern::smtp::grammar {

bool IsAtext(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return IsLetDig(c) || kSpecials.find(c) != std::string_view::npos;
}

std::size_t Utf8NonAsciiLength(std::string_view s, std::size_t pos) {
  auto at = [&](std::size_t i) -> unsigned {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0x100u;
  };
  auto tail = [](unsigned b) { return b >= 0x80 && b <= 0xbf; };
  const unsigned b0 = at(pos);
  const unsigned b1 = at(pos + 1);
  // UTF8-2 = %xC2-DF UTF8-tail
  if (b0 >= 0xc2 && b0 <= 0xdf) return tail(b1) ? 2 : 0;
  // UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
  //          %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
  if (b0 >= 0xe0 && b0 <= 0xef) {
    bool second_ok = b0 == 0xe0   ? (b1 >= 0xa0 && b1 <= 0xbf)
                     : b0 == 0xed ? (b1 >= 0x80 && b1 <= 0x9f)
                                  : tail(b1);
    return second_ok && tail(at(pos + 2)) ? 3 : 0;
  }
  // UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
  //          %xF4 %x80-8F 2( UTF8-tail )
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    bool second_ok = b0 == 0xf0   ? (b1 >= 0x90 && b1 <= 0xbf)
                     : b0 == 0xf4 ? (b1 >= 0x80 && b1 <= 0x8f)
                                  : tail(b1);
    return second_ok && tail(at(pos + 2)) && tail(at(pos + 3)) ? 4 : 0;
  }
  return 0;
}

bool IsPrintableText(std::string_view s, bool allow_utf8) {
  for (std::size_t i = 0; i < s.size();) {
    if (IsPrintable(s[i])) {
      ++i;
      continue;
    }
    std::size_t n = allow_utf8 ? Utf8NonAsciiLength(s, i) : 0;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool HasNonAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

namespace {
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Upper(a[i]) != Upper(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::string ToUpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Upper(c);
  return out;
}

}  // namespace tern::smtp::grammar
