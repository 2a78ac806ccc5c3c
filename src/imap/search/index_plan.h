#pragma once
// Narrowing a SEARCH by the store's full-text index (store/text_index.h): which
// messages can a search program match at all, as far as the index can tell? The index
// only narrows; every candidate is still checked by the Matcher, so the result is the
// same with or without it. A program that narrows cannot match a message outside the
// candidates, whatever its flags or dates: the session need not look at those at all.
//
// Sound by construction: for every message the Matcher would match, the planned query
// makes it a candidate.
//  - A string key (BODY, TEXT, FROM, TO, CC, BCC, SUBJECT, HEADER) whose folded needle
//    store::IsIndexableNeedle narrows to the messages having the needle in the text the
//    key searches (BODY: body text; TEXT: either; the others: the header text, which
//    holds every field of every header block). A shorter needle, or the empty string
//    (which matches every message, or every message with that field), does not narrow.
//  - AND narrows by every child that narrows (OR-children distributed when the result
//    stays within kMaxConjunctions); keys that do not narrow (flags, dates, ...) just
//    leave the set as it is.
//  - OR narrows only if every branch does: one branch that does not could match any
//    message.
//  - NOT never narrows: "NOT BODY x" matches exactly the messages without x, and the
//    index cannot list those.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "imap/grammar/search.h"
#include "store/text_index.h"

namespace tern::imap::search {

inline constexpr std::size_t kMaxConjunctions = 16;
inline constexpr std::size_t kMaxTermsPerConjunction = 8;

// The text of the index that string key `kind` searches (BODY: the body, TEXT: either,
// FROM/TO/CC/BCC/SUBJECT/HEADER: the header); nullopt for keys that search no text.
std::optional<store::TextField> IndexedField(grammar::SearchKeyKind kind);

// The index query for `key` (a program as grammar::SearchCommand::key holds it), its
// strings read in `charset` (as Matcher::Create does; nullopt: UTF-8); nullopt when the
// index cannot narrow it.
std::optional<store::TextQuery> PlanTextQuery(const grammar::SearchKey& key,
                                              const std::optional<std::string>& charset);

}  // namespace tern::imap::search
