#pragma once
// The searchable text of one message, decoded to UTF-8 and case-folded (FoldCase) the
// first time a key asks for it and kept for the rest of that message's evaluation, so
// that "OR BODY a BODY b" decodes the body once. Work and memory are linear in the
// message size: each header field and each searched body part is decoded at most once.
//
// What is searched, and how it is decoded and folded, is mail/search_text.h's definition,
// shared with the store's full-text index.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/header.h"
#include "mail/structure.h"

namespace tern::imap::search {

class MessageText {
 public:
  // `message` is the raw message, or only its header block when no body key is used;
  // `structure` describes `message` (may be nullptr: it is then parsed from `message`
  // if BodyTexts or HeaderTexts is called). Both must outlive this object. Offsets in
  // `structure` beyond `message` are clamped, never read.
  MessageText(std::string_view message, const mail::MessageStructure* structure);
  MessageText(const MessageText&) = delete;
  MessageText& operator=(const MessageText&) = delete;

  // The top-level header, parsed from the start of the message.
  const mail::Header& header();

  // Folded, decoded values of the fields named `name` (ASCII case-insensitive), in
  // order; the first only when `first_only`. The pointers stay valid while this
  // object lives.
  std::vector<const std::string*> FieldValues(std::string_view name, bool first_only);

  // Folded decoded text of each searched body part (see above), in document order.
  const std::vector<std::string>& BodyTexts();
  // Folded decoded text of each header block in the tree, in document order.
  const std::vector<std::string>& HeaderTexts();

 private:
  const mail::MessageStructure& structure();
  std::string_view Slice(std::uint64_t offset, std::uint64_t size) const noexcept;
  const std::string& FoldedValue(std::size_t field_index);

  std::string_view message_;
  const mail::MessageStructure* structure_;
  std::optional<mail::MessageStructure> parsed_;  // when no structure was given
  std::optional<mail::Header> header_;
  std::vector<std::optional<std::string>> folded_values_;  // parallel to header fields
  std::optional<std::vector<std::string>> body_texts_;
  std::optional<std::vector<std::string>> header_texts_;
};

}  // namespace tern::imap::search
