#include "imap/grammar/flags.h"

#include <array>
#include <string_view>

#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {

Result<std::string> ParseFlag(Cursor& c) {
  const bool system = c.TryChar('\\');
  auto atom = c.Atom("flag");
  if (!atom) return Cursor::Bad("invalid flag");
  if (!system) return std::move(*atom);
  static constexpr std::array<std::string_view, 6> kSystem = {"Answered", "Flagged", "Deleted",
                                                              "Seen",     "Draft",   "Recent"};
  for (std::string_view s : kSystem) {
    if (EqualsIgnoreCase(*atom, s)) return "\\" + std::string(s);
  }
  return "\\" + *atom;
}

Result<std::vector<std::string>> ParseFlagList(Cursor& c) {
  TERN_TRY(c.Open("flag list"));
  std::vector<std::string> flags;
  if (c.Peek() == ')') {
    TERN_TRY(c.Close("flag list"));
    return flags;
  }
  for (;;) {
    auto flag = ParseFlag(c);
    if (!flag) return Fail(flag.error());
    if (flags.size() >= kMaxFlags) return Fail(ErrorCode::kLimit, "too many flags");
    flags.push_back(std::move(*flag));
    if (!c.TryChar(' ')) break;
  }
  TERN_TRY(c.Close("flag list"));
  return flags;
}

}  // namespace tern::imap::grammar
