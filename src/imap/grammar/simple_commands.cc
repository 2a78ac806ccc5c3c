// Commands without arguments (CAPABILITY, NOOP, LOGOUT, STARTTLS, NAMESPACE, IDLE, CHECK,
// CLOSE, UNSELECT) and EXPUNGE / UID EXPUNGE (RFC 9051 6.4.3, 6.4.9; RFC 4315 2.1):
//   uid-expunge = "EXPUNGE" SP sequence-set

#include "imap/grammar/command_parsers.h"

namespace tern::imap::grammar {

Status ParseNoArguments(Cursor& c, std::string_view name) {
  // Client quirk: a trailing space ("NOOP ") is tolerated, as Dovecot does.
  c.TryChar(' ');
  if (!c.AtEnd()) return Cursor::Bad(std::string(name) + " takes no arguments");
  return Ok();
}

Result<ExpungeCommand> ParseExpunge(Cursor& c, bool uid) {
  ExpungeCommand cmd;
  if (!uid) {
    TERN_TRY(ParseNoArguments(c, "EXPUNGE"));
    return cmd;
  }
  TERN_TRY(c.Sp("UID set"));
  auto set = ParseSequenceSet(c);
  if (!set) return Fail(set.error());
  TERN_TRY(c.End("UID set"));
  cmd.uids = std::move(*set);
  return cmd;
}

}  // namespace tern::imap::grammar
