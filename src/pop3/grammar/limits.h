#pragma once
// Size and value limits of the POP3 grammar. Every limit is named here (STYLE habit 5);
// the session may pass a stricter line limit through ParseOptions.

#include <cstddef>
#include <cstdint>

namespace tern::pop3::grammar {

// RFC 2449 4: "The maximum length of a command is increased from 47 characters ... to
// 255 octets, including the terminating CRLF." Like net::ConnectionLimits::max_line, the
// count includes the CRLF the caller stripped.
inline constexpr std::size_t kMaxCommandLineLength = 255;

// AUTH lines: RFC 5034 4 keeps the AUTH command within the 255 octets and makes the
// client send a long initial response on a continuation line, but continuation lines
// carry SASL data of any length, and clients put long XOAUTH2/GSSAPI initial responses on
// the AUTH line anyway. Both get the room RFC 4954 4 gives SMTP ("12288 octets is
// considered to be a sufficient line length"), as the SMTP engine does. CRLF included.
inline constexpr std::size_t kMaxAuthLineLength = 12288;

// RFC 1939 does not bound message numbers; 2^31-1 keeps them in an int32 and well above
// any maildrop Tern will list (and "l" caps a session at 1000 anyway if set).
inline constexpr std::uint32_t kMaxMessageNumber = 2147483647;
// RFC 1939 7 TOP: "n ... MUST be non-negative"; bounded like message numbers.
inline constexpr std::uint32_t kMaxTopLines = 2147483647;

// RFC 4422 3.1: sasl-mech = 1*20mech-char.
inline constexpr std::size_t kMaxSaslMechanismLength = 20;

// RFC 1939 7 APOP: "a string ... which is the MD5 digest ... in hexadecimal format",
// 16 octets as 32 hex digits.
inline constexpr std::size_t kApopDigestLength = 32;

// RFC 6856 3: a LANG argument is a basic language range (RFC 4647 2.1):
//   language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"
// Language tags are in practice far shorter; 64 is generous and keeps logs short.
inline constexpr std::size_t kMaxLanguageRangeLength = 64;

}  // namespace tern::pop3::grammar
