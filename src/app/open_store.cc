#include "app/open_store.h"

#include "base/log.h"
#include "imap/sort/summary.h"
#include "mail/mime_parser.h"
#include "mail/search_text.h"
#include "mail/structure_codec.h"
#include "store/sqlite/sqlite_store.h"

namespace tern::app {

namespace {

// The store's TextExtractor: what SEARCH reads (mail/search_text.h) and the body's
// summary for SORT, THREAD and PREVIEW (imap/sort/summary.h), from the cached structure,
// or from the message parsed again if that cannot be read (as SEARCH and SORT do).
Result<store::IndexText> ExtractText(std::string_view message, std::string_view structure) {
  auto cached = mail::DeserializeStructure(structure);
  const mail::MessageStructure parsed = cached ? std::move(*cached) : mail::ParseMessage(message);
  mail::SearchText text = mail::ExtractSearchText(message, parsed);
  return store::IndexText{std::move(text.header), std::move(text.body),
                          imap::sort::Summarize(message, parsed)};
}

}  // namespace

Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config, bool daemon) {
  store::sqlite::SqliteOptions options;
  options.data_dir = config.String("store.datadir");
  options.fsync = config.Bool("store.fsync");
  options.group_commit_max = static_cast<int>(config.Int("store.groupcommitmax"));
  options.read_threads = static_cast<int>(config.Int("store.readthreads"));
  options.inline_blob_max = config.Int("store.inlineblobmax");
  if (daemon && config.Bool("store.textindex")) options.text_extractor = ExtractText;
  options.logger = log::Get("store", *log::ParseLevel(config.String("store.loglevel")));
  return store::sqlite::OpenSqliteStore(std::move(options));
}

Result<config::Config> LoadConfig(const std::filesystem::path& path) {
  return config::Config::Load(path);
}

}  // namespace tern::app
