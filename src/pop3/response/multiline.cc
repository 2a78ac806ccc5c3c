#include "pop3/response/multiline.h"

#include "mail/dot_stuffing.h"
#include "pop3/response/status.h"

namespace tern::pop3::response {

std::string OkMultiline(std::string_view text, std::string_view body) {
  std::string out = Ok(text);
  mail::DotStuffer stuffer;
  stuffer.Encode(body, out);
  stuffer.Finish(out);
  return out;
}

}  // namespace tern::pop3::response
