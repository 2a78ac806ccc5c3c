#include "imap/response/strings.h"

#include <algorithm>
#include <cstdint>

#include "base/utf8.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::response {
using grammar::IsAtomChar;

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
    const std::size_t n = Utf8SequenceLength(s.substr(i));
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
