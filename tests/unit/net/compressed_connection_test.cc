// net::Connection with COMPRESS=DEFLATE on, over plain TCP on loopback, against a client
// that compresses with zlib directly (deflate_test_util.h). Over TLS: see
// tls_connection_test.cc.

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <functional>

#include "deflate_test_util.h"
#include "net/connection.h"
#include "tls_test_util.h"

namespace tern::net {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

using Coroutine = std::function<asio::awaitable<void>(tcp::socket&)>;
using ServerBody = std::function<asio::awaitable<void>(Connection&)>;

// Runs the server side on a Connection and the client side on the other end of a
// loopback socket pair, both to completion; an exception in either fails the test.
void RunPair(ServerBody server, Coroutine client, ConnectionLimits limits = {}) {
  asio::io_context io;
  auto [client_socket, server_socket] = testing::SocketPair(io);
  Connection conn(std::move(server_socket), limits);
  auto rethrow = [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  };
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await server(conn);
        conn.Close();
      },
      rethrow);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { co_await client(client_socket); },
                 rethrow);
  io.run();
}

asio::awaitable<void> Send(tcp::socket& s, std::string_view bytes) {
  co_await asio::async_write(s, asio::buffer(bytes.data(), bytes.size()), kNoThrow);
}

// Reads and decompresses until `n` octets have come (or the connection ends).
asio::awaitable<std::string> Receive(tcp::socket& s, testing::RawInflater& inflater, size_t n) {
  std::string out;
  char buf[8192];
  while (out.size() < n) {
    auto [ec, got] = co_await s.async_read_some(asio::buffer(buf), kNoThrow);
    if (ec) break;
    out += inflater.Take(std::string_view(buf, got));
  }
  co_return out;
}

// Plain reads until `n` octets have come.
asio::awaitable<std::string> ReceivePlain(tcp::socket& s, size_t n) {
  std::string out;
  char buf[512];
  while (out.size() < n) {
    auto [ec, got] =
        co_await s.async_read_some(asio::buffer(buf, std::min(sizeof buf, n - out.size())), kNoThrow);
    if (ec) break;
    out.append(buf, got);
  }
  co_return out;
}

TEST(CompressedConnectionTest, LinesBothWaysAfterThePlainOk) {
  RunPair(
      [](Connection& conn) -> asio::awaitable<void> {
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "a1 COMPRESS DEFLATE");
        EXPECT_TRUE(co_await conn.Write("a1 OK DEFLATE active\r\n"));
        EXPECT_FALSE(conn.IsCompressed());
        EXPECT_TRUE(conn.StartCompression());
        EXPECT_TRUE(conn.IsCompressed());
        auto again = conn.StartCompression();
        EXPECT_FALSE(again);
        if (!again) {
          EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
        }
        auto tls = co_await conn.StartTls(nullptr);
        EXPECT_FALSE(tls);  // TLS below compression only
        std::vector<std::string> lines;
        for (int i = 0; i < 3; ++i) {
          lines.push_back((co_await conn.ReadLine()).value_or("<error>"));
        }
        EXPECT_EQ(lines, (std::vector<std::string>{"a2 SELECT INBOX", "a3 NOOP", "a4 LOGOUT"}));
        EXPECT_TRUE(co_await conn.Write("* BYE\r\n"));
        EXPECT_TRUE(co_await conn.Write("a4 OK bye\r\n"));
        auto eof = co_await conn.ReadLine();
        EXPECT_FALSE(eof);
        if (!eof) {
          EXPECT_EQ(eof.error().code, ErrorCode::kIo);
        }
      },
      [](tcp::socket& client) -> asio::awaitable<void> {
        co_await Send(client, "a1 COMPRESS DEFLATE\r\n");
        EXPECT_EQ(co_await ReceivePlain(client, 22), "a1 OK DEFLATE active\r\n");
        testing::RawDeflater deflater;
        // One byte per packet, then two commands in one.
        const std::string first = deflater.Take("a2 SELECT INBOX\r\n");
        for (char c : first) co_await Send(client, std::string_view(&c, 1));
        co_await Send(client, deflater.Take("a3 NOOP\r\na4 LOGOUT\r\n"));
        testing::RawInflater inflater;
        EXPECT_EQ(co_await Receive(client, inflater, 18), "* BYE\r\na4 OK bye\r\n");
        client.close();
      });
}

TEST(CompressedConnectionTest, BytesPipelinedAfterTheCommandAreDecompressed) {
  RunPair(
      [](Connection& conn) -> asio::awaitable<void> {
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "a1 COMPRESS DEFLATE");
        // Let the pipelined part arrive in the same read.
        while (conn.buffered() == 0) {
          auto chunk = co_await conn.ReadChunk();
          if (!chunk) co_return;
        }
        EXPECT_TRUE(conn.StartCompression());
        EXPECT_EQ(conn.buffered(), 0u);
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "a2 NOOP");
      },
      [](tcp::socket& client) -> asio::awaitable<void> {
        co_await Send(client, "a1 COMPRESS DEFLATE\r\n" + testing::Deflate("a2 NOOP\r\n"));
      });
}

TEST(CompressedConnectionTest, GarbageFailsTheReadButTheSessionMaySayGoodbye) {
  RunPair(
      [](Connection& conn) -> asio::awaitable<void> {
        EXPECT_TRUE(conn.StartCompression());
        auto line = co_await conn.ReadLine();
        EXPECT_FALSE(line);
        if (!line) {
          EXPECT_EQ(line.error().code, ErrorCode::kInvalidArgument);
          EXPECT_EQ(line.error().public_text, "invalid compressed data");
        }
        EXPECT_TRUE(co_await conn.Write("* BYE Invalid compressed data\r\n"));
      },
      [](tcp::socket& client) -> asio::awaitable<void> {
        co_await Send(client, "a2 NOOP\r\n");  // not compressed
        testing::RawInflater inflater;
        EXPECT_EQ(co_await Receive(client, inflater, 31), "* BYE Invalid compressed data\r\n");
      });
}

TEST(CompressedConnectionTest, ExpansionIsReadInBoundedChunks) {
  // 16 MB that compress to about 16 KB: the connection never holds more than its read
  // chunk of decompressed data at a time.
  constexpr size_t kTotal = 16u << 20;
  ConnectionLimits limits;
  limits.read_chunk = 4096;
  RunPair(
      [&](Connection& conn) -> asio::awaitable<void> {
        EXPECT_TRUE(conn.StartCompression());
        size_t total = 0;
        size_t largest = 0;
        while (total < kTotal) {
          auto chunk = co_await conn.ReadChunk();
          if (!chunk) break;
          largest = std::max(largest, chunk->size());
          total += chunk->size();
          conn.Consume(chunk->size());
        }
        EXPECT_EQ(total, kTotal);
        EXPECT_LE(largest, limits.read_chunk);
      },
      [&](tcp::socket& client) -> asio::awaitable<void> {
        co_await Send(client, testing::Deflate(std::string(kTotal, 'x')));
      },
      limits);
}

TEST(CompressedConnectionTest, BigWriteArrivesWholeAndCompressed) {
  std::string big;
  for (int i = 0; big.size() < (3u << 20); ++i) {
    big += "* " + std::to_string(i) + " FETCH (UID " + std::to_string(i * 3) + " FLAGS ())\r\n";
  }
  size_t wire_bytes = 0;
  RunPair(
      [&](Connection& conn) -> asio::awaitable<void> {
        EXPECT_TRUE(conn.StartCompression());
        EXPECT_TRUE(co_await conn.Write(big));
      },
      [&](tcp::socket& client) -> asio::awaitable<void> {
        testing::RawInflater inflater;
        std::string out;
        char buf[8192];
        while (out.size() < big.size()) {
          auto [ec, got] = co_await client.async_read_some(asio::buffer(buf), kNoThrow);
          if (ec) break;
          wire_bytes += got;
          out += inflater.Take(std::string_view(buf, got));
        }
        EXPECT_TRUE(out == big) << "got " << out.size() << " of " << big.size();
      });
  EXPECT_LT(wire_bytes, big.size() / 4);
}

}  // namespace
}  // namespace tern::net
