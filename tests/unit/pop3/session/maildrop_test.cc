#include "pop3/session/maildrop.h"

#include <gtest/gtest.h>

#include "pop3/session/view_locks.h"

namespace tern::pop3::session {
namespace {

std::vector<store::MessageMeta> Messages() {
  std::vector<store::MessageMeta> out;
  for (uint32_t uid = 1; uid <= 5; ++uid) {
    store::MessageMeta m;
    m.uid = uid;
    m.size = 100 * uid;
    m.email_id = 1000 + uid;
    m.internal_date = 1'000'000 + uid * 86400;  // one day apart
    m.blob_id = std::string(64, static_cast<char>('a' + uid));
    out.push_back(m);
  }
  return out;
}

TEST(MaildropTest, NumbersStatAndDeletes) {
  auto d = Maildrop::Build(Messages(), {}, {}, 0);
  EXPECT_EQ(d.count(), 5u);
  EXPECT_EQ(d.live_octets(), 1500);
  EXPECT_EQ(d.Find(2)->uid, 2u);
  EXPECT_EQ(d.Find(2)->unique_id, "3ea");
  EXPECT_EQ(d.Find(0), nullptr);
  EXPECT_EQ(d.Find(6), nullptr);
  EXPECT_TRUE(d.Delete(2));
  EXPECT_FALSE(d.Delete(2));
  EXPECT_EQ(d.Find(2), nullptr);
  EXPECT_EQ(d.live_count(), 4u);
  EXPECT_EQ(d.live_octets(), 1300);
  EXPECT_EQ(d.count(), 5u);  // numbers stay
  EXPECT_EQ(d.DeletedUids(), (std::vector<store::Uid>{2}));
  d.Undelete();
  EXPECT_EQ(d.live_count(), 5u);
}

TEST(MaildropTest, ViewHidesWhatItDownloaded) {
  auto d = Maildrop::Build(Messages(), {1, 3}, {.view = 2}, 0);
  ASSERT_EQ(d.count(), 3u);
  EXPECT_EQ(d.Find(1)->uid, 2u);
  EXPECT_EQ(d.Find(3)->uid, 5u);
  // Without a view the record is ignored: standard POP3 shows everything.
  EXPECT_EQ(Maildrop::Build(Messages(), {1, 3}, {}, 0).count(), 5u);
}

TEST(MaildropTest, DaysAndLimit) {
  const store::UnixTime now = 1'000'000 + 5 * 86400;
  EXPECT_EQ(Maildrop::Build(Messages(), {}, {.days = 2}, now).count(), 3u);  // uids 3..5
  auto limited = Maildrop::Build(Messages(), {}, {.limit = 2}, 0);
  ASSERT_EQ(limited.count(), 2u);
  EXPECT_EQ(limited.Find(2)->uid, 2u);  // oldest first
  EXPECT_EQ(Maildrop::Build(Messages(), {2}, {.view = 1, .days = 2, .limit = 1}, now).Find(1)->uid,
            3u);
}

TEST(ViewLocksTest, OneSessionPerViewOfAMailbox) {
  ViewLocks locks;
  auto a = locks.TryAcquire(7, 0);
  EXPECT_TRUE(a);
  EXPECT_FALSE(locks.TryAcquire(7, 0));
  EXPECT_TRUE(locks.TryAcquire(7, 1));  // another view
  EXPECT_TRUE(locks.TryAcquire(8, 0));  // another mailbox
  a.Release();
  EXPECT_TRUE(locks.TryAcquire(7, 0));
}

}  // namespace
}  // namespace tern::pop3::session
