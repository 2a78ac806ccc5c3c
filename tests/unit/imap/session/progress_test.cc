// RFC 9585 INPROGRESS notes: when they are due and how they are written (section 4's
// examples and its NIL rule for tags).

#include "imap/session/progress.h"

#include <gtest/gtest.h>

namespace tern::imap::session {
namespace {

using namespace std::chrono_literals;
using Clock = Progress::Clock;

TEST(ProgressTest, DueOncePerInterval) {
  const Clock::time_point t0{};
  Progress p("A001", 1000, 10s, t0);
  EXPECT_EQ(p.Due(100, t0 + 9s), std::nullopt);
  EXPECT_EQ(p.Due(454, t0 + 13s), "OK [INPROGRESS (\"A001\" 454 1000)] Processed 45% of the items");
  EXPECT_EQ(p.Due(600, t0 + 20s), std::nullopt);  // 7 s after the last one
  EXPECT_EQ(p.Due(999, t0 + 27s), "OK [INPROGRESS (\"A001\" 999 1000)] Processed 99% of the items");
}

TEST(ProgressTest, NeverAtTheGoal) {
  const Clock::time_point t0{};
  Progress p("A003", 2001, 1s, t0);
  EXPECT_EQ(p.Due(2001, t0 + 12s), std::nullopt);  // the tagged reply says that
  Progress empty("A004", 0, 1s, t0);
  EXPECT_EQ(empty.Due(0, t0 + 12s), std::nullopt);  // GOAL must be positive
}

TEST(ProgressTest, TagWithBracketIsNil) {
  const Clock::time_point t0{};
  Progress p("a]1", 10, 1s, t0);
  EXPECT_EQ(p.Due(3, t0 + 2s), "OK [INPROGRESS (NIL 3 10)] Processed 30% of the items");
}

TEST(ProgressTest, ZeroIntervalIsOff) {
  const Clock::time_point t0{};
  Progress p("A001", 10, Clock::duration::zero(), t0);
  EXPECT_EQ(p.Due(3, t0 + 1h), std::nullopt);
}

}  // namespace
}  // namespace tern::imap::session
