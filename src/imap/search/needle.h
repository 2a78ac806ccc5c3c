#pragma once
// Case-insensitive substring matching for SEARCH strings (RFC 9051 6.4.4: "a message
// matches the key if the string is a substring of the associated text. The matching
// SHOULD be case insensitive for characters within the ASCII range").
//
// Folding (mail::FoldCase) goes beyond ASCII, as users expect ("MÜLLER" finds "müller");
// the full-text index folds its text the same way (mail/search_text.h).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mail/fold_case.h"

namespace tern::imap::search {

using mail::FoldCase;

// A search string, folded once, with what a linear-time search needs.
class Needle {
 public:
  Needle() = default;
  // `utf8` is the search string in UTF-8; it is folded with FoldCase.
  explicit Needle(std::string_view utf8);

  bool empty() const noexcept { return folded_.empty(); }
  const std::string& folded() const noexcept { return folded_; }

  // True if the needle occurs in `folded_text` (which must be FoldCase output). The
  // empty needle occurs in every text. Time is linear in the text's size whatever the
  // bytes (a hostile message cannot make it quadratic): short needles use the library's
  // memchr-driven find (at most kShortNeedle comparisons per text byte), longer ones
  // Knuth-Morris-Pratt.
  bool FoundIn(std::string_view folded_text) const noexcept;

 private:
  static constexpr std::size_t kShortNeedle = 16;

  std::string folded_;
  std::vector<std::size_t> failure_;  // KMP failure function; empty for short needles
};

}  // namespace tern::imap::search
