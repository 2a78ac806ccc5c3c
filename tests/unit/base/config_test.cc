#include "base/config.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace tern::config {
namespace {

TEST(ConfigTest, DefaultsCoverEveryKey) {
  auto c = Config::Defaults();
  for (const auto& spec : Keys()) {
    EXPECT_EQ(c.Text(spec.key), spec.default_value) << spec.key;
    EXPECT_FALSE(spec.description.empty()) << spec.key;
  }
  EXPECT_EQ(c.Int("service.imap.port"), 143);
  EXPECT_TRUE(c.Bool("store.fsync"));
  EXPECT_EQ(c.String("service.pop.loglevel"), "major");
}

TEST(ConfigTest, ParsesDottedTables) {
  auto c = Config::Parse("[service.imap]\nport = 1143\nbanner = \"hi\"\n[store]\nfsync = false\n",
                         "t.toml");
  ASSERT_TRUE(c) << c.error().public_text;
  EXPECT_EQ(c->Int("service.imap.port"), 1143);
  EXPECT_EQ(c->String("service.imap.banner"), "hi");
  EXPECT_FALSE(c->Bool("store.fsync"));
  EXPECT_TRUE(c->IsSet("service.imap.port"));
  EXPECT_FALSE(c->IsSet("service.pop.port"));
  EXPECT_EQ(c->Int("service.pop.port"), 110);
}

TEST(ConfigTest, UnknownKeyIsNamed) {
  auto c = Config::Parse("[service.imap]\nprot = 1\n", "t.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_text.find("service.imap.prot"), std::string::npos);
  EXPECT_NE(c.error().public_text.find("unknown"), std::string::npos);
  EXPECT_NE(c.error().public_text.find("t.toml:2"), std::string::npos);
}

TEST(ConfigTest, WrongTypeIsNamed) {
  auto c = Config::Parse("[service.imap]\nport = \"143\"\n", "t.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_text.find("service.imap.port: must be an integer"), std::string::npos)
      << c.error().public_text;
}

TEST(ConfigTest, OutOfRangeIsNamed) {
  auto c = Config::Parse("[service.imap]\nport = 70000\n", "t.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_text.find("service.imap.port: 70000 is out of range 0..65535"),
            std::string::npos)
      << c.error().public_text;
}

TEST(ConfigTest, ChoiceIsChecked) {
  auto c = Config::Parse("[service.pop]\nloglevel = \"loud\"\n", "t.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_text.find("service.pop.loglevel"), std::string::npos);
}

TEST(ConfigTest, SyntaxErrorHasLine) {
  auto c = Config::Parse("[store]\nfsync = \n", "t.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().public_text.find("t.toml:2"), std::string::npos) << c.error().public_text;
}

TEST(ConfigTest, NormaliseValue) {
  EXPECT_EQ(*NormaliseValue(*FindKey("store.fsync"), "off"), "false");
  EXPECT_EQ(*NormaliseValue(*FindKey("service.pop.port"), "1110"), "1110");
  EXPECT_FALSE(NormaliseValue(*FindKey("service.pop.port"), "11x"));
  EXPECT_FALSE(NormaliseValue(*FindKey("service.pop.port"), ""));
  EXPECT_FALSE(NormaliseValue(*FindKey("service.pop.port"), "-1"));
  EXPECT_FALSE(NormaliseValue(*FindKey("store.fsync"), "maybe"));
}

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tern-config-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = dir_ / "tern.toml";
    std::ofstream(path_) << RenderInitialFile("/srv/tern data");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_, path_;
};

TEST_F(ConfigFileTest, InitialFileLoadsWithDataDir) {
  auto c = Config::Load(path_);
  ASSERT_TRUE(c) << c.error().public_text;
  EXPECT_EQ(c->String("store.datadir"), "/srv/tern data");
  EXPECT_EQ(c->Int("service.imap.port"), 143);
}

TEST_F(ConfigFileTest, SetKeepsCommentsAndValidates) {
  ASSERT_TRUE(SetInFile(path_, "service.imap.port", "1143"));
  ASSERT_TRUE(SetInFile(path_, "service.imap.banner", "Hello \"there\""));
  ASSERT_TRUE(SetInFile(path_, "service.imap.port", "2143"));  // second set edits in place
  auto c = Config::Load(path_);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->Int("service.imap.port"), 2143);
  EXPECT_EQ(c->String("service.imap.banner"), "Hello \"there\"");
  std::ifstream in(path_);
  std::string all((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(all.find("# plain-text port of the imap service"), std::string::npos);
  EXPECT_EQ(all.find("port = 1143"), std::string::npos);

  auto bad = SetInFile(path_, "service.imap.port", "99999");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().public_text.find("service.imap.port"), std::string::npos);
  auto unknown = SetInFile(path_, "service.imap.nope", "1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(Config::Load(path_)->Int("service.imap.port"), 2143);
}

TEST_F(ConfigFileTest, SetAddsMissingSection) {
  std::ofstream(path_) << "[store]\ndatadir = \"/x\"\n";
  ASSERT_TRUE(SetInFile(path_, "service.pop.maxsessions", "7"));
  ASSERT_TRUE(SetInFile(path_, "store.fsync", "no"));
  auto c = Config::Load(path_);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->Int("service.pop.maxsessions"), 7);
  EXPECT_FALSE(c->Bool("store.fsync"));
  EXPECT_EQ(c->String("store.datadir"), "/x");
}

}  // namespace
}  // namespace tern::config
