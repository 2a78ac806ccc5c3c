#include "pop3/grammar/sasl_response.h"

#include "pop3/grammar/limits.h"
#include "pop3/grammar/syntax.h"

namespace tern::pop3::grammar {

Result<SaslResponse> ParseSaslResponseLine(std::string_view line) {
  if (line.size() + 2 > kMaxAuthLineLength) return Fail(ErrorCode::kTooLarge, "line too long");
  SaslResponse response;
  if (line == "*") {
    response.cancelled = true;
    return response;
  }
  if (line.empty()) return response;
  if (!IsBase64(line)) return Fail(ErrorCode::kInvalidArgument, "invalid base64");
  response.base64 = std::string(line);
  return response;
}

}  // namespace tern::pop3::grammar
