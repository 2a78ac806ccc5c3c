#pragma once
// The i;unicode-casemap collation (RFC 5051), which RFC 5255 I18NLEVEL=1 makes the
// collation of SORT and THREAD (RFC 5256 7): strings are compared as the octets of their
// collation keys.

#include <string>
#include <string_view>

namespace tern::imap::sort {

// The collation key of UTF-8 `text` (RFC 5051 2): each character mapped to its titlecase
// form, then fully decomposed (ICU's NFKD of the titlecased text; NFKD also puts
// combining marks in canonical order, which RFC 5051 does not ask for and which only
// differs for unnormalised mark sequences). Two strings collate as their keys compare
// with memcmp; equal keys are equal strings. Bytes that are not valid UTF-8 become
// U+FFFD first. ASCII-only text takes a fast path (upper-casing, which is its titlecase).
// Thread-safe.
std::string CasemapKey(std::string_view text);

}  // namespace tern::imap::sort
