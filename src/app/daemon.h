#pragma once
// The running server: the store, the I/O threads, one listener per enabled service, and
// the signal handling (SIGTERM/SIGINT stop, SIGHUP reloads the configuration).

#include <filesystem>

namespace tern::app {

// Runs in the foreground until stopped. Returns the process exit code.
int Serve(const std::filesystem::path& config_path);

}  // namespace tern::app
