#include "store/change_feed.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace tern::store {
namespace {

using Event = std::pair<MailboxId, ModSeq>;

TEST(ChangeFeedTest, ListenersHearOnlyTheirMailbox) {
  ChangeFeed feed;
  std::vector<Event> a, b;
  auto sa = feed.Subscribe(1, [&](MailboxId m, ModSeq s) { a.emplace_back(m, s); });
  auto sb = feed.Subscribe(2, [&](MailboxId m, ModSeq s) { b.emplace_back(m, s); });
  feed.Publish(1, 10);
  feed.Publish(2, 20);
  feed.Publish(3, 30);
  feed.Publish(1, 11);
  EXPECT_EQ(a, (std::vector<Event>{{1, 10}, {1, 11}}));
  EXPECT_EQ(b, (std::vector<Event>{{2, 20}}));
}

TEST(ChangeFeedTest, AccountListenersHearOnlyTheirAccount) {
  ChangeFeed feed;
  std::vector<std::string> a, b;
  auto sa = feed.SubscribeAccount(1, [&](const AccountEvent& e) { a.push_back(e.mailbox); });
  auto sb = feed.SubscribeAccount(2, [&](const AccountEvent& e) { b.push_back(e.mailbox); });
  // Mailbox and account ids are separate spaces: a mailbox listener of 1 hears nothing here.
  int mailbox_events = 0;
  auto sm = feed.Subscribe(1, [&](MailboxId, ModSeq) { ++mailbox_events; });
  feed.PublishAccount({1, AccountEvent::Kind::kMailboxCreated, "x", {}, {}});
  feed.PublishAccount({2, AccountEvent::Kind::kMailboxDeleted, "y", {}, {}});
  feed.PublishAccount({3, AccountEvent::Kind::kMailboxDeleted, "z", {}, {}});
  sa.Reset();
  feed.PublishAccount({1, AccountEvent::Kind::kMailboxCreated, "w", {}, {}});
  EXPECT_EQ(a, (std::vector<std::string>{"x"}));
  EXPECT_EQ(b, (std::vector<std::string>{"y"}));
  EXPECT_EQ(mailbox_events, 0);
  sm.Reset();  // an account subscription's Reset leaves the mailbox listeners alone
  feed.Publish(1, 1);
  EXPECT_EQ(mailbox_events, 0);
}

TEST(ChangeFeedTest, SeveralListenersOnOneMailbox) {
  ChangeFeed feed;
  int x = 0, y = 0;
  auto s1 = feed.Subscribe(7, [&](MailboxId, ModSeq) { ++x; });
  auto s2 = feed.Subscribe(7, [&](MailboxId, ModSeq) { ++y; });
  feed.Publish(7, 1);
  EXPECT_EQ(x, 1);
  EXPECT_EQ(y, 1);
  s1.Reset();
  feed.Publish(7, 2);
  EXPECT_EQ(x, 1);
  EXPECT_EQ(y, 2);
}

TEST(ChangeFeedTest, SubscriptionUnsubscribesWhenDestroyedAndMoves) {
  ChangeFeed feed;
  int n = 0;
  ChangeFeed::Subscription outer;
  {
    auto inner = feed.Subscribe(1, [&](MailboxId, ModSeq) { ++n; });
    feed.Publish(1, 1);
    outer = std::move(inner);  // the moved-from one no longer owns it
  }
  feed.Publish(1, 2);
  EXPECT_EQ(n, 2);
  ChangeFeed::Subscription moved(std::move(outer));
  feed.Publish(1, 3);
  EXPECT_EQ(n, 3);
  moved = ChangeFeed::Subscription();  // assigning releases the old one
  feed.Publish(1, 4);
  EXPECT_EQ(n, 3);
}

}  // namespace
}  // namespace tern::store
