#pragma once
// One client line of a POP3 SASL exchange after AUTH (RFC 5034 4, 5):
//   auth-command    = "AUTH" SP sasl-mech [SP initial-response]
//                     *(CRLF [base64]) [CRLF cancel-response] CRLF
//   cancel-response = "*"
// Pure; the session reads the line, the SASL mechanism (src/auth/sasl) decodes.

#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::pop3::grammar {

struct SaslResponse {
  // The client sent "*": RFC 5034 4 "the server MUST reject the AUTH command by sending
  // an -ERR reply".
  bool cancelled = false;
  // The base64 text as sent, syntax-checked (RFC 5034 5 base64), not decoded. Empty for an
  // empty line, which "[base64]" allows: an empty client response.
  std::string base64;

  bool operator==(const SaslResponse&) const = default;
};

// Parses `line`, without its CRLF. Errors: kTooLarge "line too long" over
// kMaxAuthLineLength (CRLF included); kInvalidArgument "invalid base64" for anything that
// is neither "*", empty, nor well-formed base64 (RFC 4954 4's rule, shared by POP3: reject,
// never ignore, characters outside the alphabet; '=' only as final padding). Whitespace is
// not trimmed: a client that sends it is broken and the exchange should fail visibly.
Result<SaslResponse> ParseSaslResponseLine(std::string_view line);

}  // namespace tern::pop3::grammar
