#pragma once
// SASL server mechanisms (RFC 4422) as I/O-free state machines, shared by POP3 AUTH,
// IMAP AUTHENTICATE and SMTP AUTH.
//
// A mechanism never touches a socket, the store or a clock: it is fed the client's decoded
// responses and answers with a Step saying what the session must do next. The session owns
// the protocol framing (continuation lines, base64, "*" to cancel: see client_response.h),
// the password check, the credential lookup, service rights and intruder detection.
//
// Bytes, not base64: Start and Next take the client's response already base64-decoded
// (with base64::Decode, strictly), and Challenge::data is raw bytes the session encodes.
//
// Driving one exchange from a coroutine session:
//
//   Step step = mech->Start(initial_response);            // nullopt: no initial response
//   for (;;) {
//     if (auto* c = std::get_if<Challenge>(&step)) {
//       send "+ " base64(c->data); read a line; "*" -> cancelled, stop;
//       step = mech->Next(decoded line);
//     } else if (auto* p = std::get_if<NeedPassword>(&step)) {
//       bool ok = co_await authenticator.Login(p->authcid, p->password, ...) succeeded
//                 (and p->authzid names the same account: Tern has no proxy authorization);
//       step = mech->PasswordChecked(ok);
//     } else if (auto* n = std::get_if<NeedScramCredentials>(&step)) {
//       step = mech->ProvideCredentials(the account's stored keys, or nullopt if unknown);
//     } else break;                                          // Success or Failure: done
//   }
//
// Success::server_final, when not empty (SCRAM's "v=..."), must reach the client. POP3
// (RFC 5034 section 4), SMTP (RFC 4954 section 4) and IMAP4rev1 cannot put it in the final
// reply: send it as one more challenge, require an empty response, then report success.
//
// Every mechanism ends in exactly one Success or Failure; after that, and for any call out
// of sequence (Next while a NeedPassword is pending, a second Start, ...), every call
// returns a Failure with code kInternal. A mechanism is not thread-safe (one per exchange,
// used by one session), and it is cheap: no step does key stretching (PBKDF2 is done once
// when SCRAM keys are stored, see scram_credentials.h), so it may run on an I/O thread.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "auth/sasl/scram_credentials.h"
#include "base/result.h"

namespace tern::auth::sasl {

// Send `data` to the client as a server challenge (the session base64-encodes it; an empty
// challenge is an empty continuation line, e.g. "+ " / "334 ").
struct Challenge {
  std::string data;
};

// PLAIN and LOGIN: verify `password` for `authcid`, then call PasswordChecked. `authzid` is
// the identity the client asks to act as, already defaulted to `authcid` when the client
// sent none; the session must refuse the login when it names another account.
struct NeedPassword {
  std::string authzid;
  std::string authcid;
  std::string password;
};

// SCRAM: look up the stored SCRAM keys of `authcid` and call ProvideCredentials (nullopt
// when the account is unknown or has no SCRAM keys: the exchange then goes on with a fake
// salt and fails at the proof, so that a client learns nothing about which accounts exist).
struct NeedScramCredentials {
  std::string authzid;  // defaulted to authcid, as in NeedPassword
  std::string authcid;
};

// The client proved `authcid` (for ANONYMOUS, `anonymous` is set and authcid is empty;
// for EXTERNAL, authcid is the session's certificate identity). The session still checks
// that authzid may be used by authcid, that the account exists, is enabled and may use the
// service. `server_final` is additional data for the client (see the note above).
struct Success {
  std::string authzid;
  std::string authcid;
  std::string server_final;
  bool anonymous = false;
  std::string trace;  // ANONYMOUS only: the client's trace information, for the log
};

// The exchange failed. error.code: kInvalidArgument for a malformed response (SMTP 501,
// IMAP BAD or NO), kAuthFailed for wrong credentials, kPermissionDenied for an identity the
// client may not use (EXTERNAL's authzid), kInternal for a call out of sequence.
// error.public_text is safe to send; error.detail is for the log. `server_error` is
// SCRAM's server-final-message on failure ("e=invalid-proof"); RFC 5802 section 7 makes
// sending it optional, and a session that cannot carry it may drop it.
struct Failure {
  Error error;
  std::string server_error;
};

using Step = std::variant<Challenge, NeedPassword, NeedScramCredentials, Success, Failure>;

class ServerMechanism {
 public:
  virtual ~ServerMechanism() = default;
  ServerMechanism() = default;
  ServerMechanism(const ServerMechanism&) = delete;
  ServerMechanism& operator=(const ServerMechanism&) = delete;

  // The IANA name, upper case ("SCRAM-SHA-256").
  virtual std::string_view Name() const = 0;

  // Begins the exchange. `initial_response` is the decoded initial response (RFC 4422
  // section 3.3), std::nullopt when the client sent none; an empty one ("=" on the wire) is
  // an empty string_view, which is not the same thing.
  Step Start(std::optional<std::string_view> initial_response);

  // The client's decoded response to the last Challenge.
  Step Next(std::string_view client_response);

  // After NeedPassword: whether the session verified the password (and accepted the
  // authzid). Returns Success or Failure.
  Step PasswordChecked(bool verified);

  // After NeedScramCredentials: the account's stored keys, nullopt if none. Returns the
  // next Step (a Challenge with the server-first-message, or a Failure).
  Step ProvideCredentials(std::optional<ScramCredentials> credentials);

  // True once a Success or Failure has been returned.
  bool IsDone() const { return done_; }

 protected:
  // The mechanism's own steps. The public calls above have already refused calls after the
  // end and a second Start; each Do* still checks its own state (a Next while a
  // NeedPassword is pending is the subclass's to refuse, through OutOfSequence).
  virtual Step DoStart(std::optional<std::string_view> initial_response) = 0;
  virtual Step DoNext(std::string_view client_response) = 0;
  virtual Step DoPasswordChecked(bool verified);
  virtual Step DoProvideCredentials(std::optional<ScramCredentials> credentials);

  // Mechanisms end through these, so that IsDone and the out-of-sequence rule hold.
  Step Finish(Success s);
  Step Reject(ErrorCode code, std::string public_text, std::string detail,
              std::string server_error = {});
  Step OutOfSequence(std::string_view call);

 private:
  bool started_ = false;
  bool done_ = false;
};

}  // namespace tern::auth::sasl
