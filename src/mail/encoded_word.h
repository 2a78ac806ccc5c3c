#pragma once
// RFC 2047 encoded words ("=?charset?B|Q?text?=") decoded to UTF-8.

#include <string>
#include <string_view>

namespace tern::mail {

// Decodes every encoded word in `text` (an unfolded header value) and converts it to
// UTF-8; the output is at most 3x the input (U+FFFD per byte). Text outside encoded words is kept (8-bit bytes sanitised to valid UTF-8).
// RFC 2047 section 6.2: linear whitespace between two adjacent encoded words is dropped.
// Adjacent words in the same charset are converted together, so a multi-byte character
// split across two words (common from real senders) still decodes. Deliberate leniency,
// as Dovecot and most clients: encoded words are also recognised inside a word and in
// quoted strings (RFC 2047 section 5 forbids both; senders do it anyway). An unknown
// charset or bad bytes give U+FFFD or a best-effort conversion, never an error.
std::string DecodeEncodedWords(std::string_view text);

}  // namespace tern::mail
