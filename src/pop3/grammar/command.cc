#include "pop3/grammar/command.h"

namespace tern::pop3::grammar {
namespace {

struct NameOf {
  std::string_view operator()(const User&) const { return "USER"; }
  std::string_view operator()(const Pass&) const { return "PASS"; }
  std::string_view operator()(const Apop&) const { return "APOP"; }
  std::string_view operator()(const Stat&) const { return "STAT"; }
  std::string_view operator()(const List&) const { return "LIST"; }
  std::string_view operator()(const Retr&) const { return "RETR"; }
  std::string_view operator()(const Dele&) const { return "DELE"; }
  std::string_view operator()(const Noop&) const { return "NOOP"; }
  std::string_view operator()(const Rset&) const { return "RSET"; }
  std::string_view operator()(const Quit&) const { return "QUIT"; }
  std::string_view operator()(const Top&) const { return "TOP"; }
  std::string_view operator()(const Uidl&) const { return "UIDL"; }
  std::string_view operator()(const Capa&) const { return "CAPA"; }
  std::string_view operator()(const Stls&) const { return "STLS"; }
  std::string_view operator()(const Auth&) const { return "AUTH"; }
  std::string_view operator()(const Utf8&) const { return "UTF8"; }
  std::string_view operator()(const Lang&) const { return "LANG"; }
};

}  // namespace

std::string_view CommandName(const Command& command) { return std::visit(NameOf{}, command); }

}  // namespace tern::pop3::grammar
