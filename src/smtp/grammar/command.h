#pragma once
// Typed SMTP/LMTP commands (RFC 5321 4.1.1, RFC 2033 4.1, RFC 3030 2, RFC 3207 4,
// RFC 4954 4). The session dispatches on the variant and never sees raw tokens
// (STYLE habit 2). ParseCommand (parse_command.h) makes them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "smtp/grammar/mailbox.h"
#include "smtp/grammar/params.h"

namespace tern::smtp::grammar {

// helo = "HELO" SP Domain CRLF
// Clients quirk: many send an address literal ("HELO [192.0.2.1]"); it is accepted as
// EHLO would accept it, since refusing it helps no one.
struct Helo {
  std::string domain;  // as sent
  DomainKind domain_kind = DomainKind::kName;
};

// ehlo = "EHLO" SP ( Domain / address-literal ) CRLF
struct Ehlo {
  std::string domain;
  DomainKind domain_kind = DomainKind::kName;
};

// RFC 2033 4.1: LHLO has the syntax of EHLO.
struct Lhlo {
  std::string domain;
  DomainKind domain_kind = DomainKind::kName;
};

// mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF
struct Mail {
  std::optional<Mailbox> reverse_path;  // nullopt for the null path "<>"
  MailParams params;
  // The client sent "MAIL FROM: <...>" (a space after the colon), which RFC 5321 does not
  // allow but many clients do; accepted, and recorded so the session can log it.
  bool space_after_colon = false;
};

// rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" /
//             Forward-path ) [SP Rcpt-parameters] CRLF
struct Rcpt {
  Mailbox forward_path;  // IsBarePostmaster() for "<Postmaster>"
  RcptParams params;
  bool space_after_colon = false;  // see Mail
};

// data = "DATA" CRLF
struct Data {};

// RFC 3030 2: bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CR LF
//             chunk-size = 1*DIGIT   end-marker = "LAST"
struct Bdat {
  std::uint64_t size = 0;
  bool last = false;
};

// rset = "RSET" CRLF
struct Rset {};

// noop = "NOOP" [ SP String ] CRLF   (the argument is ignored, RFC 5321 4.1.1.9)
struct Noop {};

// quit = "QUIT" CRLF
struct Quit {};

// vrfy = "VRFY" SP String CRLF     expn = "EXPN" SP String CRLF
// The ABNF says String = Atom / Quoted-string, but 3.5.3 lets the argument be "a user
// name or mailbox" and clients send "VRFY <a@b>" or "VRFY John Smith"; any printable
// text is accepted and kept for the session to interpret.
struct Vrfy {
  std::string argument;
};
struct Expn {
  std::string argument;
};

// help = "HELP" [ SP String ] CRLF
struct Help {
  std::string topic;  // empty when absent
};

// RFC 3207 4: "STARTTLS" with no parameters.
struct StartTls {};

// RFC 4954 4: "AUTH" SP sasl-mech [SP initial-response]
//   initial-response = base64 / "="
struct Auth {
  std::string mechanism;  // upper-cased
  // nullopt when absent; "" for "=" (an empty initial response); otherwise the base64
  // text as sent (syntax-checked, not decoded: the SASL mechanism decodes).
  std::optional<std::string> initial_response;
};

using Command = std::variant<Helo, Ehlo, Lhlo, Mail, Rcpt, Data, Bdat, Rset, Noop, Quit, Vrfy, Expn,
                             Help, StartTls, Auth>;

// The verb as upper-case text ("MAIL", "STARTTLS"), for logs and statistics. The returned
// view is static.
std::string_view CommandName(const Command& command);

}  // namespace tern::smtp::grammar
