#include "imap/session/uid_only.h"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace tern::imap::session {
namespace {

bool KeyUsesSequenceNumbers(const grammar::SearchKey& key) {
  if (key.kind == grammar::SearchKeyKind::kSequenceSet && !key.set.saved_result) return true;
  return std::any_of(key.children.begin(), key.children.end(), KeyUsesSequenceNumbers);
}

}  // namespace

bool UsesSequenceNumbers(const grammar::CommandBody& body) {
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        using namespace grammar;
        if constexpr (std::is_same_v<T, FetchCommand> || std::is_same_v<T, StoreCommand> ||
                      std::is_same_v<T, CopyCommand> || std::is_same_v<T, ReplaceCommand>) {
          return !c.uid;
        } else if constexpr (std::is_same_v<T, SearchCommand> || std::is_same_v<T, SortCommand> ||
                             std::is_same_v<T, ThreadCommand>) {
          return !c.uid || KeyUsesSequenceNumbers(c.key);
        } else if constexpr (std::is_same_v<T, SelectCommand>) {
          return c.qresync && !c.qresync->match_seqs.empty();
        } else {
          return false;
        }
      },
      body);
}

}  // namespace tern::imap::session
