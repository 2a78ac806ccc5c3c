#pragma once
// UIDONLY (RFC 9586 3): once enabled, a command that names messages by sequence number
// is refused with BAD [UIDREQUIRED]. Which commands do is a property of the parsed
// command alone, so it is decided here, before the command runs.

#include "imap/grammar/command.h"

namespace tern::imap::session {

// True for FETCH, STORE, COPY, MOVE, SEARCH, SORT, THREAD and REPLACE without UID
// (3.2, 3.8), a search key that is a sequence set (3.5; "$" names a saved result, not
// numbers, and stays allowed), and SELECT/EXAMINE (QRESYNC ...) with sequence match
// data (3.7).
bool UsesSequenceNumbers(const grammar::CommandBody& body);

}  // namespace tern::imap::session
