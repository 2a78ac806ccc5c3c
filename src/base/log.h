#pragma once
// Per-service logging with the four levels administrators of the classic servers know
// (CommuniGate Pro's "Major & Failures / Problems / All Info / All"):
//   major    – start, stop, lockouts, failures that need an administrator
//   problems – also client and peer misbehaviour, refused logins, recoverable errors
//   protocol – also every command and reply line (passwords and bodies redacted)
//   all      – everything, including internal tracing
// Passwords and message bodies are never passed to a logger: callers redact.

#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace spdlog {
class logger;
}

namespace tern::log {

enum class Level { kMajor = 0, kProblems = 1, kProtocol = 2, kAll = 3 };

// "major" | "problems" | "protocol" | "all" → Level.
Result<Level> ParseLevel(std::string_view text);
std::string_view LevelName(Level level);

// A named logger (one per service: "imap", "pop", "lmtp", "store", "main").
// Thread-safe; cheap to copy. Messages above the logger's level are dropped before
// formatting.
class Logger {
 public:
  Logger() = default;
  explicit Logger(std::shared_ptr<spdlog::logger> impl, Level level)
      : impl_(std::move(impl)), level_(level) {}

  bool Enabled(Level level) const { return impl_ && level <= level_; }
  Level level() const { return level_; }

  template <typename... Args>
  void Major(fmt::format_string<Args...> f, Args&&... args) const {
    Write(Level::kMajor, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Problem(fmt::format_string<Args...> f, Args&&... args) const {
    Write(Level::kProblems, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Protocol(fmt::format_string<Args...> f, Args&&... args) const {
    Write(Level::kProtocol, f, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Trace(fmt::format_string<Args...> f, Args&&... args) const {
    Write(Level::kAll, f, std::forward<Args>(args)...);
  }

 private:
  template <typename... Args>
  void Write(Level level, fmt::format_string<Args...> f, Args&&... args) const {
    if (!Enabled(level)) return;
    Emit(level, fmt::format(f, std::forward<Args>(args)...));
  }
  void Emit(Level level, std::string_view line) const;

  std::shared_ptr<spdlog::logger> impl_;
  Level level_ = Level::kMajor;
};

// Returns the logger for `service`, writing to stderr, at `level`. Calling again with
// the same name changes its level (used on SIGHUP reload). Thread-safe.
Logger Get(std::string_view service, Level level);

// Returns the logger for `service` at its current level (kMajor if never configured).
Logger Get(std::string_view service);

}  // namespace tern::log
