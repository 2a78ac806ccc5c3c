// LOGIN (RFC 9051 6.2.3):
//   login    = "LOGIN" SP userid SP password
//   userid   = astring
//   password = astring

#include "imap/grammar/command_parsers.h"

namespace tern::imap::grammar {

Result<LoginCommand> ParseLogin(Cursor& c) {
  LoginCommand cmd;
  TERN_TRY(c.Sp("user name"));
  auto user = c.AString("user name");
  if (!user) return Fail(user.error());
  TERN_TRY(c.Sp("password"));
  auto password = c.AString("password");
  if (!password) return Fail(password.error());
  TERN_TRY(c.End("password"));
  cmd.user = std::move(*user);
  cmd.password = std::move(*password);
  return cmd;
}

}  // namespace tern::imap::grammar
