#pragma once
// MIME parameters (RFC 2045 section 5.1) and their RFC 2231 extensions: continuations
// (name*0, name*1, ...), charset/language (name*=charset'lang'%XX) and both mixed
// (name*0*=..., name*1=...).

#include <string>
#include <string_view>
#include <vector>

namespace tern::mail {

// One "attribute=value" as written, before RFC 2231 processing.
struct RawParameter {
  std::string name;   // as written ("title*0*")
  std::string value;  // quoted-string unquoted and unescaped; token as is
};

struct Parameter {
  std::string name;       // attribute, lower case, without any RFC 2231 "*" suffix
  std::string value;      // decoded to UTF-8 (RFC 2231 charset, or RFC 2047 words)
  std::string raw_value;  // continuations joined; still charset'lang'%XX if extended
  std::string charset;    // RFC 2231 charset, empty if none
  std::string language;   // RFC 2231 language, empty if none
  bool extended = false;  // true if any segment used the "*=" form

  friend bool operator==(const Parameter&, const Parameter&) = default;
};

// Applies RFC 2231 to a parameter list: joins continuation segments in index order
// (sections 3 and 4.1; a missing *0 or a gap keeps the segments present, in order),
// percent-decodes extended segments and converts them from the charset named in the
// first segment. When both "name" and "name*" forms are present the RFC 2231 one wins
// (it is the precise one; old readers see the plain one). Otherwise duplicates keep
// their first value. Plain values containing RFC 2047 words ("=?utf-8?B?...?=", sent by
// many clients against RFC 2047 section 5) are decoded too; raw_value keeps them.
// Output order is the order of first appearance.
std::vector<Parameter> DecodeParameters(const std::vector<RawParameter>& raw);

// First parameter named `name` (case-insensitive), or nullptr; valid while `params` is.
const Parameter* FindParameter(const std::vector<Parameter>& params, std::string_view name);

}  // namespace tern::mail
