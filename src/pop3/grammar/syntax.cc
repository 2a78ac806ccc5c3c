#include "pop3/grammar/syntax.h"

namespace tern::pop3::grammar {
namespace {

char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ToUpper(a[i]) != ToUpper(b[i])) return false;
  }
  return true;
}

std::string ToUpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToUpper(c);
  return out;
}

std::optional<std::uint32_t> ParseDecimal(std::string_view s, std::uint32_t max) {
  if (s.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > max) return std::nullopt;  // also stops any overflow of value
  }
  return static_cast<std::uint32_t>(value);
}

bool IsBase64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  std::size_t pads = 0;
  for (char c : s) {
    if (c == '=') {
      ++pads;
      continue;
    }
    if (pads > 0) return false;  // '=' only at the end
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '/') return false;
  }
  return pads <= 2;
}

}  // namespace tern::pop3::grammar
