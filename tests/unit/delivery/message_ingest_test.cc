#include "delivery/message_ingest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/blob_hasher.h"
#include "store/file_blob_store.h"
#include "unit/store/store_test_util.h"

namespace tern::delivery {
namespace {

namespace fs = std::filesystem;

// File blobs with an inline limit, as a store that keeps small bodies in its index has.
class InlineCapableBlobs final : public store::BlobStore {
 public:
  InlineCapableBlobs(std::unique_ptr<store::FileBlobStore> files, int64_t max_inline)
      : files_(std::move(files)), max_inline_(max_inline) {}
  Result<std::unique_ptr<store::BlobWriter>> Create() override { return files_->Create(); }
  Result<std::unique_ptr<store::BlobReader>> Open(std::string_view id) override {
    return files_->Open(id);
  }
  int64_t max_inline_size() const override { return max_inline_; }

 private:
  std::unique_ptr<store::FileBlobStore> files_;
  int64_t max_inline_;
};

size_t CountBlobFiles(const fs::path& root) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    n += e.is_regular_file() && e.path().parent_path().filename() != "tmp";
  }
  return n;
}

class MessageIngestTest : public ::testing::Test {
 protected:
  InlineCapableBlobs& Blobs(int64_t max_inline) {
    auto files = store::FileBlobStore::OpenRoot({dir_.path() / "blobs", false});
    EXPECT_TRUE(files) << files.error().ToLogString();
    blobs_ = std::make_unique<InlineCapableBlobs>(std::move(*files), max_inline);
    return *blobs_;
  }

  // Ingests `pieces` (normalising bare LF) and returns the result.
  Result<IngestedMessage> Ingest(store::BlobStore& blobs, const std::vector<std::string>& pieces,
                                 IngestOptions options = {}) {
    auto ingest = MessageIngest::Begin(blobs, options);
    if (!ingest) return Fail(std::move(ingest).error());
    for (const auto& p : pieces) TERN_TRY((*ingest)->Write(p));
    return (*ingest)->Finish();
  }

  size_t Files() { return CountBlobFiles(dir_.path() / "blobs"); }

  store::testing::TempDir dir_;
  std::unique_ptr<InlineCapableBlobs> blobs_;
};

const std::string kMessage =
    "From: a@example.org\r\nSubject: hello\r\nContent-Type: text/plain\r\n\r\nbody line\r\n";

TEST_F(MessageIngestTest, SmallMessageStaysInMemoryUnderItsContentAddress) {
  auto& blobs = Blobs(1024);
  auto m = Ingest(blobs, {"From: a@example.org\nSubject: hello\n", "Content-Type: text/plain\n",
                          "\nbody line\n"});
  ASSERT_TRUE(m) << m.error().ToLogString();
  ASSERT_TRUE(m->inline_body);
  EXPECT_EQ(*m->inline_body, kMessage);  // normalised to CRLF, as a file would be
  EXPECT_EQ(m->size, static_cast<int64_t>(kMessage.size()));
  EXPECT_EQ(m->blob_id, *store::BlobIdOf(kMessage));
  EXPECT_FALSE(m->structure.empty());
  EXPECT_EQ(Files(), 0u);

  // The id is the one the same bytes get as a file: the two kinds deduplicate.
  auto& files_only = Blobs(0);
  auto f = Ingest(files_only, {kMessage});
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->inline_body);
  EXPECT_EQ(f->blob_id, m->blob_id);
  EXPECT_EQ(f->structure, m->structure);
  EXPECT_EQ(*files_only.ReadAll(f->blob_id), kMessage);
}

TEST_F(MessageIngestTest, TheLimitDecidesByteForByte) {
  const auto limit = static_cast<int64_t>(kMessage.size());
  // Exactly at the limit: inline, however it is cut.
  for (size_t chunk : {size_t{1}, size_t{7}, kMessage.size()}) {
    std::vector<std::string> pieces;
    for (size_t i = 0; i < kMessage.size(); i += chunk) pieces.push_back(kMessage.substr(i, chunk));
    auto m = Ingest(Blobs(limit), pieces);
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->inline_body) << "chunk " << chunk;
  }
  EXPECT_EQ(Files(), 0u);

  // One byte over: the body so far moves to a file, which gets every byte, once.
  for (size_t chunk : {size_t{1}, size_t{7}, kMessage.size()}) {
    std::vector<std::string> pieces;
    for (size_t i = 0; i < kMessage.size(); i += chunk) pieces.push_back(kMessage.substr(i, chunk));
    auto& blobs = Blobs(limit - 1);
    auto m = Ingest(blobs, pieces);
    ASSERT_TRUE(m) << m.error().ToLogString();
    EXPECT_FALSE(m->inline_body) << "chunk " << chunk;
    EXPECT_EQ(m->blob_id, *store::BlobIdOf(kMessage));
    EXPECT_EQ(*blobs.ReadAll(m->blob_id), kMessage);
  }
  EXPECT_EQ(Files(), 1u);  // the same bytes each time
}

TEST_F(MessageIngestTest, AbandonedOrTooLargeMessagesLeaveNothing) {
  auto& blobs = Blobs(16);
  {
    auto ingest = MessageIngest::Begin(blobs, {});
    ASSERT_TRUE(ingest);
    ASSERT_TRUE((*ingest)->Write(kMessage));  // spilled to a file, never finished
  }
  auto big = Ingest(blobs, {kMessage, kMessage}, {.max_size = 100});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(Files(), 0u);
  EXPECT_EQ(CountBlobFiles(dir_.path() / "blobs" / "tmp"), 0u);
}

TEST_F(MessageIngestTest, EveryRecipientSharesOneInlineBody) {
  auto m = Ingest(Blobs(1024), {kMessage});
  ASSERT_TRUE(m && m->inline_body);
  store::NewMessage a = ToNewMessage(*m, 1700000000, 1);
  store::NewMessage b = ToNewMessage(*m, 1700000000);
  EXPECT_EQ(a.blob_id, m->blob_id);
  EXPECT_EQ(a.size, m->size);
  EXPECT_EQ(a.structure, m->structure);
  EXPECT_EQ(a.internal_date, 1700000000);
  EXPECT_EQ(a.flags, 1u);
  EXPECT_EQ(a.inline_body.get(), m->inline_body.get());
  EXPECT_EQ(b.inline_body.get(), m->inline_body.get());
}

}  // namespace
}  // namespace tern::delivery
