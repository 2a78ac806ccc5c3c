#pragma once
// LIST and LSUB (RFC 9051 6.3.9, RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 3501
// 6.3.8-9): which names a pattern matches and with which attributes. Pure: the session
// gives it the account's mailboxes and subscriptions and writes the answer.

#include <string>
#include <string_view>
#include <vector>

#include "store/types.h"

namespace tern::imap::session {

inline constexpr char kSeparator = '/';

// RFC 9051 6.3.9: "*" matches zero or more characters, "%" the same but not the
// hierarchy separator. "INBOX" at the start of the pattern, as a whole first level, is
// case-insensitive, as the name is.
bool MatchesPattern(std::string_view pattern, std::string_view name);

// The canonical pattern LIST matches: the reference name and the pattern joined
// (RFC 9051 6.3.9 leaves the interpretation to the server; this is what Dovecot and
// Cyrus do). A pattern starting with the separator ignores the reference.
std::string CanonicalPattern(std::string_view reference, std::string_view pattern);

struct ListRequest {
  std::vector<std::string> patterns;  // canonical
  bool lsub = false;
  bool subscribed_only = false;     // selection SUBSCRIBED
  bool special_use_only = false;    // selection SPECIAL-USE
  bool recursive_match = false;     // selection RECURSIVEMATCH
  bool return_subscribed = false;   // \Subscribed attribute
  bool return_special_use = true;   // RFC 6154: plain LIST returns them too
  bool rev2 = false;                // \NonExistent rather than \Noselect
  bool extended = false;            // an RFC 5258 extended LIST: \NonExistent too
};

struct ListEntry {
  std::string name;
  std::vector<std::string> attributes;
  bool exists = false;
  bool child_subscribed = false;  // RECURSIVEMATCH: CHILDINFO ("SUBSCRIBED")
};

// Entries in name order (INBOX first).
std::vector<ListEntry> ListMailboxes(const ListRequest& request,
                                     const std::vector<store::Mailbox>& mailboxes,
                                     const std::vector<std::string>& subscriptions);

}  // namespace tern::imap::session
