#include "imap/search/number_set.h"

#include <algorithm>

namespace tern::imap::search {

using grammar::kStar;

NumberSet::NumberSet(const grammar::SequenceSet& set) : saved_result_(set.saved_result) {
  for (const grammar::SequenceRange& r : set.ranges) {
    if (r.first == kStar || r.last == kStar) {
      const std::uint32_t other = r.first == kStar ? r.last : r.first;
      has_star_ = true;
      if (other != kStar) {
        star_low_ = star_low_ == kStar ? other : std::min(star_low_, other);
        star_high_ = std::max(star_high_, other);
      }
      continue;
    }
    ranges_.emplace_back(std::min(r.first, r.last), std::max(r.first, r.last));
  }
  std::sort(ranges_.begin(), ranges_.end());
  std::size_t out = 0;
  for (std::size_t i = 0; i < ranges_.size(); ++i) {
    // Merge overlapping and adjacent ranges (in 64 bits: the last may be 2^32-1).
    if (out > 0 && std::uint64_t{ranges_[i].first} <= std::uint64_t{ranges_[out - 1].second} + 1) {
      ranges_[out - 1].second = std::max(ranges_[out - 1].second, ranges_[i].second);
    } else {
      ranges_[out++] = ranges_[i];
    }
  }
  ranges_.resize(out);
}

bool NumberSet::Contains(std::uint32_t number, std::uint32_t star) const noexcept {
  if (has_star_) {
    const std::uint32_t low = star_low_ == kStar ? star : std::min(star_low_, star);
    const std::uint32_t high = std::max(star_high_, star);
    if (number >= low && number <= high) return true;
  }
  // The last range starting at or below `number`.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), number,
                             [](std::uint32_t n, const auto& range) { return n < range.first; });
  if (it == ranges_.begin()) return false;
  --it;
  return number <= it->second;
}

}  // namespace tern::imap::search
