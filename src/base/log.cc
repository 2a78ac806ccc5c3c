#include "base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

namespace tern::log {
namespace {

struct Registry {
  std::mutex mu;
  std::shared_ptr<spdlog::sinks::stderr_sink_mt> sink =
      std::make_shared<spdlog::sinks::stderr_sink_mt>();
  std::map<std::string, std::pair<std::shared_ptr<spdlog::logger>, Level>, std::less<>> loggers;
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();  // never destroyed: loggers outlive statics
  return *registry;
}

}  // namespace

Result<Level> ParseLevel(std::string_view text) {
  if (text == "major") return Level::kMajor;
  if (text == "problems") return Level::kProblems;
  if (text == "protocol") return Level::kProtocol;
  if (text == "all") return Level::kAll;
  return Fail(ErrorCode::kInvalidArgument,
              "log level must be one of major, problems, protocol, all");
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kMajor:
      return "major";
    case Level::kProblems:
      return "problems";
    case Level::kProtocol:
      return "protocol";
    case Level::kAll:
      return "all";
  }
  return "major";
}

void Logger::Emit(Level level, std::string_view line) const {
  static constexpr spdlog::level::level_enum kSpd[] = {spdlog::level::warn, spdlog::level::info,
                                                       spdlog::level::debug, spdlog::level::trace};
  impl_->log(kSpd[static_cast<int>(level)], "[{}] {}", LevelName(level), line);
}

Logger Get(std::string_view service, Level level) {
  auto& r = GetRegistry();
  std::lock_guard lock(r.mu);
  auto it = r.loggers.find(service);
  if (it == r.loggers.end()) {
    auto impl = std::make_shared<spdlog::logger>(std::string(service), r.sink);
    impl->set_level(spdlog::level::trace);
    impl->set_pattern("%Y-%m-%dT%H:%M:%S.%e %n %v");
    it = r.loggers.emplace(std::string(service), std::pair{impl, level}).first;
  }
  it->second.second = level;
  return Logger(it->second.first, level);
}

Logger Get(std::string_view service) {
  auto& r = GetRegistry();
  {
    std::lock_guard lock(r.mu);
    auto it = r.loggers.find(service);
    if (it != r.loggers.end()) return Logger(it->second.first, it->second.second);
  }
  return Get(service, Level::kMajor);
}

}  // namespace tern::log
