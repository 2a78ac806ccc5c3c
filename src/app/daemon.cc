#include "app/daemon.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "app/cli.h"
#include "app/open_store.h"
#include "auth/credential_cache.h"
#include "auth/directory.h"
#include "base/log.h"
#include "net/io_pool.h"
#include "net/listener.h"
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

// Services the configuration may enable but that this build does not serve yet.
constexpr const char* kNotYetServed[] = {"imap", "pop", "http"};

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
  std::vector<std::unique_ptr<net::Listener>> listeners_;
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
  ApplyLogLevels(*c);
  lmtp_settings_.store(LmtpSettingsFrom(*c));
  for (auto& l : listeners_)
    l->set_max_sessions(static_cast<int>(c->Int("service.lmtp.maxsessions")));
  credentials_->set_ttl(std::chrono::seconds(c->Int("auth.cachettl")));
  log_.Major("configuration reloaded (listen addresses and ports change on restart only)");
  config_ = std::move(*c);
}

int Daemon::Run(const std::filesystem::path& config_path) {
  ApplyLogLevels(config_);
  auto opened = OpenStore(config_);
  if (!opened) return Complain(kExitTempFail, opened.error().ToLogString());
  store_ = std::move(*opened);
  credentials_ =
      std::make_unique<auth::CredentialCache>(std::chrono::seconds(config_.Int("auth.cachettl")));
  directory_ = std::make_unique<auth::StoreDirectory>(*store_);

  net::IoPool io(static_cast<int>(config_.Int("server.iothreads")));

  if (config_.Bool("service.lmtp.enable")) {
    lmtp_pool_ = std::make_unique<asio::thread_pool>(config_.Int("service.lmtp.maxthreads"));
    lmtp_ = std::make_unique<smtp::session::LmtpContext>(
        smtp::session::LmtpContext{*store_, *directory_, *lmtp_pool_, log::Get("lmtp")});
    lmtp_settings_.store(LmtpSettingsFrom(config_));
    net::ListenerSpec spec{
        .service = "lmtp",
        .address = config_.String("service.lmtp.listen"),
        .port = static_cast<uint16_t>(config_.Int("service.lmtp.port")),
        .max_sessions = static_cast<int>(config_.Int("service.lmtp.maxsessions")),
        .busy_reply = "421 4.3.2 Too many connections, try again later\r\n"};
    auto handler = [this](asio::ip::tcp::socket s) {
      return smtp::session::RunLmtpSession(std::move(s), lmtp_settings_.load(), *lmtp_);
    };
    auto l = net::Listener::Bind(io, spec, handler, log::Get("lmtp"));
    if (!l) return Complain(kExitConfig, l.error().public_text);
    listeners_.push_back(std::move(*l));
  }
  for (const char* svc : kNotYetServed) {
    if (config_.Bool(fmt::format("service.{}.enable", svc))) {
      log_.Major("service {} is enabled but this build does not serve it yet", svc);
    }
  }
  if (listeners_.empty()) return Complain(kExitConfig, "no service is enabled");

  io.Start();
  for (auto& l : listeners_) l->Start();
  log_.Major("tern started (pid {})", ::getpid());

  // Signals are handled on a context of their own, on this thread.
  asio::io_context signals_ctx(1);
  asio::signal_set stop(signals_ctx, SIGTERM, SIGINT);
  asio::signal_set hup(signals_ctx, SIGHUP);
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
    hup.cancel();
  });
  signals_ctx.run();

  for (auto& l : listeners_) l->Stop();
  // Sessions in the middle of a delivery get a moment to finish it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto active = [&] {
    int n = 0;
    for (auto& l : listeners_) n += l->active_sessions();
    return n;
  };
  while (active() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  io.Stop();
  listeners_.clear();
  if (lmtp_pool_) lmtp_pool_->join();
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
