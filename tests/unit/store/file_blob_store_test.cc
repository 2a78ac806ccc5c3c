#include "store/file_blob_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store_test_util.h"

namespace tern::store {
namespace {

namespace fs = std::filesystem;

// SHA-256("abc"), FIPS 180-2 appendix B.1.
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
// SHA-256("").
constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

size_t CountFiles(const fs::path& dir) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

class FileBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = FileBlobStore::OpenRoot({dir_.path() / "blobs", false});
    ASSERT_TRUE(s) << s.error().ToLogString();
    store_ = std::move(*s);
  }

  std::string Put(const std::vector<std::string>& pieces) {
    auto w = store_->Create();
    EXPECT_TRUE(w);
    for (const auto& p : pieces) EXPECT_TRUE((*w)->Write(p));
    auto id = (*w)->Commit();
    EXPECT_TRUE(id) << id.error().ToLogString();
    return id.value_or("");
  }

  testing::TempDir dir_;
  std::unique_ptr<FileBlobStore> store_;
};

TEST_F(FileBlobStoreTest, ContentAddressIsSha256UnderAFanoutDirectory) {
  std::string id = Put({"a", "b", "c"});  // streamed in pieces, hashed as a whole
  EXPECT_EQ(id, kAbc);
  fs::path path = dir_.path() / "blobs" / "ba" / std::string(kAbc + 2);
  EXPECT_EQ(store_->PathOf(id), path);
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(Put({}), kEmpty);
  auto empty = store_->ReadAll(kEmpty);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
  EXPECT_EQ(CountFiles(dir_.path() / "blobs" / "tmp"), 0u);
}

TEST_F(FileBlobStoreTest, ReadAtReadsRanges) {
  std::string body;
  for (int i = 0; i < 5000; ++i) body += std::to_string(i) + ",";
  std::string id = Put({body.substr(0, 1000), body.substr(1000)});
  auto r = store_->Open(id);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->size(), static_cast<int64_t>(body.size()));
  char buf[100];
  auto n = (*r)->ReadAt(1234, buf);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, sizeof buf);
  EXPECT_EQ(std::string(buf, *n), body.substr(1234, 100));
  auto tail = (*r)->ReadAt(static_cast<int64_t>(body.size()) - 10, buf);
  ASSERT_TRUE(tail);
  EXPECT_EQ(*tail, 10u);
  auto end = (*r)->ReadAt(static_cast<int64_t>(body.size()), buf);
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, 0u);
  EXPECT_EQ(*store_->ReadAll(id), body);
}

TEST_F(FileBlobStoreTest, IdenticalContentIsStoredOnce) {
  auto w1 = store_->Create();
  auto w2 = store_->Create();
  ASSERT_TRUE(w1 && w2);
  ASSERT_TRUE((*w1)->Write("same"));
  ASSERT_TRUE((*w2)->Write("same"));
  EXPECT_EQ((*w1)->size(), 4);
  auto id1 = (*w1)->Commit();
  auto id2 = (*w2)->Commit();
  ASSERT_TRUE(id1 && id2);
  EXPECT_EQ(*id1, *id2);
  EXPECT_EQ(CountFiles(dir_.path() / "blobs"), 1u);
  EXPECT_FALSE((*w1)->Commit());  // at most once
}

TEST_F(FileBlobStoreTest, UncommittedWriterLeavesNoFile) {
  {
    auto w = store_->Create();
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->Write("half a message"));
    // An unnamed file (O_TMPFILE): nothing is visible anywhere until commit.
    EXPECT_EQ(CountFiles(dir_.path() / "blobs"), 0u);
  }
  EXPECT_EQ(CountFiles(dir_.path() / "blobs"), 0u);
  size_t dirs = 0;
  for (const auto& e : fs::directory_iterator(dir_.path() / "blobs")) dirs += e.is_directory();
  EXPECT_EQ(dirs, 1u);  // just tmp/
}

TEST_F(FileBlobStoreTest, OpenRejectsBadIdsAndReportsMissingOnes) {
  auto missing = store_->Open(kAbc);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  for (const std::string& bad : std::vector<std::string>{
           "", "../../etc/passwd", std::string(64, 'A'), std::string(63, 'a')}) {
    auto r = store_->Open(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST_F(FileBlobStoreTest, ReopenSweepsOnlyStaleTempFiles) {
  fs::path tmp = dir_.path() / "blobs" / "tmp";
  std::ofstream(tmp / "stale.tmp") << "left by a crash";
  std::ofstream(tmp / "live.tmp") << "a writer in another process";
  fs::last_write_time(tmp / "stale.tmp", fs::file_time_type::clock::now() - std::chrono::hours(2));
  auto again = FileBlobStore::OpenRoot({dir_.path() / "blobs", false});
  ASSERT_TRUE(again);
  EXPECT_FALSE(fs::exists(tmp / "stale.tmp"));
  EXPECT_TRUE(fs::exists(tmp / "live.tmp"));
}

TEST_F(FileBlobStoreTest, FsyncModeWorks) {
  auto s = FileBlobStore::OpenRoot({dir_.path() / "synced", true});
  ASSERT_TRUE(s);
  auto w = (*s)->Create();
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->Write("abc"));
  auto id = (*w)->Commit();
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, kAbc);
  EXPECT_EQ(*(*s)->ReadAll(kAbc), "abc");
}

}  // namespace
}  // namespace tern::store
