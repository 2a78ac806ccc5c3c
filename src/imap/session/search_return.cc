#include "imap/session/search_return.h"

#include <fmt/format.h>

#include "imap/response/strings.h"
#include "imap/session/stored_flags.h"

namespace tern::imap::session {

std::string EsearchLine(std::string_view tag, bool uid,
                        const std::vector<grammar::SearchReturn>& options,
                        const std::vector<uint32_t>& numbers) {
  using R = grammar::SearchReturn;
  std::string line = "ESEARCH (TAG ";
  response::AppendQuoted(line, tag);
  line += ")";
  if (uid) line += " UID";
  if (Has(options, R::kMin) && !numbers.empty()) line += fmt::format(" MIN {}", numbers.front());
  if (Has(options, R::kMax) && !numbers.empty()) line += fmt::format(" MAX {}", numbers.back());
  if (Has(options, R::kAll) && !numbers.empty()) {
    line += " ALL " + FormatUidSet(std::vector<store::Uid>(numbers.begin(), numbers.end()));
  }
  if (Has(options, R::kCount)) line += fmt::format(" COUNT {}", numbers.size());
  return line;
}

}  // namespace tern::imap::session
