#pragma once
// Typed SMTP reply -> bytes (RFC 5321 4.2, RFC 2034 enhanced status codes).
//
//   Reply-line     = *( Reply-code "-" [ textstring ] CRLF )
//                    Reply-code [ SP textstring ] CRLF
//   Reply-code     = %x32-35 %x30-35 %x30-39
//   textstring     = 1*(%d09 / %d32-126) ; HT, SP, Printable US-ASCII
// RFC 2034 4: status-code ::= class "." subject "." detail; the same code "must appear at
// the beginning of the text in each line" of a multiline reply, and "All status codes
// returned by the server must agree with the primary response code".

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tern::smtp::response {

// A reply known at compile time, e.g. replies::kSenderOk. Views are static.
struct CannedReply {
  int code;
  std::string_view enhanced;  // "" for none (3xx, greetings)
  std::string_view text;
};

struct Reply {
  int code = 250;
  // RFC 3463 "class.subject.detail" agreeing with code's first digit; empty for none.
  std::string enhanced;
  // One entry per reply line, without the code. Empty renders one line of just the code.
  std::vector<std::string> lines;

  Reply() = default;
  Reply(int reply_code, std::string enhanced_code, std::vector<std::string> text_lines)
      : code(reply_code), enhanced(std::move(enhanced_code)), lines(std::move(text_lines)) {}
  Reply(int reply_code, std::string enhanced_code, std::string text)
      : code(reply_code), enhanced(std::move(enhanced_code)), lines{std::move(text)} {}
  // NOLINTNEXTLINE(google-explicit-constructor): canned replies convert where a Reply goes.
  Reply(const CannedReply& canned)
      : code(canned.code), enhanced(canned.enhanced), lines{std::string(canned.text)} {}

  // A canned reply with other text ("550 5.1.1 <bob@example.org>: no such user").
  static Reply WithText(const CannedReply& canned, std::string text) {
    return Reply(canned.code, std::string(canned.enhanced), std::move(text));
  }

  bool IsPositive() const { return code >= 200 && code < 400; }
  bool IsTransientFailure() const { return code >= 400 && code < 500; }
  bool IsPermanentFailure() const { return code >= 500; }

  // Appends the wire form to `out`: "250-a\r\n250 b\r\n". The enhanced code is written
  // only when `enhanced_codes` (the session advertised ENHANCEDSTATUSCODES) and the
  // reply is not 3xx. Text is made safe: octets other than HT and %d32-126 (CR, LF, NUL,
  // 8-bit) become '?', so no text, whatever its source, can inject a reply line; a line
  // longer than RFC 5321 4.5.3.1.5's 512 octets (CRLF included) is cut to fit.
  void AppendTo(std::string& out, bool enhanced_codes = true) const;
  std::string ToWire(bool enhanced_codes = true) const;

  bool operator==(const Reply&) const = default;
};

// RFC 5321 4.5.3.1.5: "The maximum total length of a reply line including the reply code
// and the <CRLF> is 512 octets."
inline constexpr std::size_t kMaxReplyLineLength = 512;

// True for "class.subject.detail" with class 2/4/5 and 1-3 digit subject and detail.
bool IsEnhancedStatusCode(std::string_view s);

}  // namespace tern::smtp::response
