// libFuzzer target for the SMTP grammar (STYLE habit 14): ParseCommand on every line of
// the input, and DataDecoder and mail::DotStuffer (the two halves of dot-stuffing, shared
// with POP3) on the whole input split at input-derived points.
//
// Invariants checked (a violation aborts, which libFuzzer reports as a crash):
//   ParseCommand: every error is a well-formed reply line with a grammar reply code; a
//     parsed MAIL/RCPT address re-parses from its canonical form to the same mailbox.
//   DataDecoder: whole, byte-by-byte and chunked decoding agree with each other and with
//     a simple line-by-line reference model; consumed <= input and only stops short when
//     done; with a size limit the output is a prefix of the unlimited output;
//   DotStuffer: whole, byte-by-byte and chunked stuffing agree; the output has CRLF line
//     ends only and its only terminator line at its very end; DataDecoder turns it back
//     into the input with its line ends made CRLF.
//
// Note: "the output never contains CRLF.CRLF" does not hold for decoded data: a stuffed
// line ".." legitimately decodes to "."; the stuffed (encoded) form is where it holds.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mail/dot_stuffing.h"
#include "smtp/grammar/data_decoder.h"
#include "smtp/grammar/mailbox.h"
#include "smtp/grammar/parse_command.h"
#include "smtp/grammar/reply_error.h"
#include "support/line_ends.h"

namespace {

using namespace tern::smtp::grammar;  // NOLINT(google-build-using-namespace): fuzz harness

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckMailboxRoundTrip(const Mailbox& m, AddressRole role) {
  if (m.IsBarePostmaster()) return;
  auto again = ParseMailbox(m.ToString(), role, true);
  Check(again.has_value());
  Check(*again == m);
}

void FuzzLine(std::string_view line, bool smtputf8) {
  ParseOptions options;
  options.smtputf8 = smtputf8;
  auto r = ParseCommand(line, options);
  if (!r) {
    auto e = ReplyError::FromError(r.error());
    Check(e.has_value());
    Check(e->code == 500 || e->code == 501 || e->code == 504 || e->code == 550 || e->code == 553);
    Check(!e->enhanced.empty() && e->enhanced[0] == '5');
    for (char c : r.error().public_text) Check(c >= 0x20 && c <= 0x7e);
    return;
  }
  Check(!CommandName(*r).empty());
  if (const auto* mail = std::get_if<Mail>(&*r)) {
    if (mail->reverse_path) CheckMailboxRoundTrip(*mail->reverse_path, AddressRole::kSender);
  } else if (const auto* rcpt = std::get_if<Rcpt>(&*r)) {
    CheckMailboxRoundTrip(rcpt->forward_path, AddressRole::kRecipient);
  }
}

struct Decoded {
  std::string output;
  std::size_t consumed = 0;
  bool done = false;
  bool too_large = false;
  std::uint64_t size = 0;
  std::uint64_t bare_lf = 0;
  bool operator==(const Decoded&) const = default;
};

// Feeds `input` in pieces whose sizes come from `sizes` (cycled; 0 means 1).
Decoded Decode(std::string_view input, std::uint64_t max_size,
               std::string_view sizes = std::string_view("\xff", 1), bool byte_by_byte = false) {
  DataDecoder::Options options;
  options.max_message_size = max_size;
  DataDecoder decoder(options);
  Decoded d;
  std::size_t pos = 0;
  std::size_t k = 0;
  while (pos < input.size() && !d.done) {
    std::size_t n = byte_by_byte ? 1 : static_cast<unsigned char>(sizes[k++ % sizes.size()]);
    if (n == 0) n = 1;
    if (!byte_by_byte && sizes.size() == 1) n = input.size();  // whole
    n = std::min(n, input.size() - pos);
    auto r = decoder.Feed(input.substr(pos, n), d.output);
    Check(r.consumed <= n);
    Check(r.done || r.consumed == n);
    d.consumed += r.consumed;
    d.done = r.done;
    pos += n;
  }
  d.too_large = decoder.IsTooLarge();
  d.size = decoder.message_size();
  d.bare_lf = decoder.bare_lf_count();
  return d;
}

// The reference: RFC 5321 4.5.2 read literally, one line at a time, no streaming.
Decoded Reference(std::string_view input) {
  Decoded d;
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t lf = input.find('\n', pos);
    if (lf == std::string_view::npos) {  // an incomplete last line
      std::string_view content = input.substr(pos);
      if (content != "." && content != ".\r") {
        if (content[0] == '.') content.remove_prefix(1);
        d.output.append(content);
      }
      pos = input.size();
      break;
    }
    std::string_view content = input.substr(pos, lf - pos);
    bool crlf = !content.empty() && content.back() == '\r';
    if (crlf) content.remove_suffix(1);
    if (!crlf) ++d.bare_lf;
    pos = lf + 1;
    if (content == ".") {
      d.done = true;
      break;
    }
    if (!content.empty() && content[0] == '.') content.remove_prefix(1);
    d.output.append(content);
    d.output.append("\r\n");
  }
  d.consumed = pos;
  d.size = d.output.size();
  return d;
}

// mail::DotStuffer over `input` in pieces whose sizes come from `sizes` (cycled; 0 means
// 1); an empty `sizes` feeds the whole input at once.
std::string Stuff(std::string_view input, std::string_view sizes) {
  tern::mail::DotStuffer stuffer;
  std::string out;
  std::size_t pos = 0;
  std::size_t k = 0;
  while (pos < input.size()) {
    std::size_t n =
        sizes.empty() ? input.size() : static_cast<unsigned char>(sizes[k++ % sizes.size()]);
    if (n == 0) n = 1;
    n = std::min(n, input.size() - pos);
    stuffer.Encode(input.substr(pos, n), out);
    pos += n;
  }
  stuffer.Finish(out);
  return out;
}

void FuzzData(std::string_view input, std::string_view sizes, std::uint64_t max_size) {
  const Decoded whole = Decode(input, UINT64_MAX);
  Check(whole == Reference(input));
  Check(Decode(input, UINT64_MAX, sizes, false) == whole);
  Check(Decode(input, UINT64_MAX, {}, true) == whole);

  // Size limit: same consumption, a prefix of the output, too_large iff over the limit.
  const Decoded limited = Decode(input, max_size, sizes, false);
  Check(limited.consumed == whole.consumed && limited.done == whole.done);
  Check(limited.size == whole.size);
  Check(limited.too_large == (whole.size > max_size));
  Check(std::string_view(whole.output).substr(0, limited.output.size()) == limited.output);
  Check(limited.output.size() <= max_size);

  // Dot-stuff the raw input (any octets) whole and in chunks; decode it again.
  const std::string wire = Stuff(input, {});
  Check(Stuff(input, sizes) == wire);
  Check(Stuff(input, std::string_view("\x01", 1)) == wire);
  const std::size_t first_end = wire.starts_with(".\r\n") ? 3 : wire.find("\r\n.\r\n") + 5;
  Check(first_end == wire.size());
  for (char c : {'\r', '\n'}) {
    for (std::size_t p = wire.find(c); p != std::string::npos; p = wire.find(c, p + 1)) {
      Check(c == '\r' ? (p + 1 < wire.size() && wire[p + 1] == '\n')
                      : (p > 0 && wire[p - 1] == '\r'));
    }
  }
  const Decoded again = Decode(wire + "NEXT", UINT64_MAX);
  Check(again.done && again.consumed == wire.size() && again.bare_lf == 0);
  Check(again.output == tern::testing_support::NormalizeLineEnds(input));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Lines, as a session would hand them over (CRLF or LF stripped).
  const bool smtputf8 = size > 0 && (data[0] & 1) != 0;
  std::size_t pos = 0;
  while (pos <= input.size()) {
    std::size_t lf = input.find('\n', pos);
    std::string_view line = input.substr(pos, lf == std::string_view::npos ? lf : lf - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    FuzzLine(line, smtputf8);
    if (lf == std::string_view::npos) break;
    pos = lf + 1;
  }
  // The whole input as DATA bytes; the first octets also choose chunk sizes and a limit.
  std::string_view sizes = input.substr(0, std::min<std::size_t>(8, input.size()));
  if (sizes.size() < 2) sizes = std::string_view("\x03\x01", 2);
  const std::uint64_t max_size = size > 1 ? data[1] : 16;
  FuzzData(input, sizes, max_size);
  return 0;
}
