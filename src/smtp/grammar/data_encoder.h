#pragma once
// Streaming encoder for sending a message in DATA (RFC 5321 4.5.2, sender side): "Before
// sending a line of mail text, the SMTP client checks the first character of the line.
// If it is a period, one additional period is inserted at the beginning of the line."
// Finish() then appends the end-of-data indicator.
//
// It lives beside DataDecoder, not in response/, because the two are one transparency
// procedure: the fuzz target round-trips them and links this library only.
//
// Be conservative in what you send (RFC 5321 2.3.8: "<CR> and <LF> MUST NOT appear
// except when used in combination"): every bare CR and every bare LF is sent as CRLF, so
// no receiver's idea of a line end can differ from ours, and no ".\n" / "\r.\r" variant of
// the terminator can reach the next hop (the "SMTP smuggling" family). Thus
// DataDecoder(Encode(m)) is m with its line ends made CRLF.
//
// Not thread-safe; one encoder per message. Constant memory.

#include <string>
#include <string_view>

namespace tern::smtp::grammar {

class DataEncoder {
 public:
  // Appends the stuffed form of `message_bytes`, the next slice of the message (split
  // anywhere), to `out`: at most 2 * message_bytes.size() + 2 octets.
  void Encode(std::string_view message_bytes, std::string& out);

  // Ends the message: completes an unterminated last line with CRLF and appends
  // ".\r\n". The encoder is then ready for a new message.
  void Finish(std::string& out);

 private:
  bool at_line_start_ = true;
  bool pending_cr_ = false;  // a CR was seen; the next octet says if it is bare
};

}  // namespace tern::smtp::grammar
