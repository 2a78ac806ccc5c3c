#include "auth/sasl/plain.h"

#include <gtest/gtest.h>

#include "auth/password.h"
#include "sasl_test_util.h"

namespace tern::auth::sasl {
namespace {

using namespace std::string_literals;

static_assert(kMaxPasswordBytes == auth::kMaxPasswordLength,
              "SASL and password hashing must agree on the longest password");

TEST(PlainTest, GoodWithAndWithoutAuthzid) {
  struct Case {
    std::string message, authzid, authcid, password;
  } cases[] = {
      {"\0tim\0tanstaaftanstaaf"s, "tim", "tim", "tanstaaftanstaaf"},  // RFC 4616 section 4
      {"Ursel\0Kurt\0xipj3plmq"s, "Ursel", "Kurt", "xipj3plmq"},       // RFC 4616 section 4
      {"tim\0tim\0pw"s, "tim", "tim", "pw"},
      {"\0j\xc3\xbcrgen\0p\xc3\xa4ss w\xc3\xb6rd"s, "j\xc3\xbcrgen", "j\xc3\xbcrgen",
       "p\xc3\xa4ss w\xc3\xb6rd"},
      {"\0"s + std::string(255, 'u') + "\0"s + std::string(kMaxPasswordBytes, 'p'),
       std::string(255, 'u'), std::string(255, 'u'), std::string(kMaxPasswordBytes, 'p')},
  };
  for (const auto& c : cases) {
    PlainMechanism m;
    Step s = m.Start(c.message);
    const auto& p = STEP_AS(s, NeedPassword);
    EXPECT_EQ(p.authzid, c.authzid);
    EXPECT_EQ(p.authcid, c.authcid);
    EXPECT_EQ(p.password, c.password);
    EXPECT_FALSE(m.IsDone());
    Step done = m.PasswordChecked(true);
    const auto& ok = STEP_AS(done, Success);
    EXPECT_EQ(ok.authcid, c.authcid);
    EXPECT_EQ(ok.authzid, c.authzid);
    EXPECT_TRUE(ok.server_final.empty());
    EXPECT_FALSE(ok.anonymous);
    EXPECT_TRUE(m.IsDone());
  }
}

TEST(PlainTest, EmptyChallengeWithoutInitialResponse) {
  PlainMechanism m;
  Step s = m.Start(std::nullopt);
  EXPECT_EQ(STEP_AS(s, Challenge).data, "");
  Step p = m.Next("\0tim\0pw"s);
  EXPECT_EQ(STEP_AS(p, NeedPassword).authcid, "tim");
  EXPECT_TRUE(IsFailure(m.PasswordChecked(false), ErrorCode::kAuthFailed));
  EXPECT_TRUE(m.IsDone());
}

TEST(PlainTest, MalformedMessages) {
  const std::string bad[] = {
      ""s,                                                   // empty initial response
      "timpw"s,                                              // no NUL
      "\0timpw"s,                                            // one NUL
      "\0tim\0pw\0"s,                                        // three NULs
      "a\0b\0c\0d"s,                                         // four fields
      "\0\0pw"s,                                             // empty authcid
      "\0tim\0"s,                                            // empty password
      "\0"s + std::string(256, 'u') + "\0pw"s,               // authcid too long
      std::string(256, 'z') + "\0tim\0pw"s,                  // authzid too long
      "\0tim\0"s + std::string(kMaxPasswordBytes + 1, 'p'),  // password too long
      "\0t\xffm\0pw"s,                                       // bad UTF-8 in authcid
      "\0tim\0p\xc3"s,                                       // truncated UTF-8 in password
      "\xc0\xaf\0tim\0pw"s,                                  // overlong in authzid
      "\0tim\0\xed\xa0\x80"s,                                // surrogate in password
  };
  for (const auto& b : bad) {
    PlainMechanism m;
    Step s = m.Start(b);
    EXPECT_TRUE(IsFailure(s, ErrorCode::kInvalidArgument)) << Describe(s);
    EXPECT_TRUE(m.IsDone());
    // Nothing more is accepted after the end.
    EXPECT_TRUE(IsFailure(m.PasswordChecked(true), ErrorCode::kInternal));
  }
}

TEST(PlainTest, OutOfSequenceCallsFailAndEndTheExchange) {
  {
    PlainMechanism m;
    EXPECT_TRUE(IsFailure(m.Next("\0a\0b"s), ErrorCode::kInternal));  // Next before Start
  }
  {
    PlainMechanism m;
    ASSERT_TRUE(std::holds_alternative<NeedPassword>(m.Start("\0a\0b"s)));
    // A stray Next while the password is being checked ends the exchange for good.
    EXPECT_TRUE(IsFailure(m.Next("\0a\0b"s), ErrorCode::kInternal));
    EXPECT_TRUE(IsFailure(m.PasswordChecked(true), ErrorCode::kInternal));
  }
  {
    PlainMechanism m;
    ASSERT_TRUE(std::holds_alternative<Challenge>(m.Start(std::nullopt)));
    EXPECT_TRUE(IsFailure(m.Start("\0a\0b"s), ErrorCode::kInternal));  // second Start
    EXPECT_TRUE(IsFailure(m.Next("\0a\0b"s), ErrorCode::kInternal));
  }
  {
    PlainMechanism m;
    ASSERT_TRUE(std::holds_alternative<NeedPassword>(m.Start("\0a\0b"s)));
    EXPECT_TRUE(IsFailure(m.ProvideCredentials(std::nullopt), ErrorCode::kInternal));
  }
}

TEST(PlainTest, FailureTextsDoNotLeakTheReason) {
  PlainMechanism m;
  (void)m.Start("\0tim\0secret"s);
  Step s = m.PasswordChecked(false);
  const auto& f = STEP_AS(s, Failure);
  EXPECT_EQ(f.error.public_text, "authentication failed");
  EXPECT_EQ(f.error.detail.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace tern::auth::sasl
