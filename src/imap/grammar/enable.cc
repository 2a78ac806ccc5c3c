// ENABLE (RFC 5161 4, RFC 9051 6.3.1):
//   enable     = "ENABLE" 1*(SP capability)
//   capability = ("AUTH=" auth-type) / atom

#include <cctype>

#include "imap/grammar/command_parsers.h"

namespace tern::imap::grammar {

Result<EnableCommand> ParseEnable(Cursor& c) {
  EnableCommand cmd;
  TERN_TRY(c.Sp("capability"));
  do {
    auto cap = c.Atom("capability");
    if (!cap) return Fail(cap.error());
    for (char& ch : *cap) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    cmd.capabilities.push_back(std::move(*cap));
  } while (c.TryChar(' '));
  TERN_TRY(c.End("capability"));
  return cmd;
}

}  // namespace tern::imap::grammar
