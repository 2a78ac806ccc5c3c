#include "auth/secret_box.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace tern::auth {
namespace {

namespace fs = std::filesystem;

class SecretBoxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tern-secret-box-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SecretBoxTest, CreatesAPrivateKeyOnceAndSealsReversibly) {
  const fs::path key = SecretBox::KeyFileIn(dir_);
  auto box = SecretBox::LoadOrCreate(key);
  ASSERT_TRUE(box) << box.error().public_text;
  struct stat st {};
  ASSERT_EQ(stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);

  auto sealed = box->Seal("tanstaaf");
  ASSERT_TRUE(sealed);
  EXPECT_TRUE(sealed->starts_with("aes256gcm:"));
  EXPECT_EQ(sealed->find("tanstaaf"), std::string::npos);
  EXPECT_NE(*sealed, *box->Seal("tanstaaf"));  // a fresh nonce every time

  // Loading again reads the same key: what was sealed opens.
  auto again = SecretBox::LoadOrCreate(key);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->Open(*sealed).value_or(""), "tanstaaf");
  EXPECT_EQ(again->Open(*again->Seal("")).value_or("x"), "");
}

TEST_F(SecretBoxTest, RefusesAlteredMalformedAndForeignSecrets) {
  auto box = SecretBox::LoadOrCreate(SecretBox::KeyFileIn(dir_));
  auto other = SecretBox::LoadOrCreate(dir_ / "other.key");
  ASSERT_TRUE(box && other);
  std::string sealed = *box->Seal("secret");
  EXPECT_FALSE(other->Open(sealed));
  std::string altered = sealed;
  altered[12] = altered[12] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->Open(altered));
  for (const char* bad :
       {"", "aes256gcm:", "aes256gcm:!!!!", "plain:c2VjcmV0", "aes256gcm:c2hvcnQ="}) {
    auto r = box->Open(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST_F(SecretBoxTest, KeyFileOfTheWrongSizeIsAnError) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "short.key") << "too short";
  auto box = SecretBox::LoadOrCreate(dir_ / "short.key");
  ASSERT_FALSE(box);
  EXPECT_EQ(box.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(box.error().public_text.find("short.key"), std::string::npos);
}

}  // namespace
}  // namespace tern::auth
