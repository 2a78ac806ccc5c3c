#pragma once
// EXTERNAL (RFC 4422 appendix A): the client is authenticated by something outside SASL —
// for Tern, the TLS client certificate the session has verified and mapped to an identity.
//
//   external-initial-resp = authz-id-string   ; may be empty
//
// One client message carrying an optional authzid (UTF-8 without NUL, up to 255 bytes);
// without an initial response the server sends an empty challenge for it. An empty authzid
// means "act as the certificate identity"; a non-empty one must equal it (ASCII
// case-insensitively, as account names compare), since Tern has no proxy authorization:
// otherwise Failure kPermissionDenied. Success carries authcid = the certificate identity
// and authzid = the same. The mechanism is only made when the session has an identity.

#include <string>

#include "auth/sasl/mechanism.h"

namespace tern::auth::sasl {

class ExternalMechanism final : public ServerMechanism {
 public:
  // Precondition: `identity` is non-empty and was established by the session (a verified
  // TLS client certificate mapped to an account name).
  explicit ExternalMechanism(std::string identity) : identity_(std::move(identity)) {}
  std::string_view Name() const override { return "EXTERNAL"; }

 private:
  Step DoStart(std::optional<std::string_view> initial_response) override;
  Step DoNext(std::string_view client_response) override;
  Step Decide(std::string_view authzid);

  std::string identity_;
  bool awaiting_response_ = false;
};

}  // namespace tern::auth::sasl
