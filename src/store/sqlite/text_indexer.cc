#include "store/sqlite/text_indexer.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <exception>
#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "store/sqlite/summaries.h"
#include "store/sqlite/text_index.h"

namespace tern::store::sqlite {
namespace {

// One batch for the writer; the indexer thread waits for its commit.
// A body's summary from the same extraction (store/message_summary.h).
struct BlobSummary {
  std::string blob_id;
  MessageSummary summary;
};

class IndexJob final : public WriteJob {
 public:
  IndexJob(TextWork work, std::vector<IndexedMessage> messages,
           std::vector<BlobSummary> summaries)
      : work_(std::move(work)), messages_(std::move(messages)), summaries_(std::move(summaries)) {}

  std::future<Status> result() { return done_.get_future(); }

  bool background() const noexcept override { return true; }

  Status Run(Connection& db, ChangeEvents&) noexcept override {
    try {
      run_ = WriteTextIndex(db, work_, messages_);
      for (std::size_t i = 0; run_ && i < summaries_.size(); ++i) {
        run_ = WriteSummary(db, summaries_[i].blob_id, summaries_[i].summary);
      }
    } catch (const std::exception& e) {
      run_ = Fail(ErrorCode::kInternal, "internal error",
                  fmt::format("exception writing the text index: {}", e.what()));
    }
    return run_;
  }

  void Complete(const Status& commit) noexcept override {
    done_.set_value(commit ? run_ : commit);
  }

 private:
  TextWork work_;
  std::vector<IndexedMessage> messages_;
  std::vector<BlobSummary> summaries_;
  Status run_ = Ok();
  std::promise<Status> done_;
};

}  // namespace

TextIndexer::TextIndexer(ReaderPool& readers, BlobStore& blobs, Writer& writer,
                         TextExtractor extract, log::Logger logger)
    : readers_(readers),
      blobs_(blobs),
      writer_(writer),
      extract_(std::move(extract)),
      logger_(std::move(logger)),
      thread_([this] { Loop(); }) {}

TextIndexer::~TextIndexer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

uint64_t TextIndexer::indexed() const {
  std::lock_guard lock(mu_);
  return indexed_;
}

bool TextIndexer::Pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !wake_.wait_for(lock, d, [this] { return stopping_; });
}

bool TextIndexer::StoreBusySince(uint64_t& seen) const {
  const uint64_t now = writer_.stats().foreground_jobs;
  const bool busy = now != seen;
  seen = now;
  return busy;
}

void TextIndexer::Loop() {
  // Extraction is CPU work nobody waits for: on a loaded machine the sessions and the
  // writer get the cores first. (On Linux a thread's nice value is its own.)
  if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10) != 0) {
    logger_.Protocol("store: text index: could not lower the indexer's CPU priority");
  }
  // A run of work from finding something to index to having nothing left: logged once
  // at its end, so the log shows when new mail became searchable through the index.
  bool in_run = false;
  auto run_start = std::chrono::steady_clock::now();
  uint64_t seen = writer_.stats().foreground_jobs;
  bool busy = false;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto more = IndexBatch(busy ? kBusyBatchMessages : kBatchMessages);
    if (!more) {
      logger_.Problem("store: text index: {}; retrying in {} s", more.error().ToLogString(),
                      kErrorPause.count());
      if (!Pause(kErrorPause)) return;
      continue;
    }
    if (*more) {
      if (!in_run) run_start = std::chrono::steady_clock::now();
      in_run = true;
      // Other writes during this batch: step back, then look whether they went on.
      if (StoreBusySince(seen)) {
        if (!Pause(kBusyPause)) return;
        busy = StoreBusySince(seen);
      } else {
        busy = false;
      }
      continue;
    }
    if (in_run) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - run_start)
                          .count();
      logger_.Protocol("store: text index up to date ({} messages indexed in total, this run "
                       "{} ms)",
                       indexed(), ms);
      in_run = false;
    }
    if (!Pause(kIdlePoll)) return;
    // New mail found after an idle poll was delivered while we slept: that alone is not
    // a busy store, so the first batch is a full one.
    seen = writer_.stats().foreground_jobs;
    busy = false;
  }
}

Result<bool> TextIndexer::IndexBatch(std::size_t max_messages) {
  std::optional<TextWork> work;
  {
    auto lease = readers_.Acquire();
    auto next = NextTextWork(*lease, max_messages);
    if (!next) return Fail(std::move(next).error());
    work = std::move(*next);
  }
  if (!work) return false;
  std::vector<IndexedMessage> indexed;
  std::vector<BlobSummary> summaries;
  std::size_t bytes = 0;
  for (const TextWork::Message& m : work->messages) {
    IndexedMessage out;
    out.uid = m.uid;
    auto body = blobs_.ReadAll(m.blob_id);
    Result<IndexText> text = Fail(ErrorCode::kInternal, "not extracted");
    if (body) {
      text = extract_(*body, m.structure);
    } else {
      text = Fail(std::move(body).error());
    }
    if (text) {
      if (text->summary) summaries.push_back({m.blob_id, std::move(*text->summary)});
      text->summary.reset();
      out.text = std::move(*text);
    } else {
      logger_.Problem("store: text index: message {} of mailbox {} indexed without text: {}",
                      m.uid, work->mailbox, text.error().ToLogString());
    }
    bytes += out.text.header.size() + out.text.body.size();
    indexed.push_back(std::move(out));
    // The rest waits for the next batch, which starts after this one's last UID.
    if (bytes >= kBatchTextBytes && indexed.size() < work->messages.size()) {
      work->next_uid = m.uid + 1;
      break;
    }
  }
  const std::size_t count = indexed.size();
  auto job = std::make_unique<IndexJob>(std::move(*work), std::move(indexed),
                                        std::move(summaries));
  std::future<Status> done = job->result();
  writer_.Submit(std::move(job));
  Status written = done.get();
  if (!written) return Fail(std::move(written).error());
  {
    std::lock_guard lock(mu_);
    indexed_ += count;
  }
  return true;
}

}  // namespace tern::store::sqlite
