#pragma once
// The greeting and the EHLO/LHLO reply (RFC 5321 4.1.1.1, 4.3.1; RFC 2033 4.1):
//
//   ehlo-ok-rsp    = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
//                  / ( "250-" Domain [ SP ehlo-greet ] CRLF
//                   *( "250-" ehlo-line CRLF )
//                      "250" SP ehlo-line CRLF )
//   ehlo-line      = ehlo-keyword *( SP ehlo-param )
//   Greeting       = ( "220 " (Domain / address-literal) [ SP textstring ] CRLF ) / ...
// RFC 2034 3: neither the greeting nor the reply to HELO/EHLO carries enhanced codes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/response/reply.h"

namespace tern::smtp::response {

// What the server offers after EHLO/LHLO; one field per extension this engine knows.
struct Capabilities {
  // RFC 1870: "SIZE <n>"; 0 announces no fixed maximum. nullopt: not advertised.
  std::optional<std::uint64_t> size;
  bool pipelining = true;                    // RFC 2920 (required for LMTP, RFC 2033 4.2)
  bool eight_bit_mime = true;                // RFC 6152
  bool binary_mime = false;                  // RFC 3030 (needs chunking)
  bool chunking = false;                     // RFC 3030
  bool dsn = false;                          // RFC 3461
  bool smtputf8 = false;                     // RFC 6531
  bool enhanced_status_codes = true;         // RFC 2034
  bool starttls = false;                     // RFC 3207: only before TLS and where configured
  std::vector<std::string> auth_mechanisms;  // RFC 4954 "AUTH PLAIN LOGIN"; empty: none
  std::vector<std::string> extra;            // further ehlo-lines, written as given

  // The ehlo-lines in a stable order.
  std::vector<std::string> Keywords() const;
};

// "250-<server_domain> <greeting>" then one line per keyword; the HELO reply is the same
// with empty capabilities (one line).
Reply EhloReply(std::string_view server_domain, std::string_view greeting,
                const Capabilities& capabilities);
Reply HeloReply(std::string_view server_domain, std::string_view greeting);

// "220 <server_domain> <text>" (LMTP: RFC 2033 4 uses the same greeting).
Reply Greeting(std::string_view server_domain, std::string_view text);

}  // namespace tern::smtp::response
