#pragma once
// The read connections of the SQLite backend, lent out one at a time. Store reads (on
// the backend's read threads) and inline blob reads (on callers' worker pools) share
// them; a lease is held only for one short query, so a wait is brief.
//
// Thread-safety: Acquire may be called from any thread.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "store/sqlite/connection.h"

namespace tern::store::sqlite {

class ReaderPool {
 public:
  // Returns its connection to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> conns) : free_(std::move(conns)) {}

  // Blocks until a connection is free.
  Lease Acquire() {
    std::unique_lock lock(mu_);
    available_.wait(lock, [this] { return !free_.empty(); });
    auto conn = std::move(free_.back());
    free_.pop_back();
    return Lease(this, std::move(conn));
  }

 private:
  void Return(std::unique_ptr<Connection> conn) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(std::move(conn));
    }
    available_.notify_one();
  }

  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> free_;
};

}  // namespace tern::store::sqlite
