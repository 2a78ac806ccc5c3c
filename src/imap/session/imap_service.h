#pragma once
// The IMAP4rev2/IMAP4rev1 service (RFC 9051, RFC 3501 and the extensions in
// capabilities.cc): one session per connection.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "auth/authenticator.h"
#include "base/log.h"
#include "imap/session/imap_settings.h"
#include "imap/session/recent_claims.h"
#include "store/store.h"

namespace tern::imap::session {

// What every IMAP session shares. Outlives all sessions.
struct ImapContext {
  store::Store& store;
  auth::Directory& directory;
  auth::Authenticator& authenticator;
  boost::asio::thread_pool& pool;  // blob reads, message parsing, rendering of FETCH
  RecentClaims& recent;
  log::Logger log;
};

// Runs one session. With `implicit_tls` (the IMAPS port) the TLS handshake comes first.
boost::asio::awaitable<void> RunImapSession(boost::asio::ip::tcp::socket socket,
                                            std::shared_ptr<const ImapSettings> settings,
                                            ImapContext& context, bool implicit_tls);

}  // namespace tern::imap::session
