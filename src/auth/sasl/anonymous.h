#pragma once
// ANONYMOUS (RFC 4505): the client gives optional trace information and no credentials.
//
//   message = [ email / token ]     ; up to 255 characters (section 2), UTF-8
//   token   = 1*255TCHAR
//   TCHAR   = %x20-3F / %x41-7E / UTF8-2 / UTF8-3 / UTF8-4   ; no controls, no "@"
//
// Checks: valid UTF-8, at most 255 characters, no control characters (C0, DEL). Whether the
// text is an addr-spec or a token is not checked: it is only logged (section 3: "the trace
// information is not to be interpreted as an identity"). Without an initial response the
// server sends an empty challenge. Success has anonymous = true, empty authcid and authzid,
// and the trace. Whether anonymous access is enabled is the session's decision; the factory
// only makes this mechanism when the context allows it.

#include "auth/sasl/mechanism.h"

namespace tern::auth::sasl {

inline constexpr size_t kMaxAnonymousTraceChars = 255;

class AnonymousMechanism final : public ServerMechanism {
 public:
  std::string_view Name() const override { return "ANONYMOUS"; }

 private:
  Step DoStart(std::optional<std::string_view> initial_response) override;
  Step DoNext(std::string_view client_response) override;
  Step Decide(std::string_view trace);

  bool awaiting_response_ = false;
};

}  // namespace tern::auth::sasl
