#pragma once
// Strict UTF-8 (RFC 3629 section 4): no overlong forms, no UTF-16 surrogates, nothing
// above U+10FFFF. NUL is valid UTF-8; callers that forbid it check separately. Every
// protocol checks UTF-8 somewhere (SASL strings, POP3 UTF8, IMAP rev2 names, MIME
// charsets); this is the one implementation.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tern {

// Length (1..4) of the valid UTF-8 sequence at the start of non-empty `s`, or 0 if it
// does not start with one.
std::size_t Utf8SequenceLength(std::string_view s) noexcept;

bool IsValidUtf8(std::string_view s) noexcept;

// The number of code points in `s`; nullopt if `s` is not valid UTF-8.
std::optional<std::size_t> Utf8Length(std::string_view s) noexcept;

// Appends the UTF-8 form of `cp`, a Unicode scalar value (the caller checks: not a
// surrogate, at most U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace tern
