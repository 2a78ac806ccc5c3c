#pragma once
// Bytes -> typed command for one POP3 command line (RFC 1939, RFC 2449 3). Pure: no I/O
// and no session state other than what ParseOptions carries.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"
#include "pop3/grammar/command.h"
#include "pop3/grammar/limits.h"

namespace tern::pop3::grammar {

struct ParseOptions {
  // Longest accepted command line, CRLF included (RFC 2449 4). AUTH lines get at least
  // kMaxAuthLineLength whatever this says (see limits.h).
  std::size_t max_line_length = kMaxCommandLineLength;
  // Whether USER, PASS and the APOP name may carry UTF-8 (RFC 6856 2.2: a server that
  // advertises "UTF8 USER" accepts UTF-8 names and passwords even before the UTF8
  // command). When true, non-ASCII octets must still form well-formed UTF-8 ("The server
  // MUST reject UTF-8 usernames or passwords that fail to comply with the formal syntax
  // in UTF-8"); when false they are refused.
  bool utf8_credentials = true;
};

// Parses `line`, one command line without its CRLF. Keywords are matched
// case-insensitively (RFC 1939 3: "Keywords and arguments consist of printable ASCII
// characters ... keywords are case-insensitive"); arguments keep their case, except the
// AUTH mechanism name, which is upper-cased (SASL names are upper case, RFC 4422 3.1).
//
// Arguments are separated by SP. Client quirk: runs of spaces between arguments and
// trailing spaces ("LIST 1 ", "STAT ") are tolerated, as Dovecot and Cyrus tolerate
// them, since refusing them helps no one. PASS is the exception: its argument is the
// rest of the line after "PASS ", kept exactly (RFC 1939 7).
//
// Message numbers are 1*DIGIT in 1..kMaxMessageNumber ("0", "+1", "-1", "1.5" and
// overflowing values are refused); TOP's line count is 1*DIGIT in 0..kMaxTopLines.
//
// On failure the Error's public_text is safe to send after "-ERR ", e.g.:
//   "unknown command"                       unrecognised keyword, empty line, binary
//   "line too long"        (kTooLarge)      over max_line_length (kMaxAuthLineLength for AUTH)
//   "invalid message number"                msg not in 1..2^31-1
//   "invalid number of lines"               TOP n not in 0..2^31-1
//   "syntax error: TOP msg n"               missing or extra arguments (usage per command)
//   "invalid user name", "invalid password", "invalid APOP digest",
//   "invalid SASL mechanism name", "invalid base64 in initial response",
//   "invalid language range"
// every other error has class kInvalidArgument. Whether a command is allowed in the
// current state is for the session.
Result<Command> ParseCommand(std::string_view line, const ParseOptions& options = {});

// The line as it may be written to a log: the PASS argument and an AUTH initial response
// replaced by "<redacted>", control octets (and DEL) shown as '?', and cut to
// kMaxCommandLineLength octets with "..." appended. Works on any line, parsable or not.
std::string RedactForLog(std::string_view line);

}  // namespace tern::pop3::grammar
