#pragma once
// The second stage's tokenizer (STYLE habit 2): reads IMAP tokens (RFC 9051 4, 9) from a
// RawCommand. Command parsers (fetch.cc, search.cc, ...) use it and produce typed
// commands; nothing outside the grammar sees tokens.
//
// Every method either consumes its token and succeeds, or fails with kInvalidArgument
// (kLimit for nesting) and a short public text; after a failure the position is
// unspecified and the parse is abandoned. Not thread-safe; borrows the RawCommand, which
// must outlive the Cursor.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "imap/grammar/context.h"
#include "imap/grammar/raw_command.h"

namespace tern::imap::grammar {

// The data of a literal that ParseCommand hands over rather than interprets (APPEND
// messages): buffered bytes, or the handle the session streamed the data under.
struct LiteralData {
  std::uint64_t size = 0;
  bool binary = false;                         // literal8
  std::optional<std::uint64_t> stream_handle;  // set: data went to the session's sink
  std::string bytes;                           // set when not streamed
  bool operator==(const LiteralData&) const = default;
};

class Cursor {
 public:
  Cursor(const RawCommand& command, const ParseContext& context);

  const ParseContext& context() const { return context_; }
  std::size_t pos() const { return pos_; }
  void set_pos(std::size_t pos) { pos_ = pos; }
  // The command text in [from, to), positions from pos().
  std::string_view Text(std::size_t from, std::size_t to) const {
    return text_.substr(from, to - from);
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  // The next octet, or '\0' at the end.
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool TryChar(char c);
  // Consumes `c` or fails with "expected <what>".
  Status Expect(char c, std::string_view what);
  // SP; at the end of the command fails with "missing <what>" (what comes next).
  Status Sp(std::string_view what);
  // Succeeds at the end of the command; otherwise "unexpected data after <what>".
  Status End(std::string_view what);

  // Consumes `word` if the next token is that atom (ASCII case-insensitive) followed by a
  // non-atom character or the end. Nothing is consumed otherwise.
  bool TryWord(std::string_view word);
  // 1*ATOM-CHAR, or "expected <what>".
  Result<std::string> Atom(std::string_view what);
  // 1*ASTRING-CHAR (atoms that may contain "]"), possibly empty; no failure.
  std::string_view AstringChars();
  // 1*<chars matching pred>, possibly empty.
  template <typename Pred>
  std::string_view TakeWhile(Pred pred) {
    const std::size_t start = pos_;
    while (!AtEnd() && pred(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  // astring = 1*ASTRING-CHAR / string
  Result<std::string> AString(std::string_view what);
  // string = quoted / literal
  Result<std::string> String(std::string_view what);
  // nstring = string / nil; NIL yields nullopt.
  Result<std::optional<std::string>> NString(std::string_view what);
  // quoted = DQUOTE *QUOTED-CHAR DQUOTE; only \" and \\ escapes (RFC 9051 9).
  Result<std::string> Quoted(std::string_view what);
  // A literal (or literal8 when allow_binary) whose data is handed over as is; the only
  // place a streamed literal is accepted (APPEND).
  Result<LiteralData> MessageLiteral(bool allow_binary);
  bool AtLiteral() const {
    return Peek() == '{' || (Peek() == '~' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '{');
  }

  // number = 1*DIGIT (32-bit unsigned); nz-number excludes 0; number64 is 63-bit.
  Result<std::uint32_t> Number(std::string_view what);
  Result<std::uint32_t> NzNumber(std::string_view what);
  Result<std::uint64_t> Number64(std::string_view what);

  // "(" / ")" with a nesting count bounded by Limits::max_nesting_depth.
  Status Open(std::string_view what);
  Status Close(std::string_view what);

  static tl::unexpected<Error> Bad(std::string text);

 private:
  struct LiteralToken {
    const RawLiteral* literal = nullptr;
    std::string_view data;
  };
  Result<LiteralToken> Literal();

  std::string_view text_;
  const RawCommand& command_;
  const ParseContext& context_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace tern::imap::grammar
