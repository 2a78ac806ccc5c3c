#include "mail/content_type.h"

#include "mail/ascii.h"

namespace tern::mail {
namespace {

// RFC 2045 tspecials; 8-bit bytes are accepted in tokens (real mail has them).
bool IsTokenChar(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 32 || u == 127) return false;
  return std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const noexcept { return pos_ >= s_.size(); }
  char peek() const noexcept { return s_[pos_]; }
  void advance() noexcept { ++pos_; }
  std::size_t pos() const noexcept { return pos_; }
  std::string_view rest() const noexcept { return s_.substr(pos_); }

  // Skips whitespace and (nested) comments, RFC 5322 section 3.2.2 CFWS.
  void SkipCfws() {
    while (!done()) {
      const char c = peek();
      if (IsLinearSpace(c)) {
        advance();
      } else if (c == '(') {
        SkipComment();
      } else {
        break;
      }
    }
  }

  std::string_view Token() {
    const std::size_t start = pos_;
    while (!done() && IsTokenChar(peek())) advance();
    return s_.substr(start, pos_ - start);
  }

  // At '"': returns the unescaped content; an unterminated string runs to the end.
  std::string QuotedString() {
    std::string out;
    advance();
    while (!done()) {
      const char c = peek();
      advance();
      if (c == '"') break;
      if (c == '\\' && !done()) {
        out.push_back(peek());
        advance();
      } else if (c != '\r' && c != '\n') {
        out.push_back(c);
      }
    }
    return out;
  }

 private:
  void SkipComment() {
    int depth = 0;
    while (!done()) {
      const char c = peek();
      advance();
      if (c == '\\') {
        if (!done()) advance();
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth == 0) return;
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// Reads an unquoted parameter value up to ';' or a comment. Senders forget quotes around
// file names with spaces, so inner whitespace is kept and only the ends are trimmed.
std::string UnquotedValue(Cursor& c) {
  std::string_view rest = c.rest();
  std::size_t n = 0;
  while (n < rest.size() && rest[n] != ';' && rest[n] != '(') ++n;
  for (std::size_t i = 0; i < n; ++i) c.advance();
  return std::string(TrimLinearSpace(rest.substr(0, n)));
}

}  // namespace

std::vector<RawParameter> ParseParameterList(std::string_view text) {
  std::vector<RawParameter> out;
  Cursor c(text);
  while (!c.done()) {
    c.SkipCfws();
    if (c.done()) break;
    if (c.peek() == ';') {
      c.advance();
      continue;
    }
    const std::string_view name = c.Token();
    if (name.empty()) {
      c.advance();  // junk byte: skip it, there is no parameter here
      continue;
    }
    c.SkipCfws();
    if (c.done() || c.peek() != '=') continue;  // "name" alone: no value, ignored
    c.advance();
    c.SkipCfws();
    std::string value;
    if (!c.done() && c.peek() == '"') {
      value = c.QuotedString();
    } else {
      value = UnquotedValue(c);
    }
    if (out.size() < kMaxParameters) out.push_back(RawParameter{std::string(name), std::move(value)});
  }
  return out;
}

ContentType ParseContentType(std::string_view value) {
  ContentType ct;
  Cursor c(value);
  c.SkipCfws();
  const std::string_view type = c.Token();
  c.SkipCfws();
  if (!type.empty() && !c.done() && c.peek() == '/') {
    c.advance();
    c.SkipCfws();
    const std::string_view subtype = c.Token();
    if (!subtype.empty()) {
      ct.type = ToLowerAscii(type);
      ct.subtype = ToLowerAscii(subtype);
      ct.valid = true;
    }
  }
  const std::size_t semi = value.find(';', c.pos());
  if (semi != std::string_view::npos) {
    ct.params = DecodeParameters(ParseParameterList(value.substr(semi)));
  }
  return ct;
}

ContentDisposition ParseContentDisposition(std::string_view value) {
  ContentDisposition cd;
  Cursor c(value);
  c.SkipCfws();
  cd.type = ToLowerAscii(c.Token());
  const std::size_t semi = value.find(';', c.pos());
  if (semi != std::string_view::npos) {
    cd.params = DecodeParameters(ParseParameterList(value.substr(semi)));
  } else if (value.find('=') != std::string_view::npos) {
    // "filename=x" without a type: keep the parameters (some senders omit the type).
    cd.type.clear();
    cd.params = DecodeParameters(ParseParameterList(value));
  }
  return cd;
}

std::vector<std::string> ParseLanguageList(std::string_view value) {
  std::vector<std::string> out;
  Cursor c(value);
  while (!c.done()) {
    c.SkipCfws();
    if (c.done()) break;
    if (c.peek() == ',') {
      c.advance();
      continue;
    }
    std::string_view tag = c.Token();
    if (tag.empty()) {
      c.advance();
      continue;
    }
    if (out.size() < kMaxParameters) out.emplace_back(tag);
  }
  return out;
}

std::string StripComments(std::string_view value) {
  std::string out;
  Cursor c(value);
  while (!c.done()) {
    const char ch = c.peek();
    if (ch == '(') {
      c.SkipCfws();
      out.push_back(' ');
    } else if (ch == '"') {
      const std::size_t start = c.pos();
      c.QuotedString();
      out.append(value.substr(start, c.pos() - start));
    } else {
      out.push_back(ch);
      c.advance();
    }
  }
  return std::string(TrimLinearSpace(out));
}

}  // namespace tern::mail
