#include "auth/sasl/factory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sasl_test_util.h"

namespace tern::auth::sasl {
namespace {

using namespace std::string_literals;
using ::testing::ElementsAre;

TEST(FactoryTest, KnownMechanisms) {
  std::vector<std::string_view> names;
  for (const auto& info : KnownMechanisms()) names.push_back(info.name);
  EXPECT_THAT(names, ElementsAre("EXTERNAL", "SCRAM-SHA-256", "PLAIN", "LOGIN", "ANONYMOUS"));
  ASSERT_NE(FindMechanism("plain"), nullptr);
  EXPECT_TRUE(FindMechanism("plain")->plaintext_password);
  EXPECT_FALSE(FindMechanism("Scram-Sha-256")->plaintext_password);
  EXPECT_EQ(FindMechanism("CRAM-MD5"), nullptr);
  EXPECT_EQ(FindMechanism(""), nullptr);
}

TEST(FactoryTest, AvailabilityFollowsTheContext) {
  MechanismContext plain_conn;
  EXPECT_THAT(AvailableMechanisms(plain_conn), ElementsAre("SCRAM-SHA-256", "PLAIN", "LOGIN"));

  MechanismContext locked;
  locked.allow_plaintext = false;
  EXPECT_THAT(AvailableMechanisms(locked), ElementsAre("SCRAM-SHA-256"));
  EXPECT_EQ(MakeMechanism("PLAIN", locked), nullptr);
  EXPECT_EQ(MakeMechanism("LOGIN", locked), nullptr);

  MechanismContext all;
  all.external_identity = "alice";
  all.allow_anonymous = true;
  EXPECT_THAT(AvailableMechanisms(all),
              ElementsAre("EXTERNAL", "SCRAM-SHA-256", "PLAIN", "LOGIN", "ANONYMOUS"));

  MechanismContext empty_identity;
  empty_identity.external_identity = "";
  EXPECT_EQ(MakeMechanism("EXTERNAL", empty_identity), nullptr);
  EXPECT_EQ(MakeMechanism("ANONYMOUS", plain_conn), nullptr);
  EXPECT_EQ(MakeMechanism("EXTERNAL", plain_conn), nullptr);
  EXPECT_EQ(MakeMechanism("GSSAPI", all), nullptr);
}

TEST(FactoryTest, MakesEachMechanismCaseInsensitively) {
  MechanismContext all;
  all.external_identity = "alice";
  all.allow_anonymous = true;
  for (const char* name : {"external", "scram-sha-256", "Plain", "login", "ANONYMOUS"}) {
    auto m = MakeMechanism(name, all);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->Name(), FindMechanism(name)->name);
    EXPECT_FALSE(m->IsDone());
  }
  auto ext = MakeMechanism("EXTERNAL", all);
  Step s = ext->Start("");
  EXPECT_EQ(STEP_AS(s, Success).authcid, "alice");
  auto plain = MakeMechanism("PLAIN", all);
  Step p = plain->Start("\0bob\0pw"s);
  EXPECT_EQ(STEP_AS(p, NeedPassword).authcid, "bob");
}

}  // namespace
}  // namespace tern::auth::sasl
