#include "imap/grammar/sequence_set.h"

#include <cctype>

namespace tern::imap::grammar {
namespace {

Result<std::uint32_t> SeqNumber(Cursor& c) {
  if (c.TryChar('*')) return kStar;
  if (!std::isdigit(static_cast<unsigned char>(c.Peek()))) {
    return Cursor::Bad("invalid sequence set");
  }
  auto n = c.Number("sequence number");
  if (!n) return Fail(n.error());
  if (*n == 0) return Cursor::Bad("invalid sequence set (0 is not a sequence number)");
  return *n;
}

}  // namespace

bool AtSequenceSet(const Cursor& cursor) {
  const char c = cursor.Peek();
  return std::isdigit(static_cast<unsigned char>(c)) || c == '*' || c == '$';
}

Result<SequenceSet> ParseSequenceSet(Cursor& c) {
  SequenceSet set;
  if (c.TryChar('$')) {
    set.saved_result = true;
    return set;
  }
  for (;;) {
    auto first = SeqNumber(c);
    if (!first) return Fail(first.error());
    SequenceRange r{*first, *first};
    if (c.TryChar(':')) {
      auto last = SeqNumber(c);
      if (!last) return Fail(last.error());
      r.last = *last;
    }
    if (set.ranges.size() >= c.context().limits.max_sequence_ranges) {
      return Fail(ErrorCode::kLimit, "too many sequence ranges");
    }
    set.ranges.push_back(r);
    if (!c.TryChar(',')) break;
  }
  return set;
}

}  // namespace tern::imap::grammar
