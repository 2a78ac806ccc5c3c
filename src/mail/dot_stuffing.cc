#include "mail/dot_stuffing.h"

#include <cstring>

namespace tern::mail {

// Messages are CRLF text, so the common case is a whole line ending in CRLF with no other
// CR in it: found with memchr and copied as one span. Anything else (a bare CR or LF, a
// line split between chunks) takes the same rules a few octets at a time.
void DotStuffer::Encode(std::string_view bytes, std::string& out) {
  out.reserve(out.size() + bytes.size() + bytes.size() / 32 + 2);
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  while (p < end) {
    if (pending_cr_) {
      pending_cr_ = false;
      out += "\r\n";  // CRLF, or a bare CR made into one
      at_line_start_ = true;
      if (*p == '\n') {
        ++p;
        continue;
      }
    }
    if (at_line_start_ && *p == '.') out += '.';
    const auto* lf = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* stop = lf != nullptr ? lf : end;
    const auto* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(stop - p)));
    if (cr == nullptr) {  // no CR: a bare-LF line, or the chunk ends inside a line
      out.append(p, stop);
      if (lf != nullptr) {
        out += "\r\n";
        at_line_start_ = true;
        p = lf + 1;
      } else {
        at_line_start_ = false;
        p = end;
      }
    } else if (cr + 1 == lf) {  // the line ends in CRLF: sent as it is
      out.append(p, lf + 1);
      at_line_start_ = true;
      p = lf + 1;
    } else {  // a CR not (yet) followed by LF
      out.append(p, cr);
      if (cr != p) at_line_start_ = false;
      pending_cr_ = true;
      p = cr + 1;
    }
  }
}

void DotStuffer::Finish(std::string& out) {
  if (pending_cr_ || !at_line_start_) out += "\r\n";
  out += kDotStuffedEnd;
  pending_cr_ = false;
  at_line_start_ = true;
}

}  // namespace tern::mail
