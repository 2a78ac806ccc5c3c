#pragma once
// The one place that names a concrete store backend.

#include <memory>

#include "base/config.h"
#include "store/store.h"

namespace tern::app {

Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config);

// Loads the configuration named on the command line; errors are printed.
Result<config::Config> LoadConfig(const std::filesystem::path& path);

}  // namespace tern::app
