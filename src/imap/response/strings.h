#pragma once
// IMAP string forms in server responses (RFC 9051 and RFC 3501 section 4.3, section 9
// ABNF): NIL, atoms, quoted strings, literals, nstring, astring and flag lists. Pure
// functions that append to a caller's buffer; thread-safe.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tern::imap::response {

// What a quoted string may carry on this connection.
enum class TextMode {
  // IMAP4rev1 without UTF8=ACCEPT. RFC 3501 section 9: "QUOTED-CHAR = <any TEXT-CHAR
  // except quoted-specials> / '\' quoted-specials", TEXT-CHAR being 7-bit: any 8-bit
  // text goes in a literal.
  kAscii,
  // IMAP4rev2 (RFC 9051 section 9: QUOTED-CHAR =/ UTF8-2 / UTF8-3 / UTF8-4) or
  // UTF8=ACCEPT enabled (RFC 6855 section 3): valid UTF-8 may be quoted.
  kUtf8,
};

// True if `s` is an RFC 9051 atom: "atom = 1*ATOM-CHAR", ATOM-CHAR being any CHAR
// except atom-specials ("(" ")" "{" SP CTL "%" "*" DQUOTE "\" "]").
bool IsAtom(std::string_view s) noexcept;

// True if `s` can be sent as a quoted string in `mode`: no NUL, CR or LF, and either all
// 7-bit or (kUtf8) valid UTF-8.
bool CanQuote(std::string_view s, TextMode mode) noexcept;

// Appends "NIL".
void AppendNil(std::string& out);

// Appends `s` as a quoted string; precondition CanQuote(s, mode) (not checked: use
// AppendString unless the text is known to be quotable). '"' and '\' are escaped.
void AppendQuoted(std::string& out, std::string_view s);

// Appends `s` as a literal "{n}\r\n" followed by the octets. NUL octets are dropped
// (both RFCs define literal octets as CHAR8 = %x01-ff, so NUL cannot be sent in any
// string) and n counts what is sent.
void AppendLiteral(std::string& out, std::string_view s);

// "string = quoted / literal": quoted when CanQuote(s, mode), else a literal (NUL
// dropped, see AppendLiteral). The empty string is "".
void AppendString(std::string& out, std::string_view s, TextMode mode);

// "nstring = string / nil": NIL for nullopt, else AppendString.
void AppendNString(std::string& out, const std::optional<std::string>& s, TextMode mode);

// "astring = 1*ASTRING-CHAR / string" (mailbox names, user names): an atom (ASTRING-CHAR
// also allows "]") when possible, else a string. "NIL" in any case is quoted: it is a
// valid astring atom, but clients that read mailbox names with their nstring code would
// take it for nil.
void AppendAString(std::string& out, std::string_view s, TextMode mode);

// "flag-list = '(' [flag *(SP flag)] ')'" (and the PERMANENTFLAGS list, which adds "\*").
// Each flag is an atom or "\" atom, or "\*". Flags that are neither are skipped: they
// could not be sent without breaking the response syntax, and the grammar and store never
// produce them.
void AppendFlagList(std::string& out, std::span<const std::string> flags);

}  // namespace tern::imap::response
