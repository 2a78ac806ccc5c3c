#pragma once
// A grammar error as the SMTP reply it deserves. The grammar never talks to a socket, but
// it knows which reply a syntax error calls for (RFC 5321 4.2.2, RFC 3463), so it says so:
// every Error returned by this library has a public_text that is a complete reply line
// without CRLF, "501 5.5.4 Syntax error in parameters", which the session may send as is
// or rebuild (e.g. without the enhanced code) through ReplyError::FromError.

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::smtp::grammar {

struct ReplyError {
  int code = 501;        // basic reply code, 400..599
  std::string enhanced;  // RFC 3463 "class.subject.detail", agrees with code's class
  std::string text;      // human text, printable US-ASCII, no CR/LF

  // "501 5.5.4 text": the public_text of ToError().
  std::string ToReplyLine() const;

  // An Error whose public_text is ToReplyLine(). Class kTooLarge for 552/500-line-too-long
  // style limits when `too_large`, else kInvalidArgument. `detail` is for the log.
  Error ToError(std::string detail = {}, bool too_large = false) const;

  // Parses a public_text made by ToReplyLine(); nullopt if it is not of that form.
  static std::optional<ReplyError> FromError(const Error& error);
};

// The replies the grammar gives (RFC 5321 4.2.2/4.2.3, RFC 3463, RFC 6531 3.5). Returned
// by value so callers can add a detail.
namespace syntax_replies {
// RFC 5321 4.2.4: "500 Syntax error, command unrecognized".
ReplyError CommandUnrecognized();
// RFC 5321 4.5.3.1.4 / 4.2.2: "500 Line too long".
ReplyError LineTooLong();
// RFC 5321 4.2.2: "501 Syntax error in parameters or arguments".
ReplyError BadArguments(std::string text = "Syntax error in parameters or arguments");
// RFC 3463 X.1.7 "Bad sender's mailbox address syntax".
ReplyError BadSenderSyntax(std::string text = "Bad sender address syntax");
// RFC 3463 X.1.3 "Bad destination mailbox address syntax".
ReplyError BadRecipientSyntax(std::string text = "Bad recipient address syntax");
// RFC 5321 4.5.3.1: "501 Path too long".
ReplyError PathTooLong();
// RFC 5321 4.2.2: "504 Command parameter not implemented".
ReplyError ParameterNotImplemented(std::string text = "Command parameter not implemented");
// RFC 5321 4.2.2: "555 MAIL FROM/RCPT TO parameters not recognized or not implemented".
ReplyError ParametersNotRecognized(std::string text);
// RFC 6531 3.5: non-ASCII address without SMTPUTF8: 550 (MAIL) / 553 (RCPT) X.6.7.
ReplyError NonAsciiSender();
ReplyError NonAsciiRecipient();
}  // namespace syntax_replies

}  // namespace tern::smtp::grammar
