#include "auth/sasl/login.h"

#include <gtest/gtest.h>

#include "sasl_test_util.h"

namespace tern::auth::sasl {
namespace {

using namespace std::string_literals;

TEST(LoginTest, TwoChallenges) {
  LoginMechanism m;
  Step s1 = m.Start(std::nullopt);
  EXPECT_EQ(STEP_AS(s1, Challenge).data, "Username:");
  Step s2 = m.Next("tim");
  EXPECT_EQ(STEP_AS(s2, Challenge).data, "Password:");
  Step s3 = m.Next("tanstaaf");
  const auto& p = STEP_AS(s3, NeedPassword);
  EXPECT_EQ(p.authcid, "tim");
  EXPECT_EQ(p.authzid, "tim");
  EXPECT_EQ(p.password, "tanstaaf");
  Step s4 = m.PasswordChecked(true);
  EXPECT_EQ(STEP_AS(s4, Success).authcid, "tim");
  EXPECT_TRUE(m.IsDone());
}

TEST(LoginTest, InitialResponseCarriesTheUsername) {
  LoginMechanism m;
  Step s1 = m.Start("tim");
  EXPECT_EQ(STEP_AS(s1, Challenge).data, "Password:");
  Step s2 = m.Next("pw");
  EXPECT_EQ(STEP_AS(s2, NeedPassword).authcid, "tim");
  EXPECT_TRUE(IsFailure(m.PasswordChecked(false), ErrorCode::kAuthFailed));
}

TEST(LoginTest, EmptyInitialResponseIsTreatedAsNone) {
  LoginMechanism m;
  Step s1 = m.Start("");
  EXPECT_EQ(STEP_AS(s1, Challenge).data, "Username:");
}

TEST(LoginTest, BadUsernamesAndPasswords) {
  const std::string bad_users[] = {""s, "a\0b"s, "\xff"s, std::string(256, 'u')};
  for (const auto& u : bad_users) {
    LoginMechanism m;
    (void)m.Start(std::nullopt);
    EXPECT_TRUE(IsFailure(m.Next(u), ErrorCode::kInvalidArgument)) << u.size();
    EXPECT_TRUE(m.IsDone());
  }
  const std::string bad_passwords[] = {""s, "p\0w"s, "\xc3"s,
                                       std::string(kMaxPasswordBytes + 1, 'p')};
  for (const auto& pw : bad_passwords) {
    LoginMechanism m;
    (void)m.Start("tim");
    EXPECT_TRUE(IsFailure(m.Next(pw), ErrorCode::kInvalidArgument)) << pw.size();
    EXPECT_TRUE(m.IsDone());
  }
}

TEST(LoginTest, NoSuccessWithoutPasswordCheck) {
  LoginMechanism m;
  (void)m.Start("tim");
  EXPECT_TRUE(IsFailure(m.PasswordChecked(true), ErrorCode::kInternal));  // before password
  EXPECT_TRUE(m.IsDone());
  EXPECT_TRUE(IsFailure(m.Next("pw"), ErrorCode::kInternal));
}

}  // namespace
}  // namespace tern::auth::sasl
