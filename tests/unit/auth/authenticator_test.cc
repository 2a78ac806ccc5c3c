#include "auth/authenticator.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <map>

#include "auth/apop.h"

namespace tern::auth {
namespace {

constexpr Argon2Params kFast{.time_cost = 1, .memory_kib = 64, .parallelism = 1};

// A directory over a map, counting lookups.
class FakeDirectory final : public Directory {
 public:
  store::Task<store::Account> Lookup(std::string name) override {
    ++lookups;
    auto it = accounts.find(name);
    if (it == accounts.end()) co_return Fail(ErrorCode::kNotFound, "no such account");
    co_return it->second;
  }
  store::Task<store::Account> FindRecipient(std::string address) override {
    co_return co_await Lookup(std::move(address));
  }
  std::map<std::string, store::Account> accounts;
  int lookups = 0;
};

class AuthenticatorTest : public ::testing::Test {
 protected:
  void Add(const std::string& name, const std::string& password, uint32_t services,
           bool enabled = true) {
    store::Account a;
    a.id = static_cast<store::AccountId>(dir_.accounts.size() + 1);
    a.name = name;
    a.password_hash = *HashPassword(password, kFast);
    a.services = services;
    a.enabled = enabled;
    dir_.accounts[name] = a;
  }
  Result<store::Account> Login(const std::string& name, const std::string& password,
                               store::ServiceBit service) {
    boost::asio::io_context io;
    std::optional<Result<store::Account>> out;
    boost::asio::co_spawn(io, auth_.Login(name, password, service),
                          [&](std::exception_ptr, Result<store::Account> r) { out = r; });
    io.run();
    return *out;
  }

  Result<store::Account> LoginApop(const std::string& name, const std::string& digest,
                                   store::ServiceBit service) {
    boost::asio::io_context io;
    std::optional<Result<store::Account>> out;
    boost::asio::co_spawn(io, auth_.LoginApop(name, kTimestamp, digest, *box_, service),
                          [&](std::exception_ptr, Result<store::Account> r) { out = r; });
    io.run();
    return *out;
  }
  static constexpr const char* kTimestamp = "<1896.697170952@dbc.mtview.ca.us>";

  FakeDirectory dir_;
  std::optional<SecretBox> box_;
  CredentialCache cache_{std::chrono::seconds(60)};
  boost::asio::thread_pool pool_{2};
  Authenticator auth_{dir_, cache_, pool_, log::Logger()};
};

TEST_F(AuthenticatorTest, GoodPasswordAndService) {
  Add("alice", "pw", store::kAllServices);
  auto r = Login("alice", "pw", store::kServicePop);
  ASSERT_TRUE(r) << r.error().public_text;
  EXPECT_EQ(r->name, "alice");
}

TEST_F(AuthenticatorTest, OneAnswerForEveryBadCredential) {
  Add("alice", "pw", store::kAllServices);
  Add("off", "pw", store::kAllServices, /*enabled=*/false);
  for (auto [name, pw] : {std::pair{"alice", "wrong"}, {"nobody", "pw"}, {"off", "pw"}}) {
    auto r = Login(name, pw, store::kServiceImap);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, ErrorCode::kAuthFailed) << name;
    EXPECT_EQ(r.error().public_text, "authentication failed") << name;
  }
}

TEST_F(AuthenticatorTest, ServiceRightIsCheckedAfterThePassword) {
  Add("imaponly", "pw", store::kServiceImap);
  EXPECT_TRUE(Login("imaponly", "pw", store::kServiceImap));
  auto r = Login("imaponly", "pw", store::kServicePop);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  // With a wrong password the answer does not reveal the service right.
  EXPECT_EQ(Login("imaponly", "bad", store::kServicePop).error().code, ErrorCode::kAuthFailed);
}

TEST_F(AuthenticatorTest, CacheSkipsHashingButNotTheDirectory) {
  Add("alice", "pw", store::kAllServices);
  ASSERT_TRUE(Login("alice", "pw", store::kServiceImap));
  EXPECT_TRUE(cache_.Contains("alice", "pw", dir_.accounts["alice"].password_hash));
  // A password changed elsewhere (new stored hash) invalidates the cached login.
  dir_.accounts["alice"].password_hash = *HashPassword("new", kFast);
  EXPECT_FALSE(Login("alice", "pw", store::kServiceImap));
  EXPECT_TRUE(Login("alice", "new", store::kServiceImap));
  // A disabled account is refused even with a cached password.
  dir_.accounts["alice"].enabled = false;
  EXPECT_FALSE(Login("alice", "new", store::kServiceImap));
  EXPECT_EQ(dir_.lookups, 4);
}

TEST_F(AuthenticatorTest, ApopChecksTheDigestAgainstTheSealedPassword) {
  auto dir = std::filesystem::temp_directory_path() /
             ("tern-apop-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  box_ = SecretBox::LoadOrCreate(SecretBox::KeyFileIn(dir)).value();
  Add("alice", "tanstaaf", store::kAllServices);
  Add("nosecret", "tanstaaf", store::kAllServices);
  Add("popless", "tanstaaf", store::kServiceImap);
  dir_.accounts["alice"].apop_secret = *box_->Seal("tanstaaf");
  dir_.accounts["popless"].apop_secret = *box_->Seal("tanstaaf");
  const std::string good = ApopDigest(kTimestamp, "tanstaaf");

  auto r = LoginApop("alice", good, store::kServicePop);
  ASSERT_TRUE(r) << r.error().public_text;
  EXPECT_EQ(r->name, "alice");
  for (auto [name, digest] : {std::pair{"alice", ApopDigest(kTimestamp, "wrong")},
                              {"nobody", good},
                              {"nosecret", good},
                              {"alice", std::string(32, '0')},
                              {"alice", std::string("short")}}) {
    auto bad = LoginApop(name, digest, store::kServicePop);
    ASSERT_FALSE(bad) << name;
    EXPECT_EQ(bad.error().code, ErrorCode::kAuthFailed) << name;
  }
  EXPECT_EQ(LoginApop("popless", good, store::kServicePop).error().code,
            ErrorCode::kPermissionDenied);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tern::auth
