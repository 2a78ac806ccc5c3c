#pragma once
// A listening socket for one service. Binds at construction (so "address in use" is a
// startup error, not a silent failure), accepts on its own context and hands each
// connection to a session coroutine on one of the I/O pool's contexts, enforcing the
// service's maxsessions.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

#include "base/log.h"
#include "base/result.h"
#include "net/io_pool.h"

namespace tern::net {

struct ListenerSpec {
  std::string service;  // "lmtp", "pop", ... for logs
  std::string address;
  uint16_t port = 0;  // 0: any free port (see Listener::port())
  int max_sessions = 1000;
  // Sent verbatim to a connection refused because max_sessions are active.
  std::string busy_reply;
  // An implicit-TLS port (993, 995, 465): the session's first act is StartTls(). A
  // refused connection is then closed without busy_reply: the client expects a TLS
  // handshake, so plaintext would only read as a protocol error, and doing a handshake
  // just to say "busy" would spend the CPU that overload is short of. Clients see a
  // dropped connection and retry later, as they would for "busy".
  bool tls = false;
};

// Runs one session; the socket is bound to the context the coroutine runs on.
using SessionHandler = std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket)>;

class Listener {
 public:
  static Result<std::unique_ptr<Listener>> Bind(IoPool& pool, ListenerSpec spec,
                                                SessionHandler handler, log::Logger logger);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Starts accepting (on the pool's first context).
  void Start();
  // Stops accepting; sessions already running go on.
  void Stop();

  uint16_t port() const { return port_; }
  int active_sessions() const { return active_->load(); }
  void set_max_sessions(int n) { max_sessions_->store(n); }

 private:
  Listener(IoPool& pool, ListenerSpec spec, SessionHandler handler, log::Logger logger);
  boost::asio::awaitable<void> AcceptLoop();

  IoPool& pool_;
  ListenerSpec spec_;
  SessionHandler handler_;
  log::Logger log_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  // Shared with running sessions, which may outlive the listener during shutdown.
  std::shared_ptr<std::atomic<int>> active_ = std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<std::atomic<int>> max_sessions_;
};

}  // namespace tern::net
