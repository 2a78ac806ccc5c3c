#include "app/open_store.h"

#include "base/log.h"
#include "store/sqlite/sqlite_store.h"

namespace tern::app {

Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config) {
  store::sqlite::SqliteOptions options;
  options.data_dir = config.String("store.datadir");
  options.fsync = config.Bool("store.fsync");
  options.group_commit_max = static_cast<int>(config.Int("store.groupcommitmax"));
  options.read_threads = static_cast<int>(config.Int("store.readthreads"));
  options.inline_blob_max = config.Int("store.inlineblobmax");
  options.logger = log::Get("store", *log::ParseLevel(config.String("store.loglevel")));
  return store::sqlite::OpenSqliteStore(std::move(options));
}

Result<config::Config> LoadConfig(const std::filesystem::path& path) {
  return config::Config::Load(path);
}

}  // namespace tern::app
