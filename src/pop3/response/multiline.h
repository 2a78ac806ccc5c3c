#pragma once
// POP3 multi-line responses (RFC 1939 section 3; RFC 2449 section 3):
//   multi-line = single-line *dot-stuffed "." CRLF ; dot-stuffed = *CHAR CRLF
// The body is dot-stuffed by mail::DotStuffer; messages (RETR, TOP) stream through one in
// the session, short bounded bodies are built here whole.

#include <string>
#include <string_view>

namespace tern::pop3::response {

// Ok(text), then `body` (lines, CRLF-ended or not, e.g. LIST's scan listings) stuffed
// and terminated. For short, bounded bodies (listings, mechanism lists).
std::string OkMultiline(std::string_view text, std::string_view body);

}  // namespace tern::pop3::response
