#pragma once
// FETCH and UID FETCH (RFC 9051 6.4.5, 6.4.9; RFC 3501 6.4.5; RFC 3516 BINARY).
//   fetch     = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
//               fetch-att / "(" fetch-att *(SP fetch-att) ")")
//   fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822" ["." ("HEADER" / "TEXT")] /
//               "RFC822.SIZE" / "BODY" ["STRUCTURE"] / "UID" /
//               "BODY" section [partial] / "BODY.PEEK" section [partial] /
//               "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary
//   partial   = "<" number64 "." nz-number64 ">"
// RFC 7162 adds fetch-att "MODSEQ" and the fetch-modifiers (RFC 4466 2.4)
//   SP "(" fetch-modifier *(SP fetch-modifier) ")"
//   fetch-modifier = "CHANGEDSINCE" SP mod-sequence-value / "VANISHED"   ; UID FETCH only

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/result.h"
#include "imap/grammar/cursor.h"
#include "imap/grammar/sequence_set.h"

namespace tern::imap::grammar {

enum class FetchAttribute {
  kEnvelope,
  kFlags,
  kInternalDate,
  kRfc822,        // RFC 3501 only; kept for IMAP4rev1 clients (same as BODY[])
  kRfc822Header,  // BODY.PEEK[HEADER]
  kRfc822Text,    // BODY[TEXT]
  kRfc822Size,
  kBody,  // BODYSTRUCTURE without extension data
  kBodyStructure,
  kUid,
  kModSeq,    // RFC 7162 3.1.4.2
  kSaveDate,  // RFC 8514
  kEmailId,
  kThreadId,     // RFC 8474
  kPreview,      // RFC 8970
  kPreviewLazy,  // RFC 8970 4.1: PREVIEW (LAZY)
};

enum class FetchMacro { kAll, kFast, kFull };

// section-msgtext / section-text of a BODY[...] section.
enum class SectionText { kNone, kHeader, kHeaderFields, kHeaderFieldsNot, kText, kMime };

struct Section {
  std::vector<std::uint32_t> part;  // "1.2.3"; empty for the whole message
  SectionText text = SectionText::kNone;
  std::vector<std::string> fields;  // HEADER.FIELDS[.NOT] names, upper-cased
  bool operator==(const Section&) const = default;
};

struct Partial {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;  // > 0
  bool operator==(const Partial&) const = default;
};

struct FetchBody {  // BODY[section]<partial>, BODY.PEEK[...]
  Section section;
  bool peek = false;
  std::optional<Partial> partial;
  bool operator==(const FetchBody&) const = default;
};

struct FetchBinary {  // BINARY[part]<partial>, BINARY.PEEK[...]
  std::vector<std::uint32_t> part;
  bool peek = false;
  std::optional<Partial> partial;
  bool operator==(const FetchBinary&) const = default;
};

struct FetchBinarySize {  // BINARY.SIZE[part]
  std::vector<std::uint32_t> part;
  bool operator==(const FetchBinarySize&) const = default;
};

using FetchItem = std::variant<FetchAttribute, FetchBody, FetchBinary, FetchBinarySize>;

struct FetchCommand {
  bool uid = false;
  SequenceSet set;
  // Macros are expanded here (ALL = FLAGS INTERNALDATE RFC822.SIZE ENVELOPE, FAST
  // without ENVELOPE, FULL = ALL BODY); `macro` records which one was used.
  std::vector<FetchItem> items;
  std::optional<FetchMacro> macro;
  std::optional<std::uint64_t> changed_since;  // CHANGEDSINCE (it implies MODSEQ)
  bool vanished = false;                       // VANISHED; only with CHANGEDSINCE
  bool operator==(const FetchCommand&) const = default;
};

// One fetch-att (no macro), as FETCH and NOTIFY's MessageNew (RFC 5465 8) take it.
Result<FetchItem> ParseFetchAtt(Cursor& cursor);

// Parses the arguments after "FETCH" (the cursor is at the SP before the set).
Result<FetchCommand> ParseFetch(Cursor& cursor, bool uid);

}  // namespace tern::imap::grammar
