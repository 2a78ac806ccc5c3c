#include "net/connection.h"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstring>

namespace tern::net {

namespace asio = boost::asio;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

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

void Connection::Touch() {
  watchdog_->deadline = std::chrono::steady_clock::now() + limits_.idle_timeout;
  if (!watchdog_->armed) Arm();
}

void Connection::Arm() {
  watchdog_->armed = true;
  timer_.expires_at(watchdog_->deadline);
  timer_.async_wait([this, w = watchdog_](const boost::system::error_code& ec) {
    if (w->gone) return;
    w->armed = false;
    if (ec) return;  // cancelled by Close()
    if (std::chrono::steady_clock::now() < w->deadline) {
      Arm();  // there was I/O meanwhile
      return;
    }
    // Cancel rather than close: the session may still send a last reply (421, BYE).
    w->timed_out = true;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  });
}

asio::awaitable<Status> Connection::Fill() {
  Compact();
  if (buf_.size() - end_ < limits_.read_chunk) buf_.resize(end_ + limits_.read_chunk);
  Touch();
  auto [ec, n] = co_await socket_.async_read_some(
      asio::buffer(buf_.data() + end_, buf_.size() - end_), kNoThrow);
  if (watchdog_->timed_out) {
    watchdog_->timed_out = false;
    co_return Fail(ErrorCode::kUnavailable, "idle timeout");
  }
  if (ec) co_return Fail(ErrorCode::kIo, "connection closed", ec.message());
  end_ += n;
  co_return Ok();
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

asio::awaitable<Status> Connection::Write(std::string_view bytes) {
  // A peer that stops reading is as idle as one that stops writing.
  Touch();
  auto [ec, n] =
      co_await asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()), kNoThrow);
  if (watchdog_->timed_out) {
    watchdog_->timed_out = false;
    co_return Fail(ErrorCode::kUnavailable, "write timeout");
  }
  if (ec) co_return Fail(ErrorCode::kIo, "write failed", ec.message());
  co_return Ok();
}

void Connection::Close() {
  boost::system::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  timer_.cancel();
}

}  // namespace tern::net
