#pragma once
// Small ASCII helpers shared by the mail parsers. Mail syntax is ASCII-case-insensitive
// (RFC 5322 section 1.2.2, RFC 2045 section 5.1); locale-dependent <cctype> must not be
// used on arbitrary 8-bit input, so these work on bytes only.

#include <string>
#include <string_view>

namespace tern::mail {

constexpr char AsciiLower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool IsWsp(char c) noexcept { return c == ' ' || c == '\t'; }

// True for space, tab, CR and LF: what folding and sloppy senders put between tokens.
constexpr bool IsLinearSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

constexpr bool IsDigit(char c) noexcept { return c >= '0' && c <= '9'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) noexcept;
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) noexcept;
std::string ToLowerAscii(std::string_view text);

// Removes leading and trailing space, tab, CR and LF.
std::string_view TrimLinearSpace(std::string_view text) noexcept;

// Value of a hex digit (either case), or -1.
int HexValue(char c) noexcept;

}  // namespace tern::mail
