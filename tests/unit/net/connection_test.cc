#include "net/connection.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

namespace tern::net {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Sends `input` from a client socket (then closes it) and collects what the connection
// reads line by line on the server side.
std::vector<std::string> ReadLines(const std::string& input, ConnectionLimits limits) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket server = acceptor.accept();
  asio::write(client, asio::buffer(input));
  client.shutdown(tcp::socket::shutdown_send);

  std::vector<std::string> out;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        Connection conn(std::move(server), limits);
        for (;;) {
          auto line = co_await conn.ReadLine();
          if (!line) {
            out.push_back("<" + std::string(ErrorCodeName(line.error().code)) + ">");
            if (line.error().code != ErrorCode::kTooLarge) co_return;
            continue;
          }
          out.push_back(*line);
        }
      },
      asio::detached);
  io.run();
  return out;
}

TEST(ConnectionTest, SplitsCrlfAndBareLfLines) {
  auto lines = ReadLines("one\r\ntwo\nthree\r\n\r\npartial", ConnectionLimits{});
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three", "", "<io>"}));
}

TEST(ConnectionTest, OverlongLineIsRefusedAndSkipped) {
  ConnectionLimits limits;
  limits.max_line = 16;
  limits.read_chunk = 8;  // the long line arrives over several reads
  std::string input = "short\r\n" + std::string(100, 'x') + "\r\nafter\r\n";
  auto lines = ReadLines(input, limits);
  EXPECT_EQ(lines, (std::vector<std::string>{"short", "<too-large>", "after", "<io>"}));
}

TEST(ConnectionTest, LineOfExactlyTheLimitIsAccepted) {
  ConnectionLimits limits;
  limits.max_line = 10;
  auto lines = ReadLines("12345678\r\n123456789\r\n", limits);
  EXPECT_EQ(lines, (std::vector<std::string>{"12345678", "<too-large>", "<io>"}));
}

TEST(ConnectionTest, IdleTimeout) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket server = acceptor.accept();
  std::optional<Error> error;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        ConnectionLimits limits;
        limits.idle_timeout = std::chrono::seconds(1);
        Connection conn(std::move(server), limits);
        auto line = co_await conn.ReadLine();
        if (!line) error = line.error();
      },
      asio::detached);
  io.run();
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace tern::net
