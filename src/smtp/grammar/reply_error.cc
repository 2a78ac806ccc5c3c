#include "smtp/grammar/reply_error.h"

#include <utility>

namespace tern::smtp::grammar {

std::string ReplyError::ToReplyLine() const {
  std::string line = std::to_string(code);
  if (!enhanced.empty()) {
    line += ' ';
    line += enhanced;
  }
  line += ' ';
  line += text;
  return line;
}

Error ReplyError::ToError(std::string detail, bool too_large) const {
  return Error(too_large ? ErrorCode::kTooLarge : ErrorCode::kInvalidArgument, ToReplyLine(),
               std::move(detail));
}

namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::optional<ReplyError> ReplyError::FromError(const Error& error) {
  std::string_view s = error.public_text;
  if (s.size() < 4 || !IsDigit(s[0]) || !IsDigit(s[1]) || !IsDigit(s[2]) || s[3] != ' ' ||
      s[0] < '2' || s[0] > '5') {
    return std::nullopt;
  }
  ReplyError r;
  r.code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  s.remove_prefix(4);
  // An enhanced code starts with the reply's class digit and a dot: "5.5.4 ".
  if (s.size() >= 2 && s[0] == error.public_text[0] && s[1] == '.') {
    auto sp = s.find(' ');
    std::string_view candidate = s.substr(0, sp);
    r.enhanced = std::string(candidate);
    s.remove_prefix(sp == std::string_view::npos ? s.size() : sp + 1);
  }
  r.text = std::string(s);
  return r;
}

namespace syntax_replies {
ReplyError CommandUnrecognized() { return {500, "5.5.2", "Syntax error, command unrecognized"}; }
ReplyError LineTooLong() { return {500, "5.5.2", "Line too long"}; }
ReplyError BadArguments(std::string text) { return {501, "5.5.4", std::move(text)}; }
ReplyError BadSenderSyntax(std::string text) { return {501, "5.1.7", std::move(text)}; }
ReplyError BadRecipientSyntax(std::string text) { return {501, "5.1.3", std::move(text)}; }
ReplyError PathTooLong() { return {501, "5.1.3", "Path too long"}; }
ReplyError ParameterNotImplemented(std::string text) { return {504, "5.5.4", std::move(text)}; }
ReplyError ParametersNotRecognized(std::string text) { return {555, "5.5.4", std::move(text)}; }
ReplyError NonAsciiSender() {
  return {550, "5.6.7", "Non-ASCII addresses not permitted for that sender"};
}
ReplyError NonAsciiRecipient() {
  return {553, "5.6.7", "Non-ASCII addresses not permitted for that recipient"};
}
}  // namespace syntax_replies

}  // namespace tern::smtp::grammar
