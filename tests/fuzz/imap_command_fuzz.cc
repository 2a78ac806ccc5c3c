// libFuzzer target for the IMAP command grammar (STYLE habit 14): CommandReader and
// ParseCommand over the input as a client's byte stream.
//
// Invariants checked (a violation aborts, which libFuzzer reports as a crash):
//   - feeding the whole input at once, byte by byte, and in input-derived chunks gives
//     the same events (commands, literal requests, rejections);
//   - Feed never consumes more than it was given, and makes progress;
//   - every rejection (reader or parser) has a non-empty printable public text, a tag
//     that is empty or a valid tag, and a class the session knows how to map;
//   - a parsed command's tag is valid and its name is not empty; sequence sets are not
//     empty unless "$"; ParseCommand is deterministic (parsing again gives an equal
//     command);
//   - the modified UTF-7 codec round-trips whatever it decodes.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "imap/grammar/mailbox_name.h"
#include "imap/grammar/mutf7.h"
#include "imap/grammar/parse_command.h"
#include "imap/grammar/reader.h"
#include "imap/grammar/syntax.h"

namespace {

namespace grammar = tern::imap::grammar;

// Aborts with the failing line, so a crash report says which invariant broke (libc++
// of this clang has no std::source_location yet).
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

void CheckRejection(const grammar::Rejection& r) {
  Check(!r.error.public_text.empty() && IsPrintable(r.error.public_text));
  Check(r.tag.empty() || grammar::IsValidTag(r.tag));
  Check(r.error.code == tern::ErrorCode::kInvalidArgument ||
        r.error.code == tern::ErrorCode::kTooLarge || r.error.code == tern::ErrorCode::kLimit);
}

struct Event {
  grammar::FeedStatus status;
  std::string detail;
  bool operator==(const Event&) const = default;
};

void CheckCommand(const grammar::RawCommand& raw, const grammar::ParseContext& ctx) {
  auto r = grammar::ParseCommand(raw, ctx);
  if (!r) {
    CheckRejection(r.error());
    Check(!r.error().close_connection);
    return;
  }
  Check(grammar::IsValidTag(r->tag));
  Check(!grammar::CommandName(r->body).empty());
  if (const auto* f = std::get_if<grammar::FetchCommand>(&r->body)) {
    Check(f->set.saved_result || !f->set.ranges.empty());
    Check(!f->items.empty());
  }
  if (const auto* a = std::get_if<grammar::AppendCommand>(&r->body)) {
    Check(!a->messages.empty());
    for (const auto& m : a->messages) Check(m.data.bytes.size() == m.data.size);
  }
  auto again = grammar::ParseCommand(raw, ctx);
  Check(again.has_value() && *again == *r);
}

std::vector<Event> Feed(std::string_view input, std::string_view sizes,
                        const grammar::ParseContext& ctx, bool check) {
  grammar::CommandReader reader(ctx);
  std::vector<Event> events;
  std::string pending;
  std::size_t pos = 0;
  std::size_t k = 0;
  for (;;) {
    if (pending.empty()) {
      if (pos >= input.size()) break;
      std::size_t step =
          sizes.empty() ? input.size() : static_cast<unsigned char>(sizes[k++ % sizes.size()]);
      if (step == 0) step = 1;
      step = std::min(step, input.size() - pos);
      pending.append(input.substr(pos, step));
      pos += step;
    }
    const grammar::FeedResult r = reader.Feed(pending);
    Check(r.consumed <= pending.size());
    pending.erase(0, r.consumed);
    switch (r.status) {
      case grammar::FeedStatus::kNeedMore:
        Check(pending.empty());
        break;
      case grammar::FeedStatus::kNeedLiteral:
        events.push_back(
            {r.status, std::to_string(r.literal.size) + (r.literal.synchronizing ? "" : "+")});
        reader.AcceptLiteral();
        break;
      case grammar::FeedStatus::kCommand: {
        grammar::RawCommand raw = reader.TakeCommand();
        if (check) CheckCommand(raw, ctx);
        events.push_back({r.status, raw.text});
        break;
      }
      case grammar::FeedStatus::kRejected:
        if (check) CheckRejection(r.rejection);
        events.push_back({r.status, r.rejection.tag + "|" + r.rejection.error.public_text});
        if (r.rejection.close_connection) return events;
        break;
    }
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first octet picks the context: revision, UTF-8, literal mode, small limits.
  grammar::ParseContext ctx;
  if (size > 0) {
    const unsigned char m = data[0];
    ctx.rev2 = (m & 1) != 0;
    ctx.utf8_accept = (m & 2) != 0;
    ctx.literal_mode = static_cast<grammar::LiteralMode>((m >> 2) % 3);
    if ((m & 0x10) != 0) {
      ctx.limits.max_line_length = 64;
      ctx.limits.max_literal_size = 16;
      ctx.limits.max_append_literal_size = 64;
      ctx.limits.max_command_size = 256;
      ctx.limits.max_literals = 4;
      ctx.limits.max_discard_size = 128;
      ctx.limits.max_nesting_depth = 4;
      ctx.limits.max_sequence_ranges = 8;
      ctx.limits.max_search_keys = 16;
      ctx.limits.max_search_depth = 8;
    }
  }
  const std::vector<Event> whole = Feed(input, {}, ctx, true);
  std::string_view sizes = input.substr(0, std::min<std::size_t>(8, input.size()));
  Check(Feed(input, sizes, ctx, false) == whole);
  if (size < 4096) Check(Feed(input, std::string_view("\x01", 1), ctx, false) == whole);

  // The mailbox name codec and policy on every line.
  std::size_t start = 0;
  while (start <= input.size()) {
    const std::size_t lf = input.find('\n', start);
    const std::string_view line =
        input.substr(start, lf == std::string_view::npos ? std::string_view::npos : lf - start);
    auto decoded = grammar::DecodeModifiedUtf7(line);
    if (decoded) {
      auto encoded = grammar::EncodeModifiedUtf7(*decoded);
      Check(encoded.has_value() && *encoded == line);
    } else {
      Check(IsPrintable(decoded.error().public_text));
    }
    auto valid = grammar::ValidateMailboxName(line, '/');
    if (!valid) Check(IsPrintable(valid.error().public_text));
    if (lf == std::string_view::npos) break;
    start = lf + 1;
  }
  return 0;
}
