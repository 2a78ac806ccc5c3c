#include "store/file_blob_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <random>
#include <system_error>

#include "store/blob_hasher.h"
#include "store/normalize.h"

namespace tern::store {
namespace {

namespace fs = std::filesystem;

tl::unexpected<Error> IoError(std::string_view what, const fs::path& path, int err) {
  return Fail(ErrorCode::kIo, "message storage failed",
              fmt::format("{} {}: {}", what, path.string(), std::strerror(err)));
}

// Owns a file descriptor; closes it on destruction (habit 11).
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      Close();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  // Returns close(2)'s errno (0 on success); a failed close may mean lost data (NFS).
  int Close() {
    int err = 0;
    if (fd_ >= 0 && ::close(fd_) != 0) err = errno;
    fd_ = -1;
    return err;
  }

 private:
  int fd_;
};

Status FsyncDir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("open directory", dir, errno);
  if (::fsync(fd.get()) != 0) return IoError("fsync directory", dir, errno);
  return Ok();
}

// Creates `dir` if missing; fsyncs its parent when it did, so the new entry is durable.
Status EnsureDir(const fs::path& dir, bool fsync) {
  if (::mkdir(dir.c_str(), 0750) == 0) {
    return fsync ? FsyncDir(dir.parent_path()) : Ok();
  }
  if (errno == EEXIST) return Ok();
  return IoError("mkdir", dir, errno);
}

std::string TempName() {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{}-{}-{:016x}.tmp", ::getpid(), counter.fetch_add(1), rng());
}

// The body is written to an unnamed file (O_TMPFILE) and linked under its final name on
// commit: an abandoned or crashed write leaves nothing behind, and concurrent writers
// never contend for one temporary directory. Where the file system lacks O_TMPFILE the
// writer falls back to a named file in tmp/ and rename.
class FileBlobWriter final : public BlobWriter {
 public:
  // `temp` is empty for an unnamed (O_TMPFILE) file.
  FileBlobWriter(FileBlobStore& store, bool fsync, fs::path temp, Fd fd, BlobHasher hasher)
      : store_(store),
        fsync_(fsync),
        temp_(std::move(temp)),
        fd_(std::move(fd)),
        hasher_(std::move(hasher)) {}
  FileBlobWriter(const FileBlobWriter&) = delete;
  FileBlobWriter& operator=(const FileBlobWriter&) = delete;

  // Without Commit the temp file is removed: nothing ever appears under a final name.
  ~FileBlobWriter() override {
    fd_.Close();
    if (!done_ && !temp_.empty()) ::unlink(temp_.c_str());
  }

  Status Write(std::string_view bytes) override {
    if (done_) return Fail(ErrorCode::kInternal, "internal error", "blob write after commit");
    TERN_TRY(hasher_.Update(bytes));
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError("write", temp_, errno);
      }
      bytes.remove_prefix(static_cast<size_t>(n));
      size_ += n;
    }
    return Ok();
  }

  Result<std::string> Commit() override {
    if (done_) return Fail(ErrorCode::kInternal, "internal error", "blob committed twice");
    auto hashed = hasher_.Finish();
    if (!hashed) return Fail(std::move(hashed).error());
    std::string id = std::move(*hashed);
    if (fsync_ && ::fdatasync(fd_.get()) != 0) return IoError("fdatasync", temp_, errno);
    auto dir = store_.FanoutDirectory(id);
    if (!dir) return Fail(std::move(dir).error());
    auto linked = Publish(*dir, std::string_view(id).substr(2));
    if (!linked) return Fail(std::move(linked).error());
    done_ = true;
    if (*linked && fsync_ && ::fsync(*dir) != 0) {
      return IoError("fsync directory", store_.PathOf(id).parent_path(), errno);
    }
    return id;
  }

  int64_t size() const override { return size_; }

 private:
  // Gives the synced file its final name `name` in directory `dir`. Returns false when
  // a blob of that name already existed (the same bytes: content addressing), which is
  // also the dedup path: the new copy is dropped. Two writers of the same bytes may race
  // here; both files are identical, so whichever name wins is right.
  Result<bool> Publish(int dir, std::string_view name) {
    std::string target(name);
    if (temp_.empty()) {
      std::string self = fmt::format("/proc/self/fd/{}", fd_.get());
      bool linked = ::linkat(AT_FDCWD, self.c_str(), dir, target.c_str(), AT_SYMLINK_FOLLOW) == 0;
      if (!linked && errno != EEXIST) return IoError("link blob", target, errno);
      if (int err = fd_.Close(); err != 0) return IoError("close", target, err);
      return linked;
    }
    if (int err = fd_.Close(); err != 0) return IoError("close", temp_, err);
    if (::renameat(AT_FDCWD, temp_.c_str(), dir, target.c_str()) != 0) {
      return IoError("rename to", target, errno);
    }
    return true;
  }

  FileBlobStore& store_;
  bool fsync_;
  fs::path temp_;
  Fd fd_;
  BlobHasher hasher_;
  int64_t size_ = 0;
  bool done_ = false;
};

class FileBlobReader final : public BlobReader {
 public:
  // `path` only names the file in errors; it is made on demand, as building paths costs
  // more than the open itself.
  FileBlobReader(std::function<fs::path()> path, Fd fd, int64_t size)
      : path_(std::move(path)), fd_(std::move(fd)), size_(size) {}

  int64_t size() const override { return size_; }

  Result<size_t> ReadAt(int64_t offset, std::span<char> out) override {
    if (offset < 0) return Fail(ErrorCode::kInvalidArgument, "negative offset");
    while (true) {
      ssize_t n = ::pread(fd_.get(), out.data(), out.size(), offset);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return IoError("pread", path_(), errno);
    }
  }

 private:
  std::function<fs::path()> path_;
  Fd fd_;
  int64_t size_;
};

void SweepStaleTemps(const fs::path& tmp) {
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(tmp, ec)) {
    auto mtime = entry.last_write_time(ec);
    if (!ec && now - mtime > std::chrono::hours(1)) fs::remove(entry.path(), ec);
  }
}

}  // namespace

FileBlobStore::FileBlobStore(FileBlobOptions options) : options_(std::move(options)) {
  for (auto& fd : dir_fds_) fd.store(-1);
}

FileBlobStore::~FileBlobStore() {
  for (auto& fd : dir_fds_) {
    if (int f = fd.load(); f >= 0) ::close(f);
  }
}

Result<int> FileBlobStore::FanoutDirectory(std::string_view blob_id) {
  // The id is valid (lower-case hex), so its first two digits index the fan-out.
  auto hex = [](char c) { return static_cast<size_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
  const size_t index = hex(blob_id[0]) * 16 + hex(blob_id[1]);
  if (int fd = dir_fds_[index].load(std::memory_order_acquire); fd >= 0) return fd;
  std::lock_guard lock(dirs_mu_);
  if (int fd = dir_fds_[index].load(std::memory_order_acquire); fd >= 0) return fd;
  fs::path dir = PathOf(blob_id).parent_path();
  TERN_TRY(EnsureDir(dir, options_.fsync));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("open directory", dir, errno);
  dir_fds_[index].store(fd, std::memory_order_release);
  return fd;
}

Result<std::unique_ptr<FileBlobStore>> FileBlobStore::OpenRoot(FileBlobOptions options) {
  std::error_code ec;
  fs::create_directories(options.root / "tmp", ec);
  if (ec) {
    return Fail(ErrorCode::kIo, "message storage failed",
                fmt::format("create {}: {}", (options.root / "tmp").string(), ec.message()));
  }
  SweepStaleTemps(options.root / "tmp");
  return std::unique_ptr<FileBlobStore>(new FileBlobStore(std::move(options)));
}

Result<std::unique_ptr<BlobWriter>> FileBlobStore::Create() {
  fs::path tmp_dir = options_.root / "tmp";
  fs::path temp;
  Fd fd(::open(tmp_dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0640));
  if (fd.get() < 0 && (errno == EOPNOTSUPP || errno == EISDIR)) {
    temp = tmp_dir / TempName();
    fd = Fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
  }
  if (fd.get() < 0) return IoError("create", temp.empty() ? tmp_dir : temp, errno);
  auto hasher = BlobHasher::Begin();
  if (!hasher) {
    if (!temp.empty()) ::unlink(temp.c_str());
    return Fail(std::move(hasher).error());
  }
  return std::make_unique<FileBlobWriter>(*this, options_.fsync, std::move(temp), std::move(fd),
                                          std::move(*hasher));
}

Result<std::unique_ptr<BlobReader>> FileBlobStore::Open(std::string_view blob_id) {
  if (!IsValidBlobId(blob_id)) return Fail(ErrorCode::kInvalidArgument, "invalid blob id");
  auto path = [this, id = std::string(blob_id)] { return PathOf(id); };
  // Relative to the cached fan-out directory: no lookup of the root's path components.
  auto dir = FanoutDirectory(blob_id);
  if (!dir) return Fail(std::move(dir).error());
  const std::string name(blob_id.substr(2));
  Fd fd(::openat(*dir, name.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      return Fail(ErrorCode::kNotFound, "no such message body", path().string());
    }
    return IoError("open", path(), errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return IoError("fstat", path(), errno);
  return std::make_unique<FileBlobReader>(std::move(path), std::move(fd),
                                          static_cast<int64_t>(st.st_size));
}

fs::path FileBlobStore::PathOf(std::string_view blob_id) const {
  return options_.root / std::string(blob_id.substr(0, 2)) / std::string(blob_id.substr(2));
}

}  // namespace tern::store
