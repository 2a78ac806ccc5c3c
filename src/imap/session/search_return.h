#pragma once
// Whether SEARCH, SORT or THREAD asked for a RETURN option (RFC 4731, RFC 5267).

#include <algorithm>
#include <vector>

#include "imap/grammar/search.h"

namespace tern::imap::session {

inline bool Has(const std::vector<grammar::SearchReturn>& options, grammar::SearchReturn o) {
  return std::find(options.begin(), options.end(), o) != options.end();
}

}  // namespace tern::imap::session
