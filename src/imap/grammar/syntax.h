#pragma once
// Character classes of the IMAP grammar (RFC 9051 9, RFC 3501 9), as inline predicates.

#include <string_view>

namespace tern::imap::grammar {

// CTL = %x00-1F / %x7F (RFC 5234).
constexpr bool IsCtl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials /
//                 resp-specials
// ATOM-CHAR = <any CHAR except atom-specials>; CHAR = %x01-7F.
constexpr bool IsAtomChar(unsigned char c) {
  if (c >= 0x80 || IsCtl(c)) return false;
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

// ASTRING-CHAR = ATOM-CHAR / resp-specials
constexpr bool IsAstringChar(unsigned char c) { return IsAtomChar(c) || c == ']'; }

// tag = 1*<any ASTRING-CHAR except "+">
constexpr bool IsTagChar(unsigned char c) { return IsAstringChar(c) && c != '+'; }

// list-char = ATOM-CHAR / list-wildcards / resp-specials
constexpr bool IsListChar(unsigned char c) { return IsAstringChar(c) || c == '%' || c == '*'; }

inline bool IsValidTag(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTagChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// ASCII case-insensitive equality (IMAP keywords are case-insensitive, RFC 9051 9 note 1).
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

}  // namespace tern::imap::grammar
