#include "imap/search/message_text.h"

#include <algorithm>

#include "imap/search/needle.h"
#include "mail/ascii.h"
#include "mail/encoded_word.h"
#include "mail/mime_parser.h"
#include "mail/transfer_decode.h"

namespace tern::imap::search {
namespace {

// Every part of the tree in document order (pre-order). Iterative, so a deep tree from a
// corrupt cached structure cannot exhaust the stack.
std::vector<const mail::MessagePart*> PartsInOrder(const mail::MessagePart& root) {
  std::vector<const mail::MessagePart*> out;
  std::vector<const mail::MessagePart*> stack{&root};
  while (!stack.empty()) {
    const mail::MessagePart* part = stack.back();
    stack.pop_back();
    out.push_back(part);
    for (auto it = part->children.rbegin(); it != part->children.rend(); ++it) {
      stack.push_back(&*it);
    }
  }
  return out;
}

// RFC 9051 6.4.4: "Server implementations MAY exclude [MIME-IMB] body parts with
// terminal content media types other than TEXT and MESSAGE from consideration".
bool IsSearchedLeaf(const mail::MessagePart& part) {
  return part.children.empty() && (part.type == "text" || part.type == "message");
}

std::string DecodedValue(const mail::HeaderField& field) {
  return mail::DecodeEncodedWords(field.Value());
}

// A header block as "Name: decoded value" lines, folded.
std::string BlockText(const mail::Header& header) {
  std::string text;
  for (const mail::HeaderField& field : header.fields()) {
    text += field.name;
    text += ": ";
    text += DecodedValue(field);
    text += '\n';
  }
  return FoldCase(text);
}

}  // namespace

MessageText::MessageText(std::string_view message, const mail::MessageStructure* structure)
    : message_(message), structure_(structure) {}

const mail::Header& MessageText::header() {
  if (!header_) {
    header_ = mail::Header::Parse(message_);
    folded_values_.resize(header_->fields().size());
  }
  return *header_;
}

const std::string& MessageText::FoldedValue(std::size_t field_index) {
  std::optional<std::string>& slot = folded_values_[field_index];
  if (!slot) slot = FoldCase(DecodedValue(header().fields()[field_index]));
  return *slot;
}

std::vector<const std::string*> MessageText::FieldValues(std::string_view name, bool first_only) {
  std::vector<const std::string*> out;
  const std::vector<mail::HeaderField>& fields = header().fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!mail::EqualsIgnoreCase(fields[i].name, name)) continue;
    out.push_back(&FoldedValue(i));
    if (first_only) break;
  }
  return out;
}

const mail::MessageStructure& MessageText::structure() {
  if (structure_ == nullptr) {
    if (!parsed_) parsed_ = mail::ParseMessage(message_);
    return *parsed_;
  }
  return *structure_;
}

std::string_view MessageText::Slice(std::uint64_t offset, std::uint64_t size) const noexcept {
  if (offset >= message_.size()) return {};
  return message_.substr(offset, std::min<std::uint64_t>(size, message_.size() - offset));
}

const std::vector<std::string>& MessageText::BodyTexts() {
  if (!body_texts_) {
    body_texts_.emplace();
    for (const mail::MessagePart* part : PartsInOrder(structure().root)) {
      if (!IsSearchedLeaf(*part)) continue;
      body_texts_->push_back(
          FoldCase(mail::DecodeBodyText(*part, Slice(part->body_offset, part->body_size))));
    }
  }
  return *body_texts_;
}

const std::vector<std::string>& MessageText::HeaderTexts() {
  if (!header_texts_) {
    header_texts_.emplace();
    const mail::MessageStructure& s = structure();
    for (const mail::MessagePart* part : PartsInOrder(s.root)) {
      if (part == &s.root) {
        header_texts_->push_back(BlockText(header()));
      } else {
        header_texts_->push_back(
            BlockText(mail::Header::Parse(Slice(part->header_offset, part->header_size))));
      }
    }
  }
  return *header_texts_;
}

}  // namespace tern::imap::search
