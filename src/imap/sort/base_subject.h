#pragma once
// The "base subject" of RFC 5256 2.1, which SORT SUBJECT and both THREAD algorithms
// compare.

#include <string>
#include <string_view>

namespace tern::imap::sort {

struct BaseSubject {
  std::string text;  // UTF-8, reply/forward artifacts removed (not case-mapped)
  // RFC 5256 3 (REFERENCES): the extraction removed a subj-refwd ("Re:", "Fwd:"), a
  // "(fwd)" trailer, or a "[fwd: ...]" wrapper.
  bool reply_or_forward = false;
  bool operator==(const BaseSubject&) const = default;
};

// Steps (1) to (7) of RFC 5256 2.1 applied to a raw Subject: value (unfolded or not,
// RFC 2047 words still encoded): decode the words, turn tabs and line breaks into spaces
// and runs of spaces into one, then strip trailers, leaders and blobs as the ABNF of
// section 5 says, with "re", "fw", "fwd" and "[fwd:" matched in any ASCII case. Linear
// in the subject's size for ordinary subjects; never fails.
BaseSubject ExtractBaseSubject(std::string_view raw_subject);

}  // namespace tern::imap::sort
