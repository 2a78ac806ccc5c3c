#include "smtp/grammar/params.h"

#include <limits>

#include "smtp/grammar/limits.h"
#include "smtp/grammar/reply_error.h"
#include "smtp/grammar/syntax.h"

namespace tern::smtp::grammar {
namespace {

tl::unexpected<Error> BadParam(std::string text) {
  return Fail(syntax_replies::BadArguments(std::move(text)).ToError());
}

bool IsKeyword(std::string_view k) {
  if (k.empty() || !IsLetDig(k[0])) return false;
  for (char c : k) {
    if (!IsLetDig(c) && c != '-') return false;
  }
  return true;
}

bool IsEsmtpValue(std::string_view v, bool allow_utf8) {
  if (v.empty()) return false;
  for (std::size_t i = 0; i < v.size();) {
    char c = v[i];
    if (c >= 33 && c <= 126 && c != '=') {
      ++i;
      continue;
    }
    std::size_t n = allow_utf8 ? Utf8NonAsciiLength(v, i) : 0;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::optional<std::uint64_t> ParseSize(std::string_view v) {
  if (v.empty() || v.size() > kMaxSizeValueDigits) return std::nullopt;
  std::uint64_t n = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (char c : v) {
    if (!IsDigit(c)) return std::nullopt;
    auto d = static_cast<std::uint64_t>(c - '0');
    n = (n > (kMax - d) / 10) ? kMax : n * 10 + d;
  }
  return n;
}

}  // namespace

std::optional<std::string> DecodeXtext(std::string_view s, bool allow_utf8) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '+') {
      auto upper_hex = [](char h) { return IsDigit(h) || (h >= 'A' && h <= 'F'); };
      if (i + 2 >= s.size() || !upper_hex(s[i + 1]) || !upper_hex(s[i + 2])) {
        return std::nullopt;
      }
      auto nibble = [](char h) { return IsDigit(h) ? h - '0' : h - 'A' + 10; };
      out += static_cast<char>(nibble(s[i + 1]) * 16 + nibble(s[i + 2]));
      i += 3;
      continue;
    }
    if (c >= 33 && c <= 126 && c != '=') {
      out += c;
      ++i;
      continue;
    }
    std::size_t n = allow_utf8 ? Utf8NonAsciiLength(s, i) : 0;
    if (n == 0) return std::nullopt;
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string EncodeXtext(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (c >= 33 && c <= 126 && c != '+' && c != '=') {
      out += c;
    } else {
      auto b = static_cast<unsigned char>(c);
      out += '+';
      out += kHex[b >> 4];
      out += kHex[b & 0xf];
    }
  }
  return out;
}

Result<std::vector<EsmtpParam>> SplitParams(std::string_view s, bool allow_utf8) {
  std::vector<EsmtpParam> params;
  if (s.empty()) return params;
  for (;;) {
    auto sp = s.find(' ');
    std::string_view item = s.substr(0, sp);
    auto eq = item.find('=');
    std::string_view keyword = item.substr(0, eq);
    if (!IsKeyword(keyword)) return BadParam("Bad parameter keyword");
    EsmtpParam p;
    p.keyword = ToUpperAscii(keyword);
    if (eq != std::string_view::npos) {
      std::string_view value = item.substr(eq + 1);
      if (!IsEsmtpValue(value, allow_utf8)) return BadParam("Bad value for " + p.keyword);
      p.value = std::string(value);
    }
    for (const EsmtpParam& seen : params) {
      if (seen.keyword == p.keyword) return BadParam("Duplicate parameter " + p.keyword);
    }
    params.push_back(std::move(p));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
    // "A B" only: an empty item means two spaces or a trailing space.
    if (s.empty() || s[0] == ' ') return BadParam("Extra space in parameters");
  }
  return params;
}

Result<MailParams> ParseMailParams(std::string_view s) {
  // SMTPUTF8 decides whether the other values may carry UTF-8, so look for it first.
  auto ascii = SplitParams(s, true);
  if (!ascii) return Fail(std::move(ascii).error());
  bool utf8 = false;
  for (const EsmtpParam& p : *ascii) utf8 = utf8 || p.keyword == "SMTPUTF8";
  if (!utf8) {
    auto strict = SplitParams(s, false);
    if (!strict) return Fail(std::move(strict).error());
  }

  MailParams out;
  for (EsmtpParam& p : *ascii) {
    const std::string& k = p.keyword;
    bool needs_value = k == "SIZE" || k == "BODY" || k == "AUTH" || k == "RET" || k == "ENVID";
    if (needs_value && !p.value) return BadParam(k + " needs a value");
    if (k == "SIZE") {
      out.size = ParseSize(*p.value);
      if (!out.size) return BadParam("Bad SIZE value");
    } else if (k == "BODY") {
      const std::string& v = *p.value;
      if (EqualsIgnoreCase(v, "7BIT")) {
        out.body = BodyType::k7Bit;
      } else if (EqualsIgnoreCase(v, "8BITMIME")) {
        out.body = BodyType::k8BitMime;
      } else if (EqualsIgnoreCase(v, "BINARYMIME")) {
        out.body = BodyType::kBinaryMime;
      } else {
        return BadParam("Bad BODY value");
      }
    } else if (k == "SMTPUTF8") {
      // RFC 6531 3.4: "The SMTPUTF8 parameter does not accept a value."
      if (p.value) return BadParam("SMTPUTF8 takes no value");
      out.smtputf8 = true;
    } else if (k == "AUTH") {
      // RFC 4954 5: auth-param = "AUTH=" ("<" ">" / xtext-encoded mailbox)
      out.auth = DecodeXtext(*p.value, utf8);
      if (!out.auth) return BadParam("Bad AUTH value");
    } else if (k == "RET") {
      const std::string& v = *p.value;
      if (EqualsIgnoreCase(v, "FULL")) {
        out.ret = DsnReturn::kFull;
      } else if (EqualsIgnoreCase(v, "HDRS")) {
        out.ret = DsnReturn::kHeaders;
      } else {
        return BadParam("Bad RET value");
      }
    } else if (k == "ENVID") {
      const std::string& v = *p.value;
      if (v.size() > kMaxEnvidLength) return BadParam("ENVID too long");
      out.envid = DecodeXtext(v, utf8);
      if (!out.envid) return BadParam("Bad ENVID value");
    } else {
      out.unknown.push_back(std::move(p));
    }
  }
  return out;
}

Result<RcptParams> ParseRcptParams(std::string_view s, bool allow_utf8) {
  auto params = SplitParams(s, allow_utf8);
  if (!params) return Fail(std::move(params).error());
  RcptParams out;
  for (EsmtpParam& p : *params) {
    if (p.keyword == "NOTIFY") {
      if (!p.value) return BadParam("NOTIFY needs a value");
      DsnNotify n;
      std::string_view v = *p.value;
      for (;;) {
        auto comma = v.find(',');
        std::string_view item = v.substr(0, comma);
        if (EqualsIgnoreCase(item, "NEVER")) {
          n.never = true;
        } else if (EqualsIgnoreCase(item, "SUCCESS")) {
          n.success = true;
        } else if (EqualsIgnoreCase(item, "FAILURE")) {
          n.failure = true;
        } else if (EqualsIgnoreCase(item, "DELAY")) {
          n.delay = true;
        } else {
          return BadParam("Bad NOTIFY value");
        }
        if (comma == std::string_view::npos) break;
        v.remove_prefix(comma + 1);
      }
      // "NEVER" stands alone: it cannot be combined with the list elements.
      if (n.never && (n.success || n.failure || n.delay)) {
        return BadParam("NOTIFY=NEVER cannot be combined");
      }
      out.notify = n;
    } else if (p.keyword == "ORCPT") {
      if (!p.value) return BadParam("ORCPT needs a value");
      std::string_view v = *p.value;
      if (v.size() > kMaxOrcptLength) return BadParam("ORCPT too long");
      auto semi = v.find(';');
      if (semi == std::string_view::npos || semi == 0) return BadParam("Bad ORCPT value");
      std::string_view type = v.substr(0, semi);
      for (char c : type) {
        if (!IsAtext(c)) return BadParam("Bad ORCPT address type");
      }
      auto address = DecodeXtext(v.substr(semi + 1), allow_utf8);
      if (!address || address->empty()) return BadParam("Bad ORCPT address");
      out.orcpt = OriginalRecipient{std::string(type), std::move(*address)};
    } else {
      out.unknown.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace tern::smtp::grammar
