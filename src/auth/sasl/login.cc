#include "auth/sasl/login.h"

#include "auth/sasl/plain.h"
#include "auth/sasl/text.h"
#include "base/utf8.h"

namespace tern::auth::sasl {
namespace {

bool IsSafeText(std::string_view s) {
  return s.find('\0') == std::string_view::npos && IsValidUtf8(s);
}

}  // namespace

Step LoginMechanism::DoStart(std::optional<std::string_view> initial_response) {
  if (!initial_response || initial_response->empty()) {
    state_ = State::kAwaitingUsername;
    return Challenge{std::string(kLoginUsernameChallenge)};
  }
  return TakeUsername(*initial_response);
}

Step LoginMechanism::TakeUsername(std::string_view username) {
  if (username.empty() || username.size() > kMaxIdentityBytes || !IsSafeText(username)) {
    state_ = State::kDone;
    return Reject(ErrorCode::kInvalidArgument, "malformed LOGIN user name",
                  "user name empty, too long, not UTF-8 or containing NUL");
  }
  username_ = std::string(username);
  state_ = State::kAwaitingPassword;
  return Challenge{std::string(kLoginPasswordChallenge)};
}

Step LoginMechanism::DoNext(std::string_view client_response) {
  switch (state_) {
    case State::kAwaitingUsername:
      return TakeUsername(client_response);
    case State::kAwaitingPassword:
      state_ = State::kDone;
      if (client_response.empty() || client_response.size() > kMaxPasswordBytes ||
          !IsSafeText(client_response)) {
        return Reject(ErrorCode::kInvalidArgument, "malformed LOGIN password",
                      "password empty, too long, not UTF-8 or containing NUL");
      }
      state_ = State::kAwaitingCheck;
      return NeedPassword{username_, username_, std::string(client_response)};
    default:
      return OutOfSequence("Next");
  }
}

Step LoginMechanism::DoPasswordChecked(bool verified) {
  if (state_ != State::kAwaitingCheck) return OutOfSequence("PasswordChecked");
  state_ = State::kDone;
  if (!verified) {
    return Reject(ErrorCode::kAuthFailed, "authentication failed", "password not verified");
  }
  return Finish(Success{username_, username_, {}, false, {}});
}

}  // namespace tern::auth::sasl
