#include "imap/search/message_text.h"

#include <algorithm>

#include "mail/ascii.h"
#include "mail/mime_parser.h"
#include "mail/search_text.h"

namespace tern::imap::search {

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
  if (!slot) slot = mail::FoldedFieldValue(header().fields()[field_index]);
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
    for (const mail::MessagePart* part : mail::PartsInOrder(structure().root)) {
      if (!mail::IsSearchedLeaf(*part)) continue;
      body_texts_->push_back(
          mail::FoldedBodyText(*part, Slice(part->body_offset, part->body_size)));
    }
  }
  return *body_texts_;
}

const std::vector<std::string>& MessageText::HeaderTexts() {
  if (!header_texts_) {
    header_texts_.emplace();
    const mail::MessageStructure& s = structure();
    for (const mail::MessagePart* part : mail::PartsInOrder(s.root)) {
      if (part == &s.root) {
        header_texts_->push_back(mail::FoldedHeaderBlock(header()));
      } else {
        header_texts_->push_back(mail::FoldedHeaderBlock(
            mail::Header::Parse(Slice(part->header_offset, part->header_size))));
      }
    }
  }
  return *header_texts_;
}

}  // namespace tern::imap::search
