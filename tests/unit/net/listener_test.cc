#include "net/listener.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>

namespace tern::net {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Connects to a listener whose maxsessions is 0 and returns all it sends before closing.
std::string BusyResponse(bool tls) {
  IoPool pool(1);
  ListenerSpec spec{.service = "test",
                    .address = "127.0.0.1",
                    .port = 0,
                    .max_sessions = 0,
                    .busy_reply = "-ERR [SYS/TEMP] too many sessions\r\n",
                    .tls = tls};
  auto listener = Listener::Bind(
      pool, spec, [](tcp::socket) -> asio::awaitable<void> { co_return; }, log::Logger());
  EXPECT_TRUE(listener);
  if (!listener) return "<bind failed>";
  pool.Start();
  (*listener)->Start();
  asio::io_context io;
  tcp::socket client(io);
  client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), (*listener)->port()));
  timeval timeout{.tv_sec = 5, .tv_usec = 0};  // a hang fails the test, not the suite
  setsockopt(client.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string got;
  boost::system::error_code ec;
  asio::read(client, asio::dynamic_buffer(got), ec);
  EXPECT_EQ(ec, asio::error::eof) << ec.message();
  (*listener)->Stop();
  pool.Stop();
  return got;
}

TEST(ListenerTest, BusyPlainListenerSendsTheBusyReply) {
  EXPECT_EQ(BusyResponse(false), "-ERR [SYS/TEMP] too many sessions\r\n");
}

TEST(ListenerTest, BusyTlsListenerClosesWithoutPlaintext) { EXPECT_EQ(BusyResponse(true), ""); }

}  // namespace
}  // namespace tern::net
