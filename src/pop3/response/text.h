#pragma once
// Human-readable text in POP3 response lines, made safe whatever its source (an error
// text, a configured banner, a user name echoed back). Pure, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace tern::pop3::response {

// RFC 2449 4: "The maximum length of the first line of a command response (including the
// initial greeting) is unchanged at 512 octets (including the terminating CRLF)." The
// same bound holds for each capability line (RFC 2449 3).
inline constexpr std::size_t kMaxResponseLineLength = 512;

// Appends `text` to `out`, at most `max` octets of it: every octet outside printable
// US-ASCII (%x20-7E: so CR, LF, NUL, HT, DEL and 8-bit) becomes '?', so that no text can
// end the line early or inject another response. When `leading_bracket_ok` is false, a
// '[' at the start becomes '(': RFC 2449 8 reads "[...]" at the beginning of the text as a
// response code, and text that is not one must not look like one. (The ABNF's "text =
// *schar" would bar '[' anywhere; only the start matters to clients, so only it changes.)
void AppendSanitized(std::string& out, std::string_view text, std::size_t max,
                     bool leading_bracket_ok = false);

}  // namespace tern::pop3::response
