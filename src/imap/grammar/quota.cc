// QUOTA (RFC 9208 4.1, 7): GETQUOTA, GETQUOTAROOT and SETQUOTA.
//   getquota          = "GETQUOTA" SP quota-root-name
//   getquotaroot      = "GETQUOTAROOT" SP mailbox
//   setquota          = "SETQUOTA" SP quota-root-name SP setquota-list
//   setquota-list     = "(" [setquota-resource *(SP setquota-resource)] ")"
//   setquota-resource = resource-name SP resource-limit
//   resource-name     = "STORAGE" / "MESSAGE" / "MAILBOX" / "ANNOTATION-STORAGE" /
//                       resource-name-ext   ; resource-name-ext = atom
//   resource-limit    = number64
//   quota-root-name   = astring

#include <cctype>

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/limits.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {

Result<GetQuotaCommand> ParseGetQuota(Cursor& c) {
  TERN_TRY(c.Sp("quota root"));
  auto root = c.AString("quota root");
  if (!root) return Fail(root.error());
  TERN_TRY(c.End("quota root"));
  return GetQuotaCommand{std::move(*root)};
}

Result<GetQuotaRootCommand> ParseGetQuotaRoot(Cursor& c) {
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  TERN_TRY(c.End("mailbox name"));
  return GetQuotaRootCommand{std::move(*mailbox)};
}

Result<SetQuotaCommand> ParseSetQuota(Cursor& c) {
  SetQuotaCommand cmd;
  TERN_TRY(c.Sp("quota root"));
  auto root = c.AString("quota root");
  if (!root) return Fail(root.error());
  cmd.root = std::move(*root);
  TERN_TRY(c.Sp("resource limits"));
  TERN_TRY(c.Open("resource limits"));
  if (c.Peek() != ')') {
    do {
      auto name = c.Atom("resource name");
      if (!name) return Fail(name.error());
      for (char& ch : *name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      TERN_TRY(c.Sp("resource limit"));
      auto limit = c.Number64("resource limit");
      if (!limit) return Fail(limit.error());
      if (cmd.limits.size() >= kMaxQuotaResources) {
        return Fail(ErrorCode::kLimit, "too many quota resources");
      }
      cmd.limits.push_back({std::move(*name), *limit});
    } while (c.TryChar(' '));
  }
  TERN_TRY(c.Close("resource limits"));
  TERN_TRY(c.End("resource limits"));
  return cmd;
}

}  // namespace tern::imap::grammar
