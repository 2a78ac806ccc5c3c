#pragma once
// Incremental MIME parser (RFC 2045, RFC 2046, RFC 5322): bytes in, in pieces of any
// size; a MessageStructure with exact byte offsets out. It keeps no body bytes: only
// the header of the part being read (bounded by kMaxPartHeaderBytes), the first bytes
// of the current line (to recognise boundaries) and the tree itself, so a 100 MB
// message parses in a few kilobytes plus the tree. No I/O; STYLE habit 1.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mail/structure.h"

namespace tern::mail {

// Multipart and message/rfc822 nesting deeper than this is not parsed: the part at the
// limit is kept as an opaque leaf whose body runs to the enclosing boundary. Real test
// suites carry well-formed messages 105 levels deep (mailparse-rs nested.eml), so the
// cap sits above that; every recursive walk of the tree stays far from stack limits.
inline constexpr std::size_t kMaxMimeDepth = 128;
// Parts beyond this count (in the whole tree) are not created: the multipart that would
// get them stops looking for its boundary and the rest of its body stays unparsed.
inline constexpr std::size_t kMaxMimeParts = 5000;
// Header bytes of one part kept for parsing; the rest is skipped (offsets stay exact).
inline constexpr std::size_t kMaxPartHeaderBytes = 1024 * 1024;
// RFC 2046 section 5.1.1 allows 70; longer ones are seen in the wild, but a multipart
// whose boundary is longer than this is kept opaque.
inline constexpr std::size_t kMaxBoundaryLength = 200;

class MimeParser {
 public:
  MimeParser();
  MimeParser(const MimeParser&) = delete;
  MimeParser& operator=(const MimeParser&) = delete;

  // Consumes the next bytes of the message; any size including 0 and 1. The parser does
  // not keep `chunk`. Feeding after Finish() is ignored.
  void Feed(std::string_view chunk);

  // Ends the input and returns the structure. The result is the same however the
  // message was split into Feed() calls. Call once; later calls return an empty result.
  MessageStructure Finish();

 private:
  enum class State { kHeader, kLeaf, kMultipart, kMessage };
  struct Frame {
    MessagePart* part = nullptr;  // stable: a parent's children grow only when it is top
    State state = State::kHeader;
    std::string boundary;          // multipart, without the leading "--"
    bool boundary_active = false;  // false in the epilogue
    bool default_message = false;  // child of multipart/digest: default message/rfc822
    bool is_message_root = false;  // the top-level message or an encapsulated one
    std::uint64_t lf_at_body_start = 0;
  };

  void Append(std::string_view bytes);
  void EndLine();
  void ProcessLine(std::uint64_t content_len, std::uint64_t eol_len);
  int FindBoundary(std::string_view after_dashes) const;
  void OnBoundary(std::size_t frame_index, bool close);
  void EndHeader(std::uint64_t body_offset);
  void ApplyHeader(std::size_t frame_index);
  void CloseTop(std::uint64_t end);
  void PushPart(MessagePart* part, bool default_message, bool is_message_root);

  MessageStructure result_;
  std::vector<Frame> frames_;
  std::uint64_t offset_ = 0;        // octets consumed
  std::uint64_t line_start_ = 0;    // offset of the current line
  std::uint64_t line_len_ = 0;      // octets of the current line so far
  std::string line_prefix_;         // its first octets, enough to match a boundary
  char last_byte_ = 0;              // the current line's last two octets
  char second_last_byte_ = 0;
  std::uint64_t lf_count_ = 0;      // LFs before line_start_
  std::uint64_t prev_eol_len_ = 0;  // line-end length of the line before (0 at start)
  std::string header_buf_;          // header of the top part while it is in kHeader
  std::size_t header_buf_line_start_ = 0;
  std::size_t part_count_ = 0;
  bool finished_ = false;
};

// Convenience: parses a whole message held in memory.
MessageStructure ParseMessage(std::string_view message);

}  // namespace tern::mail
