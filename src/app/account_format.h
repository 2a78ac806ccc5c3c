#pragma once
// How accounts' service rights and quotas are written on the command line.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::app {

// "imap,pop" / "all" / "none" → bit set (store::ServiceBit).
Result<uint32_t> ParseServices(std::string_view text);
std::string FormatServices(uint32_t services);

// "0" (unlimited), "1048576", "100K", "50M", "2G" → bytes.
Result<int64_t> ParseSize(std::string_view text);
std::string FormatSize(int64_t bytes);

}  // namespace tern::app
