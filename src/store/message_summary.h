#pragma once
// The summary of a stored body: what IMAP SORT, THREAD (RFC 5256, RFC 5957) and PREVIEW
// (RFC 8970) read of a message, computed once by the background indexer (the store's
// TextExtractor, store/text_index.h) and kept per blob, so copies of a message share it.
// Plain data: imap/sort/summary.h is the one computation that fills it; the store only
// keeps it. A message delivered since the indexer's last pass has none yet, and its
// readers compute the same summary from the message themselves.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/types.h"

namespace tern::store {

struct MessageSummary {
  // RFC 5256 2.2 sent date, seconds since the epoch; nullopt when the message has no
  // valid Date: (the reader then uses the internal date, which is not the body's).
  std::optional<int64_t> sent;
  // Collation keys (octet-comparable) of the RFC 5256 2.1 base subject, the first
  // addr-mailbox of FROM, TO and CC (RFC 5256 3) and the RFC 5957 DISPLAY values.
  std::string subject;
  bool reply_or_forward = false;  // the base subject extraction removed a Re:/Fwd:
  std::string from;
  std::string to;
  std::string cc;
  std::string display_from;
  std::string display_to;
  // Normalised msg-ids (RFC 5256 3): the Message-ID ("" if none) and the references of
  // THREAD=REFERENCES (References:, or else the first msg-id of In-Reply-To), the parent
  // last.
  std::string message_id;
  std::vector<std::string> references;
  // RFC 8970 preview text: UTF-8, at most 200 characters, "" when the message has no
  // text to preview.
  std::string preview;

  bool operator==(const MessageSummary&) const = default;
};

// What Store::GetSummaries reads besides each message's UID, internal date and size.
enum class SummaryPart {
  kNone,      // nothing more: SORT by ARRIVAL or SIZE
  kSortKeys,  // SummaryRow::summary, without its preview (SORT, THREAD)
  kPreview,   // SummaryRow::preview (FETCH PREVIEW)
};

// One message as Store::GetSummaries returns it.
struct SummaryRow {
  Uid uid = 0;
  UnixTime internal_date = 0;
  int64_t size = 0;
  std::string blob_id;
  // SummaryPart::kSortKeys: the body's summary, its preview left empty; nullopt when the
  // body has none yet.
  std::optional<MessageSummary> summary;
  // SummaryPart::kPreview: the body's preview; nullopt when it has none yet.
  std::optional<std::string> preview;
  // The cached structure of a message whose asked-for part is missing (nullopt above),
  // so the caller can compute it from the message without another round trip.
  std::string structure;
};

}  // namespace tern::store
