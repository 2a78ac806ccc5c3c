#pragma once
// NOTIFY (RFC 5465 8):
//   notify           = "NOTIFY" SP (notify-set / notify-none)
//   notify-set       = "SET" [status-indicator] SP event-groups
//   notify-none      = "NONE"
//   status-indicator = SP "STATUS"
//   event-groups     = event-group *(SP event-group)
//   event-group      = "(" filter-mailboxes SP events ")"
//   filter-mailboxes = "selected" / "selected-delayed" / "inboxes" / "personal" /
//                      "subscribed" / ("subtree" SP one-or-more-mailbox) /
//                      ("mailboxes" SP one-or-more-mailbox)
//   one-or-more-mailbox = mailbox / "(" mailbox *(SP mailbox) ")"
//   events           = ("(" event *(SP event) ")") / "NONE"
//   message-event    = ("MessageNew" [SP "(" fetch-att *(SP fetch-att) ")"]) /
//                      "MessageExpunge" / "FlagChange" / "AnnotationChange"
//   mailbox-event    = "MailboxName" / "SubscriptionChange" / "MailboxMetadataChange"
//   user-event       = "ServerMetadataChange"
//   event-ext        = atom
// The parser enforces what RFC 5465 answers with BAD (section 5: MessageNew and
// MessageExpunge only together, FlagChange and AnnotationChange only with both; 6.1: one
// SELECTED or SELECTED-DELAYED group, and only message events in it; 8: fetch-atts only
// there). Events it does not know are kept by name: the session refuses them with
// NO [BADEVENT], as section 3.1 requires (not BAD).

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "imap/grammar/cursor.h"
#include "imap/grammar/fetch.h"

namespace tern::imap::grammar {

enum class NotifyEvent : std::uint8_t {
  kMessageNew,
  kMessageExpunge,
  kFlagChange,
  kAnnotationChange,
  kMailboxName,
  kSubscriptionChange,
  kMailboxMetadataChange,
  kServerMetadataChange,
};

enum class NotifyFilter : std::uint8_t {
  kSelected,
  kSelectedDelayed,
  kInboxes,
  kPersonal,
  kSubscribed,
  kSubtree,
  kMailboxes,
};

struct NotifyEventGroup {
  NotifyFilter filter = NotifyFilter::kPersonal;
  std::vector<std::string> mailboxes;  // SUBTREE and MAILBOXES: at least one
  std::vector<NotifyEvent> events;     // empty for NONE
  std::vector<std::string> unknown_events;  // event-ext atoms, as sent
  // MessageNew's fetch-atts (SELECTED and SELECTED-DELAYED only); empty when none.
  std::vector<FetchItem> fetch;
  bool operator==(const NotifyEventGroup&) const = default;
};

struct NotifyCommand {
  bool none = false;    // NOTIFY NONE
  bool status = false;  // NOTIFY SET STATUS
  std::vector<NotifyEventGroup> groups;  // at least one for SET
  bool operator==(const NotifyCommand&) const = default;
};

// Event groups in one NOTIFY SET and mailbox names in all of them together. Clients name
// a handful (RFC 5465 3.1 advises limiting them); the session bounds what they expand to.
inline constexpr std::size_t kMaxNotifyGroups = 32;
inline constexpr std::size_t kMaxNotifyMailboxNames = 100;

// Parses the arguments after "NOTIFY" (the cursor is at the SP before SET or NONE).
Result<NotifyCommand> ParseNotify(Cursor& cursor);

// The event's name as RFC 5465 spells it ("MessageNew").
std::string_view NotifyEventName(NotifyEvent event);

}  // namespace tern::imap::grammar
