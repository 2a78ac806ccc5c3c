// NOTIFY (RFC 5465): events of other mailboxes and of the account, sent unsolicited at
// command completion, during IDLE and between commands. The watch state is
// NotifyWatch/NotifyInbox (notify_watch.h); the selected mailbox keeps its usual
// EXISTS/EXPUNGE/FETCH flow (ReportChanges), filtered by the SELECTED group.
#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "imap/session/mailbox_list.h"
#include "imap/session/session.h"
#include "store/normalize.h"

namespace tern::imap::session {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using grammar::NotifyEvent;
using Kind = store::AccountEvent::Kind;

namespace {

std::string_view Parent(std::string_view name) {
  const size_t slash = name.rfind(kSeparator);
  return slash == std::string_view::npos ? std::string_view() : name.substr(0, slash);
}

// The account events a successful command of this session caused itself: RFC 5465 5
// says not to report them back to it.
std::vector<store::AccountEvent> OwnEvents(const grammar::CommandBody& body) {
  std::vector<store::AccountEvent> own;
  auto created_with_parents = [&](std::string name) {
    while (!name.empty() && name.back() == kSeparator) name.pop_back();
    for (size_t i = name.find(kSeparator); i != std::string::npos;
         i = name.find(kSeparator, i + 1)) {
      own.push_back({0, Kind::kMailboxCreated, name.substr(0, i), {}, {}});
    }
    return name;
  };
  if (const auto* c = std::get_if<grammar::CreateCommand>(&body)) {
    own.push_back({0, Kind::kMailboxCreated, created_with_parents(c->mailbox), {}, {}});
  } else if (const auto* r = std::get_if<grammar::RenameCommand>(&body)) {
    own.push_back({0, Kind::kMailboxRenamed, created_with_parents(r->to), r->from, {}});
  } else if (const auto* d = std::get_if<grammar::DeleteCommand>(&body)) {
    own.push_back({0, Kind::kMailboxDeleted, d->mailbox, {}, {}});
  } else if (const auto* s = std::get_if<grammar::SubscribeCommand>(&body)) {
    own.push_back({0, Kind::kSubscriptionChanged, s->mailbox, {}, {}});
  } else if (const auto* m = std::get_if<grammar::SetMetadataCommand>(&body)) {
    own.push_back({0, Kind::kMetadataChanged, m->mailbox, {}, {}});
  }
  return own;
}

// The mailbox whose messages (or annotations) a command of this session changed, for
// the same reason; "" for none.
std::string_view OwnMessageTarget(const grammar::CommandBody& body) {
  if (const auto* a = std::get_if<grammar::AppendCommand>(&body)) return a->mailbox;
  if (const auto* c = std::get_if<grammar::CopyCommand>(&body)) return c->mailbox;
  if (const auto* r = std::get_if<grammar::ReplaceCommand>(&body)) return r->mailbox;
  if (const auto* m = std::get_if<grammar::SetMetadataCommand>(&body)) return m->mailbox;
  return {};
}

}  // namespace

asio::awaitable<bool> Session::OnNotify(const std::string& tag, const grammar::NotifyCommand& c) {
  if (c.none) {
    notify_.reset();
    TaggedOk(tag, "NOTIFY completed");
    co_return true;
  }
  if (auto bad = NotifyWatch::Unsupported(c)) {
    TaggedNo(tag, fmt::format("[{}] Event not supported", *bad));  // RFC 5465 3.1
    co_return true;
  }
  auto state = std::make_unique<NotifyState>(
      NotifyWatch(c), std::make_shared<NotifyInbox>(co_await asio::this_coro::executor));
  // Before reading the mailboxes, so that no mailbox created meanwhile is missed.
  state->account_subscription = ctx_.store.changes().SubscribeAccount(
      account_.id, [inbox = state->inbox](const store::AccountEvent& e) { inbox->AccountChanged(e); });
  // INBOX is created on first use; INBOXES and PERSONAL must watch it from now on.
  std::string inbox_name(store::kInbox);
  auto inbox = co_await ctx_.store.GetMailbox(account_.id, std::move(inbox_name));
  if (!inbox) {
    StoreFailed(tag, inbox.error(), "NOTIFY");
    co_return true;
  }
  auto mailboxes = co_await ctx_.store.ListMailboxes(account_.id);
  if (!mailboxes) {
    StoreFailed(tag, mailboxes.error(), "NOTIFY");
    co_return true;
  }
  auto subscriptions = co_await ctx_.store.ListSubscriptions(account_.id);
  if (!subscriptions) {
    StoreFailed(tag, subscriptions.error(), "NOTIFY");
    co_return true;
  }
  if (!state->watch.Resolve(*mailboxes, *subscriptions)) {
    TaggedNo(tag, "[NOTIFICATIONOVERFLOW] Too many mailboxes to watch");  // RFC 5465 3.1
    co_return true;
  }
  // The implicit NOOP of a successful NOTIFY SET (3.1): whatever accumulated, even if
  // the NOTIFY in force so far held the selected mailbox's events back.
  if (state_ == State::kSelected) co_await ReportChanges(true, /*force=*/true);
  notify_ = std::move(state);
  WatchMailboxes();
  if (c.status) {
    for (const auto& [id, w] : notify_->watch.watched()) {
      if (state_ == State::kSelected && id == mailbox_.id) continue;  // SELECTED governs it
      const std::string items = NotifyWatch::InitialStatus(w.events, w.last, condstore_);
      if (!items.empty()) WriteNotifyStatus(w.last.name, items);
    }
  }
  TaggedOk(tag, "NOTIFY completed");
  co_return true;
}

void Session::WatchMailboxes() {
  auto& n = *notify_;
  n.mailbox_subscriptions.clear();
  for (const auto& [id, w] : n.watch.watched()) {
    n.mailbox_subscriptions.push_back(ctx_.store.changes().Subscribe(
        id, [inbox = n.inbox](store::MailboxId m, store::ModSeq) { inbox->MailboxChanged(m); }));
  }
  n.selected_id = 0;
  n.selected_subscription.Reset();
  WatchSelected();
}

void Session::WatchSelected() {
  auto& n = *notify_;
  const store::MailboxId id = state_ == State::kSelected ? mailbox_.id : 0;
  if (n.selected_id == id) return;
  n.selected_id = id;
  n.selected_subscription.Reset();
  if (id == 0 || n.watch.selected_events() == 0) return;
  // The selected mailbox's own listener only wakes IDLE; this one wakes the session
  // between commands too. A change before it exists is in signal_->changed.
  n.selected_subscription = ctx_.store.changes().Subscribe(
      id, [inbox = n.inbox](store::MailboxId m, store::ModSeq) { inbox->MailboxChanged(m); });
}

void Session::WriteNotifyStatus(std::string_view name, std::string_view items) {
  std::string line = "STATUS ";
  AppendMailboxName(line, name);
  line += fmt::format(" ({})", items);
  Untagged(line);
}

void Session::NotifyOverflow() {
  Untagged("OK [NOTIFICATIONOVERFLOW] Too many notifications; NOTIFY NONE is now in effect");
  notify_.reset();
}

asio::awaitable<void> Session::ReportNotifications(const grammar::CommandBody* command) {
  if (!notify_ || state_ == State::kLogout) co_return;
  std::string_view own_target;
  if (command != nullptr) {
    for (const auto& e : OwnEvents(*command)) notify_->inbox->ForgetOwn(e);
    own_target = OwnMessageTarget(*command);
  }
  auto pending = notify_->inbox->Take();
  if (pending.overflow) {
    NotifyOverflow();
    co_return;
  }
  if (state_ == State::kSelected) pending.mailboxes.erase(mailbox_.id);  // ReportChanges' job
  if (pending.events.empty() && pending.mailboxes.empty()) co_return;
  auto mailboxes = co_await ctx_.store.ListMailboxes(account_.id);
  auto subscriptions = co_await ctx_.store.ListSubscriptions(account_.id);
  if (!mailboxes || !subscriptions) {
    // Dropped rather than queued again, which would retry at once and keep retrying
    // while the store fails; a mailbox's next change reports its state anyway.
    log_.Problem("{} {}: NOTIFY: {} event(s) dropped: {}", conn_.peer(), account_.name,
                 pending.events.size() + pending.mailboxes.size(),
                 (!mailboxes ? mailboxes.error() : subscriptions.error()).ToLogString());
    co_return;
  }
  auto& watch = notify_->watch;
  auto subscribed = [&](const std::string& name) {
    return std::find(subscriptions->begin(), subscriptions->end(), name) != subscriptions->end();
  };
  // LIST responses (5.4, 5.5), one per name and report, in the order of the events.
  std::vector<std::pair<std::string, std::string>> lists;  // name, old name
  auto list = [&](std::string name, std::string old_name) {
    auto it = std::find_if(lists.begin(), lists.end(), [&](const auto& l) { return l.first == name; });
    if (it == lists.end()) {
      lists.emplace_back(std::move(name), std::move(old_name));
    } else if (!old_name.empty()) {
      it->second = std::move(old_name);
    }
  };
  bool names_changed = false;
  for (const auto& e : pending.events) {
    const auto events_of = [&](const std::string& name) {
      return watch.EventsFor(name, e.kind == Kind::kSubscriptionChanged || subscribed(name));
    };
    switch (e.kind) {
      case Kind::kMailboxCreated:
      case Kind::kMailboxDeleted:
        names_changed = true;
        if (events_of(e.mailbox) & EventBit(NotifyEvent::kMailboxName)) {
          list(e.mailbox, "");
          if (!Parent(e.mailbox).empty()) list(std::string(Parent(e.mailbox)), "");
        }
        break;
      case Kind::kMailboxRenamed:
        names_changed = true;
        if ((events_of(e.mailbox) | events_of(e.old_name)) & EventBit(NotifyEvent::kMailboxName)) {
          // 5.4: renaming INBOX creates the new name and leaves INBOX as it was.
          list(e.mailbox, e.old_name == store::kInbox ? "" : e.old_name);
        }
        break;
      case Kind::kSubscriptionChanged:
        names_changed |= watch.uses_subscriptions();
        if (events_of(e.mailbox) & EventBit(NotifyEvent::kSubscriptionChange)) list(e.mailbox, "");
        break;
      case Kind::kMetadataChanged: {
        // 5.6, 5.7: the names of the entries that changed (RFC 5464 4.4.2).
        const bool wanted =
            e.mailbox.empty()
                ? (watch.server_events() & EventBit(NotifyEvent::kServerMetadataChange)) != 0
                : (events_of(e.mailbox) & EventBit(NotifyEvent::kMailboxMetadataChange)) != 0;
        if (!wanted || e.entries.empty()) break;
        std::string line = "METADATA ";
        AppendMailboxName(line, e.mailbox);
        for (const auto& entry : e.entries) {
          line += ' ';
          response::AppendAString(line, entry, Mode());
        }
        Untagged(line);
        break;
      }
    }
  }
  for (const auto& [name, old_name] : lists) {
    ListRequest request;
    request.patterns = {name};
    request.rev2 = rev2_;
    request.extended = true;
    request.return_subscribed = true;
    request.return_special_use = false;
    auto entries = ListMailboxes(request, *mailboxes, *subscriptions);
    std::string line = "LIST (";
    if (entries.empty()) {
      line += "\\NonExistent";
    } else {
      for (size_t i = 0; i < entries[0].attributes.size(); ++i) {
        if (i > 0) line += ' ';
        line += entries[0].attributes[i];
      }
    }
    line += fmt::format(") \"{}\" ", kSeparator);
    AppendMailboxName(line, name);
    if (!old_name.empty()) {
      line += " (\"OLDNAME\" (";
      AppendMailboxName(line, old_name);
      line += "))";
    }
    Untagged(line);
  }
  if (names_changed) {
    if (!watch.Resolve(*mailboxes, *subscriptions)) {
      NotifyOverflow();
      co_return;
    }
    WatchMailboxes();
  }
  for (store::MailboxId id : pending.mailboxes) {
    auto w = watch.watched().find(id);
    if (w == watch.watched().end()) continue;
    auto now = std::find_if(mailboxes->begin(), mailboxes->end(),
                            [&](const store::Mailbox& m) { return m.id == id; });
    if (now == mailboxes->end()) continue;  // deleted: its LIST says so
    const std::string items =
        NotifyWatch::StatusChange(w->second.events, w->second.last, *now, condstore_);
    w->second.last = *now;
    // A change of this session's own (another session's change at the same moment is
    // then told with the next one).
    if (now->name == own_target) continue;
    if (!items.empty()) WriteNotifyStatus(now->name, items);
  }
}

asio::awaitable<Session::Woken> Session::AwaitInputOrNotification() {
  auto inbox = notify_->inbox;
  WatchSelected();
  if (inbox->HasPending()) co_return Woken::kNotification;
  if (state_ == State::kSelected && signal_ && signal_->changed.load() &&
      notify_->watch.selected_events() != 0) {
    co_return Woken::kNotification;
  }
  inbox->wake.expires_at(asio::steady_timer::time_point::max());
  auto which = co_await (conn_.ReadChunk() ||
                         inbox->wake.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (which.index() == 1) co_return Woken::kNotification;
  if (std::get<0>(which)) co_return Woken::kInput;
  if (std::get<0>(which).error().code == ErrorCode::kUnavailable) {
    Untagged("BYE Autologout; idle for too long");  // RFC 9051 5.4
    co_await Flush(true);
  }
  log_.Protocol("{} closed: {}", conn_.peer(), std::get<0>(which).error().public_text);
  co_return Woken::kEnd;
}

asio::awaitable<bool> Session::AwaitCommand() {
  // RFC 5465 3.1: with NOTIFY the client listens all the time, so events go out between
  // commands as well, but never into a command the client is still sending.
  while (notify_ && conn_.buffered() == 0 && reader_.IsIdle()) {
    if (state_ == State::kSelected && notify_->watch.selected_events() != 0) {
      // 6.1.2: SELECTED-DELAYED holds expunges back until a command allows them.
      co_await ReportChanges(!notify_->watch.selected_delayed());
    }
    co_await ReportNotifications(nullptr);
    if (!co_await Flush(true)) co_return false;
    if (!notify_) break;  // overflowed
    const Woken woken = co_await AwaitInputOrNotification();
    if (woken == Woken::kEnd) co_return false;
    if (woken == Woken::kInput) break;
  }
  co_return true;
}

asio::awaitable<void> Session::FetchNewMessages(store::Uid above) {
  // 5.2: an unsolicited FETCH with MessageNew's attributes, after EXISTS. It is answered
  // as a UID FETCH of the new messages; that command's tagged reply is not sent.
  grammar::FetchCommand fetch;
  fetch.uid = true;
  fetch.set.ranges.push_back({above + 1, view_.MaxUid()});
  fetch.items = notify_->watch.new_message_fetch();
  std::string held = std::move(tagged_);
  tagged_.clear();
  co_await OnFetch("*", fetch);
  tagged_ = std::move(held);
}

}  // namespace tern::imap::session
