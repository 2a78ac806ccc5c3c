// tern config init|get|set|list|check — the configuration utility (as `configutil`).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "app/cli.h"
#include "app/open_store.h"
#include "base/config.h"
#include "net/self_signed.h"

namespace tern::app {

namespace {

int Init(const GlobalOptions& g, const std::filesystem::path& data_dir, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(g.config_path, ec) && !force) {
    return Complain(kExitCantCreate,
                    fmt::format("{} exists; use --force to overwrite", g.config_path.string()));
  }
  fs::path absolute_data = fs::absolute(data_dir, ec);
  if (g.config_path.has_parent_path()) fs::create_directories(g.config_path.parent_path(), ec);
  fs::create_directories(absolute_data, ec);
  if (ec) {
    return Complain(kExitCantCreate,
                    fmt::format("cannot create {}: {}", absolute_data.string(), ec.message()));
  }
  {
    std::ofstream out(g.config_path, std::ios::binary | std::ios::trunc);
    out << config::RenderInitialFile(absolute_data);
    out.flush();
    if (!out) {
      return Complain(kExitCantCreate, fmt::format("cannot write {}", g.config_path.string()));
    }
  }
  // A self-signed certificate, so that STARTTLS and the TLS ports work out of the box;
  // replace it with a real one by pointing tls.certificate and tls.key elsewhere.
  const fs::path cert = absolute_data / "tls" / "cert.pem";
  const fs::path key = absolute_data / "tls" / "key.pem";
  if (!fs::exists(cert, ec) || !fs::exists(key, ec)) {
    fs::create_directories(cert.parent_path(), ec);
    auto made = net::GenerateSelfSignedCertificate(
        cert, key, config::Config::Defaults().String("server.hostname"));
    if (!made) return Complain(kExitCantCreate, made.error().ToLogString());
  }
  for (const auto& [k, v] : {std::pair{"tls.certificate", cert}, std::pair{"tls.key", key}}) {
    if (auto s = config::SetInFile(g.config_path, k, v.string()); !s) {
      return Complain(kExitCantCreate, s.error().public_text);
    }
  }
  std::cout << "wrote " << g.config_path.string() << " (data directory "
            << absolute_data.string() << ", self-signed certificate " << cert.string() << ")\n";
  return kExitOk;
}

int Get(const GlobalOptions& g, const std::string& key) {
  if (config::FindKey(key) == nullptr) {
    return Complain(kExitUsage, fmt::format("{}: unknown configuration key", key));
  }
  auto c = LoadConfig(g.config_path);
  if (!c) return Complain(kExitConfig, c.error().public_text);
  std::cout << c->Text(key) << "\n";
  return kExitOk;
}

int Set(const GlobalOptions& g, const std::string& key, const std::string& value) {
  auto s = config::SetInFile(g.config_path, key, value);
  if (!s) return Complain(kExitConfig, s.error().public_text);
  return kExitOk;
}

int List(const GlobalOptions& g) {
  auto c = LoadConfig(g.config_path);
  if (!c) c = config::Config::Defaults();  // still useful without a file: shows defaults
  for (const auto& spec : config::Keys()) {
    std::string value = c->Text(spec.key);
    std::cout << fmt::format("{} = {}{}\n    {} (default: {})\n", spec.key, value,
                             c->IsSet(spec.key) ? "" : "  [default]", spec.description,
                             spec.default_value.empty() ? "\"\"" : spec.default_value);
  }
  return kExitOk;
}

int Check(const GlobalOptions& g) {
  auto c = LoadConfig(g.config_path);
  if (!c) return Complain(kExitConfig, c.error().public_text);
  std::cout << g.config_path.string() << ": ok\n";
  return kExitOk;
}

}  // namespace

void RegisterConfigCommands(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto* cfg = app.add_subcommand("config", "read and edit the configuration file");
  cfg->require_subcommand(1);

  auto* init = cfg->add_subcommand("init", "write a fresh, commented configuration file");
  auto data_dir = std::make_shared<std::filesystem::path>();
  auto force = std::make_shared<bool>(false);
  init->add_option("--data-dir", *data_dir, "data directory of the embedded store")->required();
  init->add_flag("--force", *force, "overwrite an existing file");
  init->callback([&g, &action, data_dir, force] {
    action = [&g, data_dir, force] { return Init(g, *data_dir, *force); };
  });

  auto key = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  auto* get = cfg->add_subcommand("get", "print a key's value");
  get->add_option("key", *key)->required();
  get->callback([&g, &action, key] { action = [&g, key] { return Get(g, *key); }; });

  auto* set = cfg->add_subcommand("set", "validate and set a key's value in the file");
  set->add_option("key", *key)->required();
  set->add_option("value", *value)->required();
  set->callback(
      [&g, &action, key, value] { action = [&g, key, value] { return Set(g, *key, *value); }; });

  auto* list = cfg->add_subcommand("list", "list every key, its value and description");
  list->callback([&g, &action] { action = [&g] { return List(g); }; });

  auto* check = cfg->add_subcommand("check", "validate the configuration file");
  check->callback([&g, &action] { action = [&g] { return Check(g); }; });
}

}  // namespace tern::app
