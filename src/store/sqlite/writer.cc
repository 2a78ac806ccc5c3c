#include "store/sqlite/writer.h"

#include <algorithm>
#include <utility>

namespace tern::store::sqlite {

Writer::Writer(std::unique_ptr<Connection> db, std::unique_ptr<Connection> checkpoint_db,
               ChangeFeed& feed, WriterOptions options)
    : db_(std::move(db)),
      feed_(feed),
      max_batch_(static_cast<size_t>(std::max(1, options.max_batch))),
      logger_(std::move(options.logger)),
      checkpointer_(std::move(checkpoint_db), *db_, options.checkpoint, logger_),
      thread_([this] { Loop(); }) {}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Writer::Submit(std::unique_ptr<WriteJob> job) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      job = nullptr;
    }
  }
  if (job) {
    job->Complete(Fail(ErrorCode::kUnavailable, "the mailbox store is shutting down"));
    return;
  }
  wake_.notify_one();
}

WriterStats Writer::stats() const {
  std::lock_guard lock(mu_);
  WriterStats out = stats_;
  out.checkpoints = checkpointer_.counts();
  return out;
}

void Writer::Loop() {
  std::deque<std::unique_ptr<WriteJob>> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and drained
      // Whatever queued up while the previous batch was committing forms this batch:
      // that is the group commit. No timer: an idle store commits a lone job at once.
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void Writer::RunBatch(std::deque<std::unique_ptr<WriteJob>>& batch) {
  ChangeEvents events;
  Status commit = [&]() -> Status {
    // IMMEDIATE takes the write lock now (waiting up to busy_timeout for another
    // process, such as the CLI), so no statement inside can fail with SQLITE_BUSY.
    auto txn = Transaction::Begin(*db_, "BEGIN IMMEDIATE");
    if (!txn) return Fail(std::move(txn).error());
    for (auto& job : batch) {
      auto sp = Savepoint::Begin(*db_);
      if (!sp) return Fail(std::move(sp).error());
      ChangeEvents mine;
      if (job->Run(*db_, mine)) {
        TERN_TRY(sp->Release());
        events.insert(events.end(), mine.begin(), mine.end());
      } else {
        TERN_TRY(sp->Rollback());
      }
    }
    return txn->Commit();
  }();

  {
    std::lock_guard lock(mu_);
    stats_.jobs += batch.size();
    for (const auto& job : batch) stats_.foreground_jobs += job->background() ? 0 : 1;
    if (commit) ++stats_.commits;
    stats_.largest_batch = std::max<uint64_t>(stats_.largest_batch, batch.size());
  }
  if (!commit) {
    logger_.Problem("store: commit of {} write(s) failed: {}", batch.size(),
                    commit.error().ToLogString());
  }
  // Published before the writers hear back: once a client has its OK, every other
  // session's next command sees the change (RFC 9051 7.4's multi-access promise).
  if (commit) {
    for (const auto& [mailbox, modseq] : events) feed_.Publish(mailbox, modseq);
  }
  for (auto& job : batch) job->Complete(commit);
  checkpointer_.AfterBatch();
}

}  // namespace tern::store::sqlite
