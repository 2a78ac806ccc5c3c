#pragma once
// The store's full-text index of message text, which SEARCH uses to narrow the messages
// it must read (Store::FindText). Plain types and the extractor contract; no I/O.
//
// What the index holds comes from a TextExtractor the application hands the store when
// it opens it (mail::ExtractSearchText in practice): the store knows nothing of MIME.
// Messages are indexed in the background, after their delivery is durable, in UID order
// per mailbox, so each mailbox has a watermark: messages below it are indexed, those at
// and above it are not yet. The index is a filter that may err only on the side of
// too many candidates: a caller that needs exact answers checks the candidates itself
// and reads every message at or above the watermark.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/utf8.h"
#include "store/message_summary.h"
#include "store/types.h"

namespace tern::store {

// The text of one message as the index holds it: already decoded and folded by the
// extractor; valid UTF-8 (text that is not cannot be found).
struct IndexText {
  std::string header;  // every header block
  std::string body;    // every searched body part
  // The body's summary from the same pass over the message, kept per blob
  // (message_summary.h); nullopt: none, and readers go on computing it themselves.
  std::optional<MessageSummary> summary;
};

// Extracts the text of a message from its raw bytes and its cached structure
// (NewMessage::structure). The text must be what SEARCH reads, piece by piece
// (StoredTextMatch), not merely contain it: SEARCH confirms from it without reading the
// message. Called on the store's indexing thread; must be thread-safe
// and must not call the store. A message whose text cannot be had (an error here, or a
// body that cannot be read) is indexed with no text and logged: SEARCH, which reads the
// same body, cannot match it either.
using TextExtractor =
    std::function<Result<IndexText>(std::string_view message, std::string_view structure)>;

// Which text a needle must occur in.
enum class TextField {
  kHeader,  // IndexText::header
  kBody,    // IndexText::body
  kAny,     // either
};

struct TextTerm {
  TextField field = TextField::kAny;
  std::string folded;  // folded as the extractor folds; IsIndexableNeedle(folded)
};

// A message is a candidate when every term of at least one conjunction occurs in its
// text as a substring. A conjunction with no terms makes every message a candidate.
struct TextQuery {
  std::vector<std::vector<TextTerm>> any_of;
};

// The answer for one mailbox.
struct TextCandidates {
  // Messages with a UID below this have been through the indexer; at and above, they
  // have not, and the index knows nothing of them.
  Uid indexed_below = 1;
  // Of the messages below `indexed_below`: those that may match, ascending.
  std::vector<Uid> uids;
};

// Store::MatchStoredText: for one indexed message, which of the asked terms occur in the
// text the index holds for it. That text is exactly what SEARCH reads
// (mail/search_text.h): each header block's and each searched part's folded text, the
// pieces joined by '\n'. So for a term that IsStoredTextTerm, "occurs in the stored
// field" is the same answer as "occurs in one of the field's pieces" that SEARCH would get
// by reading and decoding the message again (kAny: in either field).
struct StoredTextMatch {
  Uid uid = 0;
  std::uint64_t found = 0;  // bit i: terms[i] occurs
};
inline constexpr std::size_t kMaxStoredTextTerms = 64;

// True if the stored text answers `folded` exactly (above): not empty, valid UTF-8, no
// '\n' (the joint between pieces: "a\nb" may span two of them in the stored text, never in
// SEARCH's) and no U+FFFD (which the extractor puts for bytes that are not UTF-8, where
// SEARCH's own reading may still have those bytes).
inline bool IsStoredTextTerm(std::string_view folded) noexcept {
  return !folded.empty() && folded.find('\n') == std::string_view::npos &&
         folded.find("\xEF\xBF\xBD") == std::string_view::npos && IsValidUtf8(folded);
}

// Needles shorter than this many code points cannot be looked up (the index is made of
// three-character sequences); a caller must not narrow by them.
inline constexpr std::size_t kMinIndexedNeedle = 3;

// True if the index can look `folded` up: valid UTF-8 of at least kMinIndexedNeedle code
// points.
inline bool IsIndexableNeedle(std::string_view folded) noexcept {
  const auto n = Utf8Length(folded);
  return n && *n >= kMinIndexedNeedle;
}

}  // namespace tern::store
