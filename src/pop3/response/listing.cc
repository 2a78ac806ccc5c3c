#include "pop3/response/listing.h"

#include <fmt/format.h>

#include <algorithm>

namespace tern::pop3::response {
namespace {

bool IsUniqueIdChar(char c) { return c >= 0x21 && c <= 0x7e; }

std::string SafeUniqueId(std::string_view id) {
  if (id.empty()) return "?";
  std::string out(id.substr(0, std::min(id.size(), kMaxUniqueIdLength)));
  for (char& c : out) {
    if (!IsUniqueIdChar(c)) c = '?';
  }
  return out;
}

}  // namespace

bool IsValidUniqueId(std::string_view unique_id) {
  return !unique_id.empty() && unique_id.size() <= kMaxUniqueIdLength &&
         std::all_of(unique_id.begin(), unique_id.end(), IsUniqueIdChar);
}

std::string DropListing(std::uint64_t count, std::uint64_t octets) {
  return fmt::format("+OK {} {}\r\n", count, octets);
}

std::string ScanListing(std::uint32_t msg, std::uint64_t size) {
  return fmt::format("{} {}\r\n", msg, size);
}

std::string ScanListingOk(std::uint32_t msg, std::uint64_t size) {
  return fmt::format("+OK {} {}\r\n", msg, size);
}

std::string UniqueIdListing(std::uint32_t msg, std::string_view unique_id) {
  return fmt::format("{} {}\r\n", msg, SafeUniqueId(unique_id));
}

std::string UniqueIdListingOk(std::uint32_t msg, std::string_view unique_id) {
  return fmt::format("+OK {} {}\r\n", msg, SafeUniqueId(unique_id));
}

}  // namespace tern::pop3::response
