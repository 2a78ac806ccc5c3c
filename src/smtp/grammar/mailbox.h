#pragma once
// Mailboxes, domains and address literals of RFC 5321 4.1.2 and 4.1.3, with the UTF-8
// extensions of RFC 6531 3.3 when the transaction uses SMTPUTF8.
//
//   Mailbox        = Local-part "@" ( Domain / address-literal )
//   Local-part     = Dot-string / Quoted-string
//   Dot-string     = Atom *("."  Atom)
//   Atom           = 1*atext
//   Quoted-string  = DQUOTE *QcontentSMTP DQUOTE
//   QcontentSMTP   = qtextSMTP / quoted-pairSMTP
//   quoted-pairSMTP  = %d92 %d32-126
//   qtextSMTP      = %d32-33 / %d35-91 / %d93-126
//   Domain         = sub-domain *("." sub-domain)
//   sub-domain     = Let-dig [Ldh-str]
//   Let-dig        = ALPHA / DIGIT
//   Ldh-str        = *( ALPHA / DIGIT / "-" ) Let-dig
//   address-literal  = "[" ( IPv4-address-literal / IPv6-address-literal /
//                      General-address-literal ) "]"
// RFC 6531 3.3:  sub-domain =/ U-label;  atext =/ UTF8-non-ascii;
//                qtextSMTP =/ UTF8-non-ascii

#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::smtp::grammar {

enum class DomainKind {
  kNone,         // no domain: only the bare "<Postmaster>" recipient
  kName,         // a Domain (dot-separated labels)
  kIpv4Literal,  // "[192.0.2.1]"
  kIpv6Literal,  // "[IPv6:2001:db8::1]"
};

// Which side of the envelope an address is on: it picks the reply for a bad address
// (RFC 3463 X.1.7 for the sender, X.1.3 for a recipient; RFC 6531 3.5 550 vs 553).
enum class AddressRole { kSender, kRecipient };

struct Mailbox {
  // The local part with quoting undone: `"a b"@x` gives `a b`, `"john"@x` gives `john`.
  // Case is kept: only the receiving system may interpret it (RFC 5321 2.4).
  std::string local_part;
  // As sent, case kept: a domain name, or an address literal with its brackets. Empty
  // (kind kNone) only for the bare "<Postmaster>" recipient.
  std::string domain;
  DomainKind domain_kind = DomainKind::kNone;

  // RFC 5321 4.1.1.3: "<Postmaster>" without a domain, matched case-insensitively.
  bool IsBarePostmaster() const { return domain_kind == DomainKind::kNone; }
  bool HasNonAscii() const;
  // "local@domain" with the local part re-quoted when it is not a Dot-string, i.e. the
  // canonical wire form (RFC 5321 4.1.2: quoted forms "MUST be treated as equivalent").
  std::string ToString() const;

  bool operator==(const Mailbox&) const = default;
};

// Domain as above; labels of at most 63 octets (RFC 1035 2.3.4), whole name at most
// kMaxDomainLength. With `allow_utf8`, labels may hold UTF8-non-ascii (a U-label; IDNA
// validity is not checked here).
bool IsDomain(std::string_view s, bool allow_utf8);

// Returns kIpv4Literal or kIpv6Literal for a valid address-literal (with brackets),
// kNone otherwise.
//   IPv4-address-literal  = Snum 3("."  Snum)          Snum = 1*3DIGIT ; 0-255
//   IPv6-address-literal  = "IPv6:" IPv6-addr
//   General-address-literal = Standardized-tag ":" 1*dcontent
// General literals are refused: "Standardized-tag MUST be specified in a Standards-Track
// RFC and registered with IANA", and IPv6 is the only tag ever registered.
DomainKind ClassifyAddressLiteral(std::string_view s);

// Domain / address-literal, as EHLO takes it. kNone if it is neither.
DomainKind ClassifyDomain(std::string_view s, bool allow_utf8);

bool IsDotString(std::string_view s, bool allow_utf8);

// Parses a Mailbox (no angle brackets). On failure the Error's public_text is the reply
// for `role` (see reply_error.h): 501 5.1.7 / 5.1.3 for bad syntax or lengths, 550/553
// 5.6.7 for an otherwise valid non-ASCII address when !allow_utf8.
Result<Mailbox> ParseMailbox(std::string_view s, AddressRole role, bool allow_utf8);

}  // namespace tern::smtp::grammar
