// libFuzzer target for the POP3 grammar and the POP3 response encoders (STYLE habit 14):
// ParseCommand, SplitLoginOptions and ParseSaslResponseLine on every line of the input;
// TopFilter on the whole input split at input-derived points. (The dot-stuffing of
// multi-line responses, mail::DotStuffer, is fuzzed by smtp_command_fuzz beside DATA's
// decoder.)
//
// Invariants checked (a violation aborts, which libFuzzer reports as a crash):
//   ParseCommand: an error has class kInvalidArgument or kTooLarge and a non-empty,
//     printable public text that Err() sends unchanged; a parsed command has numbers in
//     range and PASS keeps the rest of the line exactly. RedactForLog never lets a control
//     octet or the PASS argument through.
//   SplitLoginOptions: a split has a non-empty user without the separator, and options
//     that survive FormatLoginOptions -> ParseLoginOptions unchanged; Merge is idempotent.
//   Ok/Err/Greeting: one line, CRLF only at its end, at most 512 octets.
//   TopFilter: whole, byte-by-byte and chunked filtering agree; the output is a prefix of
//     the input; once done, the rest of the input adds nothing.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "pop3/grammar/login_options.h"
#include "pop3/grammar/parse_command.h"
#include "pop3/grammar/sasl_response.h"
#include "pop3/response/greeting.h"
#include "pop3/response/status.h"
#include "pop3/response/top_filter.h"

namespace {

namespace grammar = tern::pop3::grammar;
namespace response = tern::pop3::response;

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsPrintable(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

void CheckSingleLine(const std::string& line) {
  Check(line.size() >= 4 && line.size() <= 512);
  Check(line.find('\r') == line.size() - 2 && line.find('\n') == line.size() - 1);
}

void FuzzLine(std::string_view line, char separator) {
  auto r = grammar::ParseCommand(line);
  if (!r) {
    const auto& e = r.error();
    Check(e.code == tern::ErrorCode::kInvalidArgument || e.code == tern::ErrorCode::kTooLarge);
    Check(!e.public_text.empty() && IsPrintable(e.public_text));
    const std::string err = response::Err(e.public_text);
    Check(err == "-ERR " + e.public_text + "\r\n");
  } else {
    Check(!grammar::CommandName(*r).empty());
    if (const auto* c = std::get_if<grammar::Retr>(&*r)) {
      Check(c->msg >= 1 && c->msg <= grammar::kMaxMessageNumber);
    } else if (const auto* t = std::get_if<grammar::Top>(&*r)) {
      Check(t->msg >= 1 && t->lines <= grammar::kMaxTopLines);
    } else if (const auto* p = std::get_if<grammar::Pass>(&*r)) {
      Check(line.size() > 5 && line.substr(5) == p->password);
      const std::string logged = grammar::RedactForLog(line);
      Check(logged.find("<redacted>") != std::string::npos);
      Check(logged.size() <= 5 + 10 + 3);
    } else if (const auto* a = std::get_if<grammar::Auth>(&*r)) {
      Check(!a->initial_response || a->mechanism);
    }
  }
  for (char c : grammar::RedactForLog(line)) {
    Check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
  }

  auto login = grammar::SplitLoginOptions(line, separator);
  if (login) {
    Check(!login->user.empty() && login->user.find(separator) == std::string::npos);
    const std::string text = grammar::FormatLoginOptions(login->options);
    if (!text.empty()) {
      auto again = grammar::ParseLoginOptions(text);
      Check(again.has_value() && *again == login->options);
    }
    Check(grammar::Merge(login->options, login->options) == login->options);
    Check(grammar::Merge({}, login->options) == login->options);
    Check(grammar::Merge(login->options, {}) == login->options);
  } else {
    Check(IsPrintable(login.error().public_text));
  }

  auto sasl = grammar::ParseSaslResponseLine(line);
  if (sasl) Check(sasl->cancelled ? line == "*" : sasl->base64 == line);

  CheckSingleLine(response::Ok(line));
  CheckSingleLine(response::Err(response::ResponseCode::kSysTemp, line));
  CheckSingleLine(response::Greeting(line, "<1.2@example.org>"));
}

struct Topped {
  std::string out;
  bool done = false;
  bool operator==(const Topped&) const = default;
};

Topped Top(std::string_view input, std::uint32_t n, std::string_view sizes) {
  response::TopFilter filter(n);
  Topped t;
  std::size_t pos = 0;
  std::size_t k = 0;
  while (pos < input.size()) {
    std::size_t step =
        sizes.empty() ? input.size() : static_cast<unsigned char>(sizes[k++ % sizes.size()]);
    if (step == 0) step = 1;
    step = std::min(step, input.size() - pos);
    const std::string_view slice = input.substr(pos, step);
    const std::string_view sent = filter.Filter(slice);
    Check(sent.data() == slice.data() && sent.size() <= slice.size());
    if (t.done) Check(filter.IsDone() && sent.empty());  // done stays done, adds nothing
    if (!filter.IsDone()) Check(sent.size() == slice.size());
    t.out.append(sent);
    t.done = filter.IsDone();
    pos += step;
  }
  Check(t.done == filter.IsDone());
  return t;
}

void FuzzTop(std::string_view input, std::uint32_t n, std::string_view sizes) {
  const Topped whole = Top(input, n, {});
  Check(Top(input, n, sizes) == whole);
  Check(Top(input, n, std::string_view("\x01", 1)) == whole);
  Check(input.substr(0, whole.out.size()) == whole.out);
  if (!whole.done) Check(whole.out.size() == input.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first octet picks a login separator among the usual ones.
  static constexpr char kSeparators[] = {':', '/', '#', '%', '+', '!'};
  const char separator = size > 0 ? kSeparators[data[0] % sizeof(kSeparators)] : ':';
  // Lines, as the session hands them over (CRLF or LF stripped).
  std::size_t pos = 0;
  while (pos <= input.size()) {
    const std::size_t lf = input.find('\n', pos);
    std::string_view line = input.substr(pos, lf == std::string_view::npos ? lf : lf - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    FuzzLine(line, separator);
    if (lf == std::string_view::npos) break;
    pos = lf + 1;
  }
  // The whole input as message bytes; its first octets also choose chunk sizes and n.
  std::string_view sizes = input.substr(0, std::min<std::size_t>(8, input.size()));
  if (sizes.size() < 2) sizes = std::string_view("\x03\x01", 2);
  const std::uint32_t n = size > 1 ? data[1] % 8 : 1;
  FuzzTop(input, n, sizes);
  return 0;
}
