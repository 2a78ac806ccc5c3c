#pragma once
// An LMTP session (RFC 2033): LHLO, MAIL, RCPT, DATA with one reply per accepted
// recipient, PIPELINING, ENHANCEDSTATUSCODES, 8BITMIME, SIZE. Messages are acknowledged
// only once durable in every recipient's mailbox.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "auth/directory.h"
#include "base/log.h"
#include "smtp/session/lmtp_settings.h"
#include "store/store.h"

namespace tern::smtp::session {

// What every LMTP session shares. Outlives all sessions.
struct LmtpContext {
  store::Store& store;
  auth::Directory& directory;
  boost::asio::thread_pool& pool;  // blob writes and MIME parsing
  log::Logger log;
};

boost::asio::awaitable<void> RunLmtpSession(boost::asio::ip::tcp::socket socket,
                                            std::shared_ptr<const LmtpSettings> settings,
                                            LmtpContext& context);

}  // namespace tern::smtp::session
