#include "auth/sasl/plain.h"

#include "auth/sasl/text.h"
#include "base/utf8.h"

namespace tern::auth::sasl {

Step PlainMechanism::DoStart(std::optional<std::string_view> initial_response) {
  if (!initial_response) {
    state_ = State::kAwaitingResponse;
    return Challenge{};
  }
  return Parse(*initial_response);
}

Step PlainMechanism::DoNext(std::string_view client_response) {
  if (state_ != State::kAwaitingResponse) return OutOfSequence("Next");
  return Parse(client_response);
}

Step PlainMechanism::Parse(std::string_view message) {
  state_ = State::kDone;
  constexpr std::string_view kBad = "malformed PLAIN response";
  size_t nul1 = message.find('\0');
  if (nul1 == std::string_view::npos) {
    return Reject(ErrorCode::kInvalidArgument, std::string(kBad), "no NUL");
  }
  size_t nul2 = message.find('\0', nul1 + 1);
  if (nul2 == std::string_view::npos) {
    return Reject(ErrorCode::kInvalidArgument, std::string(kBad), "only one NUL");
  }
  if (message.find('\0', nul2 + 1) != std::string_view::npos) {
    return Reject(ErrorCode::kInvalidArgument, std::string(kBad), "more than two NULs");
  }
  std::string_view authzid = message.substr(0, nul1);
  std::string_view authcid = message.substr(nul1 + 1, nul2 - nul1 - 1);
  std::string_view passwd = message.substr(nul2 + 1);
  if (authcid.empty())
    return Reject(ErrorCode::kInvalidArgument, std::string(kBad), "empty authcid");
  if (passwd.empty())
    return Reject(ErrorCode::kInvalidArgument, std::string(kBad), "empty password");
  if (authzid.size() > kMaxIdentityBytes || authcid.size() > kMaxIdentityBytes) {
    return Reject(ErrorCode::kInvalidArgument, "identity too long", "identity over 255 bytes");
  }
  if (passwd.size() > kMaxPasswordBytes) {
    return Reject(ErrorCode::kInvalidArgument, "password too long", "password over limit");
  }
  if (!IsValidUtf8(authzid) || !IsValidUtf8(authcid) || !IsValidUtf8(passwd)) {
    return Reject(ErrorCode::kInvalidArgument, std::string(kBad), "invalid UTF-8");
  }
  authcid_ = std::string(authcid);
  authzid_ = authzid.empty() ? authcid_ : std::string(authzid);
  state_ = State::kAwaitingCheck;
  return NeedPassword{authzid_, authcid_, std::string(passwd)};
}

Step PlainMechanism::DoPasswordChecked(bool verified) {
  if (state_ != State::kAwaitingCheck) return OutOfSequence("PasswordChecked");
  state_ = State::kDone;
  if (!verified) {
    return Reject(ErrorCode::kAuthFailed, "authentication failed", "password not verified");
  }
  return Finish(Success{authzid_, authcid_, {}, false, {}});
}

}  // namespace tern::auth::sasl
