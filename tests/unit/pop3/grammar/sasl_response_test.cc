#include "pop3/grammar/sasl_response.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pop3/grammar/limits.h"

namespace tern::pop3::grammar {
namespace {

TEST(SaslResponseTest, Valid) {
  auto cancel = ParseSaslResponseLine("*");
  ASSERT_TRUE(cancel.has_value());
  EXPECT_TRUE(cancel->cancelled);
  EXPECT_EQ(cancel->base64, "");

  auto empty = ParseSaslResponseLine("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->cancelled);
  EXPECT_EQ(empty->base64, "");

  for (std::string s : {"dGVzdAB0ZXN0AHRlc3Q=", "dGVzdA==", "AAAA", "+/+/", "YWJj"}) {
    auto r = ParseSaslResponseLine(s);
    ASSERT_TRUE(r.has_value()) << s;
    EXPECT_EQ(r->base64, s);
    EXPECT_FALSE(r->cancelled);
  }
  const std::string longest((kMaxAuthLineLength - 2) / 4 * 4, 'A');
  EXPECT_TRUE(ParseSaslResponseLine(longest).has_value());
}

TEST(SaslResponseTest, Invalid) {
  const std::vector<std::string> bad = {
      "=",
      "**",
      " *",
      "* ",
      "AAA",
      "AAAAA",
      "AA=A",
      "A===",
      "dGVzdA= ",
      " dGVzdA==",
      "dG Vz",
      "dGV-",
      "dGV_",
      "\xff\xff\xff\xff",
      std::string("AA\0A", 4),
      "AAA\t",
  };
  for (const auto& s : bad) {
    auto r = ParseSaslResponseLine(s);
    ASSERT_FALSE(r.has_value()) << testing::PrintToString(s);
    EXPECT_EQ(r.error().public_text, "invalid base64");
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  auto too_long = ParseSaslResponseLine(std::string(kMaxAuthLineLength, 'A'));
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(too_long.error().public_text, "line too long");
}

}  // namespace
}  // namespace tern::pop3::grammar
