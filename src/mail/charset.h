#pragma once
// Charset conversion to UTF-8 for header words (RFC 2047), parameters (RFC 2231) and
// body text (RFC 2046 section 4.1.2). Uses glibc iconv. Never fails: mail is full of
// unknown charset names and bytes that are invalid in the declared charset, and search
// and display must still work, so the result is always valid UTF-8.

#include <string>
#include <string_view>

#include "base/utf8.h"  // IsValidUtf8, for this header's users

namespace tern::mail {

struct Utf8Text {
  std::string text;      // always valid UTF-8
  bool lossless = true;  // false if a charset was unknown or some bytes were replaced
};

// Converts `bytes` in `charset` (a MIME charset name, any case, RFC 2231 "*lang" suffix
// allowed) to UTF-8. Invalid sequences become U+FFFD. An unknown, empty or us-ascii
// charset with 8-bit bytes is read as UTF-8 if the bytes are valid UTF-8, else as
// windows-1252; lossless is then false unless the name was empty and the bytes UTF-8.
// Thread-safe: iconv descriptors are cached per thread.
Utf8Text ConvertToUtf8(std::string_view charset, std::string_view bytes);

// Returns `bytes` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view bytes, bool* replaced = nullptr);

}  // namespace tern::mail
