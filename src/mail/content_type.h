#pragma once
// Content-Type (RFC 2045 section 5), Content-Disposition (RFC 2183) and
// Content-Language (RFC 3282) field values. Tolerant: comments anywhere (RFC 5322
// CFWS), unquoted values with spaces, a missing closing quote, a missing ";" before a
// parameter, duplicates (first wins).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mail/rfc2231.h"

namespace tern::mail {

// Parameters beyond this count in one field are ignored.
inline constexpr std::size_t kMaxParameters = 128;

struct ContentType {
  std::string type;     // lower case, e.g. "text"
  std::string subtype;  // lower case, e.g. "plain"
  std::vector<Parameter> params;
  // False if the value had no "type/subtype"; RFC 2045 section 5.2 then says to treat
  // the part as text/plain; charset=us-ascii, which the MIME parser does.
  bool valid = false;
};

struct ContentDisposition {
  std::string type;  // lower case, e.g. "attachment"; empty if the value had none
  std::vector<Parameter> params;
};

// Parses a Content-Type value (unfolded or not). Never fails; see ContentType::valid.
ContentType ParseContentType(std::string_view value);

// Parses a Content-Disposition value. Never fails.
ContentDisposition ParseContentDisposition(std::string_view value);

// Parses the ";"-separated parameter list that follows a type: `text` starts at or
// before the first ";". Exposed for tests and other parameterised fields.
std::vector<RawParameter> ParseParameterList(std::string_view text);

// RFC 3282: Content-Language = Language-List, comma-separated tags with CFWS.
std::vector<std::string> ParseLanguageList(std::string_view value);

// Removes RFC 5322 comments and surrounding whitespace from a simple structured value
// (Content-Transfer-Encoding, Content-ID, MIME-Version); quoted strings are kept.
std::string StripComments(std::string_view value);

}  // namespace tern::mail
