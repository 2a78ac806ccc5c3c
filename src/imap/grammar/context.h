#pragma once
// What the session tells the grammar about the connection: which protocol revision and
// extensions are in effect. Passed by const reference; the grammar keeps no state.

#include "imap/grammar/limits.h"

namespace tern::imap::grammar {

// RFC 7888: which form of non-synchronizing literal the server advertised.
enum class LiteralMode {
  kNone,   // neither: "{n+}" is a syntax error (RFC 3501 has only "{n}")
  kPlus,   // LITERAL+: "{n+}" of any size (up to the literal limits)
  kMinus,  // LITERAL- (and IMAP4rev2, RFC 9051 2.3.1.1 includes it): "{n+}" <= 4096
};

struct ParseContext {
  // IMAP4rev2 has been enabled (ENABLE IMAP4rev2) or is the only revision offered.
  bool rev2 = false;
  // UTF8=ACCEPT is enabled (RFC 6855) or rev2 is on: mailbox names and quoted strings
  // are UTF-8 and modified UTF-7 is not decoded (RFC 9051 5.1).
  bool utf8_accept = false;
  LiteralMode literal_mode = LiteralMode::kPlus;
  Limits limits;

  bool IsUtf8() const { return rev2 || utf8_accept; }
};

}  // namespace tern::imap::grammar
