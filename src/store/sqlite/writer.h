#pragma once
// The one writer thread of the SQLite backend and its group commit. It owns the write
// connection; callers enqueue jobs. The thread takes up to `max_batch` pending jobs,
// runs them in one BEGIN IMMEDIATE … COMMIT with a SAVEPOINT per job (a failing job
// rolls back only itself), commits once — one fsync for the whole batch — then
// completes every job and finally publishes the batch's change events, so a listener
// never hears of a change that is not durable. Copying the WAL into the database is left
// to a Checkpointer, off the commit path.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "base/result.h"
#include "store/change_feed.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/ops.h"

namespace tern::store::sqlite {

class WriteJob {
 public:
  virtual ~WriteJob() = default;
  // Runs on the writer thread inside the batch transaction and this job's savepoint.
  // An error rolls the savepoint back. Appends the job's change events to `events`.
  virtual Status Run(Connection& db, ChangeEvents& events) noexcept = 0;
  // Hands the result to the caller: Run's outcome when `commit` is ok, else the commit's
  // error (nothing of the batch was stored). Called exactly once per job.
  virtual void Complete(const Status& commit) noexcept = 0;
  // Background work (the text indexer) that steps aside while other writes arrive; it is
  // left out of WriterStats::foreground_jobs, which is how it tells.
  virtual bool background() const noexcept { return false; }
};

struct WriterStats {
  uint64_t commits = 0;              // transactions committed (= fsyncs of the index)
  uint64_t jobs = 0;                 // jobs run
  uint64_t foreground_jobs = 0;      // of which not background()
  uint64_t largest_batch = 0;        // most jobs in one commit
  Checkpointer::Counts checkpoints;  // of the WAL into the database
};

struct WriterOptions {
  int max_batch = 256;  // most jobs in one commit
  CheckpointOptions checkpoint;
  log::Logger logger;
};

class Writer {
 public:
  // `checkpoint_db`: a second read-write connection, for the Checkpointer.
  Writer(std::unique_ptr<Connection> db, std::unique_ptr<Connection> checkpoint_db,
         ChangeFeed& feed, WriterOptions options);
  // Finishes every queued job, then joins the thread.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Thread-safe. Never blocks on I/O.
  void Submit(std::unique_ptr<WriteJob> job);
  WriterStats stats() const;

 private:
  void Loop();
  void RunBatch(std::deque<std::unique_ptr<WriteJob>>& batch);

  std::unique_ptr<Connection> db_;
  ChangeFeed& feed_;
  const size_t max_batch_;
  log::Logger logger_;
  Checkpointer checkpointer_;  // follows db_'s commits; before the thread that makes them

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<WriteJob>> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace tern::store::sqlite
