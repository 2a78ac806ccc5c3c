#include "smtp/grammar/command.h"

#include <array>

namespace tern::smtp::grammar {

std::string_view CommandName(const Command& command) {
  static constexpr std::array<std::string_view, std::variant_size_v<Command>> kNames{
      "HELO", "EHLO", "LHLO", "MAIL", "RCPT", "DATA",     "BDAT", "RSET",
      "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH"};
  return kNames[command.index()];
}

}  // namespace tern::smtp::grammar
