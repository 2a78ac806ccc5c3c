// AUTHENTICATE (RFC 9051 6.2.2; RFC 4959 SASL-IR 7):
//   authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]
//   auth-type    = atom
//   initial-resp = (base64 / "=")

#include <cctype>

#include "imap/grammar/command_parsers.h"

namespace tern::imap::grammar {
namespace {

// base64 = *(4base64-char) [base64-terminal]
bool IsBase64(std::string_view s) {
  if (s.size() % 4 != 0) return false;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if (ch == '=') {
      ++pad;
      if (pad > 2) return false;
      continue;
    }
    if (pad > 0) return false;  // "=" only at the end
    if (!std::isalnum(ch) && ch != '+' && ch != '/') return false;
  }
  return true;
}

}  // namespace

bool IsBase64Text(std::string_view s) { return IsBase64(s); }

Result<AuthenticateCommand> ParseAuthenticate(Cursor& c) {
  TERN_TRY(c.Sp("SASL mechanism"));
  auto mech = c.Atom("SASL mechanism");
  if (!mech) return Fail(mech.error());
  AuthenticateCommand cmd;
  for (char& ch : *mech) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  cmd.mechanism = std::move(*mech);
  if (c.TryChar(' ')) {
    const std::string_view ir = c.TakeWhile([](unsigned char ch) { return ch != ' '; });
    if (ir == "=") {
      cmd.initial_response = std::string();
    } else if (!ir.empty() && IsBase64(ir)) {
      cmd.initial_response = std::string(ir);
    } else {
      return Cursor::Bad("invalid base64 in initial response");
    }
  }
  TERN_TRY(c.End("initial response"));
  return cmd;
}

}  // namespace tern::imap::grammar
