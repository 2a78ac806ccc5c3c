#pragma once
// Case folding for substring search (IMAP SEARCH, the full-text index): one definition,
// so that the text the index holds and the text the exact matcher reads fold alike.
//
// Deliberately beyond ASCII, as users expect ("MÜLLER" finds "müller"): text is folded
// per code point with towlower_l() in the C.UTF-8 locale (glibc's full Unicode simple
// lower-case mapping). Not done: multi-character folds (German sharp s against "SS"),
// Unicode normalisation (a precomposed "ü" does not match "u" + U+0308) and RFC 5051
// i;unicode-casemap's titlecase/decomposition steps. If the C.UTF-8 locale cannot be
// loaded, folding falls back to ASCII only.

#include <string>
#include <string_view>

namespace tern::mail {

// Returns `text` folded to lower case code point by code point. Bytes that do not start
// a valid UTF-8 sequence are copied unchanged, so any input is accepted. Thread-safe.
std::string FoldCase(std::string_view text);

}  // namespace tern::mail
