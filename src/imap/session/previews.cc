#include "imap/session/previews.h"

#include <utility>

#include "base/run_on_pool.h"
#include "imap/session/blob_prefix.h"
#include "mail/mime_parser.h"
#include "mail/preview.h"
#include "mail/structure_codec.h"
#include "store/blob_store.h"

namespace tern::imap::session {

boost::asio::awaitable<Result<std::unordered_map<store::Uid, std::string>>> LoadPreviews(
    store::Store& store, boost::asio::thread_pool& pool, store::MailboxId mailbox,
    std::vector<store::Uid> uids, bool compute) {
  auto rows = co_await store.GetSummaries(mailbox, std::move(uids), store::SummaryPart::kPreview);
  if (!rows) co_return Fail(rows.error());
  std::unordered_map<store::Uid, std::string> out;
  std::vector<store::SummaryRow*> missing;
  for (store::SummaryRow& row : *rows) {
    if (row.preview) {
      out.emplace(row.uid, std::move(*row.preview));
    } else if (compute) {
      missing.push_back(&row);
    }
  }
  if (missing.empty()) co_return out;
  auto made = co_await RunOnPool(pool.get_executor(), [&]() -> Status {
    for (store::SummaryRow* row : missing) {
      auto cached = mail::DeserializeStructure(row->structure);
      if (cached && mail::PreviewOctets(*cached) == 0) {
        out.emplace(row->uid, std::string());  // no text part: nothing to read
        continue;
      }
      // Without a usable cached structure the message is read whole and parsed, as
      // FETCH's other readers of it do.
      Result<std::string> octets =
          cached ? ReadBlobPrefix(store.blobs(), row->blob_id, mail::PreviewOctets(*cached))
                 : store.blobs().ReadAll(row->blob_id);
      if (!octets) {
        // RFC 8970 3.2: no NIL without LAZY; what cannot be read has no meaningful preview.
        out.emplace(row->uid, std::string());
        continue;
      }
      const mail::MessageStructure structure =
          cached ? std::move(*cached) : mail::ParseMessage(*octets);
      out.emplace(row->uid, mail::MakePreview(*octets, structure));
    }
    return {};
  });
  if (!made) co_return Fail(made.error());
  co_return out;
}

}  // namespace tern::imap::session
