#pragma once
// One client connection: buffered line and chunk reading with limits, writes, and the
// idle timeout, over plain TCP or TLS. Used by every protocol session; the session owns
// the protocol, this owns the bytes. Not thread-safe: use from the session's coroutine
// only.
//
// TLS is always started by the session with StartTls(): right after accepting on an
// implicit-TLS port (993, 995, 465), or after STARTTLS/STLS on a plain one. Everything
// else (ReadLine, ReadChunk/Consume, Write, the idle timeout, Close) works the same
// either way. OpenSSL's types stay in connection.cc.
//
// Compression (RFC 4978 COMPRESS=DEFLATE) is a layer above TLS, started by the session
// with StartCompression(): from then on what the session writes is compressed and then
// encrypted, and what it reads was decrypted and then decompressed, as RFC 4978 3
// orders the layers. The reading and writing calls work the same.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "net/deflate_codec.h"
#include "net/tls_context.h"

namespace tern::net {

struct ConnectionLimits {
  size_t max_line = 4096;  // bytes, including CRLF
  std::chrono::seconds idle_timeout{1800};
  size_t read_chunk = 64 * 1024;
  // The TLS handshake must finish within this and within idle_timeout, so that
  // connections that never send a ClientHello do not hold a session slot for long.
  std::chrono::seconds handshake_timeout{60};
};

class Connection {
 public:
  Connection(boost::asio::ip::tcp::socket socket, ConnectionLimits limits);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Returns the next line without its line ending (CRLF, or a bare LF from sloppy
  // clients). Errors: kTooLarge if the line exceeds max_line (the rest of that line is
  // skipped, so the session can answer and go on); kUnavailable on idle timeout; kIo when
  // the peer closed or the socket failed.
  boost::asio::awaitable<Result<std::string>> ReadLine();

  // Returns the bytes buffered so far, reading more first if none are; the caller then
  // calls Consume() with what it used. Errors as ReadLine (never kTooLarge).
  boost::asio::awaitable<Result<std::string_view>> ReadChunk();
  void Consume(size_t n);
  // Bytes already received but not consumed (pipelined input). Before STARTTLS the
  // session must see 0 here, or refuse: bytes that arrived with the STARTTLS command were
  // sent in plaintext and must never be read as if they came over TLS (the
  // CVE-2011-0411 command injection). Over TLS, records OpenSSL has decrypted but not
  // yet handed over are not counted; with compression, received data not yet
  // decompressed is not either.
  size_t buffered() const { return end_ - start_; }

  // Runs the server side of a TLS handshake on this connection, bounded by the
  // handshake timeout; afterwards all reads and writes go through TLS. Keeps `context`
  // alive for the life of the connection, so a reload may replace the service's
  // context meanwhile.
  // Precondition-like errors, checked before anything is sent: kInvalidArgument when TLS
  // or compression (which must stay above TLS) is already on, or when buffered() > 0 (plaintext pipelined after STARTTLS; the
  // session should have refused). Handshake errors: kUnavailable on timeout; kIo when the
  // peer closed or the handshake failed (a plaintext client, no common protocol or
  // cipher), with OpenSSL's reason in the detail. After a handshake error the
  // connection is unusable: Close() it without replying.
  boost::asio::awaitable<Status> StartTls(std::shared_ptr<TlsContext> context);

  // True once StartTls() has succeeded.
  bool IsTls() const;

  // Starts raw DEFLATE (RFC 1951) in both directions, above TLS if that is on. Bytes
  // already received and not consumed are taken as compressed: a client that pipelined
  // after COMPRESS compressed them. Writes are flushed through the compressor each time,
  // so nothing is held back. Reading data that is not valid DEFLATE fails with
  // kInvalidArgument ("invalid compressed data"); the connection is then unusable for
  // reading. Errors: kInvalidArgument when compression is already on; kInternal when
  // zlib cannot start.
  Status StartCompression();
  bool IsCompressed() const { return codec_ != nullptr; }
  // The negotiated cipher's secret key bits (128, 256), 0 without TLS: compare with
  // plaintextmincipher.
  int CipherBits() const;
  // "TLSv1.3" and "TLS_AES_256_GCM_SHA384"; "" without TLS. For logs and Received:.
  std::string TlsVersion() const;
  std::string CipherName() const;
  // The client's certificate, if it sent one (only requested when the context has a
  // client CA); nullopt without TLS or without a certificate.
  std::optional<PeerCertificate> PeerCertificateInfo() const;

  // Writes all of `bytes`. Errors: kIo.
  boost::asio::awaitable<Status> Write(std::string_view bytes);

  void set_limits(const ConnectionLimits& limits) { limits_ = limits; }
  const std::string& peer() const { return peer_; }
  // Closes the socket; pending operations complete with errors. Safe to call twice.
  // Over TLS this sends no close_notify (see CloseGracefully).
  void Close();
  // Over TLS, first sends close_notify and waits briefly (a few seconds at most) for the
  // client's, as clients that check for truncation expect; then Close(). Without TLS the
  // same as Close(). For the end of a session that the client ended (QUIT, LOGOUT).
  boost::asio::awaitable<void> CloseGracefully();
  ~Connection();

 private:
  // The idle timeout is a watchdog: each read or write only moves the deadline on, and
  // one timer, re-armed when it fires, cancels the pending I/O once the deadline has
  // really passed. Racing a timer against every read would cost far more. Shared with
  // the timer's handler, which may run after the connection is gone.
  struct Watchdog {
    std::chrono::steady_clock::time_point deadline;
    std::chrono::steady_clock::time_point armed_at;  // when the pending wait expires
    bool armed = false;
    bool timed_out = false;
    bool gone = false;
  };
  struct TlsState;
  // One read from the socket or TLS, of at most `size` octets; errors as Fill().
  boost::asio::awaitable<Result<size_t>> ReadSome(char* data, size_t size);
  // Writes all of `bytes` to the socket or TLS, below compression.
  boost::asio::awaitable<Status> WriteAll(std::string_view bytes);
  // Moves the deadline to now + `timeout` (the idle timeout by default), re-arming the
  // timer if that is earlier than its current expiry.
  void Touch();
  void Touch(std::chrono::steady_clock::duration timeout);
  void Arm();
  boost::asio::awaitable<Status> Fill();
  void Compact();

  boost::asio::ip::tcp::socket socket_;
  // Null until StartTls(); then the TLS stream over socket_ (which stays the lowest
  // layer, so the watchdog and Close() need not care) and the context it came from.
  std::unique_ptr<TlsState> tls_;
  // Null until StartCompression(); then what was received but not yet decompressed
  // (at most about one read_chunk: decompression stops when buf_ has no room).
  std::unique_ptr<DeflateCodec> codec_;
  std::string compressed_in_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<Watchdog> watchdog_ = std::make_shared<Watchdog>();
  ConnectionLimits limits_;
  std::string peer_;
  std::string buf_;
  size_t start_ = 0;
  size_t end_ = 0;
};

}  // namespace tern::net
