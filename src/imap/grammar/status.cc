// STATUS (RFC 9051 6.3.11; RFC 3501 6.3.10):
//   status     = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"
//   status-att = "MESSAGES" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN" / "DELETED" / "SIZE"
// plus "RECENT" of RFC 3501, accepted only in IMAP4rev1, "HIGHESTMODSEQ" (RFC 7162) and "MAILBOXID" (RFC 8474).
// "APPENDLIMIT" (RFC 7889 5: status-att =/ "APPENDLIMIT").
// "DELETED-STORAGE" (RFC 9208 7: status-att =/ "DELETED" / "DELETED-STORAGE").

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {

Result<std::vector<StatusItem>> ParseStatusItems(Cursor& c) {
  TERN_TRY(c.Open("status items"));
  std::vector<StatusItem> items;
  do {
    StatusItem item;
    if (c.TryWord("MESSAGES")) {
      item = StatusItem::kMessages;
    } else if (c.TryWord("UIDNEXT")) {
      item = StatusItem::kUidNext;
    } else if (c.TryWord("UIDVALIDITY")) {
      item = StatusItem::kUidValidity;
    } else if (c.TryWord("UNSEEN")) {
      item = StatusItem::kUnseen;
    } else if (c.TryWord("DELETED")) {
      item = StatusItem::kDeleted;
    } else if (c.TryWord("SIZE")) {
      item = StatusItem::kSize;
    } else if (c.TryWord("HIGHESTMODSEQ")) {
      item = StatusItem::kHighestModSeq;
    } else if (c.TryWord("MAILBOXID")) {
      item = StatusItem::kMailboxId;
    } else if (c.TryWord("DELETED-STORAGE")) {
      item = StatusItem::kDeletedStorage;  // RFC 9208 4.1.4
    } else if (c.TryWord("APPENDLIMIT")) {
      item = StatusItem::kAppendLimit;  // RFC 7889 5
    } else if (!c.context().rev2 && c.TryWord("RECENT")) {
      item = StatusItem::kRecent;
    } else {
      return Cursor::Bad("unknown status item");
    }
    if (items.size() >= kMaxFetchItems) return Fail(ErrorCode::kLimit, "too many status items");
    items.push_back(item);
  } while (c.TryChar(' '));
  TERN_TRY(c.Close("status items"));
  return items;
}

Result<StatusCommand> ParseStatus(Cursor& c) {
  StatusCommand cmd;
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  TERN_TRY(c.Sp("status items"));
  auto items = ParseStatusItems(c);
  if (!items) return Fail(items.error());
  cmd.items = std::move(*items);
  TERN_TRY(c.End("status items"));
  return cmd;
}

}  // namespace tern::imap::grammar
