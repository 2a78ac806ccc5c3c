#include "delivery/message_ingest.h"

#include "mail/mime_parser.h"
#include "mail/structure_codec.h"
#include "store/blob_hasher.h"

namespace tern::delivery {

MessageIngest::MessageIngest(store::BlobStore& blobs, IngestOptions options)
    : blobs_(blobs),
      max_inline_size_(blobs.max_inline_size()),
      parser_(std::make_unique<mail::MimeParser>()),
      options_(options) {}

MessageIngest::~MessageIngest() = default;

Result<std::unique_ptr<MessageIngest>> MessageIngest::Begin(store::BlobStore& blobs,
                                                            IngestOptions options) {
  std::unique_ptr<MessageIngest> ingest(new MessageIngest(blobs, options));
  if (ingest->max_inline_size_ <= 0) TERN_TRY(ingest->SpillToFile());
  return ingest;
}

Status MessageIngest::SpillToFile() {
  auto writer = blobs_.Create();
  if (!writer) return Fail(std::move(writer).error());
  writer_ = std::move(*writer);
  TERN_TRY(writer_->Write(inline_body_));
  std::string().swap(inline_body_);
  return Ok();
}

Status MessageIngest::Write(std::string_view bytes) {
  if (too_large_) return Fail(ErrorCode::kTooLarge, "message too large");
  std::string_view out = bytes;
  if (options_.normalise_line_endings) {
    scratch_.clear();
    normaliser_.Feed(bytes, scratch_);
    out = scratch_;
  }
  size_ += static_cast<int64_t>(out.size());
  if (size_ > options_.max_size) {
    too_large_ = true;
    return Fail(ErrorCode::kTooLarge, "message too large");
  }
  parser_->Feed(out);
  if (!writer_ && size_ > max_inline_size_) TERN_TRY(SpillToFile());
  if (writer_) return writer_->Write(out);
  inline_body_.append(out);
  return Ok();
}

Result<IngestedMessage> MessageIngest::Finish() {
  if (too_large_) return Fail(ErrorCode::kTooLarge, "message too large");
  IngestedMessage m;
  m.structure = mail::SerializeStructure(parser_->Finish());
  auto id = writer_ ? writer_->Commit() : store::BlobIdOf(inline_body_);
  if (!id) return Fail(std::move(id).error());
  m.blob_id = std::move(*id);
  m.size = size_;
  if (!writer_) m.inline_body = std::make_shared<const std::string>(std::move(inline_body_));
  return m;
}

store::NewMessage ToNewMessage(const IngestedMessage& message, store::UnixTime internal_date,
                               uint32_t flags) {
  store::NewMessage m;
  m.blob_id = message.blob_id;
  m.size = message.size;
  m.inline_body = message.inline_body;
  m.internal_date = internal_date;
  m.flags = flags;
  m.structure = message.structure;
  return m;
}

}  // namespace tern::delivery
