#include "imap/session/blob_prefix.h"

#include <algorithm>
#include <span>

namespace tern::imap::session {

Result<std::string> ReadBlobPrefix(store::BlobStore& blobs, const std::string& blob_id, uint64_t size) {
  auto reader = blobs.Open(blob_id);
  if (!reader) return Fail(reader.error());
  std::string out(static_cast<size_t>(std::min<uint64_t>(size, static_cast<uint64_t>((*reader)->size()))), '\0');
  size_t done = 0;
  while (done < out.size()) {
    auto n = (*reader)->ReadAt(static_cast<int64_t>(done), std::span<char>(out.data() + done, out.size() - done));
    if (!n) return Fail(n.error());
    if (*n == 0) break;
    done += *n;
  }
  out.resize(done);
  return out;
}

}  // namespace tern::imap::session
