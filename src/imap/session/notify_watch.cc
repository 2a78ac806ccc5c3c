#include "imap/session/notify_watch.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "store/normalize.h"

namespace tern::imap::session {

namespace {

using grammar::NotifyEvent;
using grammar::NotifyFilter;

constexpr NotifyEvent kSupported[] = {
    NotifyEvent::kMessageNew,          NotifyEvent::kMessageExpunge,
    NotifyEvent::kFlagChange,          NotifyEvent::kMailboxName,
    NotifyEvent::kSubscriptionChange,  NotifyEvent::kMailboxMetadataChange,
    NotifyEvent::kServerMetadataChange,
};

bool InSubtree(std::string_view name, std::string_view root) {
  return name == root ||
         (name.size() > root.size() && name.substr(0, root.size()) == root && name[root.size()] == '/');
}

}  // namespace

NotifyWatch::NotifyWatch(const grammar::NotifyCommand& command) {
  for (const auto& g : command.groups) {
    NotifyEvents events = 0;
    for (NotifyEvent e : g.events) events |= EventBit(e);
    server_events_ |= events & EventBit(NotifyEvent::kServerMetadataChange);
    events &= ~EventBit(NotifyEvent::kServerMetadataChange);
    if (g.filter == NotifyFilter::kSelected || g.filter == NotifyFilter::kSelectedDelayed) {
      has_selected_ = true;
      selected_delayed_ = g.filter == NotifyFilter::kSelectedDelayed;
      selected_events_ = events;
      fetch_ = g.fetch;
      continue;
    }
    uses_subscriptions_ |= g.filter == NotifyFilter::kSubscribed;
    groups_.push_back(Group{g.filter, g.mailboxes, events});
  }
}

std::optional<std::string> NotifyWatch::Unsupported(const grammar::NotifyCommand& command) {
  bool bad = false;
  for (const auto& g : command.groups) {
    bad |= !g.unknown_events.empty();
    bad |= std::find(g.events.begin(), g.events.end(), NotifyEvent::kAnnotationChange) !=
           g.events.end();
  }
  if (!bad) return std::nullopt;
  std::string text = "BADEVENT (";
  for (NotifyEvent e : kSupported) {
    if (text.back() != '(') text += ' ';
    text += grammar::NotifyEventName(e);
  }
  return text + ")";
}

NotifyEvents NotifyWatch::EventsFor(std::string_view name, bool subscribed) const {
  NotifyEvents events = 0;
  for (const auto& g : groups_) {
    bool covered = false;
    switch (g.filter) {
      case NotifyFilter::kPersonal:
        covered = true;  // one personal namespace, "" (RFC 2342)
        break;
      case NotifyFilter::kInboxes:
        // RFC 5465 6.3: where an MDA delivers. LMTP delivers to INBOX only.
        covered = name == store::kInbox;
        break;
      case NotifyFilter::kSubscribed:
        covered = subscribed;
        break;
      case NotifyFilter::kSubtree:
        covered = std::any_of(g.mailboxes.begin(), g.mailboxes.end(),
                              [&](const std::string& root) { return InSubtree(name, root); });
        break;
      case NotifyFilter::kMailboxes:
        covered = std::find(g.mailboxes.begin(), g.mailboxes.end(), name) != g.mailboxes.end();
        break;
      case NotifyFilter::kSelected:
      case NotifyFilter::kSelectedDelayed:
        break;
    }
    if (covered) events |= g.events;
  }
  return events;
}

bool NotifyWatch::Resolve(const std::vector<store::Mailbox>& mailboxes,
                          const std::vector<std::string>& subscriptions) {
  std::map<store::MailboxId, Watched> next;
  for (const auto& m : mailboxes) {
    const bool subscribed =
        std::find(subscriptions.begin(), subscriptions.end(), m.name) != subscriptions.end();
    // Only message events need the mailbox's change feed; the others are account events.
    const NotifyEvents events = EventsFor(m.name, subscribed) & kMessageEvents;
    if (events == 0) continue;
    if (next.size() >= kMaxWatchedMailboxes) return false;
    auto old = watched_.find(m.id);
    Watched w{events, old != watched_.end() ? old->second.last : m};
    w.last.name = m.name;  // renames are reported as LIST, not as STATUS
    next.emplace(m.id, std::move(w));
  }
  watched_ = std::move(next);
  return true;
}

std::string NotifyWatch::StatusChange(NotifyEvents events, const store::Mailbox& before,
                                      const store::Mailbox& now, bool condstore) {
  const bool counts = (events & EventBit(NotifyEvent::kMessageNew)) != 0 &&
                      (now.uid_next != before.uid_next || now.messages != before.messages);
  const bool flags = (events & EventBit(NotifyEvent::kFlagChange)) != 0;
  const bool unseen = flags && now.unseen != before.unseen;
  std::string items;
  if (counts) {
    // RFC 5465 5.2, 5.3: STATUS (UIDNEXT MESSAGES), HIGHESTMODSEQ once CONDSTORE is on.
    items = fmt::format("UIDNEXT {} MESSAGES {}", now.uid_next, now.messages);
    if (unseen) items += fmt::format(" UNSEEN {}", now.unseen);
    if (condstore) items += fmt::format(" HIGHESTMODSEQ {}", now.highest_modseq);
  } else if (flags && now.highest_modseq != before.highest_modseq) {
    // 5.1: with CONDSTORE, HIGHESTMODSEQ and UIDVALIDITY; without, UNSEEN when it moved
    // (the MAY Tern takes), else nothing.
    if (condstore) {
      items = fmt::format("HIGHESTMODSEQ {} UIDVALIDITY {}", now.highest_modseq, now.uid_validity);
      if (unseen) items += fmt::format(" UNSEEN {}", now.unseen);
    } else if (unseen) {
      items = fmt::format("UNSEEN {}", now.unseen);
    }
  }
  return items;
}

std::string NotifyWatch::InitialStatus(NotifyEvents events, const store::Mailbox& mailbox,
                                       bool condstore) {
  if ((events & EventBit(NotifyEvent::kMessageNew)) == 0) return "";
  std::string items = fmt::format("UIDVALIDITY {} UIDNEXT {} MESSAGES {}", mailbox.uid_validity,
                                  mailbox.uid_next, mailbox.messages);
  if (condstore && (events & EventBit(NotifyEvent::kFlagChange)) != 0) {
    items += fmt::format(" HIGHESTMODSEQ {}", mailbox.highest_modseq);
  }
  return items;
}

void NotifyInbox::MailboxChanged(store::MailboxId mailbox) {
  {
    std::lock_guard lock(mu_);
    pending_.mailboxes.insert(mailbox);
  }
  Wake();
}

void NotifyInbox::AccountChanged(const store::AccountEvent& event) {
  {
    std::lock_guard lock(mu_);
    if (pending_.overflow) return;
    if (pending_.events.size() >= kMaxQueuedNotifications) {
      pending_.overflow = true;
      pending_.events.clear();
    } else {
      pending_.events.push_back(event);
    }
  }
  Wake();
}

NotifyInbox::Pending NotifyInbox::Take() {
  std::lock_guard lock(mu_);
  Pending out = std::move(pending_);
  pending_ = Pending{};
  return out;
}

bool NotifyInbox::HasPending() const {
  std::lock_guard lock(mu_);
  return pending_.overflow || !pending_.mailboxes.empty() || !pending_.events.empty();
}

void NotifyInbox::ForgetOwn(const store::AccountEvent& event) {
  std::lock_guard lock(mu_);
  auto it = std::find_if(pending_.events.begin(), pending_.events.end(),
                         [&](const store::AccountEvent& e) {
                           return e.kind == event.kind && e.mailbox == event.mailbox &&
                                  e.old_name == event.old_name;
                         });
  if (it != pending_.events.end()) pending_.events.erase(it);
}

void NotifyInbox::Wake() {
  boost::asio::post(wake.get_executor(), [self = shared_from_this()] { self->wake.cancel(); });
}

}  // namespace tern::imap::session
