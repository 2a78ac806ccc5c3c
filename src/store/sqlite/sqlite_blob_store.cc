#include "store/sqlite/sqlite_blob_store.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "store/normalize.h"
#include "store/sqlite/ops.h"

namespace tern::store::sqlite {
namespace {

class InlineBlobReader final : public BlobReader {
 public:
  explicit InlineBlobReader(std::string body) : body_(std::move(body)) {}

  int64_t size() const override { return static_cast<int64_t>(body_.size()); }

  Result<size_t> ReadAt(int64_t offset, std::span<char> out) override {
    if (offset < 0) return Fail(ErrorCode::kInvalidArgument, "negative offset");
    if (static_cast<uint64_t>(offset) >= body_.size()) return size_t{0};
    const size_t n = std::min(out.size(), body_.size() - static_cast<size_t>(offset));
    std::memcpy(out.data(), body_.data() + offset, n);
    return n;
  }

 private:
  std::string body_;
};

}  // namespace

Result<std::unique_ptr<BlobReader>> SqliteBlobStore::Open(std::string_view blob_id) {
  if (!IsValidBlobId(blob_id)) return Fail(ErrorCode::kInvalidArgument, "invalid blob id");
  auto body = [&] {
    auto lease = readers_.Acquire();
    return ops::GetInlineBody(*lease, blob_id);
  }();
  if (!body) return Fail(std::move(body).error());
  if (*body) return std::make_unique<InlineBlobReader>(std::move(**body));
  return files_->Open(blob_id);
}

}  // namespace tern::store::sqlite
