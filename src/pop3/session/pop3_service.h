#pragma once
// The POP3 service (RFC 1939, 2449, 5034, 2595, 3206): one session per connection.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "auth/authenticator.h"
#include "base/log.h"
#include "pop3/session/login_delays.h"
#include "pop3/session/pop3_settings.h"
#include "pop3/session/view_locks.h"
#include "store/store.h"

namespace tern::pop3::session {

// What every POP3 session shares. Outlives all sessions.
struct Pop3Context {
  store::Store& store;
  auth::Directory& directory;
  auth::Authenticator& authenticator;
  boost::asio::thread_pool& pool;  // blob reads
  ViewLocks& locks;
  LoginDelays& login_delays;
  log::Logger log;
};

// Runs one session. With `implicit_tls` (the POP3S port) the TLS handshake comes first.
boost::asio::awaitable<void> RunPop3Session(boost::asio::ip::tcp::socket socket,
                                            std::shared_ptr<const Pop3Settings> settings,
                                            Pop3Context& context, bool implicit_tls);

}  // namespace tern::pop3::session
