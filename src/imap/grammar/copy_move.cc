// COPY, MOVE and their UID forms (RFC 9051 6.4.7, 6.4.8; RFC 6851 3.1):
//   copy = "COPY" SP sequence-set SP mailbox
//   move = "MOVE" SP sequence-set SP mailbox

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {

Result<CopyCommand> ParseCopy(Cursor& c, bool uid, bool move) {
  CopyCommand cmd;
  cmd.uid = uid;
  cmd.move = move;
  TERN_TRY(c.Sp("sequence set"));
  auto set = ParseSequenceSet(c);
  if (!set) return Fail(set.error());
  cmd.set = std::move(*set);
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  TERN_TRY(c.End("mailbox name"));
  return cmd;
}

}  // namespace tern::imap::grammar
