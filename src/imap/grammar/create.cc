// CREATE (RFC 9051 6.3.4; RFC 4466 2.2; RFC 6154 3, 6):
//   create        = "CREATE" SP mailbox [create-params]
//   create-params = SP "(" create-param *(SP create-param) ")"
//   create-param  =/ "USE" SP "(" [use-attr *(SP use-attr)] ")"
//   use-attr      = "\All" / "\Archive" / "\Drafts" / "\Flagged" / "\Junk" / "\Sent" /
//                   "\Trash" / use-attr-ext
// Only USE is known; any other parameter is refused (RFC 4466 2.2: a server "MUST" reject
// unknown create parameters with BAD).

#include <array>

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/mailbox_name.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {

Result<CreateCommand> ParseCreate(Cursor& c) {
  CreateCommand cmd;
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  if (c.TryChar(' ')) {
    TERN_TRY(c.Open("CREATE parameters"));
    do {
      if (!c.TryWord("USE")) return Cursor::Bad("unknown CREATE parameter");
      TERN_TRY(c.Sp("special-use attributes"));
      TERN_TRY(c.Open("special-use attributes"));
      while (c.Peek() != ')') {
        if (!cmd.special_use.empty() && c.Peek() == ' ') c.TryChar(' ');
        if (!c.TryChar('\\')) return Cursor::Bad("invalid special-use attribute");
        auto a = c.Atom("special-use attribute");
        if (!a) return Fail(a.error());
        static constexpr std::array<std::string_view, 7> kKnown = {
            "All", "Archive", "Drafts", "Flagged", "Junk", "Sent", "Trash"};
        std::string attr = "\\" + *a;
        for (std::string_view k : kKnown) {
          if (EqualsIgnoreCase(*a, k)) attr = "\\" + std::string(k);
        }
        if (cmd.special_use.size() >= kMaxFlags)
          return Fail(ErrorCode::kLimit, "too many attributes");
        cmd.special_use.push_back(std::move(attr));
        if (c.Peek() != ')' && c.Peek() != ' ') return Cursor::Bad("invalid special-use attribute");
      }
      TERN_TRY(c.Close("special-use attributes"));
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("CREATE parameters"));
  }
  TERN_TRY(c.End("mailbox name"));
  return cmd;
}

}  // namespace tern::imap::grammar
