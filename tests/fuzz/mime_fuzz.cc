// libFuzzer target for the mail message model (STYLE habit 14): the MIME parser whole and
// in chunks (results must agree), the structure codec (round trip of a parsed structure,
// and arbitrary bytes as a corrupt blob), encoded words, parameters and addresses.
// Run: mime_fuzz tests/fuzz/corpus/mime -dict=tests/fuzz/dict/mime.dict

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mail/address.h"
#include "mail/content_type.h"
#include "mail/encoded_word.h"
#include "mail/mime_parser.h"
#include "mail/structure_codec.h"
#include "mail/transfer_decode.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tern::mail;
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  const MessageStructure whole = ParseMessage(in);
  Check(whole.size == size);
  Check(whole.root.body_offset + whole.root.body_size == size);

  // Chunk sizes taken from the input itself, so the fuzzer explores split points.
  MimeParser chunked;
  std::size_t pos = 0;
  std::size_t step = size == 0 ? 1 : static_cast<std::size_t>(data[0] % 17) + 1;
  while (pos < size) {
    const std::size_t n = std::min(step, size - pos);
    chunked.Feed(in.substr(pos, n));
    pos += n;
    step = step * 5 % 23 + 1;
  }
  Check(chunked.Finish() == whole);

  const std::string blob = SerializeStructure(whole);
  auto back = DeserializeStructure(blob);
  Check(back.has_value() && *back == whole);
  (void)DeserializeStructure(in);  // hostile blob: must not crash

  for (const NumberedPart& n : ListParts(whole)) Check(FindPart(whole, n.number) == n.part);
  (void)FindPart(whole, in.substr(0, 16));

  const std::string_view head = in.substr(0, 4096);
  (void)DecodeEncodedWords(head);
  (void)ParseContentType(head);
  (void)ParseContentDisposition(head);
  (void)ParseAddressList(head);
  (void)DecodeBodyText(whole.root, in.substr(static_cast<std::size_t>(whole.root.body_offset)));
  return 0;
}
