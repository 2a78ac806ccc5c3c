#include "auth/sasl/external.h"

#include "auth/sasl/plain.h"
#include "auth/sasl/text.h"
#include "base/utf8.h"

namespace tern::auth::sasl {

Step ExternalMechanism::DoStart(std::optional<std::string_view> initial_response) {
  if (!initial_response) {
    awaiting_response_ = true;
    return Challenge{};
  }
  return Decide(*initial_response);
}

Step ExternalMechanism::DoNext(std::string_view client_response) {
  if (!awaiting_response_) return OutOfSequence("Next");
  awaiting_response_ = false;
  return Decide(client_response);
}

Step ExternalMechanism::Decide(std::string_view authzid) {
  if (identity_.empty()) {
    return Reject(ErrorCode::kAuthFailed, "no client certificate identity",
                  "EXTERNAL without an external identity");
  }
  if (authzid.size() > kMaxIdentityBytes || authzid.find('\0') != std::string_view::npos ||
      !IsValidUtf8(authzid)) {
    return Reject(ErrorCode::kInvalidArgument, "malformed EXTERNAL authorization identity",
                  "authzid too long, not UTF-8 or containing NUL");
  }
  if (!authzid.empty() && !EqualsIgnoreAsciiCase(authzid, identity_)) {
    return Reject(ErrorCode::kPermissionDenied, "not authorized to act as that identity",
                  "authzid differs from the certificate identity");
  }
  return Finish(Success{identity_, identity_, {}, false, {}});
}

}  // namespace tern::auth::sasl
