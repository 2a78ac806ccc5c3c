#pragma once
// The naming rules every store backend applies the same way: account names, mailbox
// names (INBOX, "/" hierarchy), keywords and blob ids. Pure functions, no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tern::store {

inline constexpr std::string_view kInbox = "INBOX";
inline constexpr char kHierarchyDelimiter = '/';
// The system flags a store keeps; other bits of a FlagBit set are ignored.
inline constexpr uint32_t kStoredFlags = 0x1f;

// Lower-cases ASCII letters (UTF-8 bytes pass through). kInvalidArgument for an empty
// name or one holding spaces or control characters.
Result<std::string> NormalizeAccountName(std::string_view name);

// Spells INBOX and its children canonically ("inbox/Sub" -> "INBOX/Sub": RFC 9051 5.1
// makes INBOX case-insensitive). kInvalidArgument for an empty name, an empty component
// ("/a", "a/", "a//b") or control characters.
Result<std::string> NormalizeMailboxName(std::string_view name);

// True for "INBOX" itself (after NormalizeMailboxName), not its children.
inline bool IsInbox(std::string_view normalized) { return normalized == kInbox; }

// Sorts and de-duplicates keywords (case preserved, compared exactly). kInvalidArgument
// for a keyword that is not an IMAP atom (RFC 9051 flag-keyword) or starts with '\'.
Result<std::vector<std::string>> NormalizeKeywords(std::vector<std::string> keywords);

// Keywords are stored space-separated (atoms cannot hold spaces).
std::string JoinKeywords(const std::vector<std::string>& keywords);
std::vector<std::string> SplitKeywords(std::string_view joined);

// A content address: 64 lower-case hex digits (SHA-256).
bool IsValidBlobId(std::string_view blob_id);

}  // namespace tern::store
