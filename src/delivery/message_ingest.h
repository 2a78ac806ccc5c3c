#pragma once
// Takes one incoming message in pieces and turns it into what the store needs: its body
// and the parsed MIME structure, without holding the whole message in memory.
// Used by LMTP/SMTP DATA, `tern deliver`, `tern import` and IMAP APPEND.
//
// Where the body goes is decided here, by size: a message of up to
// BlobStore::max_inline_size() bytes is kept in memory and handed to the append
// (IngestedMessage::inline_body), which stores it in the index in the same commit as the
// message; a larger one streams into a blob file (BlobStore::Create) as soon as it
// outgrows that size. Either way the caller just passes ToNewMessage() to the store.
//
// Blocking: Write() and Finish() may do file I/O; call them on a worker pool. Not
// thread-safe; one producer at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "delivery/line_ending_normaliser.h"
#include "store/blob_store.h"
#include "store/types.h"

namespace tern::mail {
class MimeParser;
}

namespace tern::delivery {

struct IngestOptions {
  int64_t max_size = 50 << 20;  // bytes after normalisation; more is kTooLarge
  bool normalise_line_endings = true;
};

struct IngestedMessage {
  std::string blob_id;
  int64_t size = 0;
  std::string structure;  // mail::SerializeStructure
  // Set when the body is inline: it is durable only once an append carrying it (see
  // ToNewMessage) has succeeded. Otherwise the blob file is durable already.
  std::shared_ptr<const std::string> inline_body;
};

class MessageIngest {
 public:
  // `blobs` must outlive the ingest. Errors: kIo if a blob file cannot be created (only
  // when no body can be inline; otherwise that is reported by the Write that needs one).
  static Result<std::unique_ptr<MessageIngest>> Begin(store::BlobStore& blobs,
                                                      IngestOptions options);
  // Without Finish, a blob file begun is removed and nothing is stored.
  ~MessageIngest();
  MessageIngest(const MessageIngest&) = delete;
  MessageIngest& operator=(const MessageIngest&) = delete;

  // Errors: kTooLarge once the message exceeds max_size (further writes keep failing),
  // kIo if the blob cannot be written.
  Status Write(std::string_view bytes);
  // Returns the message's body (a durable blob file, or inline) and structure. Call once.
  Result<IngestedMessage> Finish();

  int64_t size() const { return size_; }

 private:
  MessageIngest(store::BlobStore& blobs, IngestOptions options);
  // Moves the body from memory to a new blob file, which takes every later byte.
  Status SpillToFile();

  store::BlobStore& blobs_;
  const int64_t max_inline_size_;
  std::string inline_body_;                    // the body, while it may still be inline
  std::unique_ptr<store::BlobWriter> writer_;  // the body, once it may not
  std::unique_ptr<mail::MimeParser> parser_;
  IngestOptions options_;
  LineEndingNormaliser normaliser_;
  std::string scratch_;
  int64_t size_ = 0;
  bool too_large_ = false;
};

// The store's view of an ingested message, with the given internal date and flags; the
// same for each of several recipients (an inline body is shared, not copied).
store::NewMessage ToNewMessage(const IngestedMessage& message, store::UnixTime internal_date,
                               uint32_t flags = 0);

}  // namespace tern::delivery
