#pragma once
// Reverse-path and Forward-path of RFC 5321 4.1.2 / 4.1.1.2-3:
//
//   Reverse-path   = Path / "<>"
//   Forward-path   = Path
//   Path           = "<" [ A-d-l ":" ] Mailbox ">"
//   A-d-l          = At-domain *( "," At-domain )
//                  ; Note that this form, the so-called "source
//                  ; route", MUST BE accepted, SHOULD NOT be
//                  ; generated, and SHOULD be ignored.
//   At-domain      = "@" Domain
//   rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" /
//               Forward-path ) [SP Rcpt-parameters] CRLF

#include <cstddef>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "smtp/grammar/mailbox.h"

namespace tern::smtp::grammar {

struct ParsedPath {
  // nullopt only for the null reverse-path "<>".
  std::optional<Mailbox> mailbox;
  // Octets of the input the path took, brackets included; parameters may follow.
  std::size_t length = 0;
};

// Parses the path at the start of `s`, which must begin with '<'. For kSender "<>" is
// accepted; for kRecipient "<Postmaster>" (any case) is accepted as a Mailbox without a
// domain. A source route is checked and dropped. The path, brackets included, may be at
// most kMaxPathLength octets. On failure the public_text is the reply (501 5.1.7 for the
// sender, 501 5.1.3 for recipients, 550/553 5.6.7 for non-ASCII without SMTPUTF8).
Result<ParsedPath> ParsePath(std::string_view s, AddressRole role, bool allow_utf8);

}  // namespace tern::smtp::grammar
