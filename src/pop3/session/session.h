#pragma once
// One POP3 session: the state machine of RFC 1939 section 3 (AUTHORIZATION, TRANSACTION,
// UPDATE). The read loop and dispatch live in session.cc; the commands of each state in
// cmd_authorization.cc, cmd_transaction.cc and cmd_update.cc. Used by one coroutine.

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "auth/sasl/factory.h"
#include "auth/sasl/mechanism.h"
#include "net/connection.h"
#include "pop3/grammar/command.h"
#include "pop3/grammar/login_options.h"
#include "pop3/response/codes.h"
#include "pop3/session/maildrop.h"
#include "pop3/session/pop3_service.h"

namespace tern::pop3::session {

class Session {
 public:
  Session(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Pop3Settings> settings,
          Pop3Context& context);
  boost::asio::awaitable<void> Run(bool implicit_tls);

 private:
  enum class State { kAuthorization, kTransaction };

  // Each returns false when the session must end.
  boost::asio::awaitable<bool> Dispatch(const grammar::Command& command);

  // AUTHORIZATION (cmd_authorization.cc)
  void OnCapa();
  boost::asio::awaitable<bool> OnStls();
  void OnUser(const grammar::User& user);
  boost::asio::awaitable<bool> OnPass(const grammar::Pass& pass);
  boost::asio::awaitable<bool> OnAuth(const grammar::Auth& auth);
  boost::asio::awaitable<bool> OnApop(const grammar::Apop& apop);
  // Finishes a login whose credentials were verified: service right, login delay, view
  // lock, maildrop. `login` is the name as the client gave it (with options).
  boost::asio::awaitable<bool> EnterTransaction(store::Account account,
                                                const grammar::LoginOptions& options);
  // Checks a plain-text password login; replies on failure.
  boost::asio::awaitable<std::optional<store::Account>> CheckPassword(const std::string& user,
                                                                      const std::string& password);
  bool PlaintextAllowed() const;
  auth::sasl::MechanismContext SaslContext() const;
  // Replies to a failed USER/PASS, AUTH PLAIN/LOGIN or APOP login (Authenticator errors).
  void LoginFailed(const Error& error);
  // Splits "user:options"; replies -ERR and returns nullopt for bad options.
  std::optional<grammar::LoginName> SplitLogin(std::string_view login);
  boost::asio::awaitable<std::optional<std::string>> ReadSaslResponse();

  // TRANSACTION (cmd_transaction.cc)
  void OnStat();
  void OnList(const grammar::List& list);
  void OnUidl(const grammar::Uidl& uidl);
  void OnDele(const grammar::Dele& dele);
  void OnRset();
  boost::asio::awaitable<bool> OnRetr(uint32_t number, std::optional<uint32_t> top_lines);
  // The bytes a message is served as (RFC 822 rendition for option n, else as stored).
  boost::asio::awaitable<Result<std::string>> RenderedMessage(const MaildropEntry& entry);

  // UPDATE (cmd_update.cc)
  boost::asio::awaitable<bool> OnQuit();

  void Reply(std::string_view line) {
    if (log_.Enabled(log::Level::kProtocol)) {  // no copy of every reply when not logging
      log_.Protocol("{} S: {}", conn_.peer(), line.substr(0, line.size() - 2));
    }
    out_ += line;
  }
  boost::asio::awaitable<bool> Flush(bool force = false);
  void BadCommand() { ++bad_commands_; }
  const MaildropEntry* Message(uint32_t number);

  net::Connection conn_;
  std::shared_ptr<const Pop3Settings> settings_;
  Pop3Context& ctx_;
  log::Logger log_;
  std::string out_;
  State state_ = State::kAuthorization;
  int bad_commands_ = 0;
  int failed_logins_ = 0;
  std::optional<std::string> pending_user_;  // after USER, before PASS
  std::string apop_timestamp_;               // the greeting's, when APOP is enabled

  // TRANSACTION state.
  store::Account account_;
  store::Mailbox inbox_;
  grammar::LoginOptions options_;
  Maildrop maildrop_;
  ViewLocks::Lock lock_;
  std::vector<store::Uid> retrieved_;
  std::unique_ptr<char[]> read_buffer_;  // RETR/TOP: one chunk of a message at a time
  // Small messages read ahead of their RETR (at most kReadAheadBytes), by number.
  std::map<uint32_t, std::string> read_ahead_;
};

}  // namespace tern::pop3::session
