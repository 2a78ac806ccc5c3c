#include "auth/sasl/mechanism.h"

#include <utility>

namespace tern::auth::sasl {

Step ServerMechanism::Start(std::optional<std::string_view> initial_response) {
  if (started_ || done_) return OutOfSequence("Start");
  started_ = true;
  return DoStart(initial_response);
}

Step ServerMechanism::Next(std::string_view client_response) {
  if (!started_ || done_) return OutOfSequence("Next");
  return DoNext(client_response);
}

Step ServerMechanism::PasswordChecked(bool verified) {
  if (!started_ || done_) return OutOfSequence("PasswordChecked");
  return DoPasswordChecked(verified);
}

Step ServerMechanism::ProvideCredentials(std::optional<ScramCredentials> credentials) {
  if (!started_ || done_) return OutOfSequence("ProvideCredentials");
  return DoProvideCredentials(std::move(credentials));
}

Step ServerMechanism::DoPasswordChecked(bool /*verified*/) {
  return OutOfSequence("PasswordChecked");
}

Step ServerMechanism::DoProvideCredentials(std::optional<ScramCredentials> /*credentials*/) {
  return OutOfSequence("ProvideCredentials");
}

Step ServerMechanism::Finish(Success s) {
  done_ = true;
  return s;
}

Step ServerMechanism::Reject(ErrorCode code, std::string public_text, std::string detail,
                             std::string server_error) {
  done_ = true;
  return Failure{Error(code, std::move(public_text), std::string(Name()) + ": " + detail),
                 std::move(server_error)};
}

Step ServerMechanism::OutOfSequence(std::string_view call) {
  return Reject(ErrorCode::kInternal, "authentication exchange out of sequence",
                std::string(call) + " called out of sequence");
}

}  // namespace tern::auth::sasl
