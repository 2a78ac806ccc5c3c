#include "auth/sasl/client_response.h"

#include "base/base64.h"

namespace tern::auth::sasl {

Result<ClientResponse> DecodeContinuation(std::string_view line) {
  if (line == "*") return ClientResponse{true, {}};
  auto data = base64::Decode(line);
  if (!data) return tern::Fail(std::move(data).error());
  return ClientResponse{false, std::move(*data)};
}

Result<std::string> DecodeInitialResponse(std::string_view argument) {
  if (argument == "=") return std::string();
  if (argument.empty()) {
    return tern::Fail(ErrorCode::kInvalidArgument, "invalid base64", "empty initial response");
  }
  return base64::Decode(argument);
}

}  // namespace tern::auth::sasl
