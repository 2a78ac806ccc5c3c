#include "smtp/response/ehlo.h"

namespace tern::smtp::response {

std::vector<std::string> Capabilities::Keywords() const {
  std::vector<std::string> k;
  if (pipelining) k.emplace_back("PIPELINING");
  if (size) k.push_back("SIZE " + std::to_string(*size));
  if (eight_bit_mime) k.emplace_back("8BITMIME");
  if (binary_mime) k.emplace_back("BINARYMIME");
  if (chunking) k.emplace_back("CHUNKING");
  if (dsn) k.emplace_back("DSN");
  if (smtputf8) k.emplace_back("SMTPUTF8");
  if (enhanced_status_codes) k.emplace_back("ENHANCEDSTATUSCODES");
  if (starttls) k.emplace_back("STARTTLS");
  if (!auth_mechanisms.empty()) {
    std::string auth = "AUTH";
    for (const std::string& m : auth_mechanisms) {
      auth += ' ';
      auth += m;
    }
    k.push_back(std::move(auth));
  }
  for (const std::string& e : extra) k.push_back(e);
  return k;
}

namespace {
std::string FirstLine(std::string_view server_domain, std::string_view greeting) {
  std::string line(server_domain);
  if (!greeting.empty()) {
    line += ' ';
    line += greeting;
  }
  return line;
}
}  // namespace

Reply EhloReply(std::string_view server_domain, std::string_view greeting,
                const Capabilities& capabilities) {
  Reply r(250, "", FirstLine(server_domain, greeting));
  for (std::string& k : capabilities.Keywords()) r.lines.push_back(std::move(k));
  return r;
}

Reply HeloReply(std::string_view server_domain, std::string_view greeting) {
  return Reply(250, "", FirstLine(server_domain, greeting));
}

Reply Greeting(std::string_view server_domain, std::string_view text) {
  return Reply(220, "", FirstLine(server_domain, text));
}

}  // namespace tern::smtp::response
