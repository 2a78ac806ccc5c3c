#pragma once
// Streaming encoder for the body of a POP3 multi-line response (RFC 1939 3):
//   "When all lines of the response have been sent, a final line is sent, consisting of
//   a termination octet (decimal code 046, ".") and a CRLF pair. If any line of the
//   multi-line response begins with the termination octet, the line is "byte-stuffed" by
//   pre-pending the termination octet to that line of the response."
// RFC 2449 3: multi-line = single-line *dot-stuffed "." CRLF ; dot-stuffed = *CHAR CRLF
//
// The session sends the +OK line itself, then feeds the message (RETR), the TopFilter's
// output (TOP) or listing lines through Encode in chunks of any size, then Finish.
//
// Line ends: stored mail is CRLF already, but every bare LF and every bare CR is sent as
// CRLF anyway, so that no client's idea of a line end differs from ours and no ".\n" or
// "\r.\r" can look like the terminator to a lax client. The session's LIST sizes count
// stored octets, which are the octets sent when the store holds CRLF text, as it does.
// Thus undoing the stuffing and the terminator gives back the input with its line ends
// made CRLF (and a final CRLF added if the data did not end with one).
//
// Not thread-safe; one encoder per response. Constant memory.

#include <string>
#include <string_view>

namespace tern::pop3::response {

// The line that ends every multi-line response.
inline constexpr std::string_view kMultilineEnd = ".\r\n";

class MultilineEncoder {
 public:
  // Appends the stuffed form of `bytes`, the next slice of the data (split anywhere), to
  // `out`: at most 2 * bytes.size() + 2 octets.
  void Encode(std::string_view bytes, std::string& out);

  // Ends the response: completes an unterminated last line with CRLF and appends ".\r\n".
  // The encoder is then ready for a new response.
  void Finish(std::string& out);

 private:
  bool at_line_start_ = true;
  bool pending_cr_ = false;  // a CR was seen; the next octet says if it is bare
};

// A whole multi-line response built in memory: Ok(text), then `body` (lines, CRLF-ended
// or not, e.g. LIST's scan listings) stuffed and terminated. For short, bounded bodies
// (listings, mechanism lists); messages stream through MultilineEncoder instead.
std::string OkMultiline(std::string_view text, std::string_view body);

}  // namespace tern::pop3::response
