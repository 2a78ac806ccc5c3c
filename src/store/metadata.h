#pragma once
// Annotations of mailboxes and of the server (IMAP METADATA, RFC 5464): the value types
// of Store::GetMetadata/SetMetadata and the scope rules every backend and the IMAP
// session (for the entries it computes) apply the same way. Pure; no I/O.
//
// An entry belongs to an account and to one of its mailboxes, or to the server (mailbox
// ""). Names are lower-case (RFC 5464 3.2 makes them case-insensitive) and start with
// "/private/" (the user's own) or "/shared/" (everyone's with access to the mailbox). As
// long as no account sees another's mailboxes (shared folders are issue 6) both kinds
// belong to the account; so do server entries, as in Dovecot: one account's
// /shared/comment on the server is not shown to another.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tern::store {

// RFC 5464 4.2.2 DEPTH: the entry only, its children too, or everything below it.
enum class MetadataDepth { kZero, kOne, kInfinity };

struct MetadataEntry {
  std::string name;
  std::string value;  // any octets
  bool operator==(const MetadataEntry&) const = default;
};

struct MetadataQuery {
  // Entry names to read, each with what lies below it within `depth`. A scope alone
  // ("/private", "/shared") names no entry but may have entries below it.
  std::vector<std::string> entries;
  MetadataDepth depth = MetadataDepth::kZero;
  // RFC 5464 4.2.1 MAXSIZE: longer values are left out (and reported in too_large).
  std::optional<uint64_t> max_size;
};

struct MetadataValues {
  // The entries found, each requested name first and then what lies below it in name
  // order, each entry once (the first time a requested name reaches it).
  std::vector<MetadataEntry> entries;
  // Entries left out for max_size, with the size of their values.
  std::vector<std::pair<std::string, uint64_t>> too_large;
  bool operator==(const MetadataValues&) const = default;
};

struct MetadataChange {
  std::string name;
  std::optional<std::string> value;  // nullopt: delete the entry (nothing if absent)
  bool operator==(const MetadataChange&) const = default;
};

// Bounds on what one account stores (RFC 5464 4.3 MAXSIZE and TOOMANY).
struct MetadataLimits {
  uint64_t max_value_size = 65536;
  uint32_t max_entries = 100;  // per mailbox, and on the server
};

// True for a name the store accepts: lower-case ASCII, "/private/" or "/shared/"
// followed by more (the IMAP grammar checks the rest of RFC 5464 3.2).
bool IsValidMetadataName(std::string_view name);

// True if `name` is `root` or lies below it within `depth` ("/a/b" is 1 below "/a").
bool IsInMetadataScope(std::string_view root, std::string_view name, MetadataDepth depth);

// Adds an entry found for `query` to `out`: to entries if its value fits max_size and it
// is not there yet, else to too_large. `value` is read only if it fits (a backend may
// then leave a long value unread).
template <typename ReadValue>
void AddMetadataEntry(MetadataValues& out, const MetadataQuery& query, std::string name,
                      uint64_t size, ReadValue&& read_value) {
  for (const auto& e : out.entries) {
    if (e.name == name) return;
  }
  if (query.max_size && size > *query.max_size) {
    for (const auto& t : out.too_large) {
      if (t.first == name) return;
    }
    out.too_large.emplace_back(std::move(name), size);
    return;
  }
  out.entries.push_back({std::move(name), read_value()});
}

}  // namespace tern::store
