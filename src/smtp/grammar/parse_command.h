#pragma once
// Bytes -> typed command for one SMTP/LMTP command line (RFC 5321 4.1.1, 4.1.2). Pure:
// no I/O and no session state other than what ParseOptions carries.

#include <cstddef>
#include <string_view>

#include "base/result.h"
#include "smtp/grammar/command.h"
#include "smtp/grammar/limits.h"

namespace tern::smtp::grammar {

struct ParseOptions {
  // Longest accepted command line, CRLF included (RFC 5321 4.5.3.1.4). MAIL and RCPT get
  // kMailParamsAllowance / kRcptParamsAllowance more, AUTH gets kMaxAuthLineLength.
  std::size_t max_line_length = kMaxCommandLineLength;
  // The transaction's MAIL carried SMTPUTF8 (RFC 6531 3.4): RCPT addresses and values,
  // and VRFY/EXPN arguments, may then be UTF-8. MAIL decides this from its own
  // parameters.
  bool smtputf8 = false;
};

// Parses `line`, one command line without its CRLF. Verbs and keywords are matched
// case-insensitively (RFC 5321 2.4); otherwise the syntax is strict, with one tolerated
// quirk: a space between "MAIL FROM:"/"RCPT TO:" and the path.
//
// On failure the Error's public_text is the full reply line to send, without CRLF
// (ReplyError::FromError gives it back typed):
//   500 5.5.2  unrecognised verb, NUL or other binary in the verb, over-long line
//   501 5.5.4  bad or missing arguments, bad or duplicate parameters
//   501 5.1.7 / 5.1.3  bad sender / recipient address (and "Path too long")
//   550 / 553 5.6.7  non-ASCII sender / recipient without SMTPUTF8 (RFC 6531 3.5)
//   504 5.5.4  AUTH with a malformed mechanism name
// Unknown MAIL/RCPT parameters are not errors here (see params.h): the session answers
// 555 for those it did not advertise. Whether a command is allowed in the current state
// or protocol (LHLO vs EHLO) is for the session too.
Result<Command> ParseCommand(std::string_view line, const ParseOptions& options = {});

}  // namespace tern::smtp::grammar
