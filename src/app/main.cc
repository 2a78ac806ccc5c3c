// tern: the mail server daemon and its administration tools in one binary.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/cli.h"
#include "base/version.h"

namespace tern::app {

int Complain(int code, const std::string& text) {
  std::cerr << "tern: " << text << "\n";
  return code;
}

}  // namespace tern::app

int main(int argc, char** argv) {
  using namespace tern::app;
  CLI::App app{"Tern mail server: IMAP, POP3, LMTP and HTTP mail access"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tern " + std::string(tern::kVersion));
  GlobalOptions global;
  const char* env = std::getenv("TERN_CONFIG");
  global.config_path = env != nullptr ? env : "/etc/tern/tern.toml";
  app.add_option("-c,--config", global.config_path, "configuration file (env TERN_CONFIG)");

  Action action;
  RegisterConfigCommands(app, global, action);
  RegisterUserCommands(app, global, action);
  RegisterServeCommand(app, global, action);
  RegisterDeliverCommand(app, global, action);
  RegisterImportCommand(app, global, action);
  RegisterMailboxCommands(app, global, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  return action ? action() : kExitUsage;
}
