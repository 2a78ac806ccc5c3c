#pragma once
// Content-addressed, immutable message bodies. A body is stored once however many
// mailboxes hold it. These calls block (file or database I/O): run them on a worker
// pool, never on an I/O thread.
//
// A store may keep small bodies in its index instead ("inline"): such a body is not
// written through Create() but handed to the append that references it
// (NewMessage::inline_body), which stores it in the same commit as the message, so it
// costs no write and no fsync of its own. Open() finds either kind; the two share ids
// (blob_hasher.h) and reference counts, so identical bytes are stored once either way.

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
  // The largest body, in bytes, that should go inline rather than through Create();
  // 0: none. MessageIngest applies it; a store accepts an inline body of any size.
  virtual int64_t max_inline_size() const { return 0; }
};

}  // namespace tern::store
