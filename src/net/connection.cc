#include "net/connection.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstring>

#include "net/openssl_util.h"

namespace tern::net {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// How long CloseGracefully waits for the client's close_notify.
constexpr std::chrono::seconds kCloseNotifyWait{3};
// How much of a write is compressed before the compressed part is sent.
constexpr size_t kCompressSlice = 64 * 1024;

struct Connection::TlsState {
  TlsState(asio::ip::tcp::socket& socket, std::shared_ptr<TlsContext> c)
      : context(std::move(c)), stream(socket, context->native()) {}
  // Declared first so that it outlives the stream: asio's ssl::context owns callback
  // state that the SSL object refers to.
  std::shared_ptr<TlsContext> context;
  ssl::stream<asio::ip::tcp::socket&> stream;
  bool established = false;
};

Connection::Connection(asio::ip::tcp::socket socket, ConnectionLimits limits)
    : socket_(std::move(socket)), timer_(socket_.get_executor()), limits_(limits) {
  boost::system::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("unknown") : fmt::format("{}:{}", ep.address().to_string(), ep.port());
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

void Connection::Compact() {
  if (start_ == end_) {
    start_ = end_ = 0;
  } else if (start_ > buf_.size() / 2) {
    std::memmove(buf_.data(), buf_.data() + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
}

Connection::~Connection() { watchdog_->gone = true; }

void Connection::Touch() { Touch(limits_.idle_timeout); }

void Connection::Touch(std::chrono::steady_clock::duration timeout) {
  watchdog_->deadline = std::chrono::steady_clock::now() + timeout;
  if (!watchdog_->armed || watchdog_->deadline < watchdog_->armed_at) Arm();
}

void Connection::Arm() {
  watchdog_->armed = true;
  watchdog_->armed_at = watchdog_->deadline;
  timer_.expires_at(watchdog_->deadline);  // cancels a pending wait, if any
  timer_.async_wait([this, w = watchdog_](const boost::system::error_code& ec) {
    // Cancelled by Close() or superseded by an earlier deadline (Arm() again): the
    // state belongs to whoever cancelled.
    if (w->gone || ec) return;
    w->armed = false;
    if (std::chrono::steady_clock::now() < w->deadline) {
      Arm();  // there was I/O meanwhile
      return;
    }
    // Cancel rather than close: the session may still send a last reply (421, BYE).
    // Over TLS too: a read cancelled while OpenSSL waited for input leaves the TLS
    // state intact, so the reply is still encrypted properly.
    w->timed_out = true;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  });
}

asio::awaitable<Result<size_t>> Connection::ReadSome(char* data, size_t size) {
  Touch();
  auto buffer = asio::buffer(data, size);
  auto [ec, n] = tls_ ? co_await tls_->stream.async_read_some(buffer, kNoThrow)
                      : co_await socket_.async_read_some(buffer, kNoThrow);
  if (watchdog_->timed_out) {
    watchdog_->timed_out = false;
    co_return Fail(ErrorCode::kUnavailable, "idle timeout");
  }
  // Over TLS, a peer that closes without close_notify reads as ssl::error::
  // stream_truncated; for us that is a close like any other.
  if (ec) co_return Fail(ErrorCode::kIo, "connection closed", ec.message());
  co_return n;
}

asio::awaitable<Status> Connection::Fill() {
  Compact();
  if (buf_.size() - end_ < limits_.read_chunk) buf_.resize(end_ + limits_.read_chunk);
  if (!codec_) {
    auto n = co_await ReadSome(buf_.data() + end_, buf_.size() - end_);
    if (!n) co_return Fail(std::move(n).error());
    end_ += *n;
    co_return Ok();
  }
  // Decompression stops when buf_ is full, so however much the input expands, it takes
  // no more memory than an uncompressed read; the rest waits in compressed_in_.
  for (;;) {
    auto r = codec_->Decompress(compressed_in_, buf_.data() + end_, buf_.size() - end_);
    if (!r) co_return Fail(std::move(r).error());
    compressed_in_.erase(0, r->consumed);
    end_ += r->produced;
    if (r->produced > 0) co_return Ok();
    const size_t have = compressed_in_.size();
    compressed_in_.resize(have + limits_.read_chunk);
    auto n = co_await ReadSome(compressed_in_.data() + have, limits_.read_chunk);
    compressed_in_.resize(have + (n ? *n : 0));
    if (!n) co_return Fail(std::move(n).error());
  }
}

asio::awaitable<Result<std::string>> Connection::ReadLine() {
  bool skipping = false;  // discarding the tail of an over-long line
  size_t scanned = 0;
  for (;;) {
    std::string_view avail(buf_.data() + start_, end_ - start_);
    size_t lf = avail.find('\n', scanned);
    if (lf != std::string_view::npos) {
      if (skipping || lf + 1 > limits_.max_line) {
        start_ += lf + 1;
        co_return Fail(ErrorCode::kTooLarge, "line too long");
      }
      size_t len = (lf > 0 && avail[lf - 1] == '\r') ? lf - 1 : lf;
      std::string line(avail.substr(0, len));
      start_ += lf + 1;
      co_return line;
    }
    scanned = avail.size();
    if (avail.size() > limits_.max_line) {
      skipping = true;
      start_ = end_;  // drop what we have of the long line, keep reading to its end
      scanned = 0;
    }
    if (auto s = co_await Fill(); !s) co_return Fail(std::move(s).error());
  }
}

asio::awaitable<Result<std::string_view>> Connection::ReadChunk() {
  if (start_ == end_) {
    if (auto s = co_await Fill(); !s) co_return Fail(std::move(s).error());
  }
  co_return std::string_view(buf_.data() + start_, end_ - start_);
}

void Connection::Consume(size_t n) { start_ += std::min(n, end_ - start_); }

asio::awaitable<Status> Connection::WriteAll(std::string_view bytes) {
  // A peer that stops reading is as idle as one that stops writing.
  Touch();
  auto buffer = asio::buffer(bytes.data(), bytes.size());
  auto [ec, n] = tls_ ? co_await asio::async_write(tls_->stream, buffer, kNoThrow)
                      : co_await asio::async_write(socket_, buffer, kNoThrow);
  if (watchdog_->timed_out) {
    watchdog_->timed_out = false;
    co_return Fail(ErrorCode::kUnavailable, "write timeout");
  }
  if (ec) co_return Fail(ErrorCode::kIo, "write failed", ec.message());
  co_return Ok();
}

asio::awaitable<Status> Connection::Write(std::string_view bytes) {
  if (!codec_) {
    Status written = co_await WriteAll(bytes);
    co_return written;
  }
  if (bytes.empty()) co_return Ok();
  // A big write (a FETCH of large bodies) is compressed and sent a slice at a time: the
  // compressed copy stays small, and other sessions of this I/O thread get their turn
  // between slices instead of waiting for all of it to be compressed.
  std::string compressed;
  do {
    const std::string_view slice = bytes.substr(0, kCompressSlice);
    bytes.remove_prefix(slice.size());
    compressed.clear();
    if (auto s = codec_->Compress(slice, compressed, /*flush=*/bytes.empty()); !s) co_return s;
    if (compressed.empty()) continue;
    if (auto s = co_await WriteAll(compressed); !s) co_return s;
  } while (!bytes.empty());
  co_return Ok();
}

Status Connection::StartCompression() {
  if (codec_) return Fail(ErrorCode::kInvalidArgument, "compression already active");
  auto codec = DeflateCodec::Create();
  if (!codec) return Fail(std::move(codec).error());
  codec_ = std::move(*codec);
  compressed_in_.assign(buf_.data() + start_, end_ - start_);
  start_ = end_ = 0;
  return Ok();
}

asio::awaitable<Status> Connection::StartTls(std::shared_ptr<TlsContext> context) {
  if (tls_) co_return Fail(ErrorCode::kInvalidArgument, "TLS already active");
  if (codec_) co_return Fail(ErrorCode::kInvalidArgument, "TLS must start before compression");
  if (buffered() > 0) {
    co_return Fail(ErrorCode::kInvalidArgument, "data pipelined after STARTTLS",
                   fmt::format("{} plaintext bytes after the STARTTLS command", buffered()));
  }
  start_ = end_ = 0;
  tls_ = std::make_unique<TlsState>(socket_, std::move(context));
  Touch(std::min<std::chrono::steady_clock::duration>(limits_.handshake_timeout,
                                                      limits_.idle_timeout));
  auto [ec] = co_await tls_->stream.async_handshake(ssl::stream_base::server, kNoThrow);
  if (watchdog_->timed_out) {
    watchdog_->timed_out = false;
    co_return Fail(ErrorCode::kUnavailable, "TLS handshake timeout");
  }
  if (ec) {
    // The reason ("wrong version number", "no shared cipher", "unsupported protocol")
    // comes from OpenSSL's error queue through the error_code's message.
    internal::TakeOpenSslErrors();
    co_return Fail(ErrorCode::kIo, "TLS handshake failed", ec.message());
  }
  tls_->established = true;
  Touch();  // back to the idle timeout
  co_return Ok();
}

bool Connection::IsTls() const { return tls_ && tls_->established; }

int Connection::CipherBits() const {
  if (!IsTls()) return 0;
  return SSL_get_cipher_bits(tls_->stream.native_handle(), nullptr);
}

std::string Connection::TlsVersion() const {
  return IsTls() ? SSL_get_version(tls_->stream.native_handle()) : "";
}

std::string Connection::CipherName() const {
  if (!IsTls()) return {};
  const char* name = SSL_get_cipher_name(tls_->stream.native_handle());
  return name ? name : "";
}

std::optional<PeerCertificate> Connection::PeerCertificateInfo() const {
  if (!IsTls()) return std::nullopt;
  SSL* ssl = tls_->stream.native_handle();
  internal::X509Ptr cert(SSL_get1_peer_certificate(ssl));
  if (!cert) return std::nullopt;
  PeerCertificate info = internal::DescribeCertificate(cert.get());
  // Only meaningful when we asked for (and so verified) client certificates; a context
  // without a client CA never requests one, but be explicit anyway.
  long result = SSL_get_verify_result(ssl);
  info.verified = tls_->context->RequestsClientCertificates() && result == X509_V_OK;
  if (!info.verified) {
    info.verify_error =
        result == X509_V_OK ? "no client CA configured" : X509_verify_cert_error_string(result);
  }
  return info;
}

void Connection::Close() {
  boost::system::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  timer_.cancel();
}

asio::awaitable<void> Connection::CloseGracefully() {
  if (IsTls() && socket_.is_open()) {
    // async_shutdown sends our close_notify, then reads until the client's arrives (or
    // it closes): bounded, as a client may simply never answer.
    Touch(std::min<std::chrono::steady_clock::duration>(kCloseNotifyWait, limits_.idle_timeout));
    co_await tls_->stream.async_shutdown(kNoThrow);
    watchdog_->timed_out = false;
  }
  Close();
}

}  // namespace tern::net
