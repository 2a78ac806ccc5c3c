#pragma once
// The I/O threads: one io_context per thread, so that a session (a coroutine bound to
// one context) never runs on two threads and needs no strand. Connections are spread
// over the contexts round-robin.

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace tern::net {

class IoPool {
 public:
  // threads == 0: one per core.
  explicit IoPool(int threads);
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  // Starts the threads. Call once.
  void Start();
  // Lets the contexts run out of work and stops them; then joins the threads.
  void Stop();

  boost::asio::io_context& Next();
  boost::asio::io_context& At(size_t i) { return *contexts_[i % contexts_.size()]; }
  size_t size() const { return contexts_.size(); }

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<Guard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
};

}  // namespace tern::net
