#include "imap/session/notify_watch.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <string>
#include <vector>

#include "imap/grammar/parse_command.h"

namespace tern::imap::session {
namespace {

using grammar::NotifyEvent;

grammar::NotifyCommand Notify(const std::string& args) {
  grammar::RawCommand raw;
  raw.text = "t NOTIFY " + args;
  auto r = grammar::ParseCommand(raw, {});
  EXPECT_TRUE(r) << args << ": " << (r ? "" : r.error().error.public_text);
  return r ? std::get<grammar::NotifyCommand>(r->body) : grammar::NotifyCommand{};
}

store::Mailbox Box(store::MailboxId id, std::string name, uint32_t messages = 0,
                   store::Uid uid_next = 1, uint32_t unseen = 0, store::ModSeq modseq = 1) {
  store::Mailbox m;
  m.id = id;
  m.name = std::move(name);
  m.uid_validity = 7;
  m.messages = messages;
  m.uid_next = uid_next;
  m.unseen = unseen;
  m.highest_modseq = modseq;
  return m;
}

constexpr NotifyEvents kNewExpunge =
    EventBit(NotifyEvent::kMessageNew) | EventBit(NotifyEvent::kMessageExpunge);
constexpr NotifyEvents kWithFlags = kNewExpunge | EventBit(NotifyEvent::kFlagChange);

TEST(NotifyWatchTest, FiltersCoverMailboxes) {
  NotifyWatch w(Notify(
      "SET (selected-delayed (MessageNew (UID) MessageExpunge)) (subtree Lists (MessageNew "
      "MessageExpunge)) (mailboxes (misc \"a*\") (MailboxName)) (inboxes (FlagChange MessageNew "
      "MessageExpunge)) (subscribed (SubscriptionChange)) (personal (ServerMetadataChange))"));
  EXPECT_TRUE(w.has_selected_filter());
  EXPECT_TRUE(w.selected_delayed());
  EXPECT_EQ(w.selected_events(), kNewExpunge);
  EXPECT_EQ(w.new_message_fetch().size(), 1u);
  EXPECT_EQ(w.EventsFor("Lists", false), kNewExpunge);
  EXPECT_EQ(w.EventsFor("Lists/Lemonade/x", false), kNewExpunge);
  EXPECT_EQ(w.EventsFor("ListsX", false), 0u);  // a subtree ends at the separator
  EXPECT_EQ(w.EventsFor("misc", false), EventBit(NotifyEvent::kMailboxName));
  EXPECT_EQ(w.EventsFor("abc", false), 0u);  // RFC 5465 6.6: no wildcards
  EXPECT_EQ(w.EventsFor("a*", false), EventBit(NotifyEvent::kMailboxName));
  EXPECT_EQ(w.EventsFor("INBOX", false), kWithFlags);
  EXPECT_EQ(w.EventsFor("Other", true), EventBit(NotifyEvent::kSubscriptionChange));
  EXPECT_EQ(w.server_events(), EventBit(NotifyEvent::kServerMetadataChange));
  EXPECT_TRUE(w.uses_subscriptions());

  // Only mailboxes with message events are watched on the feed; state survives re-resolving.
  ASSERT_TRUE(w.Resolve({Box(1, "INBOX"), Box(2, "Lists"), Box(3, "misc")}, {}));
  EXPECT_EQ(w.watched().size(), 2u);
  w.watched()[2].last.messages = 5;
  ASSERT_TRUE(w.Resolve({Box(1, "INBOX"), Box(2, "Lists"), Box(4, "Lists/new")}, {}));
  EXPECT_EQ(w.watched().size(), 3u);
  EXPECT_EQ(w.watched()[2].last.messages, 5u);
}

TEST(NotifyWatchTest, TooManyMailboxesOverflow) {
  NotifyWatch w(Notify("SET (personal (MessageNew MessageExpunge))"));
  std::vector<store::Mailbox> boxes;
  for (size_t i = 0; i <= kMaxWatchedMailboxes; ++i) boxes.push_back(Box(i + 1, std::to_string(i)));
  EXPECT_FALSE(w.Resolve(boxes, {}));
  boxes.pop_back();
  EXPECT_TRUE(w.Resolve(boxes, {}));
}

TEST(NotifyWatchTest, BadEventListsEverySupportedEvent) {
  const std::string all =
      "BADEVENT (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange "
      "MailboxMetadataChange ServerMetadataChange)";
  EXPECT_EQ(NotifyWatch::Unsupported(Notify("SET (personal (MessageNew MessageExpunge "
                                            "AnnotationChange))")),
            all);
  EXPECT_EQ(NotifyWatch::Unsupported(Notify("SET (personal (Whatever))")), all);
  EXPECT_EQ(NotifyWatch::Unsupported(Notify("SET (personal (MailboxName))")), std::nullopt);
}

TEST(NotifyWatchTest, StatusItemsPerRfc5465Section5) {
  const auto before = Box(1, "misc", 3, 10, 1, 50);
  // 5.2: new message, without and with CONDSTORE.
  EXPECT_EQ(NotifyWatch::StatusChange(kNewExpunge, before, Box(1, "misc", 4, 11, 2, 51), false),
            "UIDNEXT 11 MESSAGES 4");
  EXPECT_EQ(NotifyWatch::StatusChange(kWithFlags, before, Box(1, "misc", 4, 11, 2, 51), true),
            "UIDNEXT 11 MESSAGES 4 UNSEEN 2 HIGHESTMODSEQ 51");
  // 5.3: expunge.
  EXPECT_EQ(NotifyWatch::StatusChange(kNewExpunge, before, Box(1, "misc", 2, 10, 1, 52), false),
            "UIDNEXT 10 MESSAGES 2");
  // 5.1: flags only.
  const auto seen = Box(1, "misc", 3, 10, 0, 53);
  EXPECT_EQ(NotifyWatch::StatusChange(kNewExpunge, before, seen, true), "");
  EXPECT_EQ(NotifyWatch::StatusChange(kWithFlags, before, seen, false), "UNSEEN 0");
  EXPECT_EQ(NotifyWatch::StatusChange(kWithFlags, before, seen, true),
            "HIGHESTMODSEQ 53 UIDVALIDITY 7 UNSEEN 0");
  const auto flagged = Box(1, "misc", 3, 10, 1, 54);
  EXPECT_EQ(NotifyWatch::StatusChange(kWithFlags, before, flagged, false), "");
  EXPECT_EQ(NotifyWatch::StatusChange(kWithFlags, before, flagged, true),
            "HIGHESTMODSEQ 54 UIDVALIDITY 7");
  // 3.1: NOTIFY SET STATUS.
  EXPECT_EQ(NotifyWatch::InitialStatus(kNewExpunge, before, true),
            "UIDVALIDITY 7 UIDNEXT 10 MESSAGES 3");
  EXPECT_EQ(NotifyWatch::InitialStatus(kWithFlags, before, true),
            "UIDVALIDITY 7 UIDNEXT 10 MESSAGES 3 HIGHESTMODSEQ 50");
  EXPECT_EQ(NotifyWatch::InitialStatus(0, before, true), "");
}

TEST(NotifyInboxTest, OverflowsAndForgetsOwnEvents) {
  boost::asio::io_context io;
  auto inbox = std::make_shared<NotifyInbox>(io.get_executor());
  EXPECT_FALSE(inbox->HasPending());
  store::AccountEvent created{1, store::AccountEvent::Kind::kMailboxCreated, "a", {}, {}};
  store::AccountEvent other{1, store::AccountEvent::Kind::kMailboxCreated, "b", {}, {}};
  inbox->AccountChanged(created);
  inbox->AccountChanged(other);
  inbox->MailboxChanged(9);
  inbox->ForgetOwn(created);
  auto p = inbox->Take();
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].mailbox, "b");
  EXPECT_EQ(p.mailboxes, (std::set<store::MailboxId>{9}));
  EXPECT_FALSE(p.overflow);
  EXPECT_FALSE(inbox->HasPending());
  for (size_t i = 0; i <= kMaxQueuedNotifications; ++i) inbox->AccountChanged(other);
  p = inbox->Take();
  EXPECT_TRUE(p.overflow);
  EXPECT_TRUE(p.events.empty());
  io.run();  // the wake-ups posted meanwhile
}

}  // namespace
}  // namespace tern::imap::session
