#pragma once
// Message flags (RFC 9051 2.3.2, 9):
//   flag           = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" /
//                    flag-keyword / flag-extension
//   flag-extension = "\" atom     ; future expansion, e.g. "\Recent" in IMAP4rev1
//   flag-keyword   = "$MDNSent" / "$Forwarded" / ... / atom
//   flag-list      = "(" [flag *(SP flag)] ")"

#include <string>
#include <vector>

#include "base/result.h"
#include "imap/grammar/cursor.h"

namespace tern::imap::grammar {

// One flag as sent, except that system flags get their canonical case ("\SEEN" ->
// "\Seen"): flag names are case-insensitive and handlers compare strings.
Result<std::string> ParseFlag(Cursor& cursor);

// flag-list; more than kMaxFlags flags fails with kLimit.
Result<std::vector<std::string>> ParseFlagList(Cursor& cursor);

}  // namespace tern::imap::grammar
