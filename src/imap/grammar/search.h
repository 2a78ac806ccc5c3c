#pragma once
// SEARCH and UID SEARCH (RFC 9051 6.4.4; RFC 3501 6.4.4; RFC 4731 ESEARCH; RFC 5182 "$").
//   search = "SEARCH" [search-return-opts] SP search-program
//   search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"
//   search-return-opt  = "MIN" / "MAX" / "ALL" / "COUNT" / "SAVE"
//   search-program     = ["CHARSET" SP charset SP] search-key *(SP search-key)
//
// Search keys are a recursive tree, so SearchKey is a tagged struct rather than a
// std::variant: a variant would need a wrapper per alternative to recurse, and most keys
// carry nothing or one string.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "imap/grammar/cursor.h"
#include "imap/grammar/date_time.h"
#include "imap/grammar/sequence_set.h"

namespace tern::imap::grammar {

enum class SearchKeyKind {
  kAnd,  // a parenthesised list, and the top level: every child matches
  kAll,
  kAnswered,
  kDeleted,
  kDraft,
  kFlagged,
  kSeen,
  kUnanswered,
  kUndeleted,
  kUndraft,
  kUnflagged,
  kUnseen,
  kNew,
  kOld,
  kRecent,  // IMAP4rev1 only (RFC 9051 removed them)
  kKeyword,
  kUnkeyword,  // value
  kBcc,
  kBody,
  kCc,
  kFrom,
  kSubject,
  kText,
  kTo,      // value
  kHeader,  // field + value
  kBefore,
  kOn,
  kSince,
  kSentBefore,
  kSentOn,
  kSentSince,  // date
  kLarger,
  kSmaller,  // size
  kModSeq,   // size: the mod-sequence (RFC 7162 3.1.5; the entry name is ignored)
  kOlder,
  kYounger,  // size: seconds (RFC 5032 WITHIN)
  kSavedBefore,
  kSavedOn,
  kSavedSince,         // date (RFC 8514 SAVEDATE)
  kSaveDateSupported,  // RFC 8514
  kEmailId,
  kThreadId,  // value (RFC 8474 OBJECTID)
  kUid,
  kSequenceSet,  // set
  kNot,          // children[0]
  kOr,           // children[0], children[1]
};

struct SearchKey {
  SearchKeyKind kind = SearchKeyKind::kAll;
  std::string field;  // HEADER field name
  std::string value;  // string argument or keyword (flags keep their case)
  Date date;
  std::uint64_t size = 0;
  SequenceSet set;
  std::vector<SearchKey> children;
  bool operator==(const SearchKey&) const = default;
};

enum class SearchReturn { kMin, kMax, kAll, kCount, kSave };

struct SearchCommand {
  bool uid = false;
  // Present when RETURN was given (ESEARCH response wanted); "RETURN ()" is an empty
  // list, which RFC 4731 3.1 says means ALL.
  std::optional<std::vector<SearchReturn>> return_options;
  std::optional<std::string> charset;  // as sent, upper-cased
  SearchKey key;                       // kAnd of the keys given
  bool operator==(const SearchCommand&) const = default;
};

// Parses the arguments after "SEARCH". Limits: Limits::max_search_keys keys (kLimit "too
// many search keys"), nesting by Limits::max_nesting_depth.
Result<SearchCommand> ParseSearch(Cursor& cursor, bool uid);

// The parts SORT and THREAD (RFC 5256, RFC 5267) share with SEARCH:
// search-return-opts from the SP before "RETURN" (the word itself already consumed) ...
Result<std::vector<SearchReturn>> ParseSearchReturnOptions(Cursor& cursor);
// ... and search-key *(SP search-key) up to the end of the command, as one kAnd key, with
// the limits of ParseSearch.
Result<SearchKey> ParseSearchKeys(Cursor& cursor);

}  // namespace tern::imap::grammar
