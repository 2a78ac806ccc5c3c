#pragma once
// What a session watches after NOTIFY SET (RFC 5465): which events apply to which
// mailbox, the last state of each watched mailbox that the client was told, and the
// inbox the change feed's listeners fill. NotifyWatch is pure (the session feeds it the
// store's answers); NotifyInbox is the only part touched by other threads.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "imap/grammar/notify.h"
#include "store/change_feed.h"
#include "store/types.h"

namespace tern::imap::session {

// Mailboxes one NOTIFY SET may watch once its filters are expanded (PERSONAL on an
// account with thousands of folders): beyond it NOTIFY SET is NO [NOTIFICATIONOVERFLOW]
// (RFC 5465 3.1), and a watch that grows beyond it (new mailboxes) overflows.
inline constexpr std::size_t kMaxWatchedMailboxes = 1000;
// Account events (mailbox names, subscriptions, annotations) queued and not yet sent:
// a client that does not read while they pile up gets [NOTIFICATIONOVERFLOW] (5.8).
inline constexpr std::size_t kMaxQueuedNotifications = 1000;

// A set of grammar::NotifyEvent values.
using NotifyEvents = uint32_t;
constexpr NotifyEvents EventBit(grammar::NotifyEvent e) { return 1u << static_cast<unsigned>(e); }
inline constexpr NotifyEvents kMessageEvents =
    EventBit(grammar::NotifyEvent::kMessageNew) | EventBit(grammar::NotifyEvent::kMessageExpunge) |
    EventBit(grammar::NotifyEvent::kFlagChange) | EventBit(grammar::NotifyEvent::kAnnotationChange);

class NotifyWatch {
 public:
  // `command` must have passed Unsupported().
  explicit NotifyWatch(const grammar::NotifyCommand& command);

  // The "BADEVENT (...)" response text if `command` asks for an event Tern does not
  // support (AnnotationChange needs ANNOTATE; unknown event names), else nullopt. The list
  // names every supported event, as RFC 5465 3.1 requires.
  static std::optional<std::string> Unsupported(const grammar::NotifyCommand& command);

  // Message events for the selected mailbox (SELECTED / SELECTED-DELAYED), 0 without.
  NotifyEvents selected_events() const { return selected_events_; }
  bool has_selected_filter() const { return has_selected_; }
  bool selected_delayed() const { return selected_delayed_; }
  const std::vector<grammar::FetchItem>& new_message_fetch() const { return fetch_; }
  // Events for the mailbox `name` through the other filters (RFC 5465 6.2-6.6), the
  // union over the groups that cover it.
  NotifyEvents EventsFor(std::string_view name, bool subscribed) const;
  // Events no mailbox filter limits: ServerMetadataChange of any group.
  NotifyEvents server_events() const { return server_events_; }
  // A SUBSCRIBED filter is used: the watch depends on the subscriptions (6.4).
  bool uses_subscriptions() const { return uses_subscriptions_; }

  // A watched mailbox: its events and its state as last reported (or as found when the
  // watch began).
  struct Watched {
    NotifyEvents events = 0;
    store::Mailbox last;
  };
  // Replaces the watched set (the mailboxes with message events) from the account's
  // mailboxes; the state of mailboxes watched before is kept. False if more than kMaxWatchedMailboxes would be watched.
  bool Resolve(const std::vector<store::Mailbox>& mailboxes,
               const std::vector<std::string>& subscriptions);
  std::map<store::MailboxId, Watched>& watched() { return watched_; }

  // The STATUS items (RFC 5465 5.1-5.3) that tell a client watching `events` how a
  // mailbox went from `before` to `now`, e.g. "UIDNEXT 5 MESSAGES 3"; "" when the change
  // is nothing it asked to hear about. `condstore`: CONDSTORE or QRESYNC is enabled.
  static std::string StatusChange(NotifyEvents events, const store::Mailbox& before,
                                  const store::Mailbox& now, bool condstore);
  // NOTIFY SET STATUS's items for a mailbox (3.1), "" when it has no message events.
  static std::string InitialStatus(NotifyEvents events, const store::Mailbox& mailbox,
                                   bool condstore);

 private:
  struct Group {
    grammar::NotifyFilter filter;
    std::vector<std::string> mailboxes;
    NotifyEvents events = 0;
  };
  std::vector<Group> groups_;
  NotifyEvents selected_events_ = 0;
  bool has_selected_ = false;
  bool selected_delayed_ = false;
  std::vector<grammar::FetchItem> fetch_;
  NotifyEvents server_events_ = 0;
  bool uses_subscriptions_ = false;
  std::map<store::MailboxId, Watched> watched_;
};

// Filled by the change feed's listeners on any thread, emptied by the session on its
// own. Wakes the session (cancels `wake`, on the session's executor) when something
// arrives.
class NotifyInbox : public std::enable_shared_from_this<NotifyInbox> {
 public:
  explicit NotifyInbox(const boost::asio::any_io_executor& ex) : wake(ex) {}

  void MailboxChanged(store::MailboxId mailbox);
  // Past kMaxQueuedNotifications the inbox overflows: events are dropped from then on.
  void AccountChanged(const store::AccountEvent& event);

  struct Pending {
    std::set<store::MailboxId> mailboxes;
    std::vector<store::AccountEvent> events;
    bool overflow = false;
  };
  Pending Take();
  bool HasPending() const;
  // Drops one queued event equal in kind and names to `event`: the session's own change,
  // which RFC 5465 5 says not to report back to it.
  void ForgetOwn(const store::AccountEvent& event);

  boost::asio::steady_timer wake;  // the session's thread only

 private:
  void Wake();

  mutable std::mutex mu_;
  Pending pending_;
};

// A session's NOTIFY: the watch, its inbox and the feed subscriptions that fill it.
struct NotifyState {
  NotifyState(NotifyWatch w, std::shared_ptr<NotifyInbox> i)
      : watch(std::move(w)), inbox(std::move(i)) {}
  NotifyWatch watch;
  std::shared_ptr<NotifyInbox> inbox;
  store::ChangeFeed::Subscription account_subscription;
  std::vector<store::ChangeFeed::Subscription> mailbox_subscriptions;  // the watched ones
  // The selected mailbox, when a SELECTED group asks for its events.
  store::MailboxId selected_id = 0;
  store::ChangeFeed::Subscription selected_subscription;
};

}  // namespace tern::imap::session
