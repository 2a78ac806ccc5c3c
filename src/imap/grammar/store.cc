// STORE and UID STORE (RFC 9051 6.4.6):
//   store           = "STORE" SP sequence-set SP store-att-flags
//   store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
// RFC 4466 store-modifiers (CONDSTORE UNCHANGEDSINCE) are not supported: "(" after the
// set is refused.

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/flags.h"

namespace tern::imap::grammar {

Result<StoreCommand> ParseStore(Cursor& c, bool uid) {
  StoreCommand cmd;
  cmd.uid = uid;
  TERN_TRY(c.Sp("sequence set"));
  auto set = ParseSequenceSet(c);
  if (!set) return Fail(set.error());
  cmd.set = std::move(*set);
  TERN_TRY(c.Sp("store item"));
  if (c.TryChar('+')) {
    cmd.mode = StoreMode::kAdd;
  } else if (c.TryChar('-')) {
    cmd.mode = StoreMode::kRemove;
  }
  if (c.TryWord("FLAGS.SILENT")) {
    cmd.silent = true;
  } else if (!c.TryWord("FLAGS")) {
    return Cursor::Bad("expected FLAGS, +FLAGS or -FLAGS");
  }
  TERN_TRY(c.Sp("flags"));
  if (c.Peek() == '(') {
    auto flags = ParseFlagList(c);
    if (!flags) return Fail(flags.error());
    cmd.flags = std::move(*flags);
  } else {
    do {
      auto flag = ParseFlag(c);
      if (!flag) return Fail(flag.error());
      if (cmd.flags.size() >= kMaxFlags) return Fail(ErrorCode::kLimit, "too many flags");
      cmd.flags.push_back(std::move(*flag));
    } while (c.TryChar(' '));
  }
  TERN_TRY(c.End("flags"));
  return cmd;
}

}  // namespace tern::imap::grammar
