#pragma once
// The searchable text of a message (RFC 9051 6.4.4), decoded to UTF-8 and folded
// (fold_case.h): what IMAP SEARCH matches (imap/search/message_text.h reads it part by
// part) and what the store's full-text index holds (ExtractSearchText). One definition
// for both, so that the index is never missing text the exact matcher would find.
//
// What is searched:
//  - header fields: the value unfolded, trimmed and RFC 2047-decoded
//    (DecodeEncodedWords); raw 8-bit bytes are read as UTF-8 (RFC 6532) and invalid
//    ones become U+FFFD.
//  - body text: every leaf part of type text/* (and message/* kept as a leaf, such as
//    message/delivery-status) anywhere in the tree, attached messages included,
//    transfer-decoded and converted from its charset (DecodeBodyText). RFC 9051 lets
//    servers skip other leaf types, and Dovecot does the same: a PDF's base64 or an image
//    is not text a user can mean. Multipart preambles and epilogues are not searched.
//    text/html is searched as written, tags included.
//  - header text: every header block in the tree, the message's own, each MIME part's
//    and each attached message's, as "Name: decoded value" lines.

#include <string>
#include <string_view>
#include <vector>

#include "mail/header.h"
#include "mail/structure.h"

namespace tern::mail {

// True for the leaf parts whose text is searched (see above).
bool IsSearchedLeaf(const MessagePart& part);

// Every part of the tree in document order (pre-order), `root` first. Iterative, so a
// deep tree from a corrupt cached structure cannot exhaust the stack.
std::vector<const MessagePart*> PartsInOrder(const MessagePart& root);

// The folded, decoded value of one field.
std::string FoldedFieldValue(const HeaderField& field);

// A header block as folded "Name: decoded value\n" lines.
std::string FoldedHeaderBlock(const Header& header);

// The folded decoded text of a searched leaf; `raw_body` is its body octets as stored.
std::string FoldedBodyText(const MessagePart& part, std::string_view raw_body);

// What the full-text index holds for one message: every header block's text, and every
// searched part's text, each joined by '\n'. Both are valid UTF-8 (invalid sequences
// become U+FFFD, which no valid search string can match in the raw text either), so a
// code-point tokenizer sees the same characters in a search string as in the text.
// Contract: `header` is FoldedHeaderBlock of each header block and `body` FoldedBodyText of
// each searched part, in document order, joined by '\n' and passed through SanitizeUtf8:
// exactly the pieces MessageText reads. So a valid UTF-8 string without '\n' or U+FFFD is
// in `header` (`body`) if and only if it is in one of those pieces, which lets SEARCH
// confirm indexed messages from this text (store::IsStoredTextTerm); and any string
// found in a field value is in `header`.
struct SearchText {
  std::string header;
  std::string body;
};

// `structure` describes `message`; offsets beyond it are clamped, never read.
SearchText ExtractSearchText(std::string_view message, const MessageStructure& structure);

}  // namespace tern::mail
