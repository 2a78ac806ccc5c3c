#pragma once
// Typed POP3 commands (RFC 1939 sections 4-7, RFC 2449 5, RFC 2595 4, RFC 5034 4,
// RFC 6856 2.1 and 3). The session dispatches on the variant and never sees raw tokens
// (STYLE habit 2). ParseCommand (parse_command.h) makes them.
//
// RFC 2449 3, the general form every command has:
//   command = keyword *(SP param) CRLF    ;255 octets maximum
//   keyword = 3*4VCHAR
//   param   = 1*VCHAR
// Which state a command is valid in is for the session (RFC 1939 3).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace tern::pop3::grammar {

// RFC 1939 7: USER name. The name as sent, login options included ("alice:v=2d"):
// SplitLoginOptions (login_options.h) takes them apart.
struct User {
  std::string name;
};

// RFC 1939 7: PASS string. "Since the PASS command has exactly one argument, a POP3
// server may treat spaces in the argument as part of the password, instead of as
// argument separators." Everything after "PASS " is kept exactly, spaces included.
struct Pass {
  std::string password;
};

// RFC 1939 7: APOP name digest. "digest ... is the MD5 digest ... in hexadecimal format"
// (32 hex digits; lower case is what RFC 1939 shows, upper case is accepted and kept as
// sent: the session compares case-insensitively).
struct Apop {
  std::string name;
  std::string digest;
};

// RFC 1939 5: STAT.
struct Stat {};

// RFC 1939 5: LIST [msg].
struct List {
  std::optional<std::uint32_t> msg;  // 1..kMaxMessageNumber
};

// RFC 1939 5: RETR msg.
struct Retr {
  std::uint32_t msg = 0;
};

// RFC 1939 5: DELE msg.
struct Dele {
  std::uint32_t msg = 0;
};

// RFC 1939 5: NOOP.
struct Noop {};

// RFC 1939 5: RSET.
struct Rset {};

// RFC 1939 5/6: QUIT.
struct Quit {};

// RFC 1939 7: TOP msg n. "n ... MUST be non-negative"; 0 asks for the header only.
struct Top {
  std::uint32_t msg = 0;
  std::uint32_t lines = 0;  // 0..kMaxTopLines
};

// RFC 1939 7: UIDL [msg].
struct Uidl {
  std::optional<std::uint32_t> msg;
};

// RFC 2449 5: CAPA.
struct Capa {};

// RFC 2595 4: STLS.
struct Stls {};

// RFC 5034 4: AUTH mechanism [initial-response]
//   auth-command     = "AUTH" SP sasl-mech [SP initial-response] ...
//   initial-response = base64 / "="
// Client quirk: a bare "AUTH" (no mechanism) asks for the list of mechanisms, as in the
// pre-RFC 5034 drafts and RFC 1734 era servers; Outlook and others still send it before
// AUTH mechanism, so it parses (mechanism nullopt) and the session answers with the list.
struct Auth {
  std::optional<std::string> mechanism;  // upper-cased; nullopt for a bare "AUTH"
  // nullopt when absent; "" for "=" (an empty initial response); otherwise the base64
  // text as sent (syntax-checked, not decoded: the session decodes).
  std::optional<std::string> initial_response;
};

// RFC 6856 2.1: UTF8 (no parameters).
struct Utf8 {};

// RFC 6856 3: LANG [lang-or-wild]. Without an argument the server lists its languages.
//   language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"   (RFC 4647 2.1)
struct Lang {
  std::optional<std::string> language;  // as sent
};

using Command = std::variant<User, Pass, Apop, Stat, List, Retr, Dele, Noop, Rset, Quit, Top, Uidl,
                             Capa, Stls, Auth, Utf8, Lang>;

// The keyword as upper-case text ("RETR", "STLS"), for logs and statistics. The returned
// view is static.
std::string_view CommandName(const Command& command);

}  // namespace tern::pop3::grammar
