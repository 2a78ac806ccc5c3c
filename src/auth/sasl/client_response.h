#pragma once
// Decoding the client's side of an exchange as IMAP (RFC 9051 section 6.2.2, RFC 4959),
// POP3 (RFC 5034 section 4) and SMTP (RFC 4954 section 4) all frame it: each response is
// one line of base64; "*" alone cancels; an initial response of "=" is an empty one.

#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::auth::sasl {

struct ClientResponse {
  bool cancelled = false;  // the client sent "*": the session fails the exchange
  std::string data;        // decoded bytes, for ServerMechanism::Next
};

// A continuation line (without its CRLF). An empty line is an empty response. Errors:
// kInvalidArgument ("invalid base64") for anything else that is not strict base64.
Result<ClientResponse> DecodeContinuation(std::string_view line);

// The initial-response argument of AUTHENTICATE / AUTH (present, so not nullopt): "=" is
// an empty response; otherwise strict base64 (an empty argument is an error, since
// protocols send "=" for it). kInvalidArgument on error.
Result<std::string> DecodeInitialResponse(std::string_view argument);

}  // namespace tern::auth::sasl
