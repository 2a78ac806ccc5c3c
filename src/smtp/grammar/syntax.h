#pragma once
// Character classes and small helpers shared by the SMTP grammar files. ABNF core rules
// are from RFC 5234 B.1; atext is RFC 5322 3.2.3 as used by RFC 5321 4.1.2; UTF-8 is
// RFC 3629 as extended into SMTP by RFC 6531 3.3 (UTF8-non-ascii, RFC 6532 3.1).
// All functions are pure and thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace tern::smtp::grammar {

inline bool IsAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
inline bool IsLetDig(char c) { return IsAlpha(c) || IsDigit(c); }
// VCHAR / SP: %d32-126.
inline bool IsPrintable(char c) { return c >= 0x20 && c <= 0x7e; }

// atext = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "/" /
//         "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~"
bool IsAtext(char c);

// Length of the well-formed UTF-8 multi-octet sequence (UTF8-2 / UTF8-3 / UTF8-4 of
// RFC 3629 4, so no overlongs, surrogates or code points above U+10FFFF) that starts at
// s[pos]; 0 if there is none.
std::size_t Utf8NonAsciiLength(std::string_view s, std::size_t pos);

// True if every octet is printable US-ASCII (%d32-126), or, when `allow_utf8`, part of a
// well-formed UTF8-non-ascii sequence. Rejects NUL, CR, LF, TAB and other controls.
bool IsPrintableText(std::string_view s, bool allow_utf8);

bool HasNonAscii(std::string_view s);

// ASCII-only case folding: SMTP verbs and keywords are case-insensitive (RFC 5321 2.4).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
std::string ToUpperAscii(std::string_view s);

}  // namespace tern::smtp::grammar
