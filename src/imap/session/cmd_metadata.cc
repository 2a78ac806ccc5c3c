// METADATA and METADATA-SERVER (RFC 5464): GETMETADATA, SETMETADATA and the METADATA
// response. The entries live in the store (store/metadata.h); two are computed here and
// read-only: the server's /shared/admin (service.imap.admincontact, RFC 5464 3.2.1.1) and
// a mailbox's /private/specialuse (its special-use attribute, RFC 6154 4). Unsolicited
// METADATA responses are not sent: they need NOTIFY or ENABLE METADATA, neither offered.
#include <fmt/format.h>

#include <algorithm>

#include "imap/session/session.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kAdminEntry = "/shared/admin";
constexpr std::string_view kSpecialUseEntry = "/private/specialuse";

store::MetadataDepth StoreDepth(grammar::MetadataDepth depth) {
  switch (depth) {
    case grammar::MetadataDepth::kZero:
      return store::MetadataDepth::kZero;
    case grammar::MetadataDepth::kOne:
      return store::MetadataDepth::kOne;
    case grammar::MetadataDepth::kInfinity:
      return store::MetadataDepth::kInfinity;
  }
  return store::MetadataDepth::kZero;
}

bool Reaches(const store::MetadataQuery& query, std::string_view name) {
  return std::any_of(query.entries.begin(), query.entries.end(), [&](const std::string& root) {
    return store::IsInMetadataScope(root, name, query.depth);
  });
}

// The entry that SETMETADATA may not change on this mailbox ("" the server), or empty.
std::string_view ReadOnlyEntry(const grammar::SetMetadataCommand& c) {
  const std::string_view computed = c.mailbox.empty() ? kAdminEntry : kSpecialUseEntry;
  for (const auto& [name, value] : c.entries) {
    if (name == computed) return computed;
  }
  return {};
}

}  // namespace

asio::awaitable<bool> Session::OnGetMetadata(const std::string& tag,
                                             const grammar::GetMetadataCommand& c) {
  store::MetadataQuery query{c.entries, StoreDepth(c.depth), std::nullopt};
  if (c.max_size) query.max_size = *c.max_size;
  auto values = co_await ctx_.store.GetMetadata(account_.id, c.mailbox, query);
  if (!values) {
    StoreFailed(tag, values.error(), "GETMETADATA");
    co_return true;
  }
  if (c.mailbox.empty()) {
    const std::string& admin = settings_->admin_contact;
    if (!admin.empty() && Reaches(query, kAdminEntry)) {
      store::AddMetadataEntry(*values, query, std::string(kAdminEntry), admin.size(),
                              [&] { return admin; });
    }
  } else if (Reaches(query, kSpecialUseEntry)) {
    auto mailbox = co_await ctx_.store.GetMailbox(account_.id, c.mailbox);
    if (!mailbox) {
      StoreFailed(tag, mailbox.error(), "GETMETADATA");
      co_return true;
    }
    // RFC 6154 4: the attributes as LIST shows them; none (NIL) for an ordinary mailbox.
    const std::string& use = mailbox->special_use;
    if (!use.empty()) {
      store::AddMetadataEntry(*values, query, std::string(kSpecialUseEntry), use.size(),
                              [&] { return use; });
    }
  }

  std::string items;
  const response::TextMode mode = Mode();
  auto add_name = [&](std::string_view name) {
    if (!items.empty()) items += ' ';
    response::AppendAString(items, name, mode);
    items += ' ';
  };
  for (const auto& e : values->entries) {
    add_name(e.name);
    if (e.value.find('\0') != std::string::npos) {
      // RFC 5464 5: value = nstring / literal8; only literal8 carries NUL.
      items += fmt::format("~{{{}}}\r\n", e.value.size());
      items += e.value;
    } else {
      response::AppendString(items, e.value, mode);
    }
  }
  // Without DEPTH a requested entry that does not exist is answered NIL, so that such a
  // GETMETADATA gets the METADATA response RFC 5464 4.2 calls required (as Dovecot
  // does). With DEPTH the answer is what exists, as in the example of RFC 5464 4.2.2; a
  // scope alone ("/private") names no entry and gets nothing either way.
  auto listed = [&](const std::string& name) {
    return std::any_of(values->entries.begin(), values->entries.end(),
                       [&](const store::MetadataEntry& e) { return e.name == name; }) ||
           std::any_of(values->too_large.begin(), values->too_large.end(),
                       [&](const auto& t) { return t.first == name; });
  };
  for (auto it = c.entries.begin(); it != c.entries.end(); ++it) {
    if (c.depth != grammar::MetadataDepth::kZero || !store::IsValidMetadataName(*it) ||
        listed(*it) || std::find(c.entries.begin(), it, *it) != it) {
      continue;
    }
    add_name(*it);
    items += "NIL";
  }
  if (!items.empty()) {
    std::string line = "METADATA ";
    AppendMailboxName(line, c.mailbox);
    Untagged(fmt::format("{} ({})", line, items));
  }
  uint64_t longest = 0;
  for (const auto& [name, size] : values->too_large) longest = std::max(longest, size);
  // RFC 5464 4.2.1: the size of the biggest value left out for MAXSIZE.
  TaggedOk(tag, longest > 0 ? fmt::format("[METADATA LONGENTRIES {}] GETMETADATA completed", longest)
                            : std::string("GETMETADATA completed"));
  co_return true;
}

asio::awaitable<bool> Session::OnSetMetadata(const std::string& tag,
                                             const grammar::SetMetadataCommand& c) {
  if (const std::string_view entry = ReadOnlyEntry(c); !entry.empty()) {
    TaggedNo(tag, fmt::format("[CANNOT] {} is read-only", entry));
    co_return true;
  }
  std::vector<store::MetadataChange> changes;
  changes.reserve(c.entries.size());
  for (const auto& [name, value] : c.entries) changes.push_back({name, value});
  const store::MetadataLimits limits{settings_->metadata_max_size,
                                     settings_->metadata_max_entries};
  auto set = co_await ctx_.store.SetMetadata(account_.id, c.mailbox, std::move(changes), limits);
  if (set) {
    TaggedOk(tag, "SETMETADATA completed");
  } else if (set.error().code == ErrorCode::kTooLarge) {
    TaggedNo(tag, fmt::format("[METADATA MAXSIZE {}] Value too large", limits.max_value_size));
  } else if (set.error().code == ErrorCode::kLimit) {
    TaggedNo(tag, "[METADATA TOOMANY] Too many entries");
  } else {
    StoreFailed(tag, set.error(), "SETMETADATA");
  }
  co_return true;
}

}  // namespace tern::imap::session
