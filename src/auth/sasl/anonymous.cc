#include "auth/sasl/anonymous.h"

#include "auth/sasl/text.h"
#include "base/utf8.h"

namespace tern::auth::sasl {

Step AnonymousMechanism::DoStart(std::optional<std::string_view> initial_response) {
  if (!initial_response) {
    awaiting_response_ = true;
    return Challenge{};
  }
  return Decide(*initial_response);
}

Step AnonymousMechanism::DoNext(std::string_view client_response) {
  if (!awaiting_response_) return OutOfSequence("Next");
  awaiting_response_ = false;
  return Decide(client_response);
}

Step AnonymousMechanism::Decide(std::string_view trace) {
  auto chars = Utf8Length(trace);
  if (!chars || *chars > kMaxAnonymousTraceChars) {
    return Reject(ErrorCode::kInvalidArgument, "malformed ANONYMOUS trace",
                  "trace not UTF-8 or longer than 255 characters");
  }
  for (char ch : trace) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      return Reject(ErrorCode::kInvalidArgument, "malformed ANONYMOUS trace",
                    "control character in trace");
    }
  }
  Success s;
  s.anonymous = true;
  s.trace = std::string(trace);
  return Finish(std::move(s));
}

}  // namespace tern::auth::sasl
