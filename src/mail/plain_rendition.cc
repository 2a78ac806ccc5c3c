#include "mail/plain_rendition.h"

#include <fmt/format.h>

#include "mail/header.h"
#include "mail/transfer_decode.h"

namespace tern::mail {

namespace {

bool IsMimeField(std::string_view name) {
  auto lower = std::string(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "mime-version" || lower.rfind("content-", 0) == 0;
}

// Line endings made CRLF, and a final CRLF.
void AppendCrlfText(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += c;
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
}

}  // namespace

std::string RenderPlainRfc822(std::string_view raw, const MessageStructure& structure) {
  const MessagePart& root = structure.root;
  std::string out;
  auto header_block = raw.substr(0, std::min<size_t>(root.header_size, raw.size()));
  const Header header = Header::Parse(header_block);
  for (const auto& f : header.fields()) {
    if (IsMimeField(f.name)) continue;
    out += f.name;
    out += ':';
    out += f.raw_value;
    out += "\r\n";
  }
  out += "\r\n";

  const MessagePart* text = nullptr;
  size_t others = 0;
  for (const auto& numbered : ListParts(structure)) {
    const MessagePart* p = numbered.part;
    if (!p->children.empty() || p->envelope) continue;  // containers
    if (text == nullptr && p->type == "text" && p->subtype == "plain" &&
        p->disposition.value_or("inline") != "attachment") {
      text = p;
    } else {
      ++others;
    }
  }
  if (text != nullptr && text->body_offset <= raw.size()) {
    auto body = raw.substr(text->body_offset,
                           std::min<size_t>(text->body_size, raw.size() - text->body_offset));
    AppendCrlfText(DecodeBodyText(*text, body), out);
  } else if (text == nullptr) {
    out += "[This message has no plain-text part.]\r\n";
  }
  if (others > 0) {
    out += fmt::format("\r\n[{} other part{} of this message not shown.]\r\n", others,
                       others == 1 ? "" : "s");
  }
  return out;
}

}  // namespace tern::mail
