#include "auth/sasl/scram_credentials.h"

#include <gtest/gtest.h>

#include "base/base64.h"

namespace tern::auth::sasl {
namespace {

TEST(ScramCredentialsTest, Rfc7677KeysAndStoredForm) {
  auto salt = base64::Decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  ASSERT_TRUE(salt);
  auto c = DeriveScramSha256("pencil", 4096, *salt);
  ASSERT_TRUE(c) << c.error().ToLogString();
  EXPECT_TRUE(c->IsValid());
  EXPECT_EQ(c->iterations, 4096);
  EXPECT_EQ(c->salt, *salt);
  // Computed independently (Python hashlib.pbkdf2_hmac and hmac) for RFC 7677's example.
  std::string text = FormatScram(*c);
  EXPECT_EQ(text,
            "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
            "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");
  auto back = ParseScram(text);
  ASSERT_TRUE(back) << back.error().ToLogString();
  EXPECT_EQ(*back, *c);
}

TEST(ScramCredentialsTest, RandomSaltsDiffer) {
  auto a = DeriveScramSha256("pw", 1);
  auto b = DeriveScramSha256("pw", 1);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->salt.size(), kScramSaltBytes);
  EXPECT_NE(a->salt, b->salt);
  EXPECT_NE(a->stored_key, b->stored_key);
  EXPECT_EQ(a->iterations, 1);
}

TEST(ScramCredentialsTest, DeriveRejectsBadParameters) {
  EXPECT_FALSE(DeriveScramSha256("pw", 0));
  EXPECT_FALSE(DeriveScramSha256("pw", -1));
  EXPECT_FALSE(DeriveScramSha256("pw", kScramMaxIterations + 1));
  EXPECT_FALSE(DeriveScramSha256("pw", 1, std::string_view("")));
  EXPECT_FALSE(DeriveScramSha256("pw", 1, std::string(kScramMaxSaltBytes + 1, 's')));
  EXPECT_FALSE(DeriveScramSha256(std::string(kMaxPasswordBytes + 1, 'p'), 1));
  EXPECT_TRUE(DeriveScramSha256("", 1));  // an empty password is the caller's policy
}

TEST(ScramCredentialsTest, ParseRejectsMalformed) {
  auto c = DeriveScramSha256("pw", 4096, std::string_view("saltsalt"));
  ASSERT_TRUE(c);
  const std::string good = FormatScram(*c);
  ASSERT_TRUE(ParseScram(good));
  const std::string key = base64::Encode(std::string(32, 'k'));
  const std::string bad[] = {
      "",
      "SCRAM-SHA-1$4096:c2FsdA==$" + key + ":" + key,
      "scram-sha-256$4096:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$0:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$04096:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$-1:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$+1:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$99999999999:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$4096x:c2FsdA==$" + key + ":" + key,
      "SCRAM-SHA-256$4096:$" + key + ":" + key,                 // empty salt
      "SCRAM-SHA-256$4096:c2FsdA$" + key + ":" + key,           // unpadded salt
      "SCRAM-SHA-256$4096:c2FsdA==$" + key,                     // one key
      "SCRAM-SHA-256$4096:c2FsdA==$" + key + ":" + key + ":",   // trailing
      "SCRAM-SHA-256$4096:c2FsdA==$" + key + ":" + key + "\n",  // newline
      "SCRAM-SHA-256$4096:c2FsdA==$" + key + ":c2hvcnQ=",       // short key
      "SCRAM-SHA-256$4096$c2FsdA==:" + key + ":" + key,         // separators swapped
      "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
  };
  for (const auto& b : bad) {
    auto r = ParseScram(b);
    EXPECT_FALSE(r) << b;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(ScramCredentialsTest, LooksLikeScram) {
  EXPECT_TRUE(LooksLikeScram("SCRAM-SHA-256$4096:..."));
  EXPECT_FALSE(LooksLikeScram("$argon2id$v=19$..."));
  EXPECT_FALSE(LooksLikeScram(""));
}

TEST(ScramCredentialsTest, SaslPrepMinimalFormLeavesPasswordsUnchanged) {
  EXPECT_EQ(SaslPrepPassword("pencil"), "pencil");
  EXPECT_EQ(SaslPrepPassword("p\xc3\xa4ss"), "p\xc3\xa4ss");
  EXPECT_EQ(SaslPrepPassword("a\xc2\xa0"
                             "b"),
            "a\xc2\xa0"
            "b");  // NBSP not mapped: see header
}

}  // namespace
}  // namespace tern::auth::sasl
