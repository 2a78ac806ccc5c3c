#include "app/account_format.h"

#include <fmt/format.h>

#include <charconv>

#include "store/types.h"

namespace tern::app {

namespace {
struct ServiceName {
  std::string_view name;
  uint32_t bit;
};
constexpr ServiceName kServiceNames[] = {{"imap", store::kServiceImap},
                                         {"pop", store::kServicePop},
                                         {"smtp", store::kServiceSmtp},
                                         {"http", store::kServiceHttp}};
}  // namespace

Result<uint32_t> ParseServices(std::string_view text) {
  if (text == "all") return store::kAllServices;
  if (text == "none") return 0u;
  uint32_t out = 0;
  for (bool more = true; more;) {
    size_t comma = text.find(',');
    more = comma != std::string_view::npos;
    std::string_view item = text.substr(0, comma);
    bool known = false;
    for (const auto& s : kServiceNames) {
      if (item == s.name) {
        out |= s.bit;
        known = true;
      }
    }
    if (!known) {
      return Fail(
          ErrorCode::kInvalidArgument,
          fmt::format("unknown service \"{}\" (use imap, pop, smtp, http, all or none)", item));
    }
    if (more) text.remove_prefix(comma + 1);
  }
  return out;
}

std::string FormatServices(uint32_t services) {
  if (services == store::kAllServices) return "all";
  std::string out;
  for (const auto& s : kServiceNames) {
    if ((services & s.bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += s.name;
  }
  return out.empty() ? "none" : out;
}

Result<int64_t> ParseSize(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view suffix(end, static_cast<size_t>(text.data() + text.size() - end));
  int shift = -1;
  if (suffix.empty()) shift = 0;
  if (suffix == "K" || suffix == "k") shift = 10;
  if (suffix == "M" || suffix == "m") shift = 20;
  if (suffix == "G" || suffix == "g") shift = 30;
  if (ec != std::errc() || value < 0 || shift < 0 || value > (int64_t{1} << (50 - shift))) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("\"{}\" is not a size (bytes, or with K, M or G)", text));
  }
  return value << shift;
}

std::string FormatSize(int64_t bytes) {
  if (bytes == 0) return "unlimited";
  if (bytes % (1 << 30) == 0) return fmt::format("{}G", bytes >> 30);
  if (bytes % (1 << 20) == 0) return fmt::format("{}M", bytes >> 20);
  if (bytes % (1 << 10) == 0) return fmt::format("{}K", bytes >> 10);
  return std::to_string(bytes);
}

}  // namespace tern::app
