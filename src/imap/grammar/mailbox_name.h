#pragma once
// Mailbox names (RFC 9051 5.1, 9 "mailbox"; RFC 3501 5.1, 5.1.3).
//   mailbox = "INBOX" / astring   ; INBOX is case-insensitive
// In IMAP4rev1 without UTF8=ACCEPT, names on the wire are modified UTF-7; with rev2 or
// UTF8=ACCEPT they are UTF-8 (RFC 9051 5.1, RFC 6855 3). The grammar hands the session
// UTF-8 either way.

#include <string>
#include <string_view>

#include "base/result.h"
#include "imap/grammar/context.h"
#include "imap/grammar/cursor.h"

namespace tern::imap::grammar {

// Wire form -> UTF-8. Any case of "INBOX" becomes "INBOX" (only the whole name: whether
// "inbox/x" is under INBOX depends on the separator, which is the session's business).
// Fails with "invalid mailbox name" texts: 8-bit octets outside UTF-8 mode, invalid
// modified UTF-7, invalid UTF-8, NUL, longer than kMaxMailboxNameLength.
Result<std::string> DecodeMailboxName(std::string_view wire, const ParseContext& context);

// mailbox at the cursor, decoded.
Result<std::string> ParseMailbox(Cursor& cursor);

// list-mailbox = 1*list-char / string (LIST patterns may hold "%" and "*"), decoded like
// a name but without INBOX normalisation (patterns are matched, not named).
Result<std::string> ParseListMailbox(Cursor& cursor);

// Policy for names a client asks to create or rename to (not applied by the parser):
// refuses an empty name, control characters, a name starting with the separator,
// empty components ("a//b"), "." and ".." components (path tricks on file-based
// stores), the wildcards "%" and "*" (a name could then not be listed on its own), and
// names longer than kMaxMailboxNameLength. Errors are kInvalidArgument with a text for
// "tag NO <text>", e.g. "mailbox name has an empty component".
Status ValidateMailboxName(std::string_view utf8_name, char separator);

}  // namespace tern::imap::grammar
