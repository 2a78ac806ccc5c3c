#pragma once
// Reading only the start of a message body: the header that FETCH of header sections and
// SEARCH of header keys need, without reading the attachments after it. Blocking (file
// I/O): call it on the worker pool.

#include <cstdint>
#include <string>

#include "base/result.h"
#include "store/blob_store.h"

namespace tern::imap::session {

// The first `size` octets of the blob (fewer if it is shorter).
Result<std::string> ReadBlobPrefix(store::BlobStore& blobs, const std::string& blob_id, uint64_t size);

}  // namespace tern::imap::session
