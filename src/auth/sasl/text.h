#pragma once
// Small text checks shared by the mechanisms. Internal to tern_sasl.

#include <cstddef>
#include <optional>
#include <string_view>

namespace tern::auth::sasl {

// ASCII case-insensitive equality (account names and certificate identities compare so).
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

}  // namespace tern::auth::sasl
