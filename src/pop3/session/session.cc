#include "pop3/session/session.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <ctime>

#include "base/version.h"
#include "pop3/grammar/parse_command.h"
#include "pop3/response/greeting.h"
#include "pop3/response/status.h"

namespace tern::pop3::session {

namespace asio = boost::asio;

Session::Session(asio::ip::tcp::socket socket, std::shared_ptr<const Pop3Settings> settings,
                 Pop3Context& context)
    : conn_(std::move(socket), net::ConnectionLimits{.max_line = grammar::kMaxAuthLineLength + 2,
                                                     .idle_timeout = settings->idle_timeout}),
      settings_(std::move(settings)),
      ctx_(context),
      log_(context.log) {}

asio::awaitable<bool> Session::Flush(bool force) {
  if (out_.empty() || (!force && conn_.buffered() > 0)) co_return true;
  auto s = co_await conn_.Write(out_);
  out_.clear();
  co_return s.has_value();
}

asio::awaitable<void> Session::Run(bool implicit_tls) {
  log_.Protocol("{} connected{}", conn_.peer(), implicit_tls ? " (POP3S)" : "");
  if (implicit_tls) {
    if (!settings_->tls) co_return;
    if (auto s = co_await conn_.StartTls(settings_->tls); !s) {
      log_.Problem("{}: TLS handshake failed: {}", conn_.peer(), s.error().ToLogString());
      co_return;
    }
  }
  std::string text =
      settings_->banner.empty()
          ? (settings_->publish_version ? fmt::format("Tern {} POP3 server ready", kVersion)
                                        : "POP3 server ready")
          : settings_->banner;
  if (settings_->apop) {
    // RFC 1939 section 7: different for every greeting, in this process and across
    // restarts (the pid and the clock change).
    static std::atomic<uint64_t> greetings{0};
    apop_timestamp_ = response::ApopTimestamp(
        fmt::format("{}.{}.{}", getpid(), greetings.fetch_add(1, std::memory_order_relaxed),
                    std::time(nullptr)),
        settings_->hostname);
  }
  Reply(response::Greeting(text, apop_timestamp_));
  if (!co_await Flush(true)) co_return;

  for (;;) {
    auto line = co_await conn_.ReadLine();
    if (!line) {
      if (line.error().code != ErrorCode::kTooLarge) {
        // RFC 1939 section 3: on the autologout timer the server closes the connection
        // without a response and without entering the UPDATE state.
        log_.Protocol("{} closed: {}", conn_.peer(), line.error().public_text);
        co_return;
      }
      BadCommand();
      Reply(response::Err("line too long"));
    } else {
      if (log_.Enabled(log::Level::kProtocol)) {
        log_.Protocol("{} C: {}", conn_.peer(), grammar::RedactForLog(*line));
      }
      auto command = grammar::ParseCommand(*line, {});
      if (!command) {
        BadCommand();
        Reply(response::Err(command.error().public_text));
      } else if (!co_await Dispatch(*command)) {
        co_await Flush(true);
        co_return;
      }
    }
    if (bad_commands_ >= settings_->max_bad_commands) {
      Reply(response::Err("too many bad commands, closing"));
      co_await Flush(true);
      log_.Problem("{}: closed after {} bad commands", conn_.peer(), bad_commands_);
      co_return;
    }
    if (!co_await Flush()) co_return;
  }
}

asio::awaitable<bool> Session::Dispatch(const grammar::Command& command) {
  using namespace grammar;
  if (std::holds_alternative<Capa>(command)) {
    OnCapa();
    co_return true;
  }
  if (std::holds_alternative<Quit>(command)) {
    if (state_ == State::kAuthorization) {
      Reply(response::Ok(fmt::format("{} closing", settings_->hostname)));
      co_return false;
    }
    co_return co_await OnQuit();
  }
  if (state_ == State::kAuthorization) {
    if (std::holds_alternative<Stls>(command)) co_return co_await OnStls();
    if (const auto* c = std::get_if<User>(&command)) {
      OnUser(*c);
      co_return true;
    }
    if (const auto* c = std::get_if<Pass>(&command)) co_return co_await OnPass(*c);
    if (const auto* c = std::get_if<Auth>(&command)) co_return co_await OnAuth(*c);
    if (const auto* c = std::get_if<Apop>(&command)) co_return co_await OnApop(*c);
    if (std::holds_alternative<Utf8>(command)) {
      // RFC 6856 section 2: only in the AUTHORIZATION state. Stored mail is served as
      // is either way; user names and passwords are UTF-8 already.
      Reply(response::Ok("UTF8 enabled"));
      co_return true;
    }
  } else {
    if (std::holds_alternative<Stat>(command)) {
      OnStat();
    } else if (const auto* list = std::get_if<List>(&command)) {
      OnList(*list);
    } else if (const auto* uidl = std::get_if<Uidl>(&command)) {
      OnUidl(*uidl);
    } else if (const auto* retr = std::get_if<Retr>(&command)) {
      co_return co_await OnRetr(retr->msg, std::nullopt);
    } else if (const auto* top = std::get_if<Top>(&command)) {
      co_return co_await OnRetr(top->msg, top->lines);
    } else if (const auto* dele = std::get_if<Dele>(&command)) {
      OnDele(*dele);
    } else if (std::holds_alternative<Rset>(command)) {
      OnRset();
    } else if (std::holds_alternative<Noop>(command)) {
      Reply(response::Ok(""));
    } else {
      BadCommand();
      Reply(response::Err("command not valid in the TRANSACTION state"));
    }
    co_return true;
  }
  BadCommand();
  Reply(response::Err("command not valid in the AUTHORIZATION state"));
  co_return true;
}

asio::awaitable<void> RunPop3Session(asio::ip::tcp::socket socket,
                                     std::shared_ptr<const Pop3Settings> settings,
                                     Pop3Context& context, bool implicit_tls) {
  Session session(std::move(socket), std::move(settings), context);
  co_await session.Run(implicit_tls);
}

}  // namespace tern::pop3::session
