#pragma once
// Size limits of the SMTP grammar (RFC 5321 section 4.5.3.1). Every limit is named here
// (STYLE habit 5); the session may pass stricter ones through ParseOptions.

#include <cstddef>
#include <cstdint>

namespace tern::smtp::grammar {

// RFC 5321 4.5.3.1.1: "The maximum total length of a user name or other local-part is
// 64 octets."
inline constexpr std::size_t kMaxLocalPartLength = 64;

// RFC 5321 4.5.3.1.2: "The maximum total length of a domain name or number is 255
// octets."
inline constexpr std::size_t kMaxDomainLength = 255;

// RFC 5321 4.5.3.1.3: "The maximum total length of a reverse-path or forward-path is
// 256 octets (including the punctuation and element separators)."
inline constexpr std::size_t kMaxPathLength = 256;

// RFC 5321 4.5.3.1.4: "The maximum total length of a command line including the command
// word and the <CRLF> is 512 octets."
inline constexpr std::size_t kMaxCommandLineLength = 512;

// Service extensions lengthen MAIL and RCPT lines (RFC 5321 4.5.3.1.4: "SMTP extensions
// may be used to increase this limit"). MAIL: SIZE +26 (RFC 1870 (5)), RET/ENVID +100
// (RFC 3461 4.4, 4.5), AUTH= +500 (RFC 4954 3 (5)); RCPT: ORCPT +500 and NOTIFY
// (RFC 3461 4.1, 4.2). BODY= and SMTPUTF8 are short and need no allowance of their own
// beyond a little slack.
inline constexpr std::size_t kMailParamsAllowance = 26 + 100 + 500 + 64;
inline constexpr std::size_t kRcptParamsAllowance = 500 + 64;

// RFC 4954 4: a server "MUST be able to handle the maximum encoded size of challenges
// and responses ... 12288 octets is considered to be a sufficient line length". The
// AUTH command line carries an initial response, so it gets the same room.
inline constexpr std::size_t kMaxAuthLineLength = 12288;

// RFC 3461 4.4: "The ENVID parameter MAY be up to 100 characters in length."
inline constexpr std::size_t kMaxEnvidLength = 100;
// RFC 3461 4.2: "The entire ORCPT parameter MAY be up to 500 characters in length."
inline constexpr std::size_t kMaxOrcptLength = 500;

// RFC 4954 4: sasl-mech = 1*20(UPPER-ALPHA / DIGIT / "-" / "_") (from RFC 4422 3.1).
inline constexpr std::size_t kMaxSaslMechanismLength = 20;

// RFC 1870 4: size-value ::= 1*20DIGIT. A value that overflows 64 bits is refused.
inline constexpr std::size_t kMaxSizeValueDigits = 20;

}  // namespace tern::smtp::grammar
