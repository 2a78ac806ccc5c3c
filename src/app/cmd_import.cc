// tern import mbox|maildir PATH --user NAME [--mailbox BOX] — bulk import of existing
// mail. Messages are appended in batches (one durable commit per batch); the summary
// line is printed only once everything is durable.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>

#include "app/cli.h"
#include "app/with_store.h"
#include "delivery/message_ingest.h"
#include "mail/mbox_reader.h"

namespace tern::app {

namespace {

namespace fs = std::filesystem;

struct ImportArgs {
  std::string format;
  fs::path path;
  std::string user;
  std::string mailbox = "INBOX";
};

// A progress bar on stderr when it is a terminal; silent otherwise.
class Progress {
 public:
  explicit Progress(int64_t total) : total_(total), tty_(::isatty(STDERR_FILENO) == 1) {}
  void Update(int64_t done, int64_t messages) {
    if (!tty_ || total_ <= 0) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && done < total_) return;
    last_ = now;
    int pct = static_cast<int>(std::min<int64_t>(100, done * 100 / total_));
    int filled = pct * 40 / 100;
    std::fprintf(stderr, "\r[%s%s] %3d%%  %lld messages",
                 std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(40 - filled), ' ').c_str(), pct,
                 static_cast<long long>(messages));
    std::fflush(stderr);
  }
  void Done() {
    if (tty_ && total_ > 0) std::fputs("\n", stderr);
  }

 private:
  int64_t total_;
  bool tty_;
  std::chrono::steady_clock::time_point last_{};
};

// Ingests messages one by one and appends them in batches.
class Importer {
 public:
  Importer(const config::Config& c, store::Store& s, store::AccountId account)
      : store_(s), account_(account) {
    options_.max_size = c.Int("store.maxmessagesize");
  }

  Status Begin() {
    auto ingest = delivery::MessageIngest::Begin(store_.blobs(), options_);
    if (!ingest) return Fail(std::move(ingest).error());
    current_ = std::move(*ingest);
    current_failed_ = false;
    return Ok();
  }
  void Write(std::string_view bytes) {
    if (current_failed_) return;
    if (!current_->Write(bytes)) current_failed_ = true;
  }
  // Ends the current message; a message that failed (too large) is counted as skipped.
  Status End(const std::string& mailbox, store::UnixTime date, uint32_t flags) {
    auto ingest = std::move(current_);
    if (current_failed_) {
      ++skipped_;
      return Ok();
    }
    auto m = ingest->Finish();
    if (!m) {
      if (m.error().code == ErrorCode::kTooLarge) {
        ++skipped_;
        return Ok();
      }
      return Fail(std::move(m).error());
    }
    store::AppendRequest req;
    req.account = account_;
    req.mailbox = mailbox;
    req.message = delivery::ToNewMessage(*m, date, flags);
    bytes_ += m->size;
    batch_.push_back(std::move(req));
    if (batch_.size() >= kBatch) return Flush();
    return Ok();
  }
  Status Flush() {
    if (batch_.empty()) return Ok();
    auto results = RunSync(store_.AppendMany(std::move(batch_)));
    batch_.clear();
    if (!results) return Fail(std::move(results).error());
    for (auto& r : *results) {
      if (!r) return Fail(std::move(r).error());
      ++imported_;
    }
    return Ok();
  }

  int64_t imported() const { return imported_; }
  int64_t pending() const { return static_cast<int64_t>(batch_.size()); }
  int64_t skipped() const { return skipped_; }
  int64_t bytes() const { return bytes_; }

 private:
  static constexpr size_t kBatch = 64;
  store::Store& store_;
  store::AccountId account_;
  delivery::IngestOptions options_;
  std::unique_ptr<delivery::MessageIngest> current_;
  bool current_failed_ = false;
  std::vector<store::AppendRequest> batch_;
  int64_t imported_ = 0, skipped_ = 0, bytes_ = 0;
};

Status ImportMbox(const fs::path& path, const std::string& mailbox, Importer& imp) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("cannot read {}", path.string()));
  std::error_code ec;
  Progress progress(static_cast<int64_t>(fs::file_size(path, ec)));
  Status status = Ok();
  store::UnixTime date = 0;
  mail::MboxReader reader({
      .begin =
          [&](std::string_view from) {
            if (!status) return;
            date = mail::MboxFromLineDate(from).value_or(std::time(nullptr));
            status = imp.Begin();
          },
      .data =
          [&](std::string_view bytes) {
            if (status) imp.Write(bytes);
          },
      .end =
          [&] {
            if (status) status = imp.End(mailbox, date, 0);
          },
  });
  std::string buf(256 * 1024, '\0');
  int64_t done = 0;
  while (status && in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    reader.Feed(std::string_view(buf.data(), n));
    done += static_cast<int64_t>(n);
    progress.Update(done, imp.imported() + imp.pending());
  }
  if (status) reader.Finish();
  progress.Done();
  if (reader.skipped_bytes() > 0) {
    std::cerr << fmt::format("tern: {} bytes before the first From line were not imported\n",
                             reader.skipped_bytes());
  }
  return status;
}

// Maildir flags after ":2," (the Maildir spec): S seen, R replied, F flagged, T trashed,
// D draft.
uint32_t MaildirFlags(const std::string& filename) {
  uint32_t flags = 0;
  size_t info = filename.rfind(":2,");
  if (info == std::string::npos) return 0;
  for (char c : filename.substr(info + 3)) {
    if (c == 'S') flags |= store::kFlagSeen;
    if (c == 'R') flags |= store::kFlagAnswered;
    if (c == 'F') flags |= store::kFlagFlagged;
    if (c == 'T') flags |= store::kFlagDeleted;
    if (c == 'D') flags |= store::kFlagDraft;
  }
  return flags;
}

struct MaildirFile {
  fs::path path;
  std::string mailbox;
};

// The root maildir goes to `mailbox`; Maildir++ subfolders ".A.B" to "A/B".
std::vector<MaildirFile> ListMaildir(const fs::path& root, const std::string& mailbox) {
  std::vector<std::pair<fs::path, std::string>> folders{{root, mailbox}};
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    if (e.is_directory() && name.size() > 1 && name[0] == '.' && name != "..") {
      std::string box = name.substr(1);
      std::replace(box.begin(), box.end(), '.', '/');
      folders.emplace_back(e.path(), box);
    }
  }
  std::vector<MaildirFile> files;
  for (const auto& [dir, box] : folders) {
    for (const char* sub : {"cur", "new"}) {
      std::vector<fs::path> here;
      for (const auto& e : fs::directory_iterator(dir / sub, ec)) {
        if (e.is_regular_file()) here.push_back(e.path());
      }
      // Maildir names begin with the delivery time, so name order is arrival order.
      std::sort(here.begin(), here.end());
      for (auto& p : here) files.push_back({std::move(p), box});
    }
  }
  return files;
}

Status ImportMaildir(const fs::path& root, const std::string& mailbox, Importer& imp) {
  std::error_code ec;
  if (!fs::is_directory(root / "cur", ec) && !fs::is_directory(root / "new", ec)) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("{} is not a Maildir (no cur/ or new/)", root.string()));
  }
  auto files = ListMaildir(root, mailbox);
  Progress progress(static_cast<int64_t>(files.size()));
  std::string buf(256 * 1024, '\0');
  int64_t done = 0;
  for (const auto& f : files) {
    std::ifstream in(f.path, std::ios::binary);
    if (!in) return Fail(ErrorCode::kIo, fmt::format("cannot read {}", f.path.string()));
    TERN_TRY(imp.Begin());
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      auto n = static_cast<size_t>(in.gcount());
      if (n == 0) break;
      imp.Write(std::string_view(buf.data(), n));
    }
    struct stat st {};
    store::UnixTime date = ::stat(f.path.c_str(), &st) == 0 ? st.st_mtime : std::time(nullptr);
    TERN_TRY(imp.End(f.mailbox, date, MaildirFlags(f.path.filename().string())));
    progress.Update(++done, imp.imported() + imp.pending());
  }
  progress.Done();
  return Ok();
}

int Import(const GlobalOptions& g, const ImportArgs& a) {
  return WithAccount(
      g, a.user, [&](const config::Config& c, store::Store& s, const store::Account& account) {
        auto start = std::chrono::steady_clock::now();
        Importer imp(c, s, account.id);
        Status status = a.format == "mbox" ? ImportMbox(a.path, a.mailbox, imp)
                                           : ImportMaildir(a.path, a.mailbox, imp);
        if (status) status = imp.Flush();
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!status) {
          return Complain(kExitTempFail, fmt::format("import stopped after {} messages: {}",
                                                     imp.imported(), status.error().ToLogString()));
        }
        std::cout << fmt::format(
            "imported {} messages ({:.1f} MB) for {} in {:.1f} s; {} skipped (too large)\n",
            imp.imported(), static_cast<double>(imp.bytes()) / 1e6, account.name, secs,
            imp.skipped());
        return kExitOk;
      });
}

}  // namespace

void RegisterImportCommand(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto a = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand("import", "import an mbox file or a Maildir into an account");
  cmd->add_option("format", a->format, "mbox or maildir")
      ->required()
      ->check(CLI::IsMember({"mbox", "maildir"}));
  cmd->add_option("path", a->path, "the mbox file or Maildir directory")->required();
  cmd->add_option("--user", a->user, "the account to import into")->required();
  cmd->add_option("--mailbox", a->mailbox, "target mailbox (created if missing)");
  cmd->callback([&g, &action, a] { action = [&g, a] { return Import(g, *a); }; });
}

}  // namespace tern::app
