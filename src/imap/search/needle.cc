#include "imap/search/needle.h"

namespace tern::imap::search {

Needle::Needle(std::string_view utf8) : folded_(FoldCase(utf8)) {
  if (folded_.size() <= kShortNeedle) return;
  // failure_[i]: length of the longest proper prefix of folded_[0..i] that is also its
  // suffix.
  failure_.assign(folded_.size(), 0);
  std::size_t k = 0;
  for (std::size_t i = 1; i < folded_.size(); ++i) {
    while (k > 0 && folded_[i] != folded_[k]) k = failure_[k - 1];
    if (folded_[i] == folded_[k]) ++k;
    failure_[i] = k;
  }
}

bool Needle::FoundIn(std::string_view folded_text) const noexcept {
  if (failure_.empty()) return folded_text.find(folded_) != std::string_view::npos;
  std::size_t k = 0;
  for (const char c : folded_text) {
    while (k > 0 && c != folded_[k]) k = failure_[k - 1];
    if (c == folded_[k]) ++k;
    if (k == folded_.size()) return true;
  }
  return false;
}

}  // namespace tern::imap::search
