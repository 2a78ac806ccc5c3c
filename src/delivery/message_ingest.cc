#include "delivery/message_ingest.h"

#include "mail/mime_parser.h"
#include "mail/structure_codec.h"

namespace tern::delivery {

MessageIngest::MessageIngest(std::unique_ptr<store::BlobWriter> writer, IngestOptions options)
    : writer_(std::move(writer)),
      parser_(std::make_unique<mail::MimeParser>()),
      options_(options) {}

MessageIngest::~MessageIngest() = default;

Result<std::unique_ptr<MessageIngest>> MessageIngest::Begin(store::BlobStore& blobs,
                                                            IngestOptions options) {
  auto writer = blobs.Create();
  if (!writer) return Fail(std::move(writer).error());
  return std::unique_ptr<MessageIngest>(new MessageIngest(std::move(*writer), options));
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
  return writer_->Write(out);
}

Result<IngestedMessage> MessageIngest::Finish() {
  if (too_large_) return Fail(ErrorCode::kTooLarge, "message too large");
  IngestedMessage m;
  m.structure = mail::SerializeStructure(parser_->Finish());
  auto id = writer_->Commit();
  if (!id) return Fail(std::move(id).error());
  m.blob_id = std::move(*id);
  m.size = size_;
  return m;
}

store::NewMessage ToNewMessage(const IngestedMessage& message, store::UnixTime internal_date,
                               uint32_t flags) {
  store::NewMessage m;
  m.blob_id = message.blob_id;
  m.size = message.size;
  m.internal_date = internal_date;
  m.flags = flags;
  m.structure = message.structure;
  return m;
}

}  // namespace tern::delivery
