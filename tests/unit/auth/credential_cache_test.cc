#include "auth/credential_cache.h"

#include <gtest/gtest.h>

#include <thread>

namespace tern::auth {
namespace {

TEST(CredentialCacheTest, RemembersExactTriple) {
  CredentialCache c(std::chrono::seconds(60));
  EXPECT_FALSE(c.Contains("alice", "pw", "$h1"));
  c.Insert("alice", "pw", "$h1");
  EXPECT_TRUE(c.Contains("alice", "pw", "$h1"));
  EXPECT_FALSE(c.Contains("alice", "pw2", "$h1"));
  EXPECT_FALSE(c.Contains("bob", "pw", "$h1"));
  // A password change stores a new hash: the old entry no longer matches.
  EXPECT_FALSE(c.Contains("alice", "pw", "$h2"));
}

TEST(CredentialCacheTest, FieldBoundariesMatter) {
  CredentialCache c(std::chrono::seconds(60));
  c.Insert("ab", "c", "h");
  EXPECT_FALSE(c.Contains("a", "bc", "h"));
}

TEST(CredentialCacheTest, ZeroTtlDisables) {
  CredentialCache c(std::chrono::seconds(0));
  c.Insert("alice", "pw", "$h");
  EXPECT_FALSE(c.Contains("alice", "pw", "$h"));
}

TEST(CredentialCacheTest, EntriesExpire) {
  CredentialCache c(std::chrono::seconds(1));
  c.Insert("alice", "pw", "$h");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_FALSE(c.Contains("alice", "pw", "$h"));
}

TEST(CredentialCacheTest, BoundedSize) {
  CredentialCache c(std::chrono::seconds(60), 10);
  for (int i = 0; i < 100; ++i) c.Insert("u" + std::to_string(i), "pw", "$h");
  EXPECT_TRUE(c.Contains("u99", "pw", "$h"));
}

}  // namespace
}  // namespace tern::auth
