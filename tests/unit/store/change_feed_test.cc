#include "store/change_feed.h"

#include <gtest/gtest.h>

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
