// STORE and UID STORE (RFC 9051 6.4.6):
//   store           = "STORE" SP sequence-set SP store-att-flags
//   store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
// RFC 4466 2.5 store-modifiers: SP "(" store-modifier *(SP store-modifier) ")" between
// the set and the item; RFC 7162 3.1.3 defines the one Tern knows:
//   store-modifier =/ "UNCHANGEDSINCE" SP mod-sequence-valzer

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
  if (c.Peek() == '(') {
    TERN_TRY(c.Open("store modifiers"));
    do {
      if (!c.TryWord("UNCHANGEDSINCE")) return Cursor::Bad("unknown store modifier");
      if (cmd.unchanged_since) return Cursor::Bad("UNCHANGEDSINCE given twice");
      TERN_TRY(c.Sp("mod-sequence"));
      auto modseq = c.Number64("mod-sequence");
      if (!modseq) return Fail(modseq.error());
      cmd.unchanged_since = *modseq;
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("store modifiers"));
    TERN_TRY(c.Sp("store item"));
  }
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
