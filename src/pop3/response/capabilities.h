#pragma once
// The CAPA response (RFC 2449 5, 6):
//   capa-resp  = single-line *capability "." CRLF
//   capability = capa-tag *(SP param) CRLF   ;512 octets maximum
//   capa-tag   = 1*cchar
// The session fills Capabilities for the current state (RFC 2449 5: capabilities may
// differ before and after login, e.g. STLS, USER, SASL and the per-user EXPIRE) and sends
// CapaResponse's text as is. Pure, thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tern::pop3::response {

// RFC 2449 6.7: EXPIRE policy-argument.
//   "EXPIRE NEVER asserts that the server does not delete messages"; a number is the
//   minimum retention in days (0: the client may not leave mail on the server); "USER"
//   follows when the policy is per user (in AUTHORIZATION: the smallest over users).
struct Expire {
  std::optional<std::uint32_t> days;  // nullopt: NEVER
  bool per_user = false;
};

struct Capabilities {
  bool top = true;   // RFC 2449 6.1 "TOP"
  bool uidl = true;  // RFC 2449 6.4 "UIDL"
  // RFC 2449 6.3 "USER": only when USER/PASS will be accepted on this connection (the
  // session drops it before TLS when plaintext logins need encryption).
  bool user = true;
  // RFC 2449 6.2 / RFC 5034 3: "SASL" and the mechanism names, e.g. {"PLAIN",
  // "SCRAM-SHA-256"}. Omitted when empty. A name that is not a valid sasl-mech
  // (RFC 4422 3.1) is left out: it is a programming error, and sending it would confuse
  // clients.
  std::vector<std::string> sasl;
  bool stls = false;             // RFC 2595 4 "STLS"
  bool resp_codes = true;        // RFC 2449 6.6 "RESP-CODES"
  bool auth_resp_code = true;    // RFC 3206 6 "AUTH-RESP-CODE"
  bool pipelining = true;        // RFC 2449 6.8 "PIPELINING"
  std::optional<Expire> expire;  // RFC 2449 6.7 "EXPIRE"; omitted when nullopt
  // RFC 2449 6.5 "LOGIN-DELAY seconds [USER]"; omitted when nullopt.
  std::optional<std::uint32_t> login_delay;
  bool login_delay_per_user = false;
  bool utf8 = false;       // RFC 6856 2 "UTF8"
  bool utf8_user = false;  // RFC 6856 2.2: "UTF8 USER", UTF-8 user names and passwords
  bool lang = false;       // RFC 6856 3 "LANG"
  // RFC 2449 6.9 "IMPLEMENTATION text": sanitised to printable ASCII and cut to fit the
  // line. Omitted when nullopt or empty (a server may hide its version).
  std::optional<std::string> implementation;
};

// The full response: "+OK Capability list follows\r\n", one line per capability, and
// ".\r\n". No capability line starts with '.', so none needs stuffing.
std::string CapaResponse(const Capabilities& capabilities);

}  // namespace tern::pop3::response
