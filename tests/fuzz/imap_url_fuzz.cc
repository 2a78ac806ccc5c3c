// libFuzzer target for IMAP URLs as CATENATE reads them (imap/url/imap_url.h): the
// input is a URL a client sends in "URL" SP astring.
//
// Invariants checked (a violation aborts, which libFuzzer reports as a crash):
//   - a refusal is kInvalidArgument with a non-empty printable public text;
//   - an accepted URL names a mailbox (non-empty, valid UTF-8, no NUL), a UID > 0, a
//     partial length > 0 when there is one, and a section FETCH would accept;
//   - parsing is deterministic;
//   - the URL is within kMaxUrlLength, and a URL with a prefix other than "/" fails.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "imap/url/imap_url.h"

namespace {

void CheckAt(bool ok, int line) {
  if (ok) return;
  std::fprintf(stderr, "invariant failed at line %d\n", line);
  std::abort();
}
#define Check(ok) CheckAt((ok), __LINE__)

bool IsPrintable(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto r = tern::imap::url::ParseMessagePartUrl(input);
  auto again = tern::imap::url::ParseMessagePartUrl(input);
  Check(r.has_value() == again.has_value());
  if (!r) {
    Check(r.error().code == tern::ErrorCode::kInvalidArgument);
    Check(!r.error().public_text.empty() && IsPrintable(r.error().public_text));
    Check(r.error().public_text == again.error().public_text);
    return 0;
  }
  Check(*r == *again);
  Check(input.size() <= tern::imap::url::kMaxUrlLength);
  Check(!input.empty() && input.front() == '/');
  Check(!r->mailbox.empty() && tern::IsValidUtf8(r->mailbox));
  Check(r->mailbox.find('\0') == std::string::npos);
  Check(r->uid > 0);
  Check(!r->uid_validity || *r->uid_validity > 0);
  Check(!r->partial || !r->partial->length || *r->partial->length > 0);
  for (std::uint32_t n : r->section.part) Check(n > 0);
  return 0;
}
