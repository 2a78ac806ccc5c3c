#include "imap/session/recent_claims.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace tern::imap::session {
namespace {

constexpr store::MailboxId kInbox = 1;
constexpr store::MailboxId kOther = 2;

// One call and what it must return.
struct Step {
  enum Op { kClaim, kFirstUnclaimed } op;
  store::MailboxId mailbox;
  store::Uid uid_next;
  store::Uid want;
};

void RunSteps(const std::vector<Step>& steps) {
  RecentClaims claims;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    const store::Uid got = s.op == Step::kClaim ? claims.Claim(s.mailbox, s.uid_next)
                                                : claims.FirstUnclaimed(s.mailbox, s.uid_next);
    EXPECT_EQ(got, s.want) << "step " << i;
  }
}

TEST(RecentClaims, FirstClaimClaimsNothing) {
  // Documented deviation: after a restart Tern cannot know which messages an earlier
  // session saw, and treats none as recent (RFC 3501 2.3.2 says SHOULD treat them as
  // recent; RFC 9051 dropped \Recent).
  RunSteps({{Step::kFirstUnclaimed, kInbox, 10, 10},
            {Step::kClaim, kInbox, 10, 10},
            {Step::kFirstUnclaimed, kInbox, 10, 10}});
}

TEST(RecentClaims, NewMessagesAreRecentInExactlyOneSession) {
  RunSteps({{Step::kClaim, kInbox, 10, 10},
            // UIDs 10..12 arrive; STATUS sees them unclaimed.
            {Step::kFirstUnclaimed, kInbox, 13, 10},
            // The first session to look claims them: [10, 13) are recent to it.
            {Step::kClaim, kInbox, 13, 10},
            // The next session gets none of them.
            {Step::kClaim, kInbox, 13, 13},
            {Step::kFirstUnclaimed, kInbox, 13, 13},
            // Then UID 13 arrives.
            {Step::kClaim, kInbox, 14, 13}});
}

TEST(RecentClaims, AStaleUidNextNeverGivesBackClaims) {
  RunSteps({{Step::kClaim, kInbox, 5, 5},
            {Step::kClaim, kInbox, 20, 5},
            // A session that read an older UIDNEXT claims nothing (the result is above it).
            {Step::kClaim, kInbox, 12, 20},
            {Step::kFirstUnclaimed, kInbox, 20, 20},
            {Step::kClaim, kInbox, 21, 20}});
}

TEST(RecentClaims, MailboxesAreIndependent) {
  RunSteps({{Step::kClaim, kInbox, 3, 3},
            {Step::kClaim, kInbox, 8, 3},
            {Step::kFirstUnclaimed, kOther, 8, 8},
            {Step::kClaim, kOther, 8, 8},
            {Step::kClaim, kOther, 9, 8},
            {Step::kFirstUnclaimed, kInbox, 9, 8}});
}

TEST(RecentClaims, ConcurrentSessionsNeverShareAUid) {
  RecentClaims claims;
  constexpr store::Uid kStart = 1;
  constexpr store::Uid kEnd = 20001;
  ASSERT_EQ(claims.Claim(kInbox, kStart), kStart);
  std::atomic<uint64_t> claimed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (store::Uid next = kStart + 1; next <= kEnd; ++next) {
        const store::Uid first = claims.Claim(kInbox, next);
        if (first < next) claimed += next - first;
      }
    });
  }
  for (auto& t : threads) t.join();
  // Every UID in [kStart, kEnd) went to exactly one claim.
  EXPECT_EQ(claimed.load(), kEnd - kStart);
  EXPECT_EQ(claims.FirstUnclaimed(kInbox, kEnd), kEnd);
}

}  // namespace
}  // namespace tern::imap::session
