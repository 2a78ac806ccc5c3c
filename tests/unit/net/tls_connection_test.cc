// net::Connection over TLS, against a real asio::ssl client on loopback.

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>

#include "net/connection.h"
#include "net/self_signed.h"
#include "net/tls_context.h"
#include "deflate_test_util.h"
#include "tls_test_util.h"

namespace tern::net {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using testing::KeyAndCert;
using testing::TempDir;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

using Coroutine = std::function<asio::awaitable<void>()>;

// gtest's ASSERT_* return from the function, which a coroutine cannot do.
#define CO_ASSERT_TRUE(cond)                     \
  if (!(cond)) {                                 \
    ADD_FAILURE() << "expected true: " << #cond; \
    co_return;                                   \
  }
#define CO_ASSERT_FALSE(cond)                     \
  if (cond) {                                     \
    ADD_FAILURE() << "expected false: " << #cond; \
    co_return;                                    \
  }

// Runs both sides to completion on one thread; an exception in either fails the test.
void RunBoth(asio::io_context& io, Coroutine server, Coroutine client) {
  auto rethrow = [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  };
  asio::co_spawn(io, std::move(server), rethrow);
  asio::co_spawn(io, std::move(client), rethrow);
  io.run();
}

std::string Pattern(size_t n, unsigned seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + i / 1000 + seed) % 251);
  return s;
}

template <typename Stream>
asio::awaitable<std::string> ClientReadLine(Stream& stream, std::string& buf) {
  auto [ec, n] =
      co_await asio::async_read_until(stream, asio::dynamic_buffer(buf), "\r\n", kNoThrow);
  if (ec) co_return "<" + ec.message() + ">";
  std::string line = buf.substr(0, n - 2);
  buf.erase(0, n);
  co_return line;
}

class TlsConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = GenerateSelfSignedCertificate(dir_ / "server.crt", dir_ / "server.key", "localhost");
    ASSERT_TRUE(s) << s.error().ToLogString();
  }

  std::shared_ptr<TlsContext> ServerContext(TlsSettings settings = {}) {
    settings.certificate_path = dir_ / "server.crt";
    settings.key_path = dir_ / "server.key";
    auto ctx = TlsContext::Load(settings);
    EXPECT_TRUE(ctx) << ctx.error().ToLogString();
    return ctx ? *ctx : nullptr;
  }

  // A client that checks the server's certificate as a careful mail client would:
  // against the generated certificate as its trust anchor, for host name "localhost".
  ssl::context ClientContext() {
    ssl::context c(ssl::context::tls_client);
    c.load_verify_file((dir_ / "server.crt").string());
    c.set_verify_mode(ssl::verify_peer);
    c.set_verify_callback(ssl::host_name_verification("localhost"));
    return c;
  }

  static void UseClientCertificate(ssl::context& c, const KeyAndCert& kc) {
    ASSERT_EQ(SSL_CTX_use_certificate(c.native_handle(), kc.cert.get()), 1);
    ASSERT_EQ(SSL_CTX_use_PrivateKey(c.native_handle(), kc.key.get()), 1);
  }

  // Accepts TLS with `tls` on the server and runs `server_body` on the connection;
  // the client handshakes with `client_ctx` and runs `client_body`.
  void RunTls(std::shared_ptr<TlsContext> tls, ssl::context& client_ctx,
              std::function<asio::awaitable<void>(Connection&)> server_body,
              std::function<asio::awaitable<void>(ssl::stream<tcp::socket>&)> client_body,
              ConnectionLimits limits = {}) {
    asio::io_context io;
    auto [client_socket, server_socket] = testing::SocketPair(io);
    ssl::stream<tcp::socket> client(std::move(client_socket), client_ctx);
    Connection conn(std::move(server_socket), limits);
    RunBoth(
        io,
        [&]() -> asio::awaitable<void> {
          auto s = co_await conn.StartTls(std::move(tls));
          EXPECT_TRUE(s) << s.error().ToLogString();
          if (s) co_await server_body(conn);
          conn.Close();
        },
        [&]() -> asio::awaitable<void> {
          SSL_ctrl(client.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>("localhost"));
          auto [ec] = co_await client.async_handshake(ssl::stream_base::client, kNoThrow);
          EXPECT_FALSE(ec) << ec.message();
          if (!ec) co_await client_body(client);
        });
  }

  TempDir dir_;
};

TEST_F(TlsConnectionTest, LinesAcrossTls) {
  auto client_ctx = ClientContext();
  RunTls(
      ServerContext(), client_ctx,
      [](Connection& conn) -> asio::awaitable<void> {
        EXPECT_TRUE(conn.IsTls());
        EXPECT_GE(conn.CipherBits(), 128);
        EXPECT_EQ(conn.TlsVersion(), "TLSv1.3");
        EXPECT_FALSE(conn.CipherName().empty());
        EXPECT_FALSE(conn.PeerCertificateInfo());  // none requested
        std::vector<std::string> lines;
        for (int i = 0; i < 4; ++i) {
          auto line = co_await conn.ReadLine();
          if (!line) break;
          lines.push_back(*line);
        }
        EXPECT_EQ(lines, (std::vector<std::string>{"a001 CAPABILITY", "", "bare lf", "split"}));
        auto again = co_await conn.StartTls(nullptr);
        CO_ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
        EXPECT_TRUE(co_await conn.Write("* OK over TLS\r\n"));
        auto eof = co_await conn.ReadLine();
        CO_ASSERT_FALSE(eof);
        EXPECT_EQ(eof.error().code, ErrorCode::kIo);
      },
      [](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
        co_await asio::async_write(client, asio::buffer(std::string("a001 CAPABILITY\r\n\r\n")),
                                   kNoThrow);
        co_await asio::async_write(client, asio::buffer(std::string("bare lf\nspl")), kNoThrow);
        co_await asio::async_write(client, asio::buffer(std::string("it\r\n")), kNoThrow);
        std::string buf;
        EXPECT_EQ(co_await ClientReadLine(client, buf), "* OK over TLS");
        co_await client.async_shutdown(kNoThrow);
      });
}

TEST_F(TlsConnectionTest, OneMegabyteEachWayWithReadChunk) {
  const std::string up = Pattern(1 << 20, 1), down = Pattern(1 << 20, 2);
  auto client_ctx = ClientContext();
  ConnectionLimits limits;
  limits.read_chunk = 10000;  // not a multiple of the 16 KiB TLS record
  RunTls(
      ServerContext(), client_ctx,
      [&](Connection& conn) -> asio::awaitable<void> {
        std::string got;
        while (got.size() < up.size()) {
          auto chunk = co_await conn.ReadChunk();
          if (!chunk) break;
          size_t take = std::min(chunk->size(), size_t{4096});  // consume only part
          got.append(chunk->substr(0, take));
          conn.Consume(take);
        }
        EXPECT_EQ(conn.buffered(), 0u);
        EXPECT_TRUE(got == up) << "received " << got.size() << " bytes, content differs";
        EXPECT_TRUE(co_await conn.Write(down));
      },
      [&](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
        auto [wec, wn] = co_await asio::async_write(client, asio::buffer(up), kNoThrow);
        EXPECT_FALSE(wec);
        std::string got(down.size(), '\0');
        auto [rec, rn] = co_await asio::async_read(client, asio::buffer(got), kNoThrow);
        EXPECT_FALSE(rec) << rec.message();
        EXPECT_TRUE(got == down);
      },
      limits);
}

TEST_F(TlsConnectionTest, CompressionAboveTls) {
  // RFC 4978 3: compressed, then encrypted; decrypted, then decompressed.
  std::string up;
  for (int i = 0; up.size() < (1u << 20); ++i) up += "a" + std::to_string(i) + " NOOP\r\n";
  const std::string down = Pattern(1 << 20, 3);  // barely compressible
  auto client_ctx = ClientContext();
  RunTls(
      ServerContext(), client_ctx,
      [&](Connection& conn) -> asio::awaitable<void> {
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "c COMPRESS DEFLATE");
        EXPECT_TRUE(co_await conn.Write("c OK DEFLATE active\r\n"));
        CO_ASSERT_TRUE(conn.StartCompression());
        EXPECT_TRUE(conn.IsTls() && conn.IsCompressed());
        std::string got;
        while (got.size() < up.size()) {
          auto chunk = co_await conn.ReadChunk();
          if (!chunk) break;
          got.append(*chunk);
          conn.Consume(chunk->size());
        }
        EXPECT_TRUE(got == up) << "received " << got.size() << " bytes, content differs";
        EXPECT_TRUE(co_await conn.Write(down));
      },
      [&](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
        co_await asio::async_write(client, asio::buffer(std::string("c COMPRESS DEFLATE\r\n")),
                                   kNoThrow);
        std::string buf;
        EXPECT_EQ(co_await ClientReadLine(client, buf), "c OK DEFLATE active");
        testing::RawDeflater deflater;
        const std::string wire = deflater.Take(up);
        EXPECT_LT(wire.size(), up.size() / 3);
        co_await asio::async_write(client, asio::buffer(wire), kNoThrow);
        testing::RawInflater inflater;
        std::string got;
        char chunk[16384];
        while (got.size() < down.size()) {
          auto [ec, n] = co_await client.async_read_some(asio::buffer(chunk), kNoThrow);
          if (ec) break;
          got += inflater.Take(std::string_view(chunk, n));
        }
        EXPECT_TRUE(got == down) << "got " << got.size() << " bytes";
      });
}

TEST_F(TlsConnectionTest, Tls12ClientReportsVersionAndCipherBits) {
  auto client_ctx = ClientContext();
  SSL_CTX_set_max_proto_version(client_ctx.native_handle(), TLS1_2_VERSION);
  RunTls(
      ServerContext(), client_ctx,
      [](Connection& conn) -> asio::awaitable<void> {
        EXPECT_EQ(conn.TlsVersion(), "TLSv1.2");
        EXPECT_EQ(conn.CipherName().rfind("ECDHE-", 0), 0u) << conn.CipherName();
        EXPECT_GE(conn.CipherBits(), 128);
        auto line = co_await conn.ReadLine();
        EXPECT_EQ(line.value_or("<error>"), "hi");
      },
      [](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
        co_await asio::async_write(client, asio::buffer(std::string("hi\r\n")), kNoThrow);
      });
}

TEST_F(TlsConnectionTest, StartTlsAfterPlaintextExchange) {
  asio::io_context io;
  auto [client_socket, server_socket] = testing::SocketPair(io);
  auto client_ctx = ClientContext();
  auto tls = ServerContext();
  Connection conn(std::move(server_socket), ConnectionLimits{});
  RunBoth(
      io,
      [&]() -> asio::awaitable<void> {
        EXPECT_FALSE(conn.IsTls());
        EXPECT_EQ(conn.CipherBits(), 0);
        EXPECT_EQ(conn.TlsVersion(), "");
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "CAPA");
        EXPECT_TRUE(co_await conn.Write("+OK\r\nSTLS\r\n.\r\n"));
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "STLS");
        EXPECT_EQ(conn.buffered(), 0u);
        EXPECT_TRUE(co_await conn.Write("+OK Begin TLS negotiation\r\n"));
        auto s = co_await conn.StartTls(tls);
        CO_ASSERT_TRUE(s);
        EXPECT_TRUE(conn.IsTls());
        EXPECT_GT(conn.CipherBits(), 0);
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "USER alice");
        EXPECT_TRUE(co_await conn.Write("+OK secret\r\n"));
        conn.Close();
      },
      [&]() -> asio::awaitable<void> {
        std::string buf;
        co_await asio::async_write(client_socket, asio::buffer(std::string("CAPA\r\n")), kNoThrow);
        EXPECT_EQ(co_await ClientReadLine(client_socket, buf), "+OK");
        EXPECT_EQ(co_await ClientReadLine(client_socket, buf), "STLS");
        EXPECT_EQ(co_await ClientReadLine(client_socket, buf), ".");
        co_await asio::async_write(client_socket, asio::buffer(std::string("STLS\r\n")), kNoThrow);
        EXPECT_EQ(co_await ClientReadLine(client_socket, buf), "+OK Begin TLS negotiation");
        EXPECT_TRUE(buf.empty());
        ssl::stream<tcp::socket&> client(client_socket, client_ctx);
        auto [ec] = co_await client.async_handshake(ssl::stream_base::client, kNoThrow);
        CO_ASSERT_FALSE(ec);
        co_await asio::async_write(client, asio::buffer(std::string("USER alice\r\n")), kNoThrow);
        EXPECT_EQ(co_await ClientReadLine(client, buf), "+OK secret");
      });
}

TEST_F(TlsConnectionTest, StartTlsRefusesPipelinedPlaintext) {
  // CVE-2011-0411: "STARTTLS\r\nRSET\r\n" in one packet must not let RSET run as if it
  // had come over TLS.
  asio::io_context io;
  auto [client_socket, server_socket] = testing::SocketPair(io);
  asio::write(client_socket, asio::buffer(std::string("STARTTLS\r\nRSET\r\n")));
  Connection conn(std::move(server_socket), ConnectionLimits{});
  auto tls = ServerContext();
  RunBoth(
      io,
      [&]() -> asio::awaitable<void> {
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "STARTTLS");
        EXPECT_EQ(conn.buffered(), 6u);
        auto s = co_await conn.StartTls(tls);
        CO_ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
        EXPECT_FALSE(conn.IsTls());
        // Nothing was discarded: the session can still read what was pipelined.
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "RSET");
        conn.Close();  // else the idle watchdog keeps io.run() going
      },
      []() -> asio::awaitable<void> { co_return; });
}

TEST_F(TlsConnectionTest, IdleTimeoutOverTlsStillLetsTheSessionSayGoodbye) {
  auto client_ctx = ClientContext();
  ConnectionLimits limits;
  limits.idle_timeout = std::chrono::seconds(1);
  RunTls(
      ServerContext(), client_ctx,
      [](Connection& conn) -> asio::awaitable<void> {
        auto line = co_await conn.ReadLine();
        CO_ASSERT_FALSE(line);
        EXPECT_EQ(line.error().code, ErrorCode::kUnavailable);
        EXPECT_TRUE(co_await conn.Write("* BYE autologout\r\n"));
      },
      [](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
        std::string buf;
        EXPECT_EQ(co_await ClientReadLine(client, buf), "* BYE autologout");
      },
      limits);
}

TEST_F(TlsConnectionTest, HandshakeTimesOutWhenTheClientSendsNothing) {
  asio::io_context io;
  auto [client_socket, server_socket] = testing::SocketPair(io);
  ConnectionLimits limits;
  limits.handshake_timeout = std::chrono::seconds(1);
  Connection conn(std::move(server_socket), limits);
  auto tls = ServerContext();
  auto started = std::chrono::steady_clock::now();
  RunBoth(
      io,
      [&]() -> asio::awaitable<void> {
        auto s = co_await conn.StartTls(tls);
        CO_ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
        EXPECT_FALSE(conn.IsTls());
        conn.Close();
      },
      []() -> asio::awaitable<void> { co_return; });
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(TlsConnectionTest, PlaintextClientFailsTheHandshakeClearly) {
  asio::io_context io;
  auto [client_socket, server_socket] = testing::SocketPair(io);
  Connection conn(std::move(server_socket), ConnectionLimits{});
  auto tls = ServerContext();
  RunBoth(
      io,
      [&]() -> asio::awaitable<void> {
        auto s = co_await conn.StartTls(tls);
        CO_ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::kIo);
        EXPECT_EQ(s.error().public_text, "TLS handshake failed");
        EXPECT_NE(s.error().detail.find("wrong version number"), std::string::npos)
            << s.error().detail;
        EXPECT_FALSE(conn.IsTls());
        EXPECT_EQ(conn.CipherBits(), 0);
        conn.Close();
      },
      [&]() -> asio::awaitable<void> {
        co_await asio::async_write(client_socket, asio::buffer(std::string("USER alice\r\n")),
                                   kNoThrow);
        // The client is not left hanging: it sees the connection end.
        std::string sink;
        auto [ec, n] =
            co_await asio::async_read(client_socket, asio::dynamic_buffer(sink), kNoThrow);
        EXPECT_TRUE(ec);
      });
}

TEST_F(TlsConnectionTest, MinProtocol13RefusesATls12OnlyClient) {
  asio::io_context io;
  auto [client_socket, server_socket] = testing::SocketPair(io);
  auto client_ctx = ClientContext();
  SSL_CTX_set_max_proto_version(client_ctx.native_handle(), TLS1_2_VERSION);
  ssl::stream<tcp::socket> client(std::move(client_socket), client_ctx);
  Connection conn(std::move(server_socket), ConnectionLimits{});
  TlsSettings settings;
  settings.min_protocol = "1.3";
  auto tls = ServerContext(settings);
  RunBoth(
      io,
      [&]() -> asio::awaitable<void> {
        auto s = co_await conn.StartTls(tls);
        CO_ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::kIo);
        EXPECT_NE(s.error().detail.find("unsupported protocol"), std::string::npos)
            << s.error().detail;
        conn.Close();
      },
      [&]() -> asio::awaitable<void> {
        auto [ec] = co_await client.async_handshake(ssl::stream_base::client, kNoThrow);
        EXPECT_TRUE(ec);
      });
}

TEST_F(TlsConnectionTest, SessionKeepsItsContextAfterTheServiceDropsIt) {
  // A reload replaces the service's context; a session that started with the old one
  // holds the only reference and goes on working.
  auto client_ctx = ClientContext();
  auto tls = ServerContext();
  std::weak_ptr<TlsContext> weak = tls;
  RunTls(
      std::move(tls), client_ctx,
      [&](Connection& conn) -> asio::awaitable<void> {
        EXPECT_FALSE(weak.expired());  // kept alive by the connection alone
        EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "NOOP");
        EXPECT_TRUE(co_await conn.Write("OK\r\n"));
      },
      [](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
        co_await asio::async_write(client, asio::buffer(std::string("NOOP\r\n")), kNoThrow);
        std::string buf;
        EXPECT_EQ(co_await ClientReadLine(client, buf), "OK");
      });
  EXPECT_TRUE(weak.expired());
}

TEST_F(TlsConnectionTest, CloseGracefullySendsCloseNotify) {
  auto client_ctx = ClientContext();
  RunTls(
      ServerContext(), client_ctx,
      [](Connection& conn) -> asio::awaitable<void> {
        EXPECT_TRUE(co_await conn.Write("+OK bye\r\n"));
        co_await conn.CloseGracefully();
      },
      [](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
        std::string buf;
        EXPECT_EQ(co_await ClientReadLine(client, buf), "+OK bye");
        // A clean TLS close reads as EOF; a bare TCP close would be stream_truncated.
        EXPECT_EQ(co_await ClientReadLine(client, buf), "<End of file>");
        co_await client.async_shutdown(kNoThrow);
      });
}

// Client certificates, for SASL EXTERNAL.
class ClientCertificateTest : public TlsConnectionTest {
 protected:
  void SetUp() override {
    TlsConnectionTest::SetUp();
    ca_ = testing::IssueCertificate("Tern Test CA", "", nullptr, true, 1);
    testing::WritePem(dir_ / "ca.pem", ca_.cert.get());
  }
  std::shared_ptr<TlsContext> Context() {
    TlsSettings settings;
    settings.client_ca_path = dir_ / "ca.pem";
    return ServerContext(settings);
  }
  // Runs a handshake with `client_cert` (none if null) and returns what the server saw.
  std::optional<PeerCertificate> Handshake(const KeyAndCert* client_cert) {
    auto client_ctx = ClientContext();
    if (client_cert) UseClientCertificate(client_ctx, *client_cert);
    std::optional<PeerCertificate> seen;
    RunTls(
        Context(), client_ctx,
        [&](Connection& conn) -> asio::awaitable<void> {
          seen = conn.PeerCertificateInfo();
          EXPECT_EQ((co_await conn.ReadLine()).value_or("<error>"), "AUTHENTICATE EXTERNAL");
        },
        [](ssl::stream<tcp::socket>& client) -> asio::awaitable<void> {
          co_await asio::async_write(client, asio::buffer(std::string("AUTHENTICATE EXTERNAL\r\n")),
                                     kNoThrow);
        });
    return seen;
  }
  KeyAndCert ca_;
};

TEST_F(ClientCertificateTest, VerifiedCertificateFromTheCa) {
  auto alice = testing::IssueCertificate("alice", "alice@example.org", &ca_, false, 2);
  auto info = Handshake(&alice);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->verified) << info->verify_error;
  EXPECT_EQ(info->verify_error, "");
  EXPECT_EQ(info->subject_cn, "alice");
  EXPECT_EQ(info->subject_email, "alice@example.org");
  EXPECT_EQ(info->san_emails, std::vector<std::string>{"alice@example.org"});
  EXPECT_EQ(info->subject, "emailAddress=alice@example.org,CN=alice,O=Tern Test");
  EXPECT_EQ(info->issuer, "CN=Tern Test CA,O=Tern Test");
  EXPECT_EQ(info->sha256_fingerprint.size(), 64u);
}

TEST_F(ClientCertificateTest, CertificateFromAnotherIssuerIsSeenButNotVerified) {
  auto mallory = testing::IssueCertificate("mallory", "alice@example.org", nullptr, false, 3);
  auto info = Handshake(&mallory);
  ASSERT_TRUE(info);
  EXPECT_FALSE(info->verified);
  EXPECT_EQ(info->subject_cn, "mallory");
  EXPECT_NE(info->verify_error, "");
}

TEST_F(ClientCertificateTest, ExpiredCertificateIsNotVerified) {
  auto old = testing::IssueCertificate("bob", "bob@example.org", &ca_, false, 4, -60);
  auto info = Handshake(&old);
  ASSERT_TRUE(info);
  EXPECT_FALSE(info->verified);
  EXPECT_EQ(info->verify_error, "certificate has expired");
}

TEST_F(ClientCertificateTest, ClientWithoutCertificateStillConnects) {
  EXPECT_FALSE(Handshake(nullptr));
}

}  // namespace
}  // namespace tern::net
