#include "net/listener.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace tern::net {

namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(IoPool& pool, ListenerSpec spec, SessionHandler handler, log::Logger logger)
    : pool_(pool),
      spec_(std::move(spec)),
      handler_(std::move(handler)),
      log_(std::move(logger)),
      acceptor_(pool.At(0)),
      max_sessions_(std::make_shared<std::atomic<int>>(spec_.max_sessions)) {}

Listener::~Listener() { Stop(); }

Result<std::unique_ptr<Listener>> Listener::Bind(IoPool& pool, ListenerSpec spec,
                                                 SessionHandler handler, log::Logger logger) {
  std::unique_ptr<Listener> l(new Listener(pool, std::move(spec), std::move(handler), logger));
  boost::system::error_code ec;
  auto address = asio::ip::make_address(l->spec_.address, ec);
  if (ec) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("service.{}.listen: \"{}\" is not an IP address", l->spec_.service,
                            l->spec_.address));
  }
  tcp::endpoint ep(address, l->spec_.port);
  auto fail = [&](const char* what) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("{}: cannot {} {}:{}: {}", l->spec_.service, what, l->spec_.address,
                            l->spec_.port, ec.message()));
  };
  l->acceptor_.open(ep.protocol(), ec);
  if (ec) return fail("open");
  l->acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  l->acceptor_.bind(ep, ec);
  if (ec) return fail("listen on");
  l->acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  l->port_ = l->acceptor_.local_endpoint(ec).port();
  return l;
}

void Listener::Start() {
  log_.Major("listening on {}:{}", spec_.address, port_);
  asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), asio::detached);
}

void Listener::Stop() {
  // The acceptor belongs to its context's thread; close it there.
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
  });
}

asio::awaitable<void> Listener::AcceptLoop() {
  for (;;) {
    auto& ctx = pool_.Next();
    auto [ec, socket] = co_await acceptor_.async_accept(ctx, asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
      log_.Problem("accept failed: {}", ec.message());
      continue;
    }
    if (active_->load() >= max_sessions_->load()) {
      log_.Problem("refusing connection: {} sessions active (maxsessions)", active_->load());
      if (spec_.tls) {  // see ListenerSpec::tls
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto reply = std::make_shared<std::string>(spec_.busy_reply);
      auto sock = std::make_shared<tcp::socket>(std::move(socket));
      asio::async_write(*sock, asio::buffer(*reply), [sock, reply](auto, auto) {
        boost::system::error_code ignored;
        sock->shutdown(tcp::socket::shutdown_both, ignored);
      });
      continue;
    }
    active_->fetch_add(1);
    auto active = active_;
    auto handler = handler_;
    asio::co_spawn(
        ctx, [handler, s = std::move(socket)]() mutable { return handler(std::move(s)); },
        [active, log = log_](std::exception_ptr e) {
          active->fetch_sub(1);
          if (e) {
            try {
              std::rethrow_exception(e);
            } catch (const std::exception& ex) {
              log.Problem("session ended by exception: {}", ex.what());
            }
          }
        });
  }
}

}  // namespace tern::net
