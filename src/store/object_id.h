#pragma once
// How store ids are shown to clients as RFC 8474 ObjectIDs (IMAP OBJECTID, and JMAP
// ids later): objectid = 1*255(ALPHA / DIGIT / "_" / "-"). A letter prefix keeps the
// kinds apart (RFC 8474 5.2: EMAILIDs and THREADIDs must never collide).
//  - MAILBOXID: from the UIDVALIDITY, which the store hands out once per mailbox, keeps
//    across renames and never reuses (RFC 8474 4: same name and UIDVALIDITY, same id;
//    never one id for two mailboxes).
//  - EMAILID: the message's email id, which copies and moves keep (RFC 8474 5.1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/types.h"

namespace tern::store {

inline std::string MailboxObjectId(const Mailbox& mailbox) {
  return "F" + std::to_string(mailbox.uid_validity);
}

inline std::string EmailObjectId(int64_t email_id) { return "M" + std::to_string(email_id); }

// The email id an EMAILID names, nullopt if it names none.
inline std::optional<int64_t> ParseEmailObjectId(std::string_view id) {
  if (id.size() < 2 || id.size() > 19 || id[0] != 'M' || id[1] == '0') return std::nullopt;
  int64_t n = 0;
  for (char ch : id.substr(1)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  return n;
}

}  // namespace tern::store
