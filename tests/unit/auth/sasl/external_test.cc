#include "auth/sasl/external.h"

#include <gtest/gtest.h>

#include "sasl_test_util.h"

namespace tern::auth::sasl {
namespace {

using namespace std::string_literals;

TEST(ExternalTest, EmptyAuthzidActsAsTheCertificateIdentity) {
  ExternalMechanism m("alice@example.org");
  Step s = m.Start("");
  const auto& ok = STEP_AS(s, Success);
  EXPECT_EQ(ok.authcid, "alice@example.org");
  EXPECT_EQ(ok.authzid, "alice@example.org");
  EXPECT_TRUE(m.IsDone());
}

TEST(ExternalTest, AuthzidEqualToTheIdentityIsAccepted) {
  ExternalMechanism m("alice@example.org");
  Step s = m.Start("Alice@Example.ORG");
  EXPECT_EQ(STEP_AS(s, Success).authcid, "alice@example.org");
}

TEST(ExternalTest, EmptyChallengeWithoutInitialResponse) {
  ExternalMechanism m("alice");
  Step s1 = m.Start(std::nullopt);
  EXPECT_EQ(STEP_AS(s1, Challenge).data, "");
  Step s2 = m.Next("");
  EXPECT_EQ(STEP_AS(s2, Success).authzid, "alice");
}

TEST(ExternalTest, OtherAuthzidIsRefused) {
  ExternalMechanism m("alice");
  EXPECT_TRUE(IsFailure(m.Start("bob"), ErrorCode::kPermissionDenied));
  EXPECT_TRUE(m.IsDone());
}

TEST(ExternalTest, MalformedAuthzid) {
  for (const auto& bad : {"al\0ice"s, "\xff"s, std::string(256, 'a')}) {
    ExternalMechanism m("alice");
    EXPECT_TRUE(IsFailure(m.Start(bad), ErrorCode::kInvalidArgument));
  }
}

TEST(ExternalTest, NoIdentityNeverSucceeds) {
  ExternalMechanism m("");
  EXPECT_TRUE(IsFailure(m.Start(""), ErrorCode::kAuthFailed));
}

}  // namespace
}  // namespace tern::auth::sasl
