#include "auth/password.h"

#include <gtest/gtest.h>

namespace tern::auth {
namespace {

constexpr Argon2Params kFast{.time_cost = 1, .memory_kib = 64, .parallelism = 1};

TEST(PasswordTest, HashIsArgon2idPhcAndVerifies) {
  auto h = HashPassword("correct horse", kFast);
  ASSERT_TRUE(h) << h.error().public_text;
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=64,t=1,p=1$", 0), 0u) << *h;
  EXPECT_EQ(h->find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword("correct horse", *h));
  EXPECT_FALSE(VerifyPassword("correct horsE", *h));
  EXPECT_FALSE(VerifyPassword("", *h));
}

TEST(PasswordTest, SaltsDiffer) {
  EXPECT_NE(*HashPassword("pw", kFast), *HashPassword("pw", kFast));
}

TEST(PasswordTest, RejectsEmptyAndHugePasswords) {
  EXPECT_FALSE(HashPassword("", kFast));
  EXPECT_FALSE(HashPassword(std::string(kMaxPasswordLength + 1, 'x'), kFast));
}

TEST(PasswordTest, MalformedHashesNeverVerify) {
  for (const char* bad : {"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
                          "$argon2id$", "$argon2id$v=19$m=64,t=1,p=1$$", "$argon2id$garbage"}) {
    EXPECT_FALSE(VerifyPassword("pw", bad)) << bad;
  }
}

}  // namespace
}  // namespace tern::auth
