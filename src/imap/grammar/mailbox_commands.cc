// Commands that name mailboxes and nothing else (RFC 9051 6.3.5-6.3.8):
//   delete      = "DELETE" SP mailbox
//   rename      = "RENAME" SP mailbox SP mailbox
//   subscribe   = "SUBSCRIBE" SP mailbox
//   unsubscribe = "UNSUBSCRIBE" SP mailbox

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {
namespace {

Result<std::string> OneMailbox(Cursor& c) {
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  TERN_TRY(c.End("mailbox name"));
  return mailbox;
}

}  // namespace

Result<DeleteCommand> ParseDelete(Cursor& c) {
  auto m = OneMailbox(c);
  if (!m) return Fail(m.error());
  return DeleteCommand{std::move(*m)};
}

Result<RenameCommand> ParseRename(Cursor& c) {
  TERN_TRY(c.Sp("mailbox name"));
  auto from = ParseMailbox(c);
  if (!from) return Fail(from.error());
  TERN_TRY(c.Sp("new mailbox name"));
  auto to = ParseMailbox(c);
  if (!to) return Fail(to.error());
  TERN_TRY(c.End("new mailbox name"));
  return RenameCommand{std::move(*from), std::move(*to)};
}

Result<SubscribeCommand> ParseSubscribe(Cursor& c, bool unsubscribe) {
  auto m = OneMailbox(c);
  if (!m) return Fail(m.error());
  return SubscribeCommand{std::move(*m), unsubscribe};
}

}  // namespace tern::imap::grammar
