#include "mail/address.h"

#include "mail/ascii.h"

namespace tern::mail {
namespace {

enum class TokenKind { kAtom, kQuoted, kDomainLiteral, kSpecial, kComment };

struct Token {
  TokenKind kind;
  std::string text;  // atom text; quoted/comment content unescaped; the special char
  std::string raw;   // as written (quoted string with quotes, literal with brackets)
};

// RFC 5322 section 3.2.3 specials (without '"' and '(' which start their own tokens).
bool IsSpecial(char c) noexcept { return std::string_view("<>[]:;@\\,.").find(c) != std::string_view::npos; }

// Appends to `out` the content of a delimited run starting at s[i] (the opening char),
// handling backslash escapes; returns the index after the closing char (or the end).
std::size_t ReadDelimited(std::string_view s, std::size_t i, char close, bool nest,
                          std::string& out) {
  const char open = s[i];
  int depth = 1;
  ++i;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      out.push_back(s[i + 1]);
      i += 2;
      continue;
    }
    ++i;
    if (nest && c == open) {
      ++depth;
    } else if (c == close) {
      if (--depth == 0) return i;
    }
    if (c == '\r' || c == '\n') continue;  // folding inside a quoted string or comment
    out.push_back(c);
  }
  return i;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsLinearSpace(c)) {
      ++i;
    } else if (c == '"') {
      Token t{TokenKind::kQuoted, {}, {}};
      const std::size_t end = ReadDelimited(s, i, '"', false, t.text);
      t.raw = std::string(s.substr(i, end - i));
      tokens.push_back(std::move(t));
      i = end;
    } else if (c == '(') {
      Token t{TokenKind::kComment, {}, {}};
      i = ReadDelimited(s, i, ')', true, t.text);
      tokens.push_back(std::move(t));
    } else if (c == '[') {
      Token t{TokenKind::kDomainLiteral, {}, {}};
      const std::size_t end = ReadDelimited(s, i, ']', false, t.text);
      t.raw = std::string(s.substr(i, end - i));
      tokens.push_back(std::move(t));
      i = end;
    } else if (IsSpecial(c)) {
      tokens.push_back(Token{TokenKind::kSpecial, std::string(1, c), std::string(1, c)});
      ++i;
    } else {
      const std::size_t start = i;
      while (i < s.size() && !IsLinearSpace(s[i]) && !IsSpecial(s[i]) && s[i] != '"' &&
             s[i] != '(') {
        ++i;
      }
      std::string text(s.substr(start, i - start));
      tokens.push_back(Token{TokenKind::kAtom, text, text});
    }
  }
  return tokens;
}

bool IsSpecialToken(const Token& t, char c) {
  return t.kind == TokenKind::kSpecial && t.text[0] == c;
}

class AddressParser {
 public:
  explicit AddressParser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  std::vector<Address> Run() {
    while (i_ < t_.size() && out_.size() < kMaxAddresses) {
      const std::size_t before = i_;
      ParseOne();
      if (i_ == before) ++i_;  // always make progress over junk
    }
    if (in_group_ && out_.size() < kMaxAddresses + 1) out_.push_back(Address{});
    return std::move(out_);
  }

 private:
  bool AtSpecial(char c) const { return i_ < t_.size() && IsSpecialToken(t_[i_], c); }

  // Reads the tokens of a phrase or obs-local-part up to one of the delimiters.
  // `phrase` gets display-name text, `local` the local-part as written.
  void ReadWords(std::string& phrase, std::string& local, std::string& comment, bool& any) {
    while (i_ < t_.size()) {
      const Token& t = t_[i_];
      if (t.kind == TokenKind::kSpecial && t.text[0] != '.') break;
      ++i_;
      if (t.kind == TokenKind::kComment) {
        comment = t.text;
        continue;
      }
      any = true;
      if (t.kind == TokenKind::kSpecial) {  // '.', obs-phrase
        phrase += '.';
        local += '.';
        continue;
      }
      if (!phrase.empty()) phrase += ' ';
      phrase += t.kind == TokenKind::kQuoted ? t.text : t.raw;
      if (!local.empty() && local.back() != '.') local += ' ';
      local += t.raw;
    }
  }

  // Reads a domain: atoms, dots and literals, up to a delimiter.
  std::string ReadDomain(std::string& comment) {
    std::string domain;
    while (i_ < t_.size()) {
      const Token& t = t_[i_];
      if (t.kind == TokenKind::kComment) {
        comment = t.text;
        ++i_;
        continue;
      }
      if (t.kind == TokenKind::kSpecial && t.text[0] != '.') break;
      domain += t.raw;
      ++i_;
    }
    return domain;
  }

  void SkipTo(std::string_view stops) {
    while (i_ < t_.size()) {
      const Token& t = t_[i_];
      if (t.kind == TokenKind::kSpecial && stops.find(t.text[0]) != std::string_view::npos) return;
      ++i_;
    }
  }

  void ParseOne() {
    std::string phrase;
    std::string local;
    std::string comment;
    bool any = false;
    ReadWords(phrase, local, comment, any);
    if (i_ >= t_.size() || AtSpecial(',') || AtSpecial(';') || AtSpecial('>')) {
      if (any) out_.push_back(Address{std::nullopt, std::nullopt, local, std::string()});
    } else if (AtSpecial(':')) {
      ++i_;
      if (in_group_) {
        // Nested group: not allowed (RFC 5322 section 3.4); treat the name as junk.
        return;
      }
      in_group_ = true;
      out_.push_back(Address{std::nullopt, std::nullopt, phrase, std::nullopt});
      return;
    } else if (AtSpecial('<')) {
      ++i_;
      ParseAngle(any ? std::optional<std::string>(phrase) : std::nullopt);
    } else if (AtSpecial('@')) {
      ++i_;
      std::string domain_comment;
      std::string domain = ReadDomain(domain_comment);
      std::optional<std::string> name;
      if (!domain_comment.empty()) name = domain_comment;
      else if (!comment.empty()) name = comment;
      out_.push_back(Address{name, std::nullopt, local, domain});
      // "a@b <c@d>" and other junk after the addr-spec: skip to the next separator.
      SkipTo(",;");
    }
    if (AtSpecial(',')) {
      ++i_;
    } else if (AtSpecial(';')) {
      ++i_;
      if (in_group_) {
        in_group_ = false;
        out_.push_back(Address{});
      }
    } else if (AtSpecial('>')) {
      ++i_;
    }
  }

  // After '<': [obs-route] addr-spec '>'.
  void ParseAngle(std::optional<std::string> name) {
    std::optional<std::string> adl;
    if (AtSpecial('@')) {
      // obs-route = obs-domain-list ":"; the list is "@a,@b" with optional empties.
      std::string route;
      while (i_ < t_.size() && !AtSpecial(':') && !AtSpecial('>')) {
        const Token& t = t_[i_];
        if (t.kind != TokenKind::kComment) route += t.raw;
        ++i_;
      }
      if (AtSpecial(':')) {
        ++i_;
        adl = route;
      }
    }
    std::string phrase;
    std::string local;
    std::string comment;
    bool any = false;
    ReadWords(phrase, local, comment, any);
    std::string domain;
    if (AtSpecial('@')) {
      ++i_;
      std::string domain_comment;
      domain = ReadDomain(domain_comment);
    }
    SkipTo(">,;");
    if (AtSpecial('>')) ++i_;
    // "<>" (the null reverse path) has neither mailbox nor host; keep it as empty.
    out_.push_back(Address{std::move(name), std::move(adl), local, domain});
    SkipTo(",;");
  }

  std::vector<Token> t_;
  std::size_t i_ = 0;
  bool in_group_ = false;
  std::vector<Address> out_;
};

}  // namespace

std::vector<Address> ParseAddressList(std::string_view value) {
  return AddressParser(Tokenize(value)).Run();
}

}  // namespace tern::mail
