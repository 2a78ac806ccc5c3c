// COMPRESS DEFLATE (RFC 4978): the connection compresses both ways from the end of the
// tagged OK on, above TLS when that is on (net::Connection::StartCompression).
#include "imap/session/session.h"

namespace tern::imap::session {

namespace asio = boost::asio;

asio::awaitable<bool> Session::OnCompress(const std::string& tag) {
  // RFC 4978 3 allows BAD for a second COMPRESS; NO [COMPRESSIONACTIVE] says why, as
  // Dovecot does, and keeps the session's count of bad commands for real errors.
  if (conn_.IsCompressed()) {
    TaggedNo(tag, "[COMPRESSIONACTIVE] DEFLATE is already active");
    co_return true;
  }
  // The OK goes out uncompressed, with anything queued before it (RFC 4978 3: "the
  // server MUST compress starting immediately after the CRLF which ends the tagged OK").
  TaggedOk(tag, "DEFLATE active");
  CommitTagged();
  if (!co_await Flush(true)) co_return false;
  if (auto s = conn_.StartCompression(); !s) {
    log_.Problem("{}: COMPRESS failed: {}", conn_.peer(), s.error().ToLogString());
    co_return false;
  }
  log_.Protocol("{} compression on", conn_.peer());
  co_return true;
}

}  // namespace tern::imap::session
