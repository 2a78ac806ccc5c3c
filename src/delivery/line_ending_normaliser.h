#pragma once
// Stored messages use CRLF line endings, so that what IMAP and POP3 serve (and the sizes
// they announce) are exactly the stored bytes. Mail handed to `tern deliver` or found in
// an mbox or Maildir usually has bare LF; this turns every bare LF into CRLF, streaming.
// A lone CR not followed by LF is kept as is (RFC 5322 forbids it but altering it would
// change a signed message more than it repairs it).

#include <string>
#include <string_view>

namespace tern::delivery {

class LineEndingNormaliser {
 public:
  // Appends the normalised form of `in` to `out`.
  void Feed(std::string_view in, std::string& out);

 private:
  bool last_was_cr_ = false;
};

}  // namespace tern::delivery
