#pragma once
// Single-line POP3 responses (RFC 1939 3, RFC 2449 3 and 8):
//   single-line = status [SP text] CRLF       ;512 octets maximum
//   status      = "+OK" / "-ERR"
//   text        = *schar / resp-code *CHAR
// and the SASL continuation (RFC 5034 5): continue-req = "+" SP [base64] CRLF.
// Each function returns the complete line with its CRLF. Pure, thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "pop3/response/codes.h"

namespace tern::pop3::response {

// "+OK text\r\n", or "+OK\r\n" for empty text. The text is sanitised (text.h) and cut so
// that the line fits kMaxResponseLineLength.
std::string Ok(std::string_view text = {});
// "+OK [CODE] text\r\n" (RFC 2449 8 allows a code on +OK too).
std::string Ok(ResponseCode code, std::string_view text);

// "-ERR text\r\n", or "-ERR\r\n" for empty text; sanitised and cut as for Ok.
std::string Err(std::string_view text);
// "-ERR [AUTH] authentication failed\r\n". The session sends codes only when it
// advertised RESP-CODES (RFC 2449 8) or AUTH-RESP-CODE (RFC 3206 6): clients that know
// neither may show the brackets to the user, which is harmless but untidy.
std::string Err(ResponseCode code, std::string_view text);
// As above, without the code when `code` is nullopt.
std::string Err(std::optional<ResponseCode> code, std::string_view text);

// "+ base64\r\n": a SASL challenge (RFC 5034 4). `base64` is sent as is (the session's
// SASL mechanism encoded it; it contains no CR or LF); "+ \r\n" when empty.
std::string SaslChallenge(std::string_view base64);

}  // namespace tern::pop3::response
