// REPLACE and UID REPLACE (RFC 8508 5):
//   replace = "REPLACE" SP seq-number SP mailbox append-message
//   uid     =/ "UID" SP replace
// seq-number is one number or "*" (RFC 9051 9), never a range, a list or "$": REPLACE
// replaces exactly one message (RFC 8508 4.7).

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {

Result<ReplaceCommand> ParseReplace(Cursor& c, bool uid) {
  ReplaceCommand cmd;
  cmd.uid = uid;
  TERN_TRY(c.Sp("message number"));
  if (c.Peek() == '$') return Cursor::Bad("REPLACE takes one message number");
  auto number = ParseSequenceSet(c);
  if (!number) return Fail(number.error());
  if (number->ranges.size() != 1 || number->ranges[0].first != number->ranges[0].last) {
    return Cursor::Bad("REPLACE takes one message number");
  }
  cmd.number = std::move(*number);
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  auto message = ParseAppendMessage(c);
  if (!message) return Fail(message.error());
  cmd.message = std::move(*message);
  TERN_TRY(c.End("message"));
  return cmd;
}

}  // namespace tern::imap::grammar
