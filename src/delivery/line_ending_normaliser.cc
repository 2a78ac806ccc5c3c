#include "delivery/line_ending_normaliser.h"

namespace tern::delivery {

void LineEndingNormaliser::Feed(std::string_view in, std::string& out) {
  out.reserve(out.size() + in.size() + in.size() / 32);
  for (char c : in) {
    if (c == '\n' && !last_was_cr_) out += '\r';
    out += c;
    last_was_cr_ = (c == '\r');
  }
}

}  // namespace tern::delivery
