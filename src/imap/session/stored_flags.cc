#include "imap/session/stored_flags.h"

#include <fmt/format.h>

#include "mail/ascii.h"

namespace tern::imap::session {

Result<StoredFlags> ToStoredFlags(const std::vector<std::string>& names) {
  static constexpr std::pair<std::string_view, uint32_t> kSystem[] = {
      {"\\Seen", store::kFlagSeen},       {"\\Answered", store::kFlagAnswered},
      {"\\Flagged", store::kFlagFlagged}, {"\\Deleted", store::kFlagDeleted},
      {"\\Draft", store::kFlagDraft},     {"\\Recent", 0},
  };
  StoredFlags out;
  for (const auto& name : names) {
    if (name.empty() || name.front() != '\\') {
      out.keywords.push_back(name);
      continue;
    }
    bool known = false;
    for (const auto& [system, bit] : kSystem) {
      if (mail::EqualsIgnoreCase(name, system)) {
        out.flags |= bit;
        known = true;
      }
    }
    if (!known) return Fail(ErrorCode::kInvalidArgument, fmt::format("Unknown system flag {}", name));
  }
  return out;
}

std::string FormatUidSet(const std::vector<store::Uid>& uids) {
  std::string out;
  for (size_t i = 0; i < uids.size();) {
    size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += j == i ? fmt::format("{}", uids[i]) : fmt::format("{}:{}", uids[i], uids[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace tern::imap::session
