#pragma once
// sequence-set (RFC 9051 9):
//   sequence-set = (seq-number / seq-range) ["," sequence-set] / "$"
//   seq-range    = seq-number ":" seq-number   ; either order: "4:2" is "2:4"
//   seq-number   = nz-number / "*"
// "$" (RFC 5182, RFC 9051 6.4.4.1) refers to the result saved by SEARCH RETURN (SAVE).

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "imap/grammar/cursor.h"

namespace tern::imap::grammar {

// "*" is stored as kStar: 0 is never a valid seq-number or UID, so it cannot collide.
inline constexpr std::uint32_t kStar = 0;

struct SequenceRange {
  std::uint32_t first = 0;  // as sent: may be greater than last, or kStar
  std::uint32_t last = 0;   // equal to first for a single number
  bool operator==(const SequenceRange&) const = default;
};

struct SequenceSet {
  std::vector<SequenceRange> ranges;  // empty when saved_result
  bool saved_result = false;          // "$"
  bool operator==(const SequenceSet&) const = default;
};

// Parses a sequence-set at the cursor. More than Limits::max_sequence_ranges ranges
// fails with kLimit "too many sequence ranges"; "0" fails ("invalid sequence set").
Result<SequenceSet> ParseSequenceSet(Cursor& cursor);

// True when the next octet can start a sequence set (a digit, "*" or "$").
bool AtSequenceSet(const Cursor& cursor);

}  // namespace tern::imap::grammar
