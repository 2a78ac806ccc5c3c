#include "imap/grammar/cursor.h"

#include <algorithm>
#include <cctype>

#include "base/utf8.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {

Cursor::Cursor(const RawCommand& command, const ParseContext& context)
    : text_(command.text), command_(command), context_(context) {}

tl::unexpected<Error> Cursor::Bad(std::string text) {
  return Fail(ErrorCode::kInvalidArgument, std::move(text));
}

bool Cursor::TryChar(char c) {
  if (Peek() != c || AtEnd()) return false;
  ++pos_;
  return true;
}

Status Cursor::Expect(char c, std::string_view what) {
  if (TryChar(c)) return Ok();
  return Bad("expected " + std::string(what));
}

Status Cursor::Sp(std::string_view what) {
  if (TryChar(' ')) return Ok();
  if (AtEnd()) return Bad("missing " + std::string(what));
  return Bad("expected SP before " + std::string(what));
}

Status Cursor::End(std::string_view what) {
  if (AtEnd()) return Ok();
  return Bad("unexpected data after " + std::string(what));
}

bool Cursor::TryWord(std::string_view word) {
  if (text_.size() - pos_ < word.size()) return false;
  if (!EqualsIgnoreCase(text_.substr(pos_, word.size()), word)) return false;
  const std::size_t after = pos_ + word.size();
  if (after < text_.size() && IsAtomChar(static_cast<unsigned char>(text_[after])) &&
      IsAtomChar(static_cast<unsigned char>(word.back()))) {
    return false;
  }
  pos_ = after;
  return true;
}

Result<std::string> Cursor::Atom(std::string_view what) {
  const std::string_view a = TakeWhile(IsAtomChar);
  if (a.empty()) return Bad("expected " + std::string(what));
  return std::string(a);
}

std::string_view Cursor::AstringChars() { return TakeWhile(IsAstringChar); }

Result<std::string> Cursor::Quoted(std::string_view what) {
  if (!TryChar('"')) return Bad("expected " + std::string(what));
  std::string out;
  bool eight_bit = false;
  for (;;) {
    if (AtEnd()) return Bad("unterminated quoted string");
    const char c = text_[pos_++];
    if (c == '"') break;
    if (c == '\\') {
      const char e = Peek();
      // RFC 9051 9: QUOTED-CHAR = ... / "\" quoted-specials; nothing else is escaped.
      if (e != '"' && e != '\\') return Bad("invalid escape in quoted string");
      out += e;
      ++pos_;
      continue;
    }
    if (c == '\r' || c == '\n' || c == '\0') return Bad("invalid character in quoted string");
    if (static_cast<unsigned char>(c) >= 0x80) eight_bit = true;
    out += c;
  }
  // RFC 9051 allows UTF8-2..4 in quoted strings; RFC 3501 does not, but IMAP4rev1 clients
  // do send 8-bit SEARCH strings quoted (Dovecot accepts them), so only UTF-8 mode, where
  // the octets are known to be UTF-8, checks them.
  if (eight_bit && context_.IsUtf8() && !IsValidUtf8(out)) {
    return Bad("invalid UTF-8 in quoted string");
  }
  return out;
}

Result<Cursor::LiteralToken> Cursor::Literal() {
  const bool binary = TryChar('~');
  if (!TryChar('{')) return Bad("malformed literal");
  const std::string_view digits = TakeWhile([](unsigned char c) { return std::isdigit(c); });
  TryChar('+');
  if (digits.empty() || !TryChar('}') || !TryChar('\r') || !TryChar('\n')) {
    return Bad("malformed literal");
  }
  const auto it = std::find_if(command_.literals.begin(), command_.literals.end(),
                               [&](const RawLiteral& l) { return l.offset == pos_; });
  if (it == command_.literals.end() || it->binary != binary) return Bad("malformed literal");
  LiteralToken t;
  t.literal = &*it;
  if (!it->stream_handle) {
    if (it->size > text_.size() - pos_) return Bad("malformed literal");
    t.data = text_.substr(pos_, static_cast<std::size_t>(it->size));
    pos_ += static_cast<std::size_t>(it->size);
  }
  return t;
}

Result<std::string> Cursor::String(std::string_view what) {
  if (Peek() == '"') return Quoted(what);
  if (!AtLiteral()) return Bad("expected " + std::string(what));
  auto t = Literal();
  if (!t) return Fail(t.error());
  // literal8 belongs to APPEND only (RFC 3516 4.2); a streamed literal only to APPEND.
  if (t->literal->binary) return Bad("literal8 not allowed here");
  if (t->literal->stream_handle) return Bad("unexpected streamed literal");
  // literal = ... *CHAR8; CHAR8 = %x01-ff: NUL needs literal8.
  if (t->data.find('\0') != std::string_view::npos) return Bad("NUL in literal");
  return std::string(t->data);
}

Result<std::string> Cursor::AString(std::string_view what) {
  if (Peek() == '"' || AtLiteral()) return String(what);
  const std::string_view a = AstringChars();
  if (a.empty()) return Bad("expected " + std::string(what));
  return std::string(a);
}

Result<std::optional<std::string>> Cursor::NString(std::string_view what) {
  if (TryWord("NIL")) return std::optional<std::string>();
  auto s = String(what);
  if (!s) return Fail(s.error());
  return std::optional<std::string>(std::move(*s));
}

Result<LiteralData> Cursor::MessageLiteral(bool allow_binary) {
  if (!AtLiteral()) return Bad("expected message literal");
  auto t = Literal();
  if (!t) return Fail(t.error());
  if (t->literal->binary && !allow_binary) return Bad("literal8 not allowed here");
  if (!t->literal->binary && t->data.find('\0') != std::string_view::npos) {
    return Bad("NUL in literal (use literal8)");
  }
  LiteralData d;
  d.size = t->literal->size;
  d.binary = t->literal->binary;
  d.stream_handle = t->literal->stream_handle;
  d.bytes = std::string(t->data);
  return d;
}

Result<std::uint64_t> Cursor::Number64(std::string_view what) {
  const std::string_view digits = TakeWhile([](unsigned char c) { return std::isdigit(c); });
  if (digits.empty()) return Bad("expected " + std::string(what));
  std::uint64_t v = 0;
  for (char c : digits) {
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    // number64 = 1*DIGIT ; Unsigned 63-bit integer (RFC 9051 9)
    if (v > 0x7fffffffffffffffULL) return Bad("number too large: " + std::string(what));
  }
  return v;
}

Result<std::uint32_t> Cursor::Number(std::string_view what) {
  auto v = Number64(what);
  if (!v) return Fail(v.error());
  // number = 1*DIGIT ; Unsigned 32-bit integer (0 <= n < 4,294,967,296)
  if (*v > 0xffffffffULL) return Bad("number too large: " + std::string(what));
  return static_cast<std::uint32_t>(*v);
}

Result<std::uint32_t> Cursor::NzNumber(std::string_view what) {
  auto v = Number(what);
  if (!v) return Fail(v.error());
  if (*v == 0) return Bad("zero is not a valid " + std::string(what));
  return *v;
}

Status Cursor::Open(std::string_view what) {
  if (!TryChar('(')) return Bad("expected ( before " + std::string(what));
  if (++depth_ > context_.limits.max_nesting_depth) {
    return Fail(ErrorCode::kLimit, "too deeply nested");
  }
  return Ok();
}

Status Cursor::Close(std::string_view what) {
  if (!TryChar(')')) return Bad("expected ) after " + std::string(what));
  if (depth_ > 0) --depth_;
  return Ok();
}

}  // namespace tern::imap::grammar
