// LIST (RFC 9051 6.3.9; RFC 5258 extended LIST; RFC 6154 SPECIAL-USE; RFC 5819 STATUS)
// and LSUB (RFC 3501 6.3.9):
//   list  = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]
//   list-select-opts = "(" [list-select-opt *(SP list-select-opt)] ")"
//   list-select-opt  = "SUBSCRIBED" / "REMOTE" / "RECURSIVEMATCH" / "SPECIAL-USE"
//   mbox-or-pat      = list-mailbox / patterns
//   patterns         = "(" list-mailbox *(SP list-mailbox) ")"
//   list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")"
//   return-option    = "SUBSCRIBED" / "CHILDREN" / "SPECIAL-USE" /
//                      "STATUS" SP "(" status-att *(SP status-att) ")"
//   lsub  = "LSUB" SP mailbox SP list-mailbox
// RFC 5258 3: unknown options are refused with BAD; RECURSIVEMATCH alone is an error.

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {
namespace {

Status ParseSelection(Cursor& c, ListCommand& cmd) {
  TERN_TRY(c.Open("selection options"));
  while (c.Peek() != ')') {
    if (!cmd.selection.empty()) TERN_TRY(c.Sp("selection option"));
    std::string opt;
    if (c.TryWord("SUBSCRIBED")) {
      opt = "SUBSCRIBED";
    } else if (c.TryWord("REMOTE")) {
      opt = "REMOTE";
    } else if (c.TryWord("RECURSIVEMATCH")) {
      opt = "RECURSIVEMATCH";
    } else if (c.TryWord("SPECIAL-USE")) {
      opt = "SPECIAL-USE";
    } else {
      return Cursor::Bad("unknown LIST selection option");
    }
    if (cmd.selection.size() >= kMaxListPatterns)
      return Fail(ErrorCode::kLimit, "too many options");
    cmd.selection.push_back(std::move(opt));
  }
  TERN_TRY(c.Close("selection options"));
  bool recursive = false;
  for (const auto& o : cmd.selection) recursive |= o == "RECURSIVEMATCH";
  // RFC 5258 3.1: RECURSIVEMATCH "MUST NOT occur as the only selection option" (REMOTE
  // does not count: it selects no base attribute).
  bool base = false;
  for (const auto& o : cmd.selection) base |= o == "SUBSCRIBED" || o == "SPECIAL-USE";
  if (recursive && !base) return Cursor::Bad("RECURSIVEMATCH needs another selection option");
  return Ok();
}

Status ParseReturn(Cursor& c, ListCommand& cmd) {
  TERN_TRY(c.Sp("return options"));
  TERN_TRY(c.Open("return options"));
  bool first = true;
  while (c.Peek() != ')') {
    if (!first) TERN_TRY(c.Sp("return option"));
    first = false;
    if (c.TryWord("SUBSCRIBED")) {
      cmd.return_subscribed = true;
    } else if (c.TryWord("CHILDREN")) {
      cmd.return_children = true;
    } else if (c.TryWord("SPECIAL-USE")) {
      cmd.return_special_use = true;
    } else if (c.TryWord("STATUS")) {
      if (cmd.return_status) return Cursor::Bad("STATUS given twice");
      TERN_TRY(c.Sp("status items"));
      auto items = ParseStatusItems(c);
      if (!items) return Fail(items.error());
      cmd.return_status = std::move(*items);
    } else {
      return Cursor::Bad("unknown LIST return option");
    }
  }
  return c.Close("return options");
}

}  // namespace

Result<ListCommand> ParseList(Cursor& c, bool lsub) {
  ListCommand cmd;
  cmd.lsub = lsub;
  TERN_TRY(c.Sp("mailbox reference"));
  if (!lsub && c.Peek() == '(') {
    cmd.extended = true;
    TERN_TRY(ParseSelection(c, cmd));
    TERN_TRY(c.Sp("mailbox reference"));
  }
  auto reference = ParseListMailbox(c);  // the reference is a mailbox; no INBOX folding
  if (!reference) return Fail(reference.error());
  cmd.reference = std::move(*reference);
  TERN_TRY(c.Sp("mailbox pattern"));
  if (!lsub && c.Peek() == '(') {
    cmd.extended = true;
    TERN_TRY(c.Open("mailbox patterns"));
    do {
      auto p = ParseListMailbox(c);
      if (!p) return Fail(p.error());
      if (cmd.patterns.size() >= kMaxListPatterns) {
        return Fail(ErrorCode::kLimit, "too many mailbox patterns");
      }
      cmd.patterns.push_back(std::move(*p));
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("mailbox patterns"));
  } else {
    auto p = ParseListMailbox(c);
    if (!p) return Fail(p.error());
    cmd.patterns.push_back(std::move(*p));
  }
  if (!lsub && c.TryChar(' ')) {
    if (!c.TryWord("RETURN")) return Cursor::Bad("expected RETURN");
    cmd.extended = true;
    TERN_TRY(ParseReturn(c, cmd));
  }
  TERN_TRY(c.End("mailbox pattern"));
  return cmd;
}

}  // namespace tern::imap::grammar
