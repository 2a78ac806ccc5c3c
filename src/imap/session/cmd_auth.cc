// Connection and login: CAPABILITY's list, STARTTLS, LOGIN, AUTHENTICATE, ENABLE, ID
// (RFC 9051 6.1-6.3.1, RFC 2595, RFC 4959 SASL-IR, RFC 5161, RFC 2971, RFC 5530 codes).
#include <fmt/format.h>

#include "auth/connection_login.h"
#include "auth/sasl/scram_credentials.h"
#include "base/base64.h"
#include "base/version.h"
#include "imap/grammar/parse_command.h"
#include "imap/session/session.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

// What Tern implements of the base protocol and its extensions, in every state.
constexpr std::string_view kBaseCapabilities =
    "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT"
    " CHILDREN SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS STATUS=SIZE BINARY"
    " ESEARCH SEARCHRES CONDSTORE QRESYNC OBJECTID SAVEDATE WITHIN MULTIAPPEND CATENATE"
    " REPLACE QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE COMPRESS=DEFLATE"
    " SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES ESORT I18NLEVEL=1 PREVIEW"
    " METADATA METADATA-SERVER UNAUTHENTICATE UTF8=ACCEPT UIDONLY NOTIFY";

}  // namespace

bool Session::PlaintextAllowed() const {
  return auth::PlaintextAllowed(conn_, settings_->plaintext_min_cipher);
}

auth::sasl::MechanismContext Session::SaslContext() const {
  return auth::MechanismContextFor(conn_, settings_->plaintext_min_cipher);
}

std::string Session::CapabilityList() const {
  std::string caps(kBaseCapabilities);
  // RFC 7889 2: one limit for every mailbox, so the capability carries it.
  caps += fmt::format(" APPENDLIMIT={}", settings_->max_message_size);
  if (!settings_->login_referral.empty()) caps += " LOGIN-REFERRALS";
  // RFC 9585 3: only when long commands do report progress.
  if (settings_->progress_interval.count() > 0) caps += " INPROGRESS";
  if (state_ == State::kNotAuthenticated) {
    // RFC 9051 6.2.1 and 7.2.2: STARTTLS while it can be used; LOGINDISABLED when LOGIN
    // would be refused on this connection; the SASL mechanisms that may be used now.
    if (settings_->tls && !conn_.IsTls()) caps += " STARTTLS";
    if (!PlaintextAllowed()) caps += " LOGINDISABLED";
    for (auto name : auth::sasl::AvailableMechanisms(SaslContext())) {
      caps += " AUTH=";
      caps += name;
    }
  }
  return caps;
}

asio::awaitable<bool> Session::OnStartTls(const std::string& tag) {
  if (!settings_->tls || conn_.IsTls()) {
    Bad(tag, conn_.IsTls() ? "TLS is already active" : "TLS is not available");
    co_return true;
  }
  // Bytes that came with the command were sent in clear: they must not be read as if
  // they came over TLS (CVE-2011-0411).
  if (conn_.buffered() > 0) {
    Bad(tag, "Data pipelined after STARTTLS");
    co_return false;
  }
  TaggedOk(tag, "Begin TLS negotiation now");
  CommitTagged();
  if (!co_await Flush(true)) co_return false;
  if (auto s = co_await conn_.StartTls(settings_->tls); !s) {
    log_.Problem("{}: STARTTLS handshake failed: {}", conn_.peer(), s.error().ToLogString());
    co_return false;
  }
  co_return true;
}

void Session::LoginFailed(const std::string& tag, const Error& error) {
  ++bad_commands_;
  switch (error.code) {
    case ErrorCode::kPermissionDenied:
      TaggedNo(tag, "[AUTHORIZATIONFAILED] This account may not use IMAP");
      break;
    case ErrorCode::kUnavailable:
      TaggedNo(tag, "[UNAVAILABLE] Temporary failure, try again later");
      break;
    default:
      TaggedNo(tag, "[AUTHENTICATIONFAILED] Authentication failed");
  }
}

asio::awaitable<bool> Session::Referred(const std::string& tag, const std::string& user,
                                        const Error& error) {
  if (settings_->login_referral.empty() || error.code != ErrorCode::kAuthFailed) co_return false;
  auto found = co_await ctx_.directory.Lookup(user);
  if (found || found.error().code != ErrorCode::kNotFound) co_return false;
  // RFC 2221 4.1: a login referral for an account that lives on another server.
  ++bad_commands_;
  TaggedNo(tag, fmt::format("[REFERRAL {}] This account is on another server",
                            settings_->login_referral));
  co_return true;
}

asio::awaitable<bool> Session::OnLogin(const std::string& tag, const grammar::LoginCommand& c) {
  if (!PlaintextAllowed()) {
    TaggedNo(tag, "[PRIVACYREQUIRED] Plain-text login needs TLS first (use STARTTLS)");
    co_return true;
  }
  auto account = co_await ctx_.authenticator.Login(c.user, c.password, store::kServiceImap);
  if (!account) {
    if (!co_await Referred(tag, c.user, account.error())) LoginFailed(tag, account.error());
    co_return true;
  }
  co_return co_await LoggedIn(tag, std::move(*account));
}

asio::awaitable<bool> Session::LoggedIn(const std::string& tag, store::Account account) {
  account_ = std::move(account);
  state_ = State::kAuthenticated;
  log_.Protocol("{} logged in as {}", conn_.peer(), account_.name);
  if (!settings_->alert.empty()) Untagged(fmt::format("OK [ALERT] {}", settings_->alert));
  // RFC 9051 6.2.3: the capabilities may change at login; send them with the OK.
  TaggedOk(tag, fmt::format("[CAPABILITY {}] Logged in", CapabilityList()));
  co_return true;
}

asio::awaitable<bool> Session::OnUnauthenticate(const std::string& tag) {
  // RFC 8437 4.1: a compression layer ends after the OK; Tern's cannot be taken off a
  // connection, and NO is not allowed, so the connection ends as section 3 permits.
  if (conn_.IsCompressed()) {
    Untagged("BYE Cannot end compression; reconnect to log in again");
    co_return false;
  }
  // RFC 8437 3: the mailbox ceases to be selected, without expunging.
  co_await Deselect(false);
  log_.Protocol("{} unauthenticated {}", conn_.peer(), account_.name);
  // Everything of the account and whatever ENABLE turned on goes (RFC 8437 4.1); TLS,
  // ID and the count of bad commands belong to the connection and stay.
  account_ = store::Account();
  notify_.reset();  // the account's events are no longer this connection's
  mailbox_ = store::Mailbox();
  rev2_ = utf8_accept_ = false;
  condstore_ = qresync_ = uid_only_ = false;
  saved_search_.clear();
  state_ = State::kNotAuthenticated;
  reader_.SetContext(ParseContext());
  TaggedOk(tag, fmt::format("[CAPABILITY {}] Not authenticated", CapabilityList()));
  co_return true;
}

asio::awaitable<bool> Session::OnAuthenticate(const std::string& tag,
                                              const grammar::AuthenticateCommand& c) {
  const auth::sasl::MechanismContext mc = SaslContext();
  const auto* info = auth::sasl::FindMechanism(c.mechanism);
  if (info != nullptr && info->plaintext_password && !mc.allow_plaintext) {
    TaggedNo(tag, "[PRIVACYREQUIRED] Plain-text mechanisms need TLS first (use STARTTLS)");
    co_return true;
  }
  auto mechanism = auth::sasl::MakeMechanism(c.mechanism, mc);
  if (!mechanism) {
    TaggedNo(tag, "[CANNOT] Unsupported authentication mechanism");
    co_return true;
  }
  std::optional<std::string> initial;
  if (c.initial_response) {
    auto decoded = base64::Decode(*c.initial_response);
    if (!decoded) {
      Bad(tag, "Invalid base64 in the initial response");
      co_return true;
    }
    initial = std::move(*decoded);
  }
  auth::sasl::Step step = mechanism->Start(initial);
  std::optional<store::Account> account;
  for (;;) {
    if (auto* ch = std::get_if<auth::sasl::Challenge>(&step)) {
      auto response = co_await SaslExchange(tag, ch->data);
      if (!response) co_return false;
      if (!*response) co_return true;
      step = mechanism->Next(**response);
    } else if (auto* p = std::get_if<auth::sasl::NeedPassword>(&step)) {
      if (!p->authzid.empty() && p->authzid != p->authcid) {
        TaggedNo(tag, "[AUTHORIZATIONFAILED] Acting as another user is not allowed");
        co_return true;
      }
      auto checked = co_await ctx_.authenticator.Login(p->authcid, p->password, store::kServiceImap);
      if (!checked) {
        if (!co_await Referred(tag, p->authcid, checked.error())) LoginFailed(tag, checked.error());
        co_return true;
      }
      account = std::move(*checked);
      step = mechanism->PasswordChecked(true);
    } else if (auto* s = std::get_if<auth::sasl::NeedScramCredentials>(&step)) {
      auto found = co_await ctx_.directory.Lookup(s->authcid);
      std::optional<auth::sasl::ScramCredentials> creds;
      if (found && !found->scram.empty()) {
        if (auto parsed = auth::sasl::ParseScram(found->scram)) creds = std::move(*parsed);
      }
      if (found) account = std::move(*found);
      step = mechanism->ProvideCredentials(std::move(creds));
    } else if (auto* ok = std::get_if<auth::sasl::Success>(&step)) {
      if (!ok->server_final.empty()) {
        // SCRAM's last message: one more challenge, answered by an empty response
        // (RFC 3501 has no room for it in the OK; RFC 9051 allows either way).
        auto response = co_await SaslExchange(tag, ok->server_final);
        if (!response) co_return false;
        if (!*response) co_return true;
        if (!(*response)->empty()) {
          TaggedNo(tag, "[AUTHENTICATIONFAILED] Authentication failed");
          co_return true;
        }
      }
      if (!account) {  // EXTERNAL: the certificate names the account
        auto found = co_await ctx_.directory.Lookup(ok->authcid);
        if (found) account = std::move(*found);
      }
      if (!account) {
        TaggedNo(tag, "[AUTHENTICATIONFAILED] Authentication failed");
        co_return true;
      }
      auto authorized = ctx_.authenticator.Authorize(std::move(*account), store::kServiceImap);
      if (!authorized) {
        LoginFailed(tag, authorized.error());
        co_return true;
      }
      co_return co_await LoggedIn(tag, std::move(*authorized));
    } else {
      const auto& failure = std::get<auth::sasl::Failure>(step);
      log_.Problem("{}: AUTHENTICATE {} failed: {}", conn_.peer(), mechanism->Name(),
                   failure.error.ToLogString());
      LoginFailed(tag, Error(ErrorCode::kAuthFailed, "authentication failed"));
      co_return true;
    }
  }
}

asio::awaitable<std::optional<std::optional<std::string>>> Session::SaslExchange(
    const std::string& tag, std::string_view challenge) {
  Reply(fmt::format("+ {}\r\n", base64::Encode(challenge)));
  auto line = co_await NextLine();
  if (!line) co_return std::nullopt;
  auto text = grammar::ParseSaslContinuation(*line);
  if (!text) {
    Bad(tag, text.error().public_text);
    co_return std::optional<std::string>();
  }
  if (!*text) {
    Bad(tag, "Authentication cancelled");  // RFC 9051 6.2.2: "*" cancels, with BAD
    co_return std::optional<std::string>();
  }
  auto decoded = base64::Decode(**text);
  if (!decoded) {
    Bad(tag, "Invalid base64 in the response");
    co_return std::optional<std::string>();
  }
  co_return std::optional<std::string>(std::move(*decoded));
}

void Session::OnEnable(const std::string& tag, const grammar::EnableCommand& c) {
  if (state_ != State::kAuthenticated) {
    // RFC 5161 3.1: only before a mailbox is selected.
    Bad(tag, "ENABLE is only valid before SELECT");
    return;
  }
  std::string enabled;
  for (const auto& cap : c.capabilities) {
    if (cap == "IMAP4REV2" && !rev2_) {
      rev2_ = true;
      reader_.SetContext(ParseContext());
      enabled += " IMAP4rev2";
    } else if (cap == "CONDSTORE" && !condstore_) {
      condstore_ = true;
      enabled += " CONDSTORE";
    } else if (cap == "QRESYNC" && !qresync_) {
      // RFC 7162 3.2.3: QRESYNC implies CONDSTORE.
      qresync_ = condstore_ = true;
      enabled += " QRESYNC";
    } else if (cap == "UIDONLY" && !uid_only_) {
      uid_only_ = true;
      enabled += " UIDONLY";
    } else if (cap == "UTF8=ACCEPT" && !utf8_accept_) {
      // RFC 6855 3: UTF-8 mailbox names and quoted strings, as IMAP4rev2 has them.
      utf8_accept_ = true;
      reader_.SetContext(ParseContext());
      enabled += " UTF8=ACCEPT";
    }
  }
  Untagged(fmt::format("ENABLED{}", enabled));
  TaggedOk(tag, "ENABLE completed");
}

void Session::OnId(const std::string& tag, const grammar::IdCommand& c) {
  if (c.fields) {
    std::string fields;
    for (const auto& [k, v] : *c.fields) {
      fields += fmt::format(" {}={}", k, v.value_or("NIL"));
    }
    log_.Protocol("{} ID{}", conn_.peer(), fields);
  }
  std::string out = "ID (\"name\" \"Tern\"";
  if (settings_->publish_version) out += fmt::format(" \"version\" \"{}\"", kVersion);
  out += ")";
  Untagged(out);
  TaggedOk(tag, "ID completed");
}

}  // namespace tern::imap::session
