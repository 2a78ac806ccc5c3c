#pragma once
// Content addresses of message bodies: the lower-case hex SHA-256 of their bytes (see
// IsValidBlobId). One implementation for every place that names a body: the file blob
// writer hashes while it streams, MessageIngest hashes a body kept for the index.

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::store {

// Hashes bytes fed in pieces. Not thread-safe; one per body.
class BlobHasher {
 public:
  // kInternal if the crypto library cannot provide SHA-256.
  static Result<BlobHasher> Begin();
  BlobHasher(BlobHasher&&) noexcept;
  BlobHasher& operator=(BlobHasher&&) noexcept;
  BlobHasher(const BlobHasher&) = delete;
  BlobHasher& operator=(const BlobHasher&) = delete;
  ~BlobHasher();

  Status Update(std::string_view bytes);
  // The blob id of everything fed. Call once; the hasher is spent afterwards.
  Result<std::string> Finish();

 private:
  struct Context;
  explicit BlobHasher(std::unique_ptr<Context> ctx);
  std::unique_ptr<Context> ctx_;
};

// The blob id of `bytes`, in one call.
Result<std::string> BlobIdOf(std::string_view bytes);

}  // namespace tern::store
