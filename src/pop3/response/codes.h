#pragma once
// Extended POP3 response codes (RFC 2449 8), sent in brackets at the start of the text of
// a +OK or -ERR line when the server advertises RESP-CODES:
//   resp-code  = "[" resp-level *("/" resp-level) "]"
//   resp-level = 1*rchar

#include <string_view>

namespace tern::pop3::response {

enum class ResponseCode {
  kInUse,       // RFC 2449 8.1.2 "IN-USE": authenticated, but the maildrop is in use
  kLoginDelay,  // RFC 2449 8.1.1 "LOGIN-DELAY": logged in too recently
  kSysTemp,     // RFC 3206 4 "SYS/TEMP": a temporary system problem; try again later
  kSysPerm,     // RFC 3206 4 "SYS/PERM": a permanent system problem; retrying will not help
  kAuth,        // RFC 3206 5 "AUTH": the credentials were wrong (or login refused for them)
  kUtf8,        // RFC 6856 5 "UTF8": the message needs UTF-8 mode
};

// The code's text without brackets ("SYS/TEMP"). The view is static.
std::string_view ResponseCodeText(ResponseCode code);

}  // namespace tern::pop3::response
