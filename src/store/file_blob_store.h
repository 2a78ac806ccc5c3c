#pragma once
// Blob storage in a directory: <root>/ab/cdef... holds the blob whose lower-case hex
// SHA-256 is "abcdef...". A writer streams into an unnamed file in <root>/tmp/ while
// hashing, and Commit links the synced file into place, so a crash at any point leaves
// either no blob or a whole one under its final name. (Where O_TMPFILE is missing, a
// named temp file and rename are used; a crash may then leave a stray file in tmp/,
// swept on open.)
//
// Thread-safety: the store may be used from any number of threads at once; one writer or
// reader object by one thread at a time. Every call blocks on file I/O (see blob_store.h).

#include <array>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
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

  // The fan-out directory holding `blob_id` (valid), created and opened on first use and
  // kept open, so that committing a blob costs no path walk, mkdir or open of it.
  Result<int> FanoutDirectory(std::string_view blob_id);

  ~FileBlobStore() override;
  FileBlobStore(const FileBlobStore&) = delete;
  FileBlobStore& operator=(const FileBlobStore&) = delete;

 private:
  explicit FileBlobStore(FileBlobOptions options);
  FileBlobOptions options_;
  std::mutex dirs_mu_;  // serialises the first open of each directory
  std::array<std::atomic<int>, 256> dir_fds_;
};

}  // namespace tern::store
