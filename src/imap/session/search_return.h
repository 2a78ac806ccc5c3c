#pragma once
// The RETURN options of SEARCH and SORT (RFC 4731, RFC 5267): which were asked for, and
// the ESEARCH response they produce.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "imap/grammar/search.h"

namespace tern::imap::session {

inline bool Has(const std::vector<grammar::SearchReturn>& options, grammar::SearchReturn o) {
  return std::find(options.begin(), options.end(), o) != options.end();
}

// "ESEARCH (TAG "tag") [UID] [MIN n] [MAX n] [ALL set] [COUNT n]" for `numbers` (UIDs
// or sequence numbers) in the order given: MIN and MAX are the first and last, and ALL
// keeps the order, making ranges only of ascending runs, as RFC 5267 3.2 asks of a
// sorted result. A MODSEQ result, where one applies, is the caller's to append.
std::string EsearchLine(std::string_view tag, bool uid,
                        const std::vector<grammar::SearchReturn>& options,
                        const std::vector<uint32_t>& numbers);

}  // namespace tern::imap::session
