#include "mail/search_text.h"

#include <algorithm>

#include "mail/charset.h"
#include "mail/encoded_word.h"
#include "mail/fold_case.h"
#include "mail/transfer_decode.h"

namespace tern::mail {
namespace {

std::string_view Slice(std::string_view message, std::uint64_t offset, std::uint64_t size) {
  if (offset >= message.size()) return {};
  return message.substr(offset, std::min<std::uint64_t>(size, message.size() - offset));
}

void AppendLine(std::string& out, std::string_view text) {
  if (!out.empty()) out += '\n';
  out += text;
}

}  // namespace

// RFC 9051 6.4.4: "Server implementations MAY exclude [MIME-IMB] body parts with
// terminal content media types other than TEXT and MESSAGE from consideration".
bool IsSearchedLeaf(const MessagePart& part) {
  return part.children.empty() && (part.type == "text" || part.type == "message");
}

std::vector<const MessagePart*> PartsInOrder(const MessagePart& root) {
  std::vector<const MessagePart*> out;
  std::vector<const MessagePart*> stack{&root};
  while (!stack.empty()) {
    const MessagePart* part = stack.back();
    stack.pop_back();
    out.push_back(part);
    for (auto it = part->children.rbegin(); it != part->children.rend(); ++it) {
      stack.push_back(&*it);
    }
  }
  return out;
}

std::string FoldedFieldValue(const HeaderField& field) {
  return FoldCase(DecodeEncodedWords(field.Value()));
}

std::string FoldedHeaderBlock(const Header& header) {
  std::string text;
  for (const HeaderField& field : header.fields()) {
    text += field.name;
    text += ": ";
    text += DecodeEncodedWords(field.Value());
    text += '\n';
  }
  return FoldCase(text);
}

std::string FoldedBodyText(const MessagePart& part, std::string_view raw_body) {
  return FoldCase(DecodeBodyText(part, raw_body));
}

SearchText ExtractSearchText(std::string_view message, const MessageStructure& structure) {
  SearchText out;
  for (const MessagePart* part : PartsInOrder(structure.root)) {
    // The root's header is the one at the start of the message, as MessageText reads it.
    const std::string_view block = part == &structure.root
                                       ? message
                                       : Slice(message, part->header_offset, part->header_size);
    AppendLine(out.header, FoldedHeaderBlock(Header::Parse(block)));
    if (IsSearchedLeaf(*part)) {
      AppendLine(out.body,
                 FoldedBodyText(*part, Slice(message, part->body_offset, part->body_size)));
    }
  }
  out.header = SanitizeUtf8(out.header);
  out.body = SanitizeUtf8(out.body);
  return out;
}

}  // namespace tern::mail
