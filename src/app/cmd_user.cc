// tern user add|passwd|del|list|show|set — account administration.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "app/account_format.h"
#include "app/cli.h"
#include "app/with_store.h"
#include "auth/password.h"
#include "auth/sasl/scram_credentials.h"
#include "auth/secret_box.h"
#include "pop3/grammar/login_options.h"

namespace tern::app {

namespace {

struct UserArgs {
  std::string name;
  std::string password;
  bool password_stdin = false;
  std::string quota;
  std::optional<int64_t> quota_messages;
  std::string services;
  std::optional<std::string> pop_options;
  bool disable = false;
  bool enable = false;
};

int StoreError(const Error& e) {
  int code = e.code == ErrorCode::kNotFound          ? kExitNoUser
             : e.code == ErrorCode::kAlreadyExists   ? kExitCantCreate
             : e.code == ErrorCode::kInvalidArgument ? kExitDataErr
                                                     : kExitTempFail;
  return Complain(code, e.public_text);
}

// The password from --password or one line of standard input.
Result<std::string> ReadPassword(const UserArgs& a) {
  if (a.password_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      return Fail(ErrorCode::kInvalidArgument, "no password on standard input");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  if (a.password.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "give --password PW or --password-stdin");
  }
  return a.password;
}

// What an account stores for a password: the Argon2id hash (for USER/PASS, LOGIN, PLAIN),
// SCRAM-SHA-256 keys (for SCRAM, which needs them instead of the password) and, only
// while APOP is enabled, the password sealed for APOP (empty otherwise, which also
// removes an earlier one).
struct StoredPassword {
  std::string hash;
  std::string scram;
  std::string apop_secret;
};

Result<StoredPassword> HashFor(const config::Config& c, const std::string& password) {
  auth::Argon2Params p;
  p.time_cost = static_cast<uint32_t>(c.Int("auth.argon2.timecost"));
  p.memory_kib = static_cast<uint32_t>(c.Int("auth.argon2.memorycost"));
  p.parallelism = static_cast<uint32_t>(c.Int("auth.argon2.parallelism"));
  auto hash = auth::HashPassword(password, p);
  if (!hash) return Fail(std::move(hash).error());
  auto scram = auth::sasl::DeriveScramSha256(password);
  if (!scram) return Fail(std::move(scram).error());
  StoredPassword stored{std::move(*hash), auth::sasl::FormatScram(*scram), {}};
  if (c.Bool("service.pop.enableapop")) {
    auto box = auth::SecretBox::LoadOrCreate(auth::SecretBox::KeyFileIn(c.String("store.datadir")));
    if (!box) return Fail(std::move(box).error());
    auto sealed = box->Seal(password);
    if (!sealed) return Fail(std::move(sealed).error());
    stored.apop_secret = std::move(*sealed);
  }
  return stored;
}

void PrintAccount(const store::Account& a) {
  std::cout << fmt::format(
      "name: {}\nenabled: {}\nservices: {}\nquota: {}\nused: {} bytes\nmessage quota: {}\n"
      "messages: {}\npop options: {}\napop: {}\n",
      a.name, a.enabled ? "yes" : "no", FormatServices(a.services), FormatSize(a.quota_bytes),
      a.used_bytes, a.quota_messages == 0 ? "unlimited" : std::to_string(a.quota_messages),
      a.used_messages, a.pop_options.empty() ? "none" : a.pop_options,
      a.apop_secret.empty() ? "no" : "yes");
}

int Add(const GlobalOptions& g, const UserArgs& a) {
  return WithStore(g, [&](const config::Config& c, store::Store& s) {
    auto pw = ReadPassword(a);
    if (!pw) return Complain(kExitUsage, pw.error().public_text);
    store::NewAccount n;
    n.name = a.name;
    n.quota_bytes = c.Int("auth.defaultquota");
    if (!a.quota.empty()) {
      auto q = ParseSize(a.quota);
      if (!q) return Complain(kExitUsage, q.error().public_text);
      n.quota_bytes = *q;
    }
    n.quota_messages = a.quota_messages.value_or(c.Int("auth.defaultquotamessages"));
    if (!a.services.empty()) {
      auto sv = ParseServices(a.services);
      if (!sv) return Complain(kExitUsage, sv.error().public_text);
      n.services = *sv;
    }
    n.enabled = !a.disable;
    // RFC 6154 special-use folders, so every client finds the same Sent, Trash, ...
    for (const auto& [key, use] : {std::pair{"mailbox.sent", "\\Sent"},
                                   {"mailbox.drafts", "\\Drafts"},
                                   {"mailbox.trash", "\\Trash"},
                                   {"mailbox.junk", "\\Junk"},
                                   {"mailbox.archive", "\\Archive"}}) {
      if (std::string name = c.String(key); !name.empty()) n.mailboxes.push_back({name, use});
    }
    auto hash = HashFor(c, *pw);
    if (!hash) return Complain(kExitUsage, hash.error().public_text);
    n.password_hash = std::move(hash->hash);
    n.scram = std::move(hash->scram);
    n.apop_secret = std::move(hash->apop_secret);
    auto created = RunSync(s.CreateAccount(std::move(n)));
    if (!created) return StoreError(created.error());
    std::cout << "added " << created->name << "\n";
    return kExitOk;
  });
}

int Passwd(const GlobalOptions& g, const UserArgs& a) {
  return WithStore(g, [&](const config::Config& c, store::Store& s) {
    auto pw = ReadPassword(a);
    if (!pw) return Complain(kExitUsage, pw.error().public_text);
    auto hash = HashFor(c, *pw);
    if (!hash) return Complain(kExitUsage, hash.error().public_text);
    store::AccountUpdate u;
    u.password_hash = std::move(hash->hash);
    u.scram = std::move(hash->scram);
    u.apop_secret = std::move(hash->apop_secret);
    auto r = RunSync(s.UpdateAccount(a.name, std::move(u)));
    if (!r) return StoreError(r.error());
    std::cout << "password changed for " << r->name << "\n";
    return kExitOk;
  });
}

int Set(const GlobalOptions& g, const UserArgs& a) {
  return WithStore(g, [&](const config::Config&, store::Store& s) {
    store::AccountUpdate u;
    if (!a.quota.empty()) {
      auto q = ParseSize(a.quota);
      if (!q) return Complain(kExitUsage, q.error().public_text);
      u.quota_bytes = *q;
    }
    u.quota_messages = a.quota_messages;
    if (!a.services.empty()) {
      auto sv = ParseServices(a.services);
      if (!sv) return Complain(kExitUsage, sv.error().public_text);
      u.services = *sv;
    }
    if (a.pop_options && a.pop_options->empty()) {
      u.pop_options = "";
    } else if (a.pop_options) {
      auto parsed = pop3::grammar::ParseLoginOptions(*a.pop_options);
      if (!parsed) return Complain(kExitUsage, "--pop-options: " + parsed.error().public_text);
      u.pop_options = pop3::grammar::FormatLoginOptions(*parsed);
    }
    if (a.enable && a.disable) return Complain(kExitUsage, "--enable and --disable together");
    if (a.enable) u.enabled = true;
    if (a.disable) u.enabled = false;
    auto r = RunSync(s.UpdateAccount(a.name, std::move(u)));
    if (!r) return StoreError(r.error());
    PrintAccount(*r);
    return kExitOk;
  });
}

int Del(const GlobalOptions& g, const UserArgs& a) {
  return WithStore(g, [&](const config::Config&, store::Store& s) {
    auto r = RunSync(s.DeleteAccount(a.name));
    if (!r) return StoreError(r.error());
    std::cout << "deleted " << a.name << "\n";
    return kExitOk;
  });
}

int List(const GlobalOptions& g) {
  return WithStore(g, [&](const config::Config&, store::Store& s) {
    auto r = RunSync(s.ListAccounts());
    if (!r) return StoreError(r.error());
    for (const auto& acc : *r) {
      std::cout << fmt::format("{:<32} {:<8} {:<20} {}\n", acc.name,
                               acc.enabled ? "enabled" : "disabled", FormatServices(acc.services),
                               FormatSize(acc.quota_bytes));
    }
    return kExitOk;
  });
}

int Show(const GlobalOptions& g, const UserArgs& a) {
  return WithStore(g, [&](const config::Config&, store::Store& s) {
    auto r = RunSync(s.GetAccount(a.name));
    if (!r) return StoreError(r.error());
    PrintAccount(*r);
    return kExitOk;
  });
}

void PasswordOptions(CLI::App* cmd, UserArgs& a) {
  auto* pw =
      cmd->add_option("--password", a.password, "the password (visible to ps: prefer stdin)");
  auto* in = cmd->add_flag("--password-stdin", a.password_stdin, "read the password from stdin");
  pw->excludes(in);
}

void AccountOptions(CLI::App* cmd, UserArgs& a) {
  cmd->add_option("--quota", a.quota, "quota in bytes, or with K/M/G; 0 is unlimited");
  cmd->add_option("--quota-messages", a.quota_messages, "most messages held; 0 is unlimited")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--services", a.services, "allowed services: imap,pop,smtp,http | all | none");
  cmd->add_flag("--disable", a.disable, "disable the account");
}

}  // namespace

void RegisterUserCommands(CLI::App& app, const GlobalOptions& g, Action& action) {
  auto* user = app.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  auto a = std::make_shared<UserArgs>();

  auto* add = user->add_subcommand("add", "add an account");
  add->add_option("name", a->name, "account name (name or name@domain)")->required();
  PasswordOptions(add, *a);
  AccountOptions(add, *a);
  add->callback([&g, &action, a] { action = [&g, a] { return Add(g, *a); }; });

  auto* passwd = user->add_subcommand("passwd", "change an account's password");
  passwd->add_option("name", a->name)->required();
  PasswordOptions(passwd, *a);
  passwd->callback([&g, &action, a] { action = [&g, a] { return Passwd(g, *a); }; });

  auto* set = user->add_subcommand("set", "change an account's quota, services or state");
  set->add_option("name", a->name)->required();
  AccountOptions(set, *a);
  set->add_flag("--enable", a->enable, "enable the account");
  set->add_option("--pop-options", a->pop_options,
                  "default POP3 login options, e.g. v=1d (see docs/pop3-login-options.md); "
                  "\"\" clears them");
  set->callback([&g, &action, a] { action = [&g, a] { return Set(g, *a); }; });

  auto* del = user->add_subcommand("del", "delete an account and all its mail");
  del->add_option("name", a->name)->required();
  del->callback([&g, &action, a] { action = [&g, a] { return Del(g, *a); }; });

  auto* list = user->add_subcommand("list", "list accounts");
  list->callback([&g, &action] { action = [&g] { return List(g); }; });

  auto* show = user->add_subcommand("show", "show one account");
  show->add_option("name", a->name)->required();
  show->callback([&g, &action, a] { action = [&g, a] { return Show(g, *a); }; });
}

}  // namespace tern::app
