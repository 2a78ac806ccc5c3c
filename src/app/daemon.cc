#include "app/daemon.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "app/cli.h"
#include "app/open_store.h"
#include "auth/authenticator.h"
#include "auth/credential_cache.h"
#include "auth/directory.h"
#include "base/log.h"
#include "imap/session/imap_service.h"
#include "net/io_pool.h"
#include "net/listener.h"
#include "net/tls_context.h"
#include "pop3/session/pop3_service.h"
#include "smtp/session/lmtp_session.h"

namespace tern::app {

namespace {

namespace asio = boost::asio;

log::Level LevelOf(const config::Config& c, const std::string& key) {
  return log::ParseLevel(c.String(key)).value_or(log::Level::kMajor);
}

std::shared_ptr<const smtp::session::LmtpSettings> LmtpSettingsFrom(const config::Config& c) {
  auto s = std::make_shared<smtp::session::LmtpSettings>();
  s->hostname = c.String("server.hostname");
  s->banner = c.String("service.lmtp.banner");
  s->max_message_size = c.Int("store.maxmessagesize");
  s->max_recipients = static_cast<int>(c.Int("service.lmtp.maxrecipients"));
  s->idle_timeout = std::chrono::seconds(c.Int("service.lmtp.idletimeout"));
  return s;
}

// The TLS context for every service, or null when tls.certificate is not set.
Result<std::shared_ptr<net::TlsContext>> TlsFrom(const config::Config& c) {
  if (c.String("tls.certificate").empty()) return std::shared_ptr<net::TlsContext>();
  net::TlsSettings t;
  t.certificate_path = c.String("tls.certificate");
  t.key_path = c.String("tls.key");
  t.min_protocol = c.String("tls.minprotocol");
  t.client_ca_path = c.String("tls.clientca");
  return net::TlsContext::Load(t);
}

Result<std::shared_ptr<const pop3::session::Pop3Settings>> Pop3SettingsFrom(
    const config::Config& c, std::shared_ptr<net::TlsContext> tls) {
  auto s = std::make_shared<pop3::session::Pop3Settings>();
  if (c.Bool("service.pop.enableapop")) {
    auto box = auth::SecretBox::LoadOrCreate(auth::SecretBox::KeyFileIn(c.String("store.datadir")));
    if (!box) return Fail(std::move(box).error());
    s->apop = std::make_shared<const auth::SecretBox>(std::move(*box));
  }
  s->hostname = c.String("server.hostname");
  s->banner = c.String("service.pop.banner");
  s->publish_version = c.Bool("service.pop.publishversion");
  s->plaintext_min_cipher = static_cast<int>(c.Int("service.pop.plaintextmincipher"));
  s->idle_timeout = std::chrono::seconds(c.Int("service.pop.idletimeout"));
  s->login_separator = c.String("service.pop.loginseparator").front();
  s->login_delay = static_cast<int>(c.Int("service.pop.logindelay"));
  s->max_bad_commands = static_cast<int>(c.Int("service.pop.maxbadcommands"));
  s->trash_mailbox = c.String("service.pop.trashmailbox");
  s->tls = std::move(tls);
  return std::shared_ptr<const pop3::session::Pop3Settings>(std::move(s));
}

std::shared_ptr<const imap::session::ImapSettings> ImapSettingsFrom(
    const config::Config& c, std::shared_ptr<net::TlsContext> tls) {
  auto s = std::make_shared<imap::session::ImapSettings>();
  s->hostname = c.String("server.hostname");
  s->banner = c.String("service.imap.banner");
  s->publish_version = c.Bool("service.imap.publishversion");
  s->plaintext_min_cipher = static_cast<int>(c.Int("service.imap.plaintextmincipher"));
  s->idle_timeout = std::chrono::seconds(c.Int("service.imap.idletimeout"));
  s->max_bad_commands = static_cast<int>(c.Int("service.imap.maxbadcommands"));
  s->read_limit = static_cast<uint32_t>(c.Int("service.imap.readlimit"));
  s->max_message_size = static_cast<uint64_t>(c.Int("store.maxmessagesize"));
  s->alert = c.String("service.imap.alert");
  s->login_referral = c.String("service.imap.loginreferral");
  s->metadata_max_size = static_cast<uint64_t>(c.Int("service.imap.metadatamaxsize"));
  s->metadata_max_entries = static_cast<uint32_t>(c.Int("service.imap.metadatamaxentries"));
  s->admin_contact = c.String("service.imap.admincontact");
  s->progress_interval = std::chrono::milliseconds(c.Int("service.imap.progressinterval"));
  s->tls = std::move(tls);
  return s;
}

// Forgets expunges older than store.tombstonedays (QRESYNC's VANISHED history) at startup
// and every six hours, until `timer` is cancelled.
// Ends when `stopping` is set and `timer` cancelled. A cancel that comes while a prune
// is running finds no wait to cancel, so the flag is looked at before each wait.
asio::awaitable<void> PruneTombstonesLoop(store::Store& store, asio::steady_timer& timer,
                                          int64_t days, log::Logger log, const bool& stopping) {
  for (;;) {
    const auto before = static_cast<store::UnixTime>(std::time(nullptr)) - days * 86400;
    auto pruned = co_await store.PruneTombstones(before);
    if (!pruned) {
      log.Problem("pruning expunge tombstones: {}", pruned.error().ToLogString());
    } else if (*pruned > 0) {
      log.Major("forgot {} expunges older than {} days", *pruned, days);
    }
    if (stopping) co_return;
    timer.expires_after(std::chrono::hours(6));
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
  }
}

// Services the configuration may enable but that this build does not serve yet.
constexpr const char* kNotYetServed[] = {"http"};

class Daemon {
 public:
  explicit Daemon(config::Config config) : config_(std::move(config)) {}

  int Run(const std::filesystem::path& config_path);

 private:
  void ApplyLogLevels(const config::Config& c);
  void Reload(const std::filesystem::path& path);

  config::Config config_;
  log::Logger log_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::CredentialCache> credentials_;
  std::unique_ptr<auth::StoreDirectory> directory_;
  std::unique_ptr<asio::thread_pool> lmtp_pool_;
  std::unique_ptr<smtp::session::LmtpContext> lmtp_;
  std::atomic<std::shared_ptr<const smtp::session::LmtpSettings>> lmtp_settings_;
  std::unique_ptr<asio::thread_pool> pop_pool_;
  std::unique_ptr<auth::Authenticator> pop_auth_;
  pop3::session::ViewLocks pop_locks_;
  pop3::session::LoginDelays pop_delays_;
  std::unique_ptr<pop3::session::Pop3Context> pop_;
  std::atomic<std::shared_ptr<const pop3::session::Pop3Settings>> pop_settings_;
  std::unique_ptr<asio::thread_pool> imap_pool_;
  std::unique_ptr<auth::Authenticator> imap_auth_;
  imap::session::RecentClaims imap_recent_;
  std::unique_ptr<imap::session::ImapContext> imap_;
  std::atomic<std::shared_ptr<const imap::session::ImapSettings>> imap_settings_;
  std::vector<std::pair<std::string, std::unique_ptr<net::Listener>>> listeners_;

  Status StartLmtp(net::IoPool& io);
  Status StartImap(net::IoPool& io, std::shared_ptr<net::TlsContext> tls);
  // Listens on a service's plain port and, when enabled, its implicit-TLS port.
  using SessionRunner =
      std::function<asio::awaitable<void>(asio::ip::tcp::socket, bool implicit_tls)>;
  Status BindPlainAndTls(net::IoPool& io, const std::string& service, const std::string& tls_name,
                         const std::string& busy_reply, bool have_tls, SessionRunner run);
  Status StartPop(net::IoPool& io, std::shared_ptr<net::TlsContext> tls);
};

void Daemon::ApplyLogLevels(const config::Config& c) {
  log_ = log::Get("main", LevelOf(c, "server.loglevel"));
  log::Get("store", LevelOf(c, "store.loglevel"));
  for (const char* svc : {"imap", "pop", "http", "lmtp"}) {
    log::Get(svc, LevelOf(c, fmt::format("service.{}.loglevel", svc)));
  }
}

void Daemon::Reload(const std::filesystem::path& path) {
  auto c = LoadConfig(path);
  if (!c) {
    log_.Major("reload refused, keeping the running configuration: {}", c.error().public_text);
    return;
  }
  auto tls = TlsFrom(*c);
  if (!tls) {
    log_.Major("reload refused, keeping the running configuration: {}", tls.error().public_text);
    return;
  }
  auto pop = Pop3SettingsFrom(*c, *tls);
  if (!pop) {
    log_.Major("reload refused, keeping the running configuration: {}", pop.error().public_text);
    return;
  }
  ApplyLogLevels(*c);
  lmtp_settings_.store(LmtpSettingsFrom(*c));
  pop_settings_.store(std::move(*pop));
  imap_settings_.store(ImapSettingsFrom(*c, *tls));
  for (auto& [service, l] : listeners_) {
    l->set_max_sessions(static_cast<int>(c->Int(fmt::format("service.{}.maxsessions", service))));
  }
  credentials_->set_ttl(std::chrono::seconds(c->Int("auth.cachettl")));
  log_.Major("configuration reloaded (listen addresses and ports change on restart only)");
  config_ = std::move(*c);
}

Status Daemon::StartLmtp(net::IoPool& io) {
  lmtp_pool_ = std::make_unique<asio::thread_pool>(config_.Int("service.lmtp.maxthreads"));
  lmtp_ = std::make_unique<smtp::session::LmtpContext>(
      smtp::session::LmtpContext{*store_, *directory_, *lmtp_pool_, log::Get("lmtp")});
  lmtp_settings_.store(LmtpSettingsFrom(config_));
  net::ListenerSpec spec{.service = "lmtp",
                         .address = config_.String("service.lmtp.listen"),
                         .port = static_cast<uint16_t>(config_.Int("service.lmtp.port")),
                         .max_sessions = static_cast<int>(config_.Int("service.lmtp.maxsessions")),
                         .busy_reply = "421 4.3.2 Too many connections, try again later\r\n"};
  auto handler = [this](asio::ip::tcp::socket s) {
    return smtp::session::RunLmtpSession(std::move(s), lmtp_settings_.load(), *lmtp_);
  };
  auto l = net::Listener::Bind(io, spec, handler, log::Get("lmtp"));
  if (!l) return Fail(std::move(l).error());
  listeners_.emplace_back("lmtp", std::move(*l));
  return Ok();
}

Status Daemon::StartPop(net::IoPool& io, std::shared_ptr<net::TlsContext> tls) {
  pop_pool_ = std::make_unique<asio::thread_pool>(config_.Int("service.pop.maxthreads"));
  pop_auth_ = std::make_unique<auth::Authenticator>(*directory_, *credentials_, *pop_pool_,
                                                    log::Get("pop"));
  pop_ = std::make_unique<pop3::session::Pop3Context>(pop3::session::Pop3Context{
      *store_, *directory_, *pop_auth_, *pop_pool_, pop_locks_, pop_delays_, log::Get("pop")});
  auto settings = Pop3SettingsFrom(config_, tls);
  if (!settings) return Fail(std::move(settings).error());
  pop_settings_.store(std::move(*settings));
  return BindPlainAndTls(io, "pop", "pop3s", "-ERR [SYS/TEMP] too many connections, try later\r\n",
                         tls != nullptr, [this](asio::ip::tcp::socket s, bool implicit_tls) {
                           return pop3::session::RunPop3Session(std::move(s), pop_settings_.load(),
                                                                *pop_, implicit_tls);
                         });
}

Status Daemon::StartImap(net::IoPool& io, std::shared_ptr<net::TlsContext> tls) {
  imap_pool_ = std::make_unique<asio::thread_pool>(config_.Int("service.imap.maxthreads"));
  imap_auth_ = std::make_unique<auth::Authenticator>(*directory_, *credentials_, *imap_pool_,
                                                     log::Get("imap"));
  imap_ = std::make_unique<imap::session::ImapContext>(imap::session::ImapContext{
      *store_, *directory_, *imap_auth_, *imap_pool_, imap_recent_, log::Get("imap")});
  imap_settings_.store(ImapSettingsFrom(config_, tls));
  return BindPlainAndTls(io, "imap", "imaps", "* BYE Too many connections, try again later\r\n",
                         tls != nullptr, [this](asio::ip::tcp::socket s, bool implicit_tls) {
                           return imap::session::RunImapSession(
                               std::move(s), imap_settings_.load(), *imap_, implicit_tls);
                         });
}

Status Daemon::BindPlainAndTls(net::IoPool& io, const std::string& service,
                               const std::string& tls_name, const std::string& busy_reply,
                               bool have_tls, SessionRunner run) {
  const int max_sessions = static_cast<int>(config_.Int(fmt::format("service.{}.maxsessions", service)));
  auto bind = [&](uint16_t port, bool implicit_tls) -> Status {
    net::ListenerSpec spec{.service = implicit_tls ? tls_name : service,
                           .address = config_.String(fmt::format("service.{}.listen", service)),
                           .port = port,
                           .max_sessions = max_sessions,
                           .busy_reply = busy_reply,
                           .tls = implicit_tls};
    auto handler = [run, implicit_tls](asio::ip::tcp::socket s) {
      return run(std::move(s), implicit_tls);
    };
    auto l = net::Listener::Bind(io, spec, handler, log::Get(service));
    if (!l) return Fail(std::move(l).error());
    listeners_.emplace_back(service, std::move(*l));
    return Ok();
  };
  TERN_TRY(bind(static_cast<uint16_t>(config_.Int(fmt::format("service.{}.port", service))), false));
  if (config_.Bool(fmt::format("service.{}.enablesslport", service))) {
    if (!have_tls) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("service.{}.enablesslport needs tls.certificate and tls.key", service));
    }
    TERN_TRY(bind(static_cast<uint16_t>(config_.Int(fmt::format("service.{}.sslport", service))), true));
  }
  return Ok();
}

int Daemon::Run(const std::filesystem::path& config_path) {
  // Signals are handled on a context of their own, on this thread. SIGHUP is caught
  // from the start: its default action kills the process, and the ports listen before
  // the main loop runs, so a reload right after startup would otherwise stop the server.
  // One that arrives during startup is queued and reloads once running. SIGTERM and
  // SIGINT keep their default action until then, so a stuck startup can still be ended.
  asio::io_context signals_ctx(1);
  asio::signal_set hup(signals_ctx, SIGHUP);

  ApplyLogLevels(config_);
  auto opened = OpenStore(config_, /*daemon=*/true);
  if (!opened) return Complain(kExitTempFail, opened.error().ToLogString());
  store_ = std::move(*opened);
  credentials_ =
      std::make_unique<auth::CredentialCache>(std::chrono::seconds(config_.Int("auth.cachettl")));
  directory_ = std::make_unique<auth::StoreDirectory>(*store_);

  // Owned here rather than on the stack so that it, and with it every session still
  // suspended (an IMAP IDLE, say), is destroyed before the store those sessions use.
  auto io_pool = std::make_unique<net::IoPool>(static_cast<int>(config_.Int("server.iothreads")));
  net::IoPool& io = *io_pool;

  auto tls = TlsFrom(config_);
  if (!tls) return Complain(kExitConfig, tls.error().public_text);
  if (config_.Bool("service.lmtp.enable")) {
    if (auto s = StartLmtp(io); !s) return Complain(kExitConfig, s.error().public_text);
  }
  if (config_.Bool("service.pop.enable")) {
    if (auto s = StartPop(io, *tls); !s) return Complain(kExitConfig, s.error().public_text);
  }
  if (config_.Bool("service.imap.enable")) {
    if (auto s = StartImap(io, *tls); !s) return Complain(kExitConfig, s.error().public_text);
  }
  for (const char* svc : kNotYetServed) {
    if (config_.Bool(fmt::format("service.{}.enable", svc))) {
      log_.Major("service {} is enabled but this build does not serve it yet", svc);
    }
  }
  if (listeners_.empty()) return Complain(kExitConfig, "no service is enabled");

  io.Start();
  for (auto& [service, l] : listeners_) l->Start();
  log_.Major("tern started (pid {})", ::getpid());

  asio::steady_timer prune_timer(signals_ctx);
  bool stopping = false;
  asio::co_spawn(signals_ctx,
                 PruneTombstonesLoop(*store_, prune_timer, config_.Int("store.tombstonedays"),
                                     log_, stopping),
                 asio::detached);

  asio::signal_set stop(signals_ctx, SIGTERM, SIGINT);
  std::function<void()> wait_hup = [&] {
    hup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      Reload(config_path);
      wait_hup();
    });
  };
  wait_hup();
  stop.async_wait([&](const boost::system::error_code&, int sig) {
    log_.Major("stopping on signal {}", sig);
    stopping = true;
    hup.cancel();
    prune_timer.cancel();
  });
  signals_ctx.run();

  for (auto& [service, l] : listeners_) l->Stop();
  // LMTP sessions in the middle of a delivery get a moment to finish it. Mailbox
  // sessions (IMAP, POP3) are not waited for: they idle for minutes, and whatever they
  // had not been told was done is not done (an APPEND without its OK is sent again).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto active = [&] {
    int n = 0;
    for (auto& [service, l] : listeners_) {
      if (service == "lmtp") n += l->active_sessions();
    }
    return n;
  };
  while (active() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  io.Stop();
  listeners_.clear();
  io_pool.reset();
  if (lmtp_pool_) lmtp_pool_->join();
  if (pop_pool_) pop_pool_->join();
  if (imap_pool_) imap_pool_->join();
  store_.reset();
  log_.Major("tern stopped");
  return kExitOk;
}

}  // namespace

int Serve(const std::filesystem::path& config_path) {
  auto c = LoadConfig(config_path);
  if (!c) return Complain(kExitConfig, c.error().public_text);
  Daemon daemon(std::move(*c));
  return daemon.Run(config_path);
}

}  // namespace tern::app
