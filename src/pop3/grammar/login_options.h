#pragma once
// POP3 login options, GroupWise-style: a user appends options to the login name after a
// separator, "alice:v=2dl=10", to choose how this POP client sees the mailbox. The
// administrator picks the separator (service.pop.loginseparator) and may store default
// options per account; what each option does is in docs/pop3-login-options.md. "d" and
// "p" may be combined; "p" then wins (the session's business, documented there).
//
//   login    = user [separator options]
//   options  = 1*option                         ; no spaces, each letter at most once
//   option   = ("v" / "t" / "l") "=" 1*DIGIT    ; view, days, limit
//            / "d" / "p" / "n" / "m" / "s"      ; flags
// Letters are case-insensitive. Pure, no I/O, thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::pop3::grammar {

// Ranges of the numeric options.
inline constexpr int kMaxView = 31;
inline constexpr int kMaxDays = 1000;
inline constexpr int kMaxMessagesPerSession = 1000;

// The separator an administrator gets unless configured otherwise.
inline constexpr char kDefaultLoginSeparator = ':';

// Every field has a "not given" value so that Merge can tell given from absent. Each
// letter is its own field; the parser guarantees that "n" and "m" are not both set.
struct LoginOptions {
  std::optional<int> view;       // "v=1..31": per-view record of downloaded messages
  bool delete_after = false;     // "d": downloaded messages are moved to Trash at QUIT
  bool purge_after = false;      // "p": downloaded messages are expunged at QUIT (wins over d)
  std::optional<int> days;       // "t=1..1000": only messages of the last N days
  bool plain = false;            // "n": served as plain RFC 822 text (first text/plain part)
  bool mime = false;             // "m": served as stored, MIME (the default; overrides a
                                 //      per-account default "n")
  bool artificial_size = false;  // "s": STAT reports count x 1024 octets
  std::optional<int> limit;      // "l=1..1000": at most N messages per session, oldest first

  // No option given.
  bool IsEmpty() const { return *this == LoginOptions{}; }

  bool operator==(const LoginOptions&) const = default;
};

struct LoginName {
  std::string user;      // the login without separator and options; never empty
  LoginOptions options;  // empty when the login had no separator

  bool operator==(const LoginName&) const = default;
};

// True for a character an administrator may choose as separator: printable ASCII other
// than letters and digits (which user names and options are made of) and SP (which the
// USER/APOP grammar splits on). Common choices: ':' '/' '#' '%' '+' '!'. Even '=' works,
// since the login splits at the first separator and the options come after it.
bool IsValidLoginSeparator(char separator);

// Splits `login` at the FIRST `separator`. The separator is not allowed in user names
// (the administrator chooses one no account uses), so the first occurrence is where the
// options start; splitting at the last instead would let an options text containing the
// separator be taken for part of a user name and fail with a confusing "no such user".
//
// Returns {login, {}} when there is no separator. Errors (kInvalidArgument, public text
// safe after "-ERR "): "invalid login separator" if !IsValidLoginSeparator(separator);
// "empty user name" (":v=1"); otherwise as ParseLoginOptions, e.g. "invalid login option
// 'x'", "login option 'v' must be 1..31", "login option 'd' given twice",
// "login options 'n' and 'm' exclude each other", "missing login options after ':'".
Result<LoginName> SplitLoginOptions(std::string_view login,
                                    char separator = kDefaultLoginSeparator);

// Parses an options text without separator ("v=2dl=10"), as stored per account by the
// administrator. The empty text is an error ("missing login options"): an absent value is
// the way to say "no defaults".
Result<LoginOptions> ParseLoginOptions(std::string_view options);

// The canonical text of `options`: lower case, in the order v d p t n|m s l, numbers
// without leading zeros; "" for no options. ParseLoginOptions(FormatLoginOptions(o)) == o
// for every non-empty valid o.
std::string FormatLoginOptions(const LoginOptions& options);

// The options a session uses: `given` (from the login) over `defaults` (per account),
// field by field. A number or a format the user gave replaces the default; "m" given
// overrides a default "n" (and "n" a default "m"), which is why "m" exists. The flags d, p
// and s have no "off" form in the syntax, so a default flag stays set whatever the user
// gives.
LoginOptions Merge(const LoginOptions& defaults, const LoginOptions& given);

}  // namespace tern::pop3::grammar
