#pragma once
// The replies the SMTP engine gives, in one place so that the same situation always gets
// the same code (RFC 5321 4.2.2/4.2.3; enhanced codes from RFC 3463 and the IANA registry
// of RFC 5248; AUTH from RFC 4954 6; STARTTLS from RFC 3207 4).

#include "smtp/response/reply.h"

namespace tern::smtp::response::replies {

// Positive.
inline constexpr CannedReply kOk{250, "2.0.0", "OK"};
inline constexpr CannedReply kSenderOk{250, "2.1.0", "Sender OK"};
inline constexpr CannedReply kRecipientOk{250, "2.1.5", "Recipient OK"};
inline constexpr CannedReply kMessageAccepted{250, "2.0.0", "Message accepted for delivery"};
inline constexpr CannedReply kResetOk{250, "2.0.0", "Reset OK"};
inline constexpr CannedReply kCannotVerify{
    252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"};
inline constexpr CannedReply kHelp{214, "2.0.0", "See https://www.rfc-editor.org/rfc/rfc5321"};
inline constexpr CannedReply kClosing{221, "2.0.0", "Bye"};
inline constexpr CannedReply kReadyForTls{220, "2.0.0", "Ready to start TLS"};
inline constexpr CannedReply kAuthSucceeded{235, "2.7.0", "Authentication successful"};
// 3xx carry no enhanced code (RFC 2034 3).
inline constexpr CannedReply kStartMailInput{354, "", "End data with <CR><LF>.<CR><LF>"};

// Transient.
inline constexpr CannedReply kTimeout{421, "4.4.2", "Timeout, closing connection"};
inline constexpr CannedReply kShuttingDown{421, "4.3.2", "Service shutting down"};
inline constexpr CannedReply kTooManyConnections{421, "4.7.0", "Too many connections"};
inline constexpr CannedReply kLocalError{451, "4.3.0", "Temporary local error, try again"};
inline constexpr CannedReply kTooManyRecipients{452, "4.5.3", "Too many recipients"};
inline constexpr CannedReply kInsufficientStorage{452, "4.3.1", "Insufficient system storage"};
inline constexpr CannedReply kTlsNotAvailable{454, "4.7.0", "TLS not available"};

// Permanent.
inline constexpr CannedReply kCommandUnrecognized{500, "5.5.2",
                                                  "Syntax error, command unrecognized"};
inline constexpr CannedReply kLineTooLong{500, "5.5.2", "Line too long"};
inline constexpr CannedReply kBadArguments{501, "5.5.4", "Syntax error in parameters or arguments"};
inline constexpr CannedReply kNotImplemented{502, "5.5.1", "Command not implemented"};
inline constexpr CannedReply kBadSequence{503, "5.5.1", "Bad sequence of commands"};
inline constexpr CannedReply kParameterNotImplemented{504, "5.5.4",
                                                      "Command parameter not implemented"};
inline constexpr CannedReply kUnrecognizedAuthMechanism{504, "5.5.4",
                                                        "Unrecognized authentication type"};
inline constexpr CannedReply kAuthRequired{530, "5.7.0", "Authentication required"};
inline constexpr CannedReply kTlsRequired{530, "5.7.0", "Must issue a STARTTLS command first"};
inline constexpr CannedReply kAuthFailed{535, "5.7.8", "Authentication credentials invalid"};
inline constexpr CannedReply kNoSuchUser{550, "5.1.1", "No such user"};
inline constexpr CannedReply kRelayDenied{550, "5.7.1", "Relaying denied"};
inline constexpr CannedReply kMailboxFull{552, "5.2.2", "Mailbox full"};
inline constexpr CannedReply kMessageTooBig{552, "5.3.4", "Message size exceeds fixed limit"};
inline constexpr CannedReply kNoValidRecipients{554, "5.5.1", "No valid recipients"};
inline constexpr CannedReply kParametersNotRecognized{
    555, "5.5.4", "MAIL FROM/RCPT TO parameters not recognized or not implemented"};

}  // namespace tern::smtp::response::replies
