#pragma once
// What every administration command starts with: the configuration, the open store and
// often one account. Failures are printed and become the process exit code.

#include <string>

#include "app/cli.h"
#include "app/open_store.h"
#include "app/run_sync.h"

namespace tern::app {

// Runs fn(config, store) and returns its exit code.
template <typename F>
int WithStore(const GlobalOptions& g, F fn) {
  auto c = LoadConfig(g.config_path);
  if (!c) return Complain(kExitConfig, c.error().public_text);
  auto s = OpenStore(*c);
  if (!s) return Complain(kExitTempFail, s.error().ToLogString());
  return fn(*c, **s);
}

// Runs fn(config, store, account) for the named account; kExitNoUser if it does not exist.
template <typename F>
int WithAccount(const GlobalOptions& g, const std::string& user, F fn) {
  return WithStore(g, [&](const config::Config& c, store::Store& s) {
    auto account = RunSync(s.GetAccount(user));
    if (!account) {
      bool missing = account.error().code == ErrorCode::kNotFound;
      return Complain(missing ? kExitNoUser : kExitTempFail, account.error().public_text);
    }
    return fn(c, s, *account);
  });
}

}  // namespace tern::app
