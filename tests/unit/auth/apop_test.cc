#include "auth/apop.h"

#include <gtest/gtest.h>

namespace tern::auth {
namespace {

// The example of RFC 1939 section 7.
constexpr const char* kTimestamp = "<1896.697170952@dbc.mtview.ca.us>";

TEST(ApopTest, DigestOfTheRfcExample) {
  EXPECT_EQ(ApopDigest(kTimestamp, "tanstaaf"), "c4c9334bac560ecc979e58001b3e22fb");
}

TEST(ApopTest, MatchesEitherCaseButNothingElse) {
  EXPECT_TRUE(ApopDigestMatches(kTimestamp, "tanstaaf", "c4c9334bac560ecc979e58001b3e22fb"));
  EXPECT_TRUE(ApopDigestMatches(kTimestamp, "tanstaaf", "C4C9334BAC560ECC979E58001B3E22FB"));
  EXPECT_FALSE(ApopDigestMatches(kTimestamp, "tanstaaf", "c4c9334bac560ecc979e58001b3e22fc"));
  EXPECT_FALSE(ApopDigestMatches(kTimestamp, "tanstaaf", "c4c9334bac560ecc979e58001b3e22f"));
  EXPECT_FALSE(ApopDigestMatches(kTimestamp, "tanstaaf", ""));
  EXPECT_FALSE(ApopDigestMatches("<other@host>", "tanstaaf", "c4c9334bac560ecc979e58001b3e22fb"));
}

}  // namespace
}  // namespace tern::auth
