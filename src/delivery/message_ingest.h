#pragma once
// Takes one incoming message in pieces and turns it into what the store needs: a durable
// blob and the parsed MIME structure, without holding the whole message in memory.
// Used by LMTP/SMTP DATA, `tern deliver`, `tern import` and (later) IMAP APPEND.
//
// Blocking: Write() and Finish() do file I/O; call them on a worker pool. Not
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
};

class MessageIngest {
 public:
  static Result<std::unique_ptr<MessageIngest>> Begin(store::BlobStore& blobs,
                                                      IngestOptions options);
  ~MessageIngest();
  MessageIngest(const MessageIngest&) = delete;
  MessageIngest& operator=(const MessageIngest&) = delete;

  // Errors: kTooLarge once the message exceeds max_size (further writes keep failing),
  // kIo if the blob cannot be written.
  Status Write(std::string_view bytes);
  // Makes the blob durable and returns it with its structure. Call once.
  Result<IngestedMessage> Finish();

  int64_t size() const { return size_; }

 private:
  MessageIngest(std::unique_ptr<store::BlobWriter> writer, IngestOptions options);

  std::unique_ptr<store::BlobWriter> writer_;
  std::unique_ptr<mail::MimeParser> parser_;
  IngestOptions options_;
  LineEndingNormaliser normaliser_;
  std::string scratch_;
  int64_t size_ = 0;
  bool too_large_ = false;
};

// Builds the append requests for delivering one ingested message to several accounts'
// mailboxes, with the given internal date and flags.
store::NewMessage ToNewMessage(const IngestedMessage& message, store::UnixTime internal_date,
                               uint32_t flags = 0);

}  // namespace tern::delivery
