#pragma once
// One client connection: buffered line and chunk reading with limits, writes, and the
// idle timeout. Used by every protocol session; the session owns the protocol, this
// owns the bytes. Not thread-safe: use from the session's coroutine only.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::net {

struct ConnectionLimits {
  size_t max_line = 4096;  // bytes, including CRLF
  std::chrono::seconds idle_timeout{1800};
  size_t read_chunk = 64 * 1024;
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
  // Bytes already received but not consumed (pipelined input).
  size_t buffered() const { return end_ - start_; }

  // Writes all of `bytes`. Errors: kIo.
  boost::asio::awaitable<Status> Write(std::string_view bytes);

  void set_limits(const ConnectionLimits& limits) { limits_ = limits; }
  const std::string& peer() const { return peer_; }
  // Closes the socket; pending operations complete with errors. Safe to call twice.
  void Close();
  ~Connection();

 private:
  // The idle timeout is a watchdog: each read or write only moves the deadline on, and
  // one timer, re-armed when it fires, cancels the pending I/O once the deadline has
  // really passed. Racing a timer against every read would cost far more. Shared with
  // the timer's handler, which may run after the connection is gone.
  struct Watchdog {
    std::chrono::steady_clock::time_point deadline;
    bool armed = false;
    bool timed_out = false;
    bool gone = false;
  };
  void Touch();
  void Arm();
  boost::asio::awaitable<Status> Fill();
  void Compact();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<Watchdog> watchdog_ = std::make_shared<Watchdog>();
  ConnectionLimits limits_;
  std::string peer_;
  std::string buf_;
  size_t start_ = 0;
  size_t end_ = 0;
};

}  // namespace tern::net
