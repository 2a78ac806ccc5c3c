#pragma once
// The bodies of the SQLite backend: those up to `max_inline_size` bytes inline in the
// index (table inline_blobs, written by the appends that reference them), the rest in a
// FileBlobStore under blobs/. See blob_store.h for what "inline" means to callers.
//
// Thread-safety: as FileBlobStore; inline reads borrow a read connection for one query.

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/result.h"
#include "store/blob_store.h"
#include "store/file_blob_store.h"
#include "store/sqlite/reader_pool.h"

namespace tern::store::sqlite {

class SqliteBlobStore final : public BlobStore {
 public:
  // `readers` must outlive this store.
  SqliteBlobStore(std::unique_ptr<FileBlobStore> files, ReaderPool& readers,
                  int64_t max_inline_size)
      : files_(std::move(files)), readers_(readers), max_inline_size_(max_inline_size) {}

  // Always a file: inline bodies come with their appends (NewMessage::inline_body).
  Result<std::unique_ptr<BlobWriter>> Create() override { return files_->Create(); }
  // An inline body is read whole (it is small) so that the reader holds no connection;
  // otherwise the file.
  Result<std::unique_ptr<BlobReader>> Open(std::string_view blob_id) override;
  int64_t max_inline_size() const override { return max_inline_size_; }

 private:
  std::unique_ptr<FileBlobStore> files_;
  ReaderPool& readers_;
  const int64_t max_inline_size_;
};

}  // namespace tern::store::sqlite
