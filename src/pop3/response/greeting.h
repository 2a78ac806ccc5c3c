#pragma once
// The POP3 greeting (RFC 1939 4, 7; RFC 2449 3):
//   greeting  = "+OK" [resp-code] *gchar [timestamp] *gchar CRLF   ;512 octets maximum
//   gchar     = %x21-3B / %x3D-7F      ;printable ASCII, excluding "<"
//   timestamp = "<" *VCHAR ">"         ;MUST conform to RFC-822 msg-id
// RFC 1939 7: a server that supports APOP "includes a timestamp in its banner greeting.
// The syntax of the timestamp corresponds to the `msg-id' in [RFC822], and MUST be
// different each time the POP3 server issues a banner greeting", e.g.
//   +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
// The APOP digest itself, MD5(timestamp + secret), is computed and compared by the
// session (this library links base only). Pure, thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace tern::pop3::response {

// "<unique@hostname>", e.g. ApopTimestamp("1896.697170952", "dbc.mtview.ca.us"). The
// session makes `unique` different for every greeting (process id, clock, a counter).
// Octets that cannot appear in a msg-id's dot-atoms ('<', '>', '@', SP, controls, 8-bit)
// are replaced by '.' in `unique` and by '-' in `hostname`, so the result always
// satisfies IsApopTimestamp.
std::string ApopTimestamp(std::string_view unique, std::string_view hostname);

// True for "<" 1*VCHAR ">" with exactly one '@', no '<' or '>' inside, and at most
// kMaxApopTimestampLength octets: a msg-id shape clients can find in the greeting.
bool IsApopTimestamp(std::string_view timestamp);
inline constexpr std::size_t kMaxApopTimestampLength = 200;

// "+OK banner\r\n", or with APOP "+OK banner <timestamp>\r\n". The banner is sanitised
// (text.h) and every '<' or '>' in it becomes '(' / ')', since clients take the first
// "<...>" of the greeting as the APOP timestamp (gchar excludes "<"). It is cut so that
// the line fits 512 octets. Precondition: `apop_timestamp` is empty or IsApopTimestamp;
// one that is not is left out (APOP then fails, which is safer than a broken greeting).
std::string Greeting(std::string_view banner, std::string_view apop_timestamp = {});

}  // namespace tern::pop3::response
