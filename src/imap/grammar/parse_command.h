#pragma once
// Bytes -> typed command: the second stage after CommandReader (STYLE habit 2).

#include "imap/grammar/command.h"
#include "imap/grammar/context.h"
#include "imap/grammar/raw_command.h"
#include "imap/grammar/rejection.h"

namespace tern::imap::grammar {

using CommandResult = tl::expected<Command, Rejection>;

// Parses one complete command (from CommandReader::TakeCommand):
//   command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
// Command names are case-insensitive. Which commands are allowed in which state, and
// whether an extension (MOVE, ESEARCH RETURN, ...) is advertised, is the session's
// business; the grammar knows every command. `context` decides mailbox name encoding
// (UTF-8 vs modified UTF-7), the IMAP4rev1-only search keys, and the limits.
//
// On failure the Rejection carries the tag when the line began with a valid tag (answer
// "tag BAD <text>"), else an empty tag ("* BAD <text>"), the upper-case command name when
// known, and an Error whose public_text says what was wrong, e.g. "missing mailbox name",
// "unknown command", "invalid sequence set", "unknown search key", "too many search keys"
// (kLimit). Never sets close_connection.
CommandResult ParseCommand(const RawCommand& raw, const ParseContext& context = {});

// RFC 2177 3: the line that ends IDLE is "DONE" (case-insensitive). True for that line
// (from CommandReader::ExpectLine) and nothing else.
bool IsIdleDone(const RawCommand& line);

// RFC 9051 6.2.2: an AUTHENTICATE continuation line is base64 or "*" (cancel). Returns the
// base64 text, "" for an empty line, or nullopt for "*"; fails on anything else
// ("invalid base64 in SASL response").
Result<std::optional<std::string>> ParseSaslContinuation(const RawCommand& line);

}  // namespace tern::imap::grammar
