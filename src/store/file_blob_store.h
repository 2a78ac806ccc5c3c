#pragma once
// Blob storage in a directory: <root>/ab/cdef... holds the blob whose lower-case hex
// SHA-256 is "abcdef...". A writer streams into <root>/tmp/ while hashing and Commit
// renames the finished file into place, so a crash at any point leaves either no blob or
// a whole one under its final name (at worst a stray file in tmp/, swept on open).
//
// Thread-safety: the store may be used from any number of threads at once; one writer or
// reader object by one thread at a time. Every call blocks on file I/O (see blob_store.h).

#include <filesystem>
#include <memory>
#include <string_view>

#include "base/result.h"
#include "store/blob_store.h"

namespace tern::store {

struct FileBlobOptions {
  std::filesystem::path root;
  // fdatasync blobs and fsync their directories on Commit. Off only for tests and
  // throwaway data: a crash may then lose acknowledged messages.
  bool fsync = true;
};

class FileBlobStore final : public BlobStore {
 public:
  // Creates `root` and `root/tmp` as needed and removes temp files older than an hour
  // (left by a crash; a live writer never takes that long).
  static Result<std::unique_ptr<FileBlobStore>> OpenRoot(FileBlobOptions options);

  Result<std::unique_ptr<BlobWriter>> Create() override;
  Result<std::unique_ptr<BlobReader>> Open(std::string_view blob_id) override;

  // Where the blob with this (valid) id lives, whether or not it exists.
  std::filesystem::path PathOf(std::string_view blob_id) const;
  const std::filesystem::path& root() const { return options_.root; }

 private:
  explicit FileBlobStore(FileBlobOptions options) : options_(std::move(options)) {}
  FileBlobOptions options_;
};

}  // namespace tern::store
