// NOTIFY (RFC 5465 3.1, 5, 6, 8); the ABNF is quoted in notify.h.
#include "imap/grammar/notify.h"

#include <algorithm>

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/limits.h"
#include "imap/grammar/mailbox_name.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

constexpr std::pair<std::string_view, NotifyEvent> kEvents[] = {
    {"MessageNew", NotifyEvent::kMessageNew},
    {"MessageExpunge", NotifyEvent::kMessageExpunge},
    {"FlagChange", NotifyEvent::kFlagChange},
    {"AnnotationChange", NotifyEvent::kAnnotationChange},
    {"MailboxName", NotifyEvent::kMailboxName},
    {"SubscriptionChange", NotifyEvent::kSubscriptionChange},
    {"MailboxMetadataChange", NotifyEvent::kMailboxMetadataChange},
    {"ServerMetadataChange", NotifyEvent::kServerMetadataChange},
};

bool Has(const NotifyEventGroup& g, NotifyEvent e) {
  return std::find(g.events.begin(), g.events.end(), e) != g.events.end();
}

bool IsMessageEvent(NotifyEvent e) {
  return e == NotifyEvent::kMessageNew || e == NotifyEvent::kMessageExpunge ||
         e == NotifyEvent::kFlagChange || e == NotifyEvent::kAnnotationChange;
}

bool IsSelectedFilter(NotifyFilter f) {
  return f == NotifyFilter::kSelected || f == NotifyFilter::kSelectedDelayed;
}

Result<NotifyFilter> ParseFilter(Cursor& c) {
  // "selected-delayed" first: TryWord("SELECTED") would not match it anyway ("-" is an
  // atom char), but the order states the intent.
  if (c.TryWord("SELECTED-DELAYED")) return NotifyFilter::kSelectedDelayed;
  if (c.TryWord("SELECTED")) return NotifyFilter::kSelected;
  if (c.TryWord("INBOXES")) return NotifyFilter::kInboxes;
  if (c.TryWord("PERSONAL")) return NotifyFilter::kPersonal;
  if (c.TryWord("SUBSCRIBED")) return NotifyFilter::kSubscribed;
  if (c.TryWord("SUBTREE")) return NotifyFilter::kSubtree;
  if (c.TryWord("MAILBOXES")) return NotifyFilter::kMailboxes;
  return Cursor::Bad("unknown mailbox filter");
}

// one-or-more-mailbox; `names` counts the names of the whole command.
Status ParseMailboxes(Cursor& c, std::vector<std::string>& out, std::size_t& names) {
  auto one = [&]() -> Status {
    if (++names > kMaxNotifyMailboxNames) return Fail(ErrorCode::kLimit, "too many mailboxes");
    auto m = ParseMailbox(c);
    if (!m) return Fail(m.error());
    out.push_back(std::move(*m));
    return Ok();
  };
  if (c.Peek() != '(') return one();
  TERN_TRY(c.Open("mailbox list"));
  do {
    TERN_TRY(one());
  } while (c.TryChar(' '));
  return c.Close("mailbox list");
}

// The RFC's own examples (3.1) leave out the parentheses around the events
// ("(selected MessageNew (uid) MessageExpunge)"); both forms are taken, as clients copy
// the examples. Without them the events run to the group's ")".
Status ParseEvents(Cursor& c, NotifyEventGroup& g) {
  if (c.TryWord("NONE")) return Ok();
  const bool parenthesized = c.Peek() == '(';
  if (parenthesized) TERN_TRY(c.Open("event list"));
  do {
    auto name = c.Atom("event");
    if (!name) return Fail(name.error());
    auto known = std::find_if(std::begin(kEvents), std::end(kEvents),
                              [&](const auto& e) { return EqualsIgnoreCase(*name, e.first); });
    if (known == std::end(kEvents)) {
      if (g.unknown_events.size() + g.events.size() >= std::size(kEvents) * 2) {
        return Fail(ErrorCode::kLimit, "too many events");
      }
      g.unknown_events.push_back(std::move(*name));
      continue;
    }
    if (!Has(g, known->second)) g.events.push_back(known->second);
    if (known->second == NotifyEvent::kMessageNew && c.Peek() == ' ') {
      // "MessageNew (" starts fetch-atts; "MessageNew MessageExpunge" does not.
      const std::size_t at = c.pos();
      c.TryChar(' ');
      if (c.Peek() != '(') {
        c.set_pos(at);
        continue;
      }
      if (!g.fetch.empty()) return Cursor::Bad("MessageNew given twice with fetch attributes");
      TERN_TRY(c.Open("fetch attributes"));
      do {
        auto item = ParseFetchAtt(c);
        if (!item) return Fail(item.error());
        if (g.fetch.size() >= kMaxFetchItems) return Fail(ErrorCode::kLimit, "too many fetch items");
        g.fetch.push_back(std::move(*item));
      } while (c.TryChar(' '));
      TERN_TRY(c.Close("fetch attributes"));
    }
  } while (c.TryChar(' '));
  return parenthesized ? c.Close("event list") : Ok();
}

// The combinations RFC 5465 answers with BAD.
Status CheckGroup(const NotifyEventGroup& g) {
  const bool is_new = Has(g, NotifyEvent::kMessageNew);
  const bool expunge = Has(g, NotifyEvent::kMessageExpunge);
  if (is_new != expunge) return Cursor::Bad("MessageNew and MessageExpunge go together");
  if ((Has(g, NotifyEvent::kFlagChange) || Has(g, NotifyEvent::kAnnotationChange)) && !is_new) {
    return Cursor::Bad("FlagChange and AnnotationChange need MessageNew and MessageExpunge");
  }
  if (IsSelectedFilter(g.filter)) {
    if (!std::all_of(g.events.begin(), g.events.end(), IsMessageEvent)) {
      return Cursor::Bad("only message events apply to the selected mailbox");
    }
  } else if (!g.fetch.empty()) {
    return Cursor::Bad("fetch attributes apply to the selected mailbox only");
  }
  return Ok();
}

}  // namespace

std::string_view NotifyEventName(NotifyEvent event) {
  for (const auto& [name, e] : kEvents) {
    if (e == event) return name;
  }
  return "";
}

Result<NotifyCommand> ParseNotify(Cursor& c) {
  NotifyCommand cmd;
  TERN_TRY(c.Sp("SET or NONE"));
  if (c.TryWord("NONE")) {
    cmd.none = true;
    TERN_TRY(c.End("NONE"));
    return cmd;
  }
  if (!c.TryWord("SET")) return Cursor::Bad("expected SET or NONE");
  TERN_TRY(c.Sp("event groups"));
  if (c.TryWord("STATUS")) {
    cmd.status = true;
    TERN_TRY(c.Sp("event groups"));
  }
  std::size_t names = 0;
  bool selected = false;
  do {
    if (cmd.groups.size() >= kMaxNotifyGroups) return Fail(ErrorCode::kLimit, "too many event groups");
    NotifyEventGroup g;
    TERN_TRY(c.Open("event group"));
    auto filter = ParseFilter(c);
    if (!filter) return Fail(filter.error());
    g.filter = *filter;
    if (g.filter == NotifyFilter::kSubtree || g.filter == NotifyFilter::kMailboxes) {
      TERN_TRY(c.Sp("mailbox"));
      TERN_TRY(ParseMailboxes(c, g.mailboxes, names));
    }
    TERN_TRY(c.Sp("events"));
    TERN_TRY(ParseEvents(c, g));
    TERN_TRY(c.Close("event group"));
    if (IsSelectedFilter(g.filter)) {
      if (selected) return Cursor::Bad("only one SELECTED or SELECTED-DELAYED group");
      selected = true;
    }
    TERN_TRY(CheckGroup(g));
    cmd.groups.push_back(std::move(g));
  } while (c.TryChar(' '));
  TERN_TRY(c.End("event groups"));
  return cmd;
}

}  // namespace tern::imap::grammar
