#pragma once
// A sequence set or UID set of a SEARCH key (RFC 9051 9 sequence-set) prepared once per
// SEARCH, so testing one message costs O(log ranges) however many ranges the client
// sent (up to grammar::kMaxSequenceRanges).

#include <cstdint>
#include <utility>
#include <vector>

#include "imap/grammar/sequence_set.h"

namespace tern::imap::search {

class NumberSet {
 public:
  NumberSet() = default;
  explicit NumberSet(const grammar::SequenceSet& set);

  // "$" (RFC 5182, RFC 9051 6.4.4.1): membership is decided by the saved result, which
  // the caller holds; Contains() is then always false.
  bool saved_result() const noexcept { return saved_result_; }

  // True if `number` is in the set, with "*" standing for `star` (the highest sequence
  // number, or the UID of the last message). A range is inclusive in either order
  // ("4:2" is "2:4"), so "559:*" holds the last UID even when 559 is above it
  // (RFC 9051 6.4.8).
  bool Contains(std::uint32_t number, std::uint32_t star) const noexcept;

 private:
  bool saved_result_ = false;
  // Ranges without "*": sorted, disjoint, not adjacent.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges_;
  // Every range with a "*" contains `star`, so together they are one range from the
  // lowest to the highest of their other ends and `star`. Unset when there is none.
  bool has_star_ = false;
  std::uint32_t star_low_ = 0;   // lowest non-"*" end of such a range, or kStar
  std::uint32_t star_high_ = 0;  // highest, or kStar
};

}  // namespace tern::imap::search
