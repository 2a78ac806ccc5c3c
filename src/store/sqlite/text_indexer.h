#pragma once
// The background indexer of the SQLite backend's full-text index (store/text_index.h):
// one thread that finds messages above their mailbox's watermark (NextTextWork), reads
// and extracts their text (and their bodies' summaries, store/message_summary.h: one
// read and one parse of each message for both) off the delivery path, and hands each
// batch to the writer as one job of its own, which shares a group commit with whatever
// else is queued. A delivery never waits for it; SEARCH, SORT and THREAD read what it has
// not reached yet.
//
// Pace: a batch is at most kBatchMessages messages or kBatchTextBytes of text, so one
// job holds a commit up briefly. Deliveries come first: while the writer runs other jobs
// (the store is busy), the indexer takes at most kBusyBatchMessages per kBusyPause, so
// under a sustained load it costs deliveries almost nothing yet still moves; once the
// load stops it catches up at full speed. Its thread also runs at a lower CPU priority.
// When there is nothing to do it looks again every kIdlePoll (a query on the mailboxes
// table), so new mail on a quiet store is indexed within about that.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "base/result.h"
#include "store/blob_store.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/writer.h"
#include "store/text_index.h"

namespace tern::store::sqlite {

class TextIndexer {
 public:
  static constexpr std::size_t kBatchMessages = 64;
  static constexpr std::size_t kBatchTextBytes = std::size_t{1} << 20;
  static constexpr std::size_t kBusyBatchMessages = 8;
  static constexpr std::chrono::milliseconds kBusyPause{1000};
  static constexpr std::chrono::milliseconds kIdlePoll{250};
  static constexpr std::chrono::seconds kErrorPause{5};

  // Starts the thread. Every reference must outlive this object.
  TextIndexer(ReaderPool& readers, BlobStore& blobs, Writer& writer, TextExtractor extract,
              log::Logger logger);
  // Stops after the batch in hand (its write completes or is refused), then joins.
  ~TextIndexer();
  TextIndexer(const TextIndexer&) = delete;
  TextIndexer& operator=(const TextIndexer&) = delete;

  // Messages indexed since start. Thread-safe.
  uint64_t indexed() const;

 private:
  void Loop();
  // Indexes up to `max_messages`; false when there was nothing to index.
  Result<bool> IndexBatch(std::size_t max_messages);
  // Whether the writer ran jobs other than ours since `seen` was taken; updates `seen`.
  bool StoreBusySince(uint64_t& seen) const;
  // Sleeps up to `d`; false if stopping.
  bool Pause(std::chrono::milliseconds d);

  ReaderPool& readers_;
  BlobStore& blobs_;
  Writer& writer_;
  TextExtractor extract_;
  log::Logger logger_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t indexed_ = 0;
  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace tern::store::sqlite
