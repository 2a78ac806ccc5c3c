#pragma once
// RFC 5322 section 3.4 address lists (with the obsolete forms of section 4.4) parsed
// into the four fields of an IMAP ENVELOPE address (RFC 3501 section 7.4.2 / RFC 9051
// section 7.5.2): name, adl (source route), mailbox, host.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tern::mail {

// Addresses beyond this count in one field are dropped.
inline constexpr std::size_t kMaxAddresses = 1000;

// Groups are flattened as IMAP wants them (RFC 3501 section 7.4.2): a group start is
// {mailbox = group name, host = nullopt}, its members follow, and the end is
// {mailbox = nullopt, host = nullopt}.
struct Address {
  // Display name with quotes and backslash escapes removed and folding collapsed; RFC
  // 2047 words are kept encoded (IMAP sends them so). For the old "a@b (Name)" form the
  // comment is the name. nullopt if there is none.
  std::optional<std::string> name;
  // obs-route "@a,@b" (RFC 5322 section 4.4), nullopt if none.
  std::optional<std::string> adl;
  // Local part as written (a quoted local part keeps its quotes, so the value is still a
  // valid local-part); the group name for a group start; nullopt at a group end.
  std::optional<std::string> mailbox;
  // Domain (a domain literal keeps its brackets); "" if the address had no "@domain";
  // nullopt marks a group start or end.
  std::optional<std::string> host;

  bool IsGroupStart() const noexcept { return !host && mailbox.has_value(); }
  bool IsGroupEnd() const noexcept { return !host && !mailbox; }

  friend bool operator==(const Address&, const Address&) = default;
};

// Parses an address-list field value (unfolded or not). Never fails: junk tokens are
// skipped, an unterminated group is closed, a bare word becomes a mailbox with host "".
// An empty group ("undisclosed-recipients:;") yields a start and an end.
std::vector<Address> ParseAddressList(std::string_view value);

}  // namespace tern::mail
