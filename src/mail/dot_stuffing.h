#pragma once
// Dot-stuffing, the transparency procedure POP3 multi-line responses (RFC 1939 section 3)
// and SMTP DATA (RFC 5321 section 4.5.2) share: a line that begins with "." gets one
// more "." in front, and the data ends with a line holding only ".".
//
// Line ends: stored mail is CRLF already, but every bare LF and every bare CR is sent as
// CRLF anyway, so that no receiver's idea of a line end differs from ours and no ".\n" or
// "\r.\r" can look like the terminator to a lax peer (the "SMTP smuggling" family; RFC
// 5321 2.3.8: "<CR> and <LF> MUST NOT appear except when used in combination"). Undoing
// the stuffing and the terminator thus gives back the input with its line ends made
// CRLF, and a final CRLF added if the data did not end with one.
//
// Not thread-safe; one stuffer per stream. Constant memory.

#include <string>
#include <string_view>

namespace tern::mail {

// The line that ends dot-stuffed data.
inline constexpr std::string_view kDotStuffedEnd = ".\r\n";

class DotStuffer {
 public:
  // Appends the stuffed form of `bytes`, the next slice of the data (split anywhere), to
  // `out`: at most 2 * bytes.size() + 2 octets.
  void Encode(std::string_view bytes, std::string& out);

  // Ends the data: completes an unterminated last line with CRLF and appends ".\r\n".
  // The stuffer is then ready for new data.
  void Finish(std::string& out);

 private:
  bool at_line_start_ = true;
  bool pending_cr_ = false;  // a CR was seen; the next octet says if it is bare
};

}  // namespace tern::mail
