#include "store/normalize.h"

#include <gtest/gtest.h>

namespace tern::store {
namespace {

TEST(NormalizeTest, AccountNames) {
  EXPECT_EQ(*NormalizeAccountName("Alice@Example.ORG"), "alice@example.org");
  EXPECT_EQ(*NormalizeAccountName("Ünïcode"), "Ünïcode");  // only ASCII is folded
  for (const char* bad : {"", "a b", "a\tb", "a\nb"}) {
    auto r = NormalizeAccountName(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(NormalizeTest, MailboxNames) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: rejected
  } cases[] = {
      {"INBOX", "INBOX"}, {"inbox", "INBOX"}, {"InBox/Sub", "INBOX/Sub"}, {"Inboxes", "Inboxes"},
      {"Sent", "Sent"},   {"a/b/c", "a/b/c"}, {"x/inbox", "x/inbox"},     {"", nullptr},
      {"/a", nullptr},    {"a/", nullptr},    {"a//b", nullptr},          {"a\x01", nullptr},
  };
  for (const auto& c : cases) {
    auto r = NormalizeMailboxName(c.in);
    if (c.out == nullptr) {
      EXPECT_FALSE(r) << c.in;
    } else {
      ASSERT_TRUE(r) << c.in;
      EXPECT_EQ(*r, c.out);
    }
  }
  EXPECT_TRUE(IsInbox(*NormalizeMailboxName("inbox")));
  EXPECT_FALSE(IsInbox(*NormalizeMailboxName("inbox/x")));
}

TEST(NormalizeTest, Keywords) {
  auto k = NormalizeKeywords({"Work", "$Label1", "Work", "$Forwarded"});
  ASSERT_TRUE(k);
  EXPECT_EQ(*k, (std::vector<std::string>{"$Forwarded", "$Label1", "Work"}));
  for (const char* bad : {"", "a b", "\\Seen", "a(b", "a*", "a%", "a]", "a\"b", "a{"}) {
    EXPECT_FALSE(NormalizeKeywords({bad})) << bad;
  }
  EXPECT_EQ(JoinKeywords(*k), "$Forwarded $Label1 Work");
  EXPECT_EQ(SplitKeywords("$Forwarded $Label1 Work"), *k);
  EXPECT_TRUE(SplitKeywords("").empty());
}

TEST(NormalizeTest, BlobIds) {
  EXPECT_TRUE(IsValidBlobId(std::string(64, 'a')));
  EXPECT_TRUE(IsValidBlobId("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(IsValidBlobId(std::string(64, 'A')));
  EXPECT_FALSE(IsValidBlobId(std::string(63, 'a')));
  EXPECT_FALSE(IsValidBlobId(std::string(62, 'a') + "/x"));
}

}  // namespace
}  // namespace tern::store
