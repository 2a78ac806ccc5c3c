#pragma once
// Character classes and small helpers shared by the POP3 grammar files. ABNF core rules
// (VCHAR, DIGIT, ALPHA) are RFC 5234 B.1; UTF-8 is RFC 3629 4. Pure and thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tern::pop3::grammar {

inline bool IsAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
// VCHAR = %x21-7E.
inline bool IsVchar(char c) { return c >= 0x21 && c <= 0x7e; }

// ASCII-only case folding: POP3 keywords are case-insensitive (RFC 1939 3).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToUpperAscii(std::string_view s);

// 1*DIGIT without sign, as a value in 0..max; nullopt for an empty string, any non-digit
// (so "+1", "-1", "1.5", " 1") or a value above max. Leading zeros are allowed: 1*DIGIT
// permits them and some clients pad.
std::optional<std::uint32_t> ParseDecimal(std::string_view s, std::uint32_t max);

// RFC 5034 5:
//   base64          = base64-terminal / ( 1*(4base64-CHAR) [base64-terminal] )
//   base64-char     = ALPHA / DIGIT / "+" / "/"   ;; Case-sensitive
//   base64-terminal = (2base64-char "==") / (3base64-char "=")
// That is, a non-empty multiple of four characters, '=' only as one or two final pads.
bool IsBase64(std::string_view s);

}  // namespace tern::pop3::grammar
