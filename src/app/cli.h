#pragma once
// The subcommands of `tern`. Each Register* adds its commands to the parser; each
// command's action returns the process exit code.

#include <filesystem>
#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace tern::app {

struct GlobalOptions {
  std::filesystem::path config_path;
};

// The action a parsed command will run; set by the Register* functions.
using Action = std::function<int()>;

void RegisterConfigCommands(CLI::App& app, const GlobalOptions& global, Action& action);
void RegisterUserCommands(CLI::App& app, const GlobalOptions& global, Action& action);
void RegisterServeCommand(CLI::App& app, const GlobalOptions& global, Action& action);
void RegisterDeliverCommand(CLI::App& app, const GlobalOptions& global, Action& action);
void RegisterImportCommand(CLI::App& app, const GlobalOptions& global, Action& action);
void RegisterMailboxCommands(CLI::App& app, const GlobalOptions& global, Action& action);

// Prints "tern: <text>" to stderr and returns `code`.
int Complain(int code, const std::string& text);

// sysexits(3) codes, which MTAs read from a delivery agent.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 64;
inline constexpr int kExitDataErr = 65;
inline constexpr int kExitNoUser = 67;
inline constexpr int kExitSoftware = 70;
inline constexpr int kExitCantCreate = 73;
inline constexpr int kExitIoErr = 74;
inline constexpr int kExitTempFail = 75;
inline constexpr int kExitConfig = 78;

}  // namespace tern::app
