#include "store/store.h"

#include <boost/asio/use_awaitable.hpp>
#include <utility>

#include "store/blob_store.h"

namespace tern::store {

Task<AppendResult> Store::Append(AppendRequest request) {
  std::vector<AppendRequest> requests;
  requests.push_back(std::move(request));
  auto results = co_await AppendMany(std::move(requests));
  if (!results) co_return Fail(std::move(results).error());
  if (results->size() != 1) {
    co_return Fail(ErrorCode::kInternal, "internal error", "AppendMany returned a wrong count");
  }
  co_return std::move(results->front());
}

Result<std::string> BlobStore::ReadAll(std::string_view blob_id) {
  auto reader = Open(blob_id);
  if (!reader) return Fail(std::move(reader).error());
  std::string out(static_cast<size_t>((*reader)->size()), '\0');
  size_t done = 0;
  while (done < out.size()) {
    auto n = (*reader)->ReadAt(static_cast<int64_t>(done),
                               std::span<char>(out.data() + done, out.size() - done));
    if (!n) return Fail(std::move(n).error());
    if (*n == 0)
      return Fail(ErrorCode::kCorrupt, "message body is truncated",
                  "blob " + std::string(blob_id) + " shorter than its size");
    done += *n;
  }
  return out;
}

}  // namespace tern::store
