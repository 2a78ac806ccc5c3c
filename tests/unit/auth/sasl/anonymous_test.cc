#include "auth/sasl/anonymous.h"

#include <gtest/gtest.h>

#include "sasl_test_util.h"

namespace tern::auth::sasl {
namespace {

using namespace std::string_literals;

std::string Repeat(std::string_view unit, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += unit;
  return s;
}

TEST(AnonymousTest, TraceForms) {
  // RFC 4505 section 4: "sirhc" and an e-mail address; empty is allowed too. The limit is
  // 255 characters, not bytes.
  for (const auto& trace : {"sirhc"s, "abe@example.com"s, ""s, std::string(255, 't'),
                            "j\xc3\xbcrgen"s, Repeat("\xc3\xa9", 255)}) {
    AnonymousMechanism m;
    Step s = m.Start(trace);
    const auto& ok = STEP_AS(s, Success);
    EXPECT_TRUE(ok.anonymous);
    EXPECT_EQ(ok.trace, trace);
    EXPECT_TRUE(ok.authcid.empty());
    EXPECT_TRUE(ok.authzid.empty());
  }
}

TEST(AnonymousTest, EmptyChallengeWithoutInitialResponse) {
  AnonymousMechanism m;
  Step s1 = m.Start(std::nullopt);
  EXPECT_EQ(STEP_AS(s1, Challenge).data, "");
  Step s2 = m.Next("sirhc");
  EXPECT_EQ(STEP_AS(s2, Success).trace, "sirhc");
}

TEST(AnonymousTest, BadTrace) {
  std::string too_long = Repeat("\xc3\xa9", 256);
  for (const auto& bad :
       {std::string(256, 't'), too_long, "a\0b"s, "line\r\nbreak"s, "\xff"s, "del\x7f"s}) {
    AnonymousMechanism m;
    EXPECT_TRUE(IsFailure(m.Start(bad), ErrorCode::kInvalidArgument)) << bad;
  }
}

}  // namespace
}  // namespace tern::auth::sasl
