#pragma once
// The reference model of what dot-stuffing does to line ends (mail::DotStuffer): every
// CRLF, bare CR and bare LF becomes CRLF, and non-empty data ends with one. Shared by
// the unit tests and the fuzz targets that check the stuffer and DATA's decoder.

#include <string>
#include <string_view>

namespace tern::testing_support {

inline std::string NormalizeLineEnds(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out += s[i];
    }
  }
  if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
  return out;
}

}  // namespace tern::testing_support
