#pragma once
// MAIL and RCPT parameters (RFC 5321 4.1.2) and the values this server understands:
//
//   Mail-parameters  = esmtp-param *(SP esmtp-param)
//   Rcpt-parameters  = esmtp-param *(SP esmtp-param)
//   esmtp-param    = esmtp-keyword ["=" esmtp-value]
//   esmtp-keyword  = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
//   esmtp-value    = 1*(%d33-60 / %d62-126)
//   esmtp-value    =/ UTF8-non-ascii          ; RFC 6531 3.3, with SMTPUTF8
//
// Known parameters are typed; a known keyword with a bad value is a 501 5.5.4. Unknown
// keywords are kept (not rejected) because only the session knows which extensions it
// advertised: it answers 555 5.5.4 for those it does not support (RFC 5321 4.1.1.11).
// A keyword given twice is a 501 5.5.4: no extension defines repetition, and letting the
// second silently win would hide client bugs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tern::smtp::grammar {

struct EsmtpParam {
  std::string keyword;               // upper-cased (keywords are case-insensitive)
  std::optional<std::string> value;  // as sent
  bool operator==(const EsmtpParam&) const = default;
};

// RFC 6152 / RFC 3030 3: body-value ::= "7BIT" / "8BITMIME" / "BINARYMIME"
enum class BodyType { k7Bit, k8BitMime, kBinaryMime };

// RFC 3461 4.3: ret-value = "FULL" / "HDRS"
enum class DsnReturn { kFull, kHeaders };

// RFC 3461 4.1: notify-esmtp-value = "NEVER" / 1#notify-list-element
//               notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"
struct DsnNotify {
  bool never = false;
  bool success = false;
  bool failure = false;
  bool delay = false;
  bool operator==(const DsnNotify&) const = default;
};

// RFC 3461 4.2: original-recipient-address = addr-type ";" xtext
struct OriginalRecipient {
  std::string addr_type;  // e.g. "rfc822", "utf-8"; as sent
  std::string address;    // xtext-decoded
  bool operator==(const OriginalRecipient&) const = default;
};

struct MailParams {
  // RFC 1870: size-value ::= 1*20DIGIT. A value beyond 2^64-1 is clamped to the maximum:
  // it is still an honest "too big" declaration, answered with 552 by the session.
  std::optional<std::uint64_t> size;
  std::optional<BodyType> body;
  bool smtputf8 = false;  // RFC 6531 3.4: "SMTPUTF8" without a value
  // RFC 4954 5: "AUTH=" (xtext-encoded mailbox / "<>"); decoded, "<>" kept as is.
  std::optional<std::string> auth;
  std::optional<DsnReturn> ret;
  std::optional<std::string> envid;  // RFC 3461 4.4: xtext-decoded
  std::vector<EsmtpParam> unknown;
};

struct RcptParams {
  std::optional<DsnNotify> notify;
  std::optional<OriginalRecipient> orcpt;
  std::vector<EsmtpParam> unknown;
};

// Splits "KEY=VALUE KEY2" into parameters (one SP between them, none trailing) and checks
// the esmtp-keyword / esmtp-value syntax and duplicates. Empty input gives no parameters.
// Errors: 501 5.5.4 with a public_text naming the problem.
Result<std::vector<EsmtpParam>> SplitParams(std::string_view s, bool allow_utf8);

// Parses Mail-parameters. UTF-8 values are allowed only if SMTPUTF8 is among them.
Result<MailParams> ParseMailParams(std::string_view s);

// Parses Rcpt-parameters; `allow_utf8` when the transaction's MAIL carried SMTPUTF8.
Result<RcptParams> ParseRcptParams(std::string_view s, bool allow_utf8);

// RFC 3461 4:  xtext = *( xchar / hexchar )
//   xchar = any ASCII CHAR between "!" (33) and "~" (126) inclusive, except for "+" and "="
//   hexchar = ASCII "+" immediately followed by two upper case hexadecimal digits
// Decodes; nullopt if malformed. With `allow_utf8`, UTF8-non-ascii passes through (RFC
// 6533 4 utf-8-addr-unitext).
std::optional<std::string> DecodeXtext(std::string_view s, bool allow_utf8);
// Encodes any octets as xtext.
std::string EncodeXtext(std::string_view s);

}  // namespace tern::smtp::grammar
