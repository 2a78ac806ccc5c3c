// The AUTHORIZATION state: CAPA, STLS, USER/PASS, AUTH, APOP (RFC 1939, 2449, 2595, 5034).
#include <fmt/format.h>

#include <ctime>

#include "auth/connection_login.h"
#include "auth/sasl/factory.h"
#include "auth/sasl/scram_credentials.h"
#include "base/base64.h"
#include "base/version.h"
#include "pop3/grammar/parse_command.h"
#include "pop3/response/capabilities.h"
#include "pop3/response/multiline.h"
#include "pop3/response/status.h"
#include "pop3/session/session.h"

namespace tern::pop3::session {

namespace asio = boost::asio;
using Code = response::ResponseCode;

bool Session::PlaintextAllowed() const {
  return auth::PlaintextAllowed(conn_, settings_->plaintext_min_cipher);
}

auth::sasl::MechanismContext Session::SaslContext() const {
  return auth::MechanismContextFor(conn_, settings_->plaintext_min_cipher);
}

void Session::OnCapa() {
  response::Capabilities caps;
  caps.user = state_ == State::kAuthorization && PlaintextAllowed();
  if (state_ == State::kAuthorization) {
    for (auto name : auth::sasl::AvailableMechanisms(SaslContext())) {
      caps.sasl.emplace_back(name);
    }
    caps.stls = settings_->tls != nullptr && !conn_.IsTls();
  }
  caps.expire = response::Expire{};  // NEVER: Tern does not delete mail on its own
  caps.utf8 = true;
  if (settings_->login_delay > 0) caps.login_delay = static_cast<uint32_t>(settings_->login_delay);
  if (settings_->publish_version) caps.implementation = fmt::format("Tern {}", kVersion);
  Reply(response::CapaResponse(caps));
}

asio::awaitable<bool> Session::OnStls() {
  if (settings_->tls == nullptr || conn_.IsTls()) {
    BadCommand();
    Reply(response::Err(conn_.IsTls() ? "already using TLS" : "TLS is not available"));
    co_return true;
  }
  // Anything the client sent after STLS would be read as if it came over TLS: refuse it
  // (the STARTTLS command injection of CVE-2011-0411).
  if (conn_.buffered() > 0) {
    Reply(response::Err("pipelined data after STLS"));
    co_return false;
  }
  Reply(response::Ok("begin TLS negotiation"));
  if (!co_await Flush(true)) co_return false;
  if (auto s = co_await conn_.StartTls(settings_->tls); !s) {
    log_.Problem("{}: STLS handshake failed: {}", conn_.peer(), s.error().ToLogString());
    co_return false;
  }
  pending_user_.reset();  // RFC 2595 section 4: forget what was said in clear
  co_return true;
}

std::optional<grammar::LoginName> Session::SplitLogin(std::string_view login) {
  auto split = grammar::SplitLoginOptions(login, settings_->login_separator);
  if (!split) {
    BadCommand();
    Reply(response::Err(Code::kAuth, split.error().public_text));
    return std::nullopt;
  }
  return std::move(*split);
}

void Session::OnUser(const grammar::User& user) {
  if (!PlaintextAllowed()) {
    Reply(response::Err(Code::kAuth, "plain-text logins need TLS first (use STLS)"));
    return;
  }
  pending_user_ = user.name;
  Reply(response::Ok("send PASS"));
}

void Session::LoginFailed(const Error& error) {
  ++failed_logins_;
  BadCommand();
  switch (error.code) {
    case ErrorCode::kPermissionDenied:
      Reply(response::Err(Code::kAuth, "this account may not use POP3"));
      break;
    case ErrorCode::kUnavailable:
      Reply(response::Err(Code::kSysTemp, "temporary failure, try again later"));
      break;
    default:
      Reply(response::Err(Code::kAuth, "authentication failed"));
  }
}

asio::awaitable<std::optional<store::Account>> Session::CheckPassword(const std::string& user,
                                                                      const std::string& password) {
  auto account = co_await ctx_.authenticator.Login(user, password, store::kServicePop);
  if (account) co_return std::move(*account);
  LoginFailed(account.error());
  co_return std::nullopt;
}

asio::awaitable<bool> Session::OnPass(const grammar::Pass& pass) {
  if (!pending_user_) {
    BadCommand();
    Reply(response::Err("send USER first"));
    co_return true;
  }
  std::string login = std::move(*pending_user_);
  pending_user_.reset();
  auto name = SplitLogin(login);
  if (!name) co_return true;
  auto account = co_await CheckPassword(name->user, pass.password);
  if (!account) co_return true;
  co_return co_await EnterTransaction(std::move(*account), name->options);
}

asio::awaitable<bool> Session::OnApop(const grammar::Apop& apop) {
  if (!settings_->apop || apop_timestamp_.empty()) {
    BadCommand();
    Reply(response::Err(Code::kAuth, "APOP is not enabled; use USER/PASS or AUTH"));
    co_return true;
  }
  auto name = SplitLogin(apop.name);
  if (!name) co_return true;
  auto account = co_await ctx_.authenticator.LoginApop(name->user, apop_timestamp_, apop.digest,
                                                       *settings_->apop, store::kServicePop);
  if (!account) {
    LoginFailed(account.error());
    co_return true;
  }
  co_return co_await EnterTransaction(std::move(*account), name->options);
}

asio::awaitable<std::optional<std::string>> Session::ReadSaslResponse() {
  if (!co_await Flush(true)) co_return std::nullopt;
  auto line = co_await conn_.ReadLine();
  if (!line) co_return std::nullopt;
  co_return std::move(*line);
}

asio::awaitable<bool> Session::OnAuth(const grammar::Auth& auth) {
  const auth::sasl::MechanismContext mc = SaslContext();
  if (!auth.mechanism) {
    // A bare AUTH lists the mechanisms: what clients did before RFC 5034 (and still do).
    std::string list;
    for (auto name : auth::sasl::AvailableMechanisms(mc)) list += fmt::format("{}\r\n", name);
    Reply(response::OkMultiline("SASL mechanisms follow", list));
    co_return true;
  }
  const auto* info = auth::sasl::FindMechanism(*auth.mechanism);
  if (info != nullptr && info->plaintext_password && !mc.allow_plaintext) {
    Reply(response::Err(Code::kAuth, "plain-text mechanisms need TLS first (use STLS)"));
    co_return true;
  }
  auto mechanism = auth::sasl::MakeMechanism(*auth.mechanism, mc);
  if (!mechanism) {
    BadCommand();
    Reply(response::Err("unsupported SASL mechanism"));
    co_return true;
  }

  std::optional<std::string> initial;
  if (auth.initial_response) {
    auto decoded = base64::Decode(*auth.initial_response == "=" ? "" : *auth.initial_response);
    if (!decoded) {
      Reply(response::Err(Code::kAuth, "invalid base64 in the initial response"));
      co_return true;
    }
    initial = std::move(*decoded);
  }
  auth::sasl::Step step = mechanism->Start(initial);
  std::optional<store::Account> account;
  std::optional<grammar::LoginName> name;
  for (;;) {
    if (auto* c = std::get_if<auth::sasl::Challenge>(&step)) {
      Reply(response::SaslChallenge(base64::Encode(c->data)));
      auto line = co_await ReadSaslResponse();
      if (!line) co_return false;
      if (*line == "*") {
        Reply(response::Err("authentication cancelled"));
        co_return true;
      }
      auto decoded = base64::Decode(*line);
      if (!decoded) {
        Reply(response::Err(Code::kAuth, "invalid base64 in the response"));
        co_return true;
      }
      step = mechanism->Next(*decoded);
    } else if (auto* p = std::get_if<auth::sasl::NeedPassword>(&step)) {
      name = SplitLogin(p->authcid);
      if (!name) co_return true;
      if (!p->authzid.empty() && p->authzid != p->authcid) {
        BadCommand();
        Reply(response::Err(Code::kAuth, "acting as another user is not allowed"));
        co_return true;
      }
      account = co_await CheckPassword(name->user, p->password);
      if (!account) co_return true;
      step = mechanism->PasswordChecked(true);
    } else if (auto* s = std::get_if<auth::sasl::NeedScramCredentials>(&step)) {
      name = SplitLogin(s->authcid);
      if (!name) co_return true;
      auto found = co_await ctx_.directory.Lookup(name->user);
      std::optional<auth::sasl::ScramCredentials> creds;
      if (found && !found->scram.empty()) {
        if (auto parsed = auth::sasl::ParseScram(found->scram)) creds = std::move(*parsed);
      }
      if (found) account = std::move(*found);
      step = mechanism->ProvideCredentials(std::move(creds));
    } else if (auto* ok = std::get_if<auth::sasl::Success>(&step)) {
      if (!ok->server_final.empty()) {
        // RFC 5034 section 4: additional data with success goes in a last challenge,
        // answered by an empty response.
        Reply(response::SaslChallenge(base64::Encode(ok->server_final)));
        auto line = co_await ReadSaslResponse();
        if (!line) co_return false;
        if (!line->empty()) {
          Reply(response::Err(Code::kAuth, "authentication failed"));
          co_return true;
        }
      }
      if (!name) {  // EXTERNAL: the identity comes from the certificate
        name = SplitLogin(ok->authcid);
        if (!name) co_return true;
        auto found = co_await ctx_.directory.Lookup(name->user);
        if (found) account = std::move(*found);
      }
      if (!account) {
        Reply(response::Err(Code::kAuth, "authentication failed"));
        co_return true;
      }
      auto authorized = ctx_.authenticator.Authorize(std::move(*account), store::kServicePop);
      if (!authorized) {
        LoginFailed(authorized.error());
        co_return true;
      }
      co_return co_await EnterTransaction(std::move(*authorized), name->options);
    } else {
      const auto& failure = std::get<auth::sasl::Failure>(step);
      log_.Problem("{}: AUTH {} failed: {}", conn_.peer(), mechanism->Name(),
                   failure.error.ToLogString());
      LoginFailed(Error(ErrorCode::kAuthFailed, "authentication failed"));
      co_return true;
    }
  }
}

asio::awaitable<bool> Session::EnterTransaction(store::Account account,
                                                const grammar::LoginOptions& given) {
  const std::chrono::seconds login_delay(settings_->login_delay);
  if (!ctx_.login_delays.Allowed(account.id, login_delay)) {
    Reply(response::Err(Code::kLoginDelay, "logged in too recently"));
    co_return true;
  }
  grammar::LoginOptions defaults;
  if (!account.pop_options.empty()) {
    if (auto parsed = grammar::ParseLoginOptions(account.pop_options)) defaults = *parsed;
  }
  options_ = grammar::Merge(defaults, given);

  auto inbox = co_await ctx_.store.GetMailbox(account.id, "INBOX");
  if (!inbox) {
    log_.Problem("{}: INBOX of {}: {}", conn_.peer(), account.name, inbox.error().ToLogString());
    Reply(response::Err(Code::kSysTemp, "cannot open the maildrop, try again later"));
    co_return true;
  }
  const int view = options_.view.value_or(0);
  lock_ = ctx_.locks.TryAcquire(inbox->id, view);
  if (!lock_) {
    Reply(response::Err(Code::kInUse, "maildrop already in use by another POP3 session"));
    co_return true;
  }
  auto messages = co_await ctx_.store.ListMessages(inbox->id, 0);
  Result<std::vector<store::Uid>> downloaded = std::vector<store::Uid>{};
  if (view > 0 && messages) downloaded = co_await ctx_.store.ListPopDownloaded(inbox->id, view);
  if (!messages || !downloaded) {
    const auto& error = !messages ? messages.error() : downloaded.error();
    log_.Problem("{}: maildrop of {}: {}", conn_.peer(), account.name, error.ToLogString());
    lock_.Release();
    Reply(response::Err(Code::kSysTemp, "cannot read the maildrop, try again later"));
    co_return true;
  }
  ctx_.login_delays.Record(account.id, login_delay);
  account_ = std::move(account);
  inbox_ = std::move(*inbox);
  maildrop_ = Maildrop::Build(
      *messages, *downloaded,
      {.view = view, .days = options_.days.value_or(0), .limit = options_.limit.value_or(0)},
      static_cast<store::UnixTime>(std::time(nullptr)));
  if (options_.plain) {
    // RFC 1939 wants exact sizes in LIST, so the plain renditions are sized up front.
    for (uint32_t n = 1; n <= maildrop_.count(); ++n) {
      auto* e = maildrop_.FindMutable(n);
      auto rendered = co_await RenderedMessage(*e);
      if (rendered) e->size = static_cast<int64_t>(rendered->size());
    }
  }
  state_ = State::kTransaction;
  log_.Protocol("{}: {} logged in, {} messages", conn_.peer(), account_.name, maildrop_.count());
  Reply(response::Ok(fmt::format("{} has {} messages ({} octets)", account_.name,
                                 maildrop_.live_count(), maildrop_.live_octets())));
  co_return true;
}

}  // namespace tern::pop3::session
