#pragma once
// The one place that names a concrete store backend.

#include <memory>

#include "base/config.h"
#include "store/store.h"

namespace tern::app {

// `daemon`: the store serves a running daemon, which keeps the full-text index
// (store.textindex); the CLI's short-lived stores leave that to it.
Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config, bool daemon = false);

// Loads the configuration named on the command line; errors are printed.
Result<config::Config> LoadConfig(const std::filesystem::path& path);

}  // namespace tern::app
