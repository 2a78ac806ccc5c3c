#include "imap/response/strings.h"

#include <algorithm>
#include <cstdint>

namespace tern::imap::response {
namespace {

bool IsAtomChar(unsigned char c) noexcept {
  // CHAR is %x01-7F; CTL is %x00-1F / %x7F.
  if (c <= 0x1f || c >= 0x7f) return false;
  switch (c) {
    case '(':
    case ')':
    case '{':
    case ' ':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
      return false;
    default:
      return true;
  }
}

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629 section 4:
// no overlongs, no surrogates, at most U+10FFFF), or 0.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xbf) {
    return i + k < s.size() && b(k) >= lo && b(k) <= hi;
  };
  const unsigned char c = b(0);
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c == 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c == 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

bool IsAtom(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsAtomChar(static_cast<unsigned char>(c));
  });
}

bool CanQuote(std::string_view s, TextMode mode) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0 || c == '\r' || c == '\n') return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (mode == TextMode::kAscii) return false;
    const std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void AppendNil(std::string& out) { out += "NIL"; }

void AppendQuoted(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendLiteral(std::string& out, std::string_view s) {
  const auto nuls = static_cast<std::size_t>(std::count(s.begin(), s.end(), '\0'));
  out.push_back('{');
  out += std::to_string(s.size() - nuls);
  out += "}\r\n";
  if (nuls == 0) {
    out.append(s);
    return;
  }
  for (char c : s) {
    if (c != '\0') out.push_back(c);
  }
}

void AppendString(std::string& out, std::string_view s, TextMode mode) {
  if (CanQuote(s, mode)) {
    AppendQuoted(out, s);
  } else {
    AppendLiteral(out, s);
  }
}

void AppendNString(std::string& out, const std::optional<std::string>& s, TextMode mode) {
  if (s) {
    AppendString(out, *s, mode);
  } else {
    AppendNil(out);
  }
}

void AppendAString(std::string& out, std::string_view s, TextMode mode) {
  const bool astring_atom = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return c == ']' || IsAtomChar(static_cast<unsigned char>(c));
  });
  const bool looks_nil =
      s.size() == 3 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'i' && (s[2] | 0x20) == 'l';
  if (astring_atom && !looks_nil) {
    out.append(s);
  } else {
    AppendString(out, s, mode);
  }
}

void AppendFlagList(std::string& out, std::span<const std::string> flags) {
  out.push_back('(');
  bool first = true;
  for (const std::string& f : flags) {
    const std::string_view v(f);
    const bool ok = v == "\\*" || IsAtom(v.starts_with('\\') ? v.substr(1) : v);
    if (!ok) continue;
    if (!first) out.push_back(' ');
    first = false;
    out += f;
  }
  out.push_back(')');
}

}  // namespace tern::imap::response
