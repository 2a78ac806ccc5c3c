#pragma once
// The one place where an Error becomes an SMTP reply (STYLE habit 9).

#include "base/result.h"
#include "smtp/response/reply.h"

namespace tern::smtp::response {

// If error.public_text is already a reply line ("501 5.5.4 text", as every error of
// smtp/grammar is; the enhanced code optional), that reply. Otherwise the reply for
// error.code with error.public_text as its text (the class's default text if it is
// empty):
//   kInvalidArgument 501 5.5.4   kNotFound 550 5.1.1       kPermissionDenied 550 5.7.1
//   kAuthFailed 535 5.7.8        kOverQuota 552 5.2.2      kTooLarge 552 5.3.4
//   everything else (kUnavailable, kIo, kLimit, kCorrupt, kInternal, ...) 451 4.3.0, a
//   transient failure, so the client retries rather than bouncing mail for our fault.
// error.detail is never used: it is for the log.
Reply ReplyForError(const Error& error);

}  // namespace tern::smtp::response
