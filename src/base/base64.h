#pragma once
// Base64 (RFC 4648 section 4: the standard alphabet "A-Za-z0-9+/" with "=" padding).
//
// Decode is strict, as the SASL profiles (IMAP AUTHENTICATE, POP3 AUTH, SMTP AUTH) need it:
// the input must be canonical — a multiple of 4 characters, only alphabet characters, "="
// only as the last one or two characters of the last quantum, and the pad bits of a final
// partial quantum zero (RFC 4648 section 3.5 lets a decoder reject non-zero pad bits; we do,
// so that exactly one encoding maps to each byte string). Whitespace and line breaks are
// rejected (section 3.3: characters outside the alphabet must be rejected unless the
// referring specification says otherwise). Thread-safe; no allocation beyond the result.

#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::base64 {

// The encoded form of `bytes`, padded; "" for "".
std::string Encode(std::string_view bytes);

// The bytes `text` encodes. kInvalidArgument ("invalid base64", with the offending
// position in the detail) for anything not canonical as described above. "" decodes to "".
Result<std::string> Decode(std::string_view text);

// The length Encode produces for `n` input bytes.
constexpr size_t EncodedSize(size_t n) { return (n + 2) / 3 * 4; }

}  // namespace tern::base64
