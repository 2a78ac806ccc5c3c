// tern serve — run the daemon in the foreground.
#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/daemon.h"

namespace tern::app {

void RegisterServeCommand(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto* cmd = app.add_subcommand(
      "serve", "run the server in the foreground (SIGTERM stops, SIGHUP reloads)");
  cmd->callback([&g, &action] { action = [&g] { return Serve(g.config_path); }; });
}

}  // namespace tern::app
