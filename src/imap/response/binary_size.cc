#include "imap/response/binary_size.h"

#include "mail/transfer_decode.h"

namespace tern::imap::response {

std::optional<std::uint64_t> BinarySize(const mail::MessagePart& part, std::string_view body) {
  const mail::TransferEncoding enc = mail::ClassifyTransferEncoding(part.encoding.value_or(""));
  switch (enc) {
    case mail::TransferEncoding::kIdentity:
      return body.size();
    case mail::TransferEncoding::kUnknown:
      return std::nullopt;
    case mail::TransferEncoding::kBase64:
    case mail::TransferEncoding::kQuotedPrintable:
      break;
  }
  return mail::DecodeTransfer(enc, body).size();
}

}  // namespace tern::imap::response
