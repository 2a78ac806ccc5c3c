#pragma once
// LOGIN (draft-murchison-sasl-login-00; obsolete but what Outlook and many devices still
// use): the server challenges "Username:" then "Password:", the client answers each.
//
// Client quirk: many clients (and RFC 4954-style "AUTH LOGIN <b64 user>") send the user
// name as an initial response; then only "Password:" is asked. An empty initial response
// is treated as none (the draft defines no initial response, so it carries nothing).
// Limits and checks as PLAIN: user name 1..255 bytes of UTF-8 without NUL, password
// 1..kMaxPasswordBytes of UTF-8 without NUL. Produces NeedPassword with authzid = authcid.

#include "auth/sasl/mechanism.h"

namespace tern::auth::sasl {

inline constexpr std::string_view kLoginUsernameChallenge = "Username:";
inline constexpr std::string_view kLoginPasswordChallenge = "Password:";

class LoginMechanism final : public ServerMechanism {
 public:
  std::string_view Name() const override { return "LOGIN"; }

 private:
  Step DoStart(std::optional<std::string_view> initial_response) override;
  Step DoNext(std::string_view client_response) override;
  Step DoPasswordChecked(bool verified) override;

  enum class State { kNew, kAwaitingUsername, kAwaitingPassword, kAwaitingCheck, kDone };
  Step TakeUsername(std::string_view username);

  State state_ = State::kNew;
  std::string username_;
};

}  // namespace tern::auth::sasl
