#pragma once
// The SEARCH evaluator (RFC 9051 6.4.4, RFC 3501 6.4.4): decides whether one message
// matches a parsed search program. No I/O: the session loads what needs() says for each
// message and calls Matches; SEARCH, UID SEARCH, ESEARCH and SAVE results are the
// session's business.
//
// Use:
//   auto m = Matcher::Create(cmd.key, cmd.charset);   // NO [BADCHARSET ...] on kNotFound
//   for each message in the view:
//     Candidate c{seq, &meta, recent};
//     if (auto early = m->MatchesMetadata(c, facts)) { use *early; continue; }
//     load what m->needs() says into c.message / c.structure;
//     use m->Matches(c, facts);
//
// Semantics and deliberate choices (each the RFC's word unless said otherwise):
//  - Flags: ANSWERED..UNSEEN from MessageMeta::flags. KEYWORD/UNKEYWORD compare ASCII
//    case-insensitively (RFC 9051 2.3.2: flags are case-insensitive). NEW is RECENT and
//    UNSEEN, OLD is NOT RECENT (RFC 3501; rev2 has no \Recent, Candidate::recent false).
//  - Sequence sets and UID: "*" is MailboxFacts::exists or ::max_uid. "$" matches the
//    messages whose UID is in MailboxFacts::saved, in a sequence set as in UID; with no
//    saved result it matches nothing (RFC 9051 6.4.4.1: "a valid, but non-matching,
//    list"). Sequence numbers above `exists` simply match nothing; whether to answer
//    BAD for them (RFC 9051 2.3.1.2) is the session's call.
//  - BEFORE/ON/SINCE: the internal date's calendar date in UTC; the store keeps Unix
//    seconds without the zone of arrival (sent_date.h).
//  - SENTBEFORE/SENTON/SENTSINCE: the calendar date written in the first Date: field, in
//    its own zone (ParseSentDate). A message with no Date: field, or one that does not
//    parse, matches none of them (and NOT SENTBEFORE x matches it): RFC 9051 defines
//    them only by the Date: field and says nothing of its absence. (RFC 5256 SORT falls
//    back to the internal date for its sort key; SEARCH has no such rule.)
//  - LARGER/SMALLER: MessageMeta::size (RFC822.SIZE), strictly.
//  - MODSEQ (RFC 7162): the message's mod-sequence is at least the key's; the entry name
//    is ignored (one mod-sequence per message). OLDER/YOUNGER (RFC 5032): the internal
//    date against the time Create ran. SAVEDBEFORE/SAVEDON/SAVEDSINCE (RFC 8514): like
//    BEFORE/ON/SINCE on the save date; SAVEDATESUPPORTED matches all. EMAILID (RFC 8474):
//    store/object_id.h's form; THREADID matches nothing (Tern reports THREADID NIL).
//  - Strings: case-insensitive substring on decoded text (needle.h for the folding,
//    message_text.h for what is decoded and searched). FROM/TO/CC/BCC/SUBJECT search
//    the first field of that name, as the ENVELOPE shows it, decoded; for address
//    fields that is the decoded field text (names and addresses). HEADER searches every
//    field of that name; an empty string matches when the field exists, which also goes
//    for FROM "" and the like. BODY searches text/* and message/* leaf parts anywhere in
//    the tree (attached messages included); TEXT searches those and every header block.
//    BODY "" and TEXT "" match every message.
//  - Charsets: the search strings are converted to UTF-8 once, in Create. No CHARSET
//    means UTF-8 (RFC 9051 says so for rev2; rev1 clients that send 8-bit without
//    CHARSET mean UTF-8 in practice, as Dovecot assumes). US-ASCII strings with 8-bit
//    bytes are read as UTF-8, else windows-1252 (mail::ConvertToUtf8), rather than
//    refused; bytes invalid in the charset become U+FFFD.
//
// Bounds: evaluation recursion is limited by the key depth (checked in Create); each
// header field and body part is decoded at most once per message, and each string key
// scans the decoded text in linear time, so one message costs O(keys x message size).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "imap/grammar/search.h"
#include "imap/search/needle.h"
#include "imap/search/number_set.h"
#include "mail/structure.h"
#include "store/text_index.h"
#include "store/types.h"

namespace tern::imap::search {

// What a search needs beyond metadata, so the session loads only that. Ordered: each
// level includes the ones before it.
enum class Needs {
  kMetadata,  // MessageMeta, sequence number, \Recent
  kHeader,    // and the top-level header block
  kMessage,   // and the whole message with its structure
};

// Facts about the selected mailbox for sequence sets: "*" and "$".
struct MailboxFacts {
  std::uint32_t exists = 0;  // the highest sequence number ("*" in a sequence set)
  store::Uid max_uid = 0;    // the UID of the last message ("*" in a UID set)
  // The SEARCHRES saved result ("$") as UIDs, sorted ascending; nullptr if none was
  // saved. Must outlive the Matches call.
  const std::vector<store::Uid>* saved = nullptr;
};

// One message as the session presents it. Views must outlive the Matches call.
struct Candidate {
  std::uint32_t seq = 0;                     // message sequence number
  const store::MessageMeta* meta = nullptr;  // required: a null meta matches nothing
  bool recent = false;                       // \Recent in this session (IMAP4rev1)
  // Needs::kMessage: the whole raw message; Needs::kHeader: at least the header block
  // (the whole message does too); kMetadata: unused.
  std::string_view message;
  // Needs::kMessage: the cached structure of `message`. If nullptr, `message` is parsed
  // (mail::ParseMessage) when a body key needs it: correct, but slower.
  const mail::MessageStructure* structure = nullptr;
};

class Matcher {
 public:
  // Prepares `key` (a kAnd of the program's keys, as grammar::SearchCommand::key holds
  // it). `charset` is the CHARSET argument, if any, in any case.
  // Fails with:
  //  - ErrorCode::kNotFound "unsupported charset" when `charset` is not one of
  //    SupportedCharsets(); RFC 9051 6.4.4: the session answers NO (not BAD) with
  //    [BADCHARSET (SupportedCharsets())]. This is the only kNotFound failure.
  //  - ErrorCode::kLimit when keys nest deeper than grammar::kMaxSearchDepth allows
  //    (the grammar never produces that).
  // Matching never fails afterwards.
  static Result<Matcher> Create(const grammar::SearchKey& key,
                                const std::optional<std::string>& charset);

  Needs needs() const noexcept { return root_.needs; }

  // Decides from the metadata alone when the answer does not depend on the message
  // (e.g. "UNSEEN BODY x" for a seen message, or a search of flags only); nullopt if
  // the session must load what needs() says and call Matches. Cheap; no allocation.
  std::optional<bool> MatchesMetadata(const Candidate& candidate, const MailboxFacts& facts) const;

  // The string keys' needles that the index's stored text can answer
  // (store::IsStoredTextTerm), each with the field its key searches, distinct, at most
  // store::kMaxStoredTextTerms; ask Store::MatchStoredText for them.
  const std::vector<store::TextTerm>& stored_text_terms() const noexcept { return stored_terms_; }

  // Like MatchesMetadata, with the keys of stored_text_terms() answered by `found`
  // (StoredTextMatch::found for this message): BODY and TEXT exactly; FROM, TO, CC, BCC,
  // SUBJECT and HEADER only when the needle is nowhere in the header text (they search
  // one field of the top-level header, which the stored text does not delimit). nullopt:
  // load what needs() says and call Matches.
  std::optional<bool> MatchesStoredText(const Candidate& candidate, const MailboxFacts& facts,
                                        std::uint64_t found) const;

  // True if the message matches. `candidate` must carry what needs() says (keys whose
  // data is missing see an empty message). Thread-safe: const, and each call keeps its
  // decoded text to itself, so one Matcher may serve several threads.
  bool Matches(const Candidate& candidate, const MailboxFacts& facts) const;

  // Compiled key; public only so matcher.cc's helpers can name it.
  struct Node {
    grammar::SearchKeyKind kind = grammar::SearchKeyKind::kAll;
    Needs needs = Needs::kMetadata;  // of this node and its children
    std::string name;                // field name: HEADER's, or FROM's "From" etc.
    std::string keyword;             // KEYWORD/UNKEYWORD
    Needle needle;                   // string keys, converted to UTF-8 and folded
    grammar::Date date;
    int stored_term = -1;    // string keys: index in stored_text_terms(), or -1
    std::uint64_t size = 0;  // LARGER/SMALLER; MODSEQ; EMAILID's email id
    std::int64_t since = 0;  // OLDER/YOUNGER: the internal date that divides them
    NumberSet set;
    std::vector<Node> children;  // AND/OR: cheapest first; NOT: one
  };

 private:
  Matcher(Node root, std::vector<store::TextTerm> stored_terms)
      : root_(std::move(root)), stored_terms_(std::move(stored_terms)) {}

  Node root_;
  std::vector<store::TextTerm> stored_terms_;
};

// The charsets Create accepts, for the BADCHARSET response code; upper case, "UTF-8"
// and "US-ASCII" first (RFC 9051 6.4.4: "Servers MUST support US-ASCII and UTF-8").
std::span<const std::string_view> SupportedCharsets();

}  // namespace tern::imap::search
