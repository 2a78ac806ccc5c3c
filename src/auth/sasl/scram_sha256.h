#pragma once
// SCRAM-SHA-256 server (RFC 5802 as profiled by RFC 7677), without channel binding: the
// -PLUS variant is not offered, so a client asking for binding ("p=") is refused and a
// client that could bind ("y") is accepted (RFC 5802 section 6: "y" is only suspicious to
// a server that advertises -PLUS).
//
// Exchange (messages are the decoded bytes; section 7 ABNF):
//   C: client-first-message   gs2-header client-first-message-bare
//                             e.g. "n,,n=user,r=<c-nonce>"          -> NeedScramCredentials
//   session: ProvideCredentials(stored keys)                          -> Challenge
//   S: server-first-message   "r=<c-nonce><s-nonce>,s=<salt>,i=<iterations>"
//   C: client-final-message   "c=biws,r=<c-nonce><s-nonce>,p=<proof>"
//   S: server-final-message   "v=<ServerSignature>"                 -> Success.server_final
//
// Checks: the gs2 header is "n" or "y" with an optional "a=" authzid; saslnames decode
// "=2C" and "=3D" and nothing else after "=", and must be UTF-8 without NUL, 1..255 bytes;
// "m=" (mandatory extensions) is refused with e=extensions-not-supported; other extensions
// are ignored (section 7: "unrecognized attributes ... MUST be ignored"); the nonce is
// printable (%x21-2B / %x2D-7E); c= must be the base64 of the gs2 header byte for byte
// (e=channel-bindings-dont-match); r= must be the combined nonce; the proof must verify
// against StoredKey, compared in constant time (e=invalid-proof). Every failure carries an
// "e=" server_error for the session to send or drop (see Failure).
//
// Usernames are not SASLprep'd (see SaslPrepPassword for why); the Directory compares
// account names case-insensitively. Unknown accounts get a fake salt derived from the name
// under a per-process secret, so that server-first looks the same for a name on every try
// and a client cannot tell unknown accounts from wrong passwords.

#include <memory>
#include <string>

#include "auth/sasl/mechanism.h"

namespace tern::auth::sasl {

inline constexpr size_t kMaxScramMessageBytes = 4096;
inline constexpr size_t kMaxScramNonceBytes = 512;

class ScramSha256Mechanism final : public ServerMechanism {
 public:
  ScramSha256Mechanism() = default;
  // Test hook: use `server_nonce` (printable, non-empty) instead of a random one, so that a
  // test can replay RFC 7677's example. Never use it outside tests.
  static std::unique_ptr<ScramSha256Mechanism> WithFixedNonceForTesting(std::string server_nonce);

  std::string_view Name() const override { return "SCRAM-SHA-256"; }

 private:
  Step DoStart(std::optional<std::string_view> initial_response) override;
  Step DoNext(std::string_view client_response) override;
  Step DoProvideCredentials(std::optional<ScramCredentials> credentials) override;

  Step ClientFirst(std::string_view message);
  Step ClientFinal(std::string_view message);
  Step Malformed(std::string detail, std::string_view error = "invalid-encoding");

  enum class State { kAwaitingClientFirst, kAwaitingCredentials, kAwaitingClientFinal, kDone };
  State state_ = State::kAwaitingClientFirst;
  std::string fixed_nonce_;
  std::string gs2_header_;         // "n,," etc.: what c= must encode
  std::string client_first_bare_;  // for AuthMessage
  std::string server_first_;       // for AuthMessage
  std::string nonce_;              // c-nonce, then c-nonce + s-nonce
  std::string authcid_;
  std::string authzid_;
  ScramCredentials credentials_;
  bool fake_ = false;  // unknown account: the proof can never verify
};

}  // namespace tern::auth::sasl
