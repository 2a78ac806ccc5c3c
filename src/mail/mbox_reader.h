#pragma once
// Splits an mbox file (RFC 4155) into messages, streaming: input in pieces of any size,
// messages out as callbacks, never a whole message in memory.
//
// A message starts at a "From " line at the start of the file or after an empty line
// (the mboxo/mboxrd convention); the empty line before a "From " line is the separator,
// not message content. Quoted From lines (">From ", ">>From ", ...) lose one '>' as
// mboxrd defines; for mboxo files this also unquotes lines that were ">From " in the
// original, the ambiguity RFC 4155 section 2 describes. Content-Length (mboxcl) is
// ignored: it is unreliable in files edited by hand, and the From-line rule is what every
// reader falls back to.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tern::mail {

class MboxReader {
 public:
  struct Callbacks {
    // A message begins; `from_line` is its separator line without the line ending.
    std::function<void(std::string_view from_line)> begin;
    // Bytes of the current message, unquoted, line endings as in the file.
    std::function<void(std::string_view bytes)> data;
    // The current message ended.
    std::function<void()> end;
  };

  explicit MboxReader(Callbacks callbacks) : cb_(std::move(callbacks)) {}

  void Feed(std::string_view chunk);
  // Ends the last message. Call once, after the last Feed.
  void Finish();

  // Bytes before the first From line that were not part of any message (0 for a
  // well-formed mbox); the importer reports them.
  int64_t skipped_bytes() const { return skipped_; }

 private:
  void Line(std::string_view line, bool complete);
  void Emit(std::string_view bytes);

  // Lines longer than this are passed on in pieces: they cannot be From lines that
  // matter, and the reader stays bounded.
  static constexpr size_t kMaxBufferedLine = 64 * 1024;

  Callbacks cb_;
  std::string line_;
  bool in_message_ = false;
  bool at_line_start_ = true;       // the buffered line began at a line start
  bool pending_blank_ = false;      // an empty line held back: separator or content?
  std::string pending_blank_text_;  // "\n" or "\r\n"
  bool previous_blank_ = true;      // the start of the file counts as after a blank line
  int64_t skipped_ = 0;
};

// The date of a From_ line ("From sender Tue Jan  1 00:00:00 2002") as Unix time, if
// it has one in asctime form.
std::optional<int64_t> MboxFromLineDate(std::string_view from_line);

}  // namespace tern::mail
