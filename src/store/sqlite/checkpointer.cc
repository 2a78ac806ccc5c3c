#include "store/sqlite/checkpointer.h"

#include <utility>

namespace tern::store::sqlite {

Checkpointer::Checkpointer(std::unique_ptr<Connection> db, Connection& writer,
                           CheckpointOptions options, log::Logger logger)
    : db_(std::move(db)),
      writer_(writer),
      options_(options),
      logger_(std::move(logger)),
      thread_([this] { Loop(); }) {
  writer_.SetWalHook([this](int frames) { wal_frames_ = frames; });
}

Checkpointer::~Checkpointer() {
  writer_.SetWalHook(nullptr);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::AfterBatch() {
  // The WAL only grows until it starts over: then none of it is in the database yet. (A
  // batch that alone outgrew the old WAL hides this; the next checkpoint is merely late.)
  const bool restarted = wal_frames_ < last_frames_;
  last_frames_ = wal_frames_;
  if (wal_frames_ >= options_.restart_frames) {
    // Waits for a background checkpoint in progress (which would make this one fail
    // busy, time after time under load), then copies what it left.
    auto done = [this] {
      std::lock_guard running(checkpoint_mu_);
      return writer_.Checkpoint();
    }();
    if (done) {
      std::lock_guard lock(mu_);
      checkpointed_ = done->checkpointed;
      ++counts_.by_writer;
    } else if (done.error().code != ErrorCode::kUnavailable) {  // else: another process
      logger_.Problem("store: checkpoint failed: {}", done.error().ToLogString());
    }
    return;
  }
  if (!restarted && wal_frames_ < options_.background_frames) return;
  {
    std::lock_guard lock(mu_);
    if (restarted) checkpointed_ = 0;
    requested_frames_ = wal_frames_;
    if (requested_frames_ - checkpointed_ < options_.background_frames) return;
  }
  wake_.notify_one();
}

Checkpointer::Counts Checkpointer::counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

void Checkpointer::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] {
      return stopping_ || requested_frames_ - checkpointed_ >= options_.background_frames;
    });
    if (stopping_) return;
    const int before = checkpointed_;
    lock.unlock();
    auto done = [this] {
      std::lock_guard running(checkpoint_mu_);
      return db_->Checkpoint();
    }();
    lock.lock();
    if (done) {
      checkpointed_ = done->checkpointed;
      ++counts_.background;
      // Copied nothing new (a reader holds the rest back): wait for the next commit
      // rather than spin.
      if (checkpointed_ <= before) requested_frames_ = checkpointed_;
    } else {
      if (done.error().code != ErrorCode::kUnavailable) {
        logger_.Problem("store: background checkpoint failed: {}", done.error().ToLogString());
      }
      requested_frames_ = checkpointed_;  // try again when the writer asks next
    }
  }
}

}  // namespace tern::store::sqlite
