#pragma once
// Content-addressed, immutable message bodies. A body is stored once however many
// mailboxes hold it. These calls block (file I/O): run them on a worker pool, never on
// an I/O thread.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::store {

// Streams a new blob in. Destroying a writer without Commit discards what was written.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  virtual Status Write(std::string_view bytes) = 0;
  // Makes the blob durable (fsync when configured) under its content address and
  // returns that address (lower-case hex SHA-256). If an identical blob already
  // exists, the new copy is dropped. Call at most once.
  virtual Result<std::string> Commit() = 0;
  virtual int64_t size() const = 0;
};

class BlobReader {
 public:
  virtual ~BlobReader() = default;
  virtual int64_t size() const = 0;
  // Reads up to `out.size()` bytes at `offset`; returns the count (0 at the end).
  virtual Result<size_t> ReadAt(int64_t offset, std::span<char> out) = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<std::unique_ptr<BlobWriter>> Create() = 0;
  // kNotFound if there is no such blob.
  virtual Result<std::unique_ptr<BlobReader>> Open(std::string_view blob_id) = 0;
  // Reads a whole blob (for small blobs and tests only; bodies are streamed).
  Result<std::string> ReadAll(std::string_view blob_id);
};

}  // namespace tern::store
