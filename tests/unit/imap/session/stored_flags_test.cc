#include "imap/session/stored_flags.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tern::imap::session {
namespace {

TEST(ToStoredFlags, SystemFlagsBecomeBitsInAnyCase) {
  auto f = ToStoredFlags({"\\Seen", "\\ANSWERED", "\\flagged", "\\Deleted", "\\dRaFt"});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->flags, store::kFlagSeen | store::kFlagAnswered | store::kFlagFlagged |
                          store::kFlagDeleted | store::kFlagDraft);
  EXPECT_TRUE(f->keywords.empty());
}

TEST(ToStoredFlags, KeywordsKeepTheirCaseAndOrder) {
  auto f = ToStoredFlags({"$Forwarded", "\\Seen", "Work", "$MDNSent"});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->flags, store::kFlagSeen);
  EXPECT_EQ(f->keywords, (std::vector<std::string>{"$Forwarded", "Work", "$MDNSent"}));
}

TEST(ToStoredFlags, RecentIsAcceptedAndIgnored) {
  // RFC 3501 2.3.2: \Recent cannot be changed by the client.
  auto f = ToStoredFlags({"\\Recent", "\\recent"});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->flags, 0u);
  EXPECT_TRUE(f->keywords.empty());
}

TEST(ToStoredFlags, EmptyListIsNoFlags) {
  auto f = ToStoredFlags({});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->flags, 0u);
  EXPECT_TRUE(f->keywords.empty());
}

TEST(ToStoredFlags, UnknownSystemFlagFails) {
  for (const char* bad : {"\\Foo", "\\", "\\SeenX", "\\*"}) {
    auto f = ToStoredFlags({"\\Seen", bad});
    ASSERT_FALSE(f.has_value()) << bad;
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(FormatUidSet, CollapsesRuns) {
  struct Case {
    std::vector<store::Uid> uids;
    std::string want;
  };
  const Case cases[] = {
      {{}, ""},
      {{7}, "7"},
      {{1, 2}, "1:2"},
      {{1, 2, 3, 7, 9, 10}, "1:3,7,9:10"},
      {{1, 3, 5}, "1,3,5"},
      {{4294967294u, 4294967295u}, "4294967294:4294967295"},
      {{5, 6, 7, 8, 100}, "5:8,100"},
  };
  for (const auto& c : cases) EXPECT_EQ(FormatUidSet(c.uids), c.want);
}

}  // namespace
}  // namespace tern::imap::session
