#include "mail/preview.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "base/utf8.h"
#include "mail/ascii.h"
#include "mail/search_text.h"
#include "mail/transfer_decode.h"

namespace tern::mail {
namespace {

bool IsPreviewedPart(const MessagePart& part) {
  return part.children.empty() && !part.IsMessage() && part.type == "text" &&
         (part.subtype == "plain" || part.subtype == "html") &&
         part.disposition.value_or("") != "attachment";
}

bool IsNameChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The element name at the start of a tag's text (after "<" or "</"), lower-cased.
std::string TagName(std::string_view tag) {
  std::size_t n = 0;
  while (n < tag.size() && IsNameChar(tag[n])) ++n;
  return ToLowerAscii(tag.substr(0, n));
}

// Elements whose start and end separate words, so "<p>a</p><p>b</p>" reads "a b".
bool IsBlockElement(std::string_view name) {
  static constexpr std::array<std::string_view, 20> kBlocks = {
      "br", "p",  "div", "li", "tr", "td",  "th",    "table",      "ul",   "ol",
      "h1", "h2", "h3",  "h4", "h5", "h6",  "hr",    "blockquote", "pre",  "section"};
  return std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

// Elements whose content is not text a reader sees.
bool IsHiddenElement(std::string_view name) {
  return name == "head" || name == "style" || name == "script" || name == "title";
}

// Decodes the character reference at `html` (which starts with '&') into `out`; returns
// the octets it used, 0 if it is not one (the '&' is then text).
std::size_t DecodeReference(std::string_view html, std::string& out) {
  const std::size_t semi = html.substr(0, 12).find(';');
  if (semi == std::string_view::npos || semi < 2) return 0;
  const std::string_view body = html.substr(1, semi - 1);
  if (body[0] == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t cp = 0;
    for (char c : digits) {
      int v = -1;
      if (IsDigit(c)) {
        v = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        v = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        v = c - 'A' + 10;
      }
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    AppendUtf8(out, cp);
    return semi + 1;
  }
  struct Named {
    std::string_view name;
    std::string_view text;
  };
  static constexpr Named kNamed[] = {{"amp", "&"},  {"lt", "<"},   {"gt", ">"},
                                     {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (const auto& n : kNamed) {
    if (body == n.name) {
      out += n.text;
      return semi + 1;
    }
  }
  return 0;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  std::size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '&') {
      const std::size_t used = DecodeReference(html.substr(pos), out);
      if (used > 0) {
        pos += used;
        continue;
      }
    }
    if (c != '<') {
      out += c;
      ++pos;
      continue;
    }
    if (html.substr(pos, 4) == "<!--") {
      const std::size_t end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const std::size_t end = html.find('>', pos);
    if (end == std::string_view::npos) break;  // a cut-off tag at the end
    const bool closing = pos + 1 < html.size() && html[pos + 1] == '/';
    const std::string name = TagName(html.substr(pos + (closing ? 2 : 1)));
    pos = end + 1;
    if (!closing && IsHiddenElement(name)) {
      // Everything up to the matching end tag, whatever it holds.
      const std::string close = "</" + name;
      std::size_t at = html.find('<', pos);
      while (at != std::string_view::npos && !StartsWithIgnoreCase(html.substr(at), close)) {
        at = html.find('<', at + 1);
      }
      const std::size_t gt = at == std::string_view::npos ? at : html.find('>', at);
      pos = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    if (IsBlockElement(name)) out += ' ';
  }
  return out;
}

bool IsSpaceLike(std::string_view seq) {
  if (seq.size() == 1) {
    const auto b = static_cast<unsigned char>(seq[0]);
    return b <= 0x20 || b == 0x7F;
  }
  return seq == "\xC2\xA0";  // U+00A0 NO-BREAK SPACE
}

// Collapses white space and control characters to single spaces, trims, and keeps at
// most kPreviewCharacters characters. `text` is valid UTF-8.
std::string Collapse(std::string_view text) {
  std::string out;
  std::size_t characters = 0;
  bool space = false;
  while (!text.empty() && characters < kPreviewCharacters) {
    const std::size_t n = std::max<std::size_t>(1, Utf8SequenceLength(text));
    const std::string_view seq = text.substr(0, n);
    text.remove_prefix(n);
    if (IsSpaceLike(seq)) {
      space = !out.empty();
      continue;
    }
    if (space) {
      if (characters + 2 > kPreviewCharacters) break;  // no room for a word after it
      out += ' ';
      ++characters;
      space = false;
    }
    out += seq;
    ++characters;
  }
  return out;
}

// The part MakePreview reads, or nullptr.
const MessagePart* PreviewedPart(const MessageStructure& structure) {
  for (const MessagePart* part : PartsInOrder(structure.root)) {
    if (IsPreviewedPart(*part)) return part;
  }
  return nullptr;
}

}  // namespace

std::string MakePreview(std::string_view message, const MessageStructure& structure) {
  const MessagePart* part = PreviewedPart(structure);
  if (part == nullptr) return {};
  std::string_view raw;
  if (part->body_offset < message.size()) {
    raw = message.substr(part->body_offset,
                         std::min<std::uint64_t>({part->body_size, kPreviewScanOctets,
                                                  message.size() - part->body_offset}));
  }
  const std::string text = DecodeBodyText(*part, raw);
  return Collapse(part->subtype == "html" ? HtmlToText(text) : text);
}

std::uint64_t PreviewOctets(const MessageStructure& structure) {
  const MessagePart* part = PreviewedPart(structure);
  if (part == nullptr) return 0;
  return part->body_offset + std::min<std::uint64_t>(part->body_size, kPreviewScanOctets);
}

}  // namespace tern::mail
