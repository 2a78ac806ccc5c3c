// APPEND (RFC 9051 6.3.12; RFC 3502 MULTIAPPEND; RFC 3516 literal8):
//   append         = "APPEND" SP mailbox 1*append-message
//   append-message = append-opts SP append-data
//   append-opts    = [SP flag-list] [SP date-time]
//   append-data    = literal / literal8
// RFC 9051 has exactly one message; MULTIAPPEND's 1*append-message is a superset, so the
// grammar accepts any number (at least one) and the session refuses several if it does
// not advertise MULTIAPPEND.

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/flags.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {

Result<AppendCommand> ParseAppend(Cursor& c) {
  AppendCommand cmd;
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  do {
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
    auto data = c.MessageLiteral(/*allow_binary=*/true);
    if (!data) return Fail(data.error());
    m.data = std::move(*data);
    cmd.messages.push_back(std::move(m));
  } while (!c.AtEnd());
  return cmd;
}

}  // namespace tern::imap::grammar
