#pragma once
// Small text checks shared by the mechanisms. Internal to tern_sasl.

#include <cstddef>
#include <optional>
#include <string_view>

namespace tern::auth::sasl {

// Strict UTF-8 (RFC 3629 section 4: no overlong forms, no surrogates, nothing above
// U+10FFFF). NUL is valid UTF-8; callers that forbid it check separately.
bool IsValidUtf8(std::string_view s);

// The number of code points in valid UTF-8 `s`; nullopt if `s` is not valid UTF-8.
std::optional<size_t> Utf8Length(std::string_view s);

// ASCII case-insensitive equality (account names and certificate identities compare so).
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

}  // namespace tern::auth::sasl
