// APPEND (RFC 9051 6.3.12; RFC 3502 MULTIAPPEND; RFC 3516 literal8; RFC 4469 CATENATE):
//   append         = "APPEND" SP mailbox 1*append-message
//   append-message = append-opts SP append-data
//   append-opts    = [SP flag-list] [SP date-time]
//   append-data    = literal / literal8 /
//                    "CATENATE" SP "(" cat-part *(SP cat-part) ")" /
//                    "UTF8" SP "(" literal8 ")"      ; RFC 6855 4
//   cat-part       = text-literal / url
//   text-literal   = "TEXT" SP literal
//   url            = "URL" SP astring
// RFC 9051 has exactly one message; MULTIAPPEND's 1*append-message is a superset, so the
// grammar accepts any number (at least one) and the session refuses several if it does
// not advertise MULTIAPPEND.

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/flags.h"
#include "imap/grammar/limits.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {
namespace {

// "(" cat-part *(SP cat-part) ")", the cursor after "CATENATE" SP.
Result<std::vector<CatenatePart>> ParseCatenateParts(Cursor& c) {
  std::vector<CatenatePart> parts;
  TERN_TRY(c.Open("CATENATE parts"));
  do {
    if (parts.size() >= kMaxCatenateParts) return Fail(ErrorCode::kLimit, "too many CATENATE parts");
    if (c.TryWord("TEXT")) {
      TERN_TRY(c.Sp("TEXT literal"));
      // RFC 4469 5: text-literal is a literal; literal8 is for whole messages only.
      auto data = c.MessageLiteral(/*allow_binary=*/false);
      if (!data) return Fail(data.error());
      parts.emplace_back(CatenateText{std::move(*data)});
    } else if (c.TryWord("URL")) {
      TERN_TRY(c.Sp("URL"));
      auto url = c.AString("URL");
      if (!url) return Fail(url.error());
      parts.emplace_back(CatenateUrl{std::move(*url)});
    } else {
      return Cursor::Bad("expected TEXT or URL");
    }
  } while (c.TryChar(' '));
  TERN_TRY(c.Close("CATENATE parts"));
  return parts;
}

}  // namespace

Result<AppendMessage> ParseAppendMessage(Cursor& c) {
  AppendMessage m;
  TERN_TRY(c.Sp("message literal"));
  if (c.Peek() == '(') {
    auto flags = ParseFlagList(c);
    if (!flags) return Fail(flags.error());
    m.flags = std::move(*flags);
    TERN_TRY(c.Sp("message literal"));
  }
  if (c.Peek() == '"') {
    auto date = ParseDateTime(c);
    if (!date) return Fail(date.error());
    m.date = *date;
    TERN_TRY(c.Sp("message literal"));
  }
  if (c.TryWord("CATENATE")) {
    TERN_TRY(c.Sp("CATENATE parts"));
    auto parts = ParseCatenateParts(c);
    if (!parts) return Fail(parts.error());
    m.catenate = std::move(*parts);
    return m;
  }
  // RFC 6855 4: utf8-literal = "UTF8" SP "(" literal8 ")", a message with UTF-8 headers.
  // Tern stores such messages as any other, so only the syntax differs.
  const bool utf8 = c.TryWord("UTF8");
  if (utf8) {
    TERN_TRY(c.Sp("UTF8 literal"));
    TERN_TRY(c.Open("UTF8 literal"));
  }
  auto data = c.MessageLiteral(/*allow_binary=*/true);
  if (!data) return Fail(data.error());
  if (utf8) TERN_TRY(c.Close("UTF8 literal"));
  m.data = std::move(*data);
  return m;
}

Result<AppendCommand> ParseAppend(Cursor& c) {
  AppendCommand cmd;
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  do {
    auto m = ParseAppendMessage(c);
    if (!m) return Fail(m.error());
    cmd.messages.push_back(std::move(*m));
  } while (!c.AtEnd());
  return cmd;
}

}  // namespace tern::imap::grammar
