#pragma once
// PLAIN (RFC 4616): one client message, [authzid] NUL authcid NUL passwd.
//
//   message   = [authzid] UTF8NUL authcid UTF8NUL passwd
//   authcid   = 1*SAFE ; MUST accept up to 255 octets
//   authzid   = 1*SAFE ; MUST accept up to 255 octets
//   passwd    = 1*SAFE ; MUST accept up to 255 octets
//   SAFE      = UTF1 / UTF2 / UTF3 / UTF4 ;; any UTF-8 encoded Unicode character except NUL
//
// Without an initial response the server sends an empty challenge (RFC 4422 section 5).
// Identities are limited to kMaxIdentityBytes (255, the RFC's minimum); the password to
// kMaxPasswordBytes (1024, what Tern can store: refusing a stored 300-byte passphrase here
// would lock its owner out of PLAIN). Produces NeedPassword; the authzid is defaulted to the
// authcid when empty. Identities and passwords are not SASLprep'd (see SaslPrepPassword):
// the Authenticator compares account names case-insensitively and hashes the bytes.

#include "auth/sasl/mechanism.h"

namespace tern::auth::sasl {

inline constexpr size_t kMaxIdentityBytes = 255;

class PlainMechanism final : public ServerMechanism {
 public:
  std::string_view Name() const override { return "PLAIN"; }

 private:
  Step DoStart(std::optional<std::string_view> initial_response) override;
  Step DoNext(std::string_view client_response) override;
  Step DoPasswordChecked(bool verified) override;

  enum class State { kNew, kAwaitingResponse, kAwaitingCheck, kDone };
  Step Parse(std::string_view message);

  State state_ = State::kNew;
  std::string authzid_;
  std::string authcid_;
};

}  // namespace tern::auth::sasl
