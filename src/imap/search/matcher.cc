#include "imap/search/matcher.h"

#include <algorithm>
#include <array>
#include <ctime>

#include "imap/grammar/limits.h"
#include "imap/search/index_plan.h"
#include "imap/search/message_text.h"
#include "imap/search/sent_date.h"
#include "mail/ascii.h"
#include "mail/charset.h"
#include "store/object_id.h"

namespace tern::imap::search {
namespace {

using grammar::SearchKeyKind;
using Node = Matcher::Node;

// Every charset here is one glibc iconv converts (mail::ConvertToUtf8); the list is what
// BADCHARSET advertises, so it stays short and common.
constexpr std::array<std::string_view, 18> kCharsets = {
    "UTF-8",       "US-ASCII",     "ISO-8859-1",   "ISO-8859-2",   "ISO-8859-5", "ISO-8859-7",
    "ISO-8859-15", "WINDOWS-1250", "WINDOWS-1251", "WINDOWS-1252", "KOI8-R",     "ISO-2022-JP",
    "SHIFT_JIS",   "EUC-JP",       "GB2312",       "GB18030",      "BIG5",       "EUC-KR"};

// The top-level kAnd, then kMaxSearchDepth levels below it as the grammar allows, then
// their leaves.
constexpr std::size_t kMaxNodeDepth = grammar::kMaxSearchDepth + 2;

// Three-valued (Kleene) logic: kUnknown when a key needs message data the caller has
// not loaded (MatchesMetadata).
enum class Truth { kFalse, kTrue, kUnknown };

Truth Of(bool b) { return b ? Truth::kTrue : Truth::kFalse; }

Truth Not(Truth t) {
  if (t == Truth::kUnknown) return t;
  return t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
}

std::string_view EnvelopeField(SearchKeyKind kind) {
  switch (kind) {
    case SearchKeyKind::kBcc:
      return "Bcc";
    case SearchKeyKind::kCc:
      return "Cc";
    case SearchKeyKind::kFrom:
      return "From";
    case SearchKeyKind::kSubject:
      return "Subject";
    case SearchKeyKind::kTo:
      return "To";
    default:
      return {};
  }
}

Needs KindNeeds(SearchKeyKind kind) {
  switch (kind) {
    case SearchKeyKind::kBcc:
    case SearchKeyKind::kCc:
    case SearchKeyKind::kFrom:
    case SearchKeyKind::kSubject:
    case SearchKeyKind::kTo:
    case SearchKeyKind::kHeader:
    case SearchKeyKind::kSentBefore:
    case SearchKeyKind::kSentOn:
    case SearchKeyKind::kSentSince:
      return Needs::kHeader;
    case SearchKeyKind::kBody:
    case SearchKeyKind::kText:
      return Needs::kMessage;
    default:
      return Needs::kMetadata;
  }
}

bool IsStringKey(SearchKeyKind kind) {
  return kind == SearchKeyKind::kHeader || kind == SearchKeyKind::kBody ||
         kind == SearchKeyKind::kText || !EnvelopeField(kind).empty();
}

const std::string_view* FindCharset(std::string_view name) {
  for (const std::string_view& c : kCharsets) {
    if (mail::EqualsIgnoreCase(c, name)) return &c;
  }
  return nullptr;
}

Result<Node> Compile(const grammar::SearchKey& key, std::string_view charset, std::size_t depth) {
  if (depth > kMaxNodeDepth) return Fail(ErrorCode::kLimit, "search keys too deeply nested");
  Node node;
  node.kind = key.kind;
  node.needs = KindNeeds(key.kind);
  if (IsStringKey(key.kind)) {
    node.name =
        key.kind == SearchKeyKind::kHeader ? key.field : std::string(EnvelopeField(key.kind));
    node.needle = Needle(mail::ConvertToUtf8(charset, key.value).text);
  }
  if (key.kind == SearchKeyKind::kKeyword || key.kind == SearchKeyKind::kUnkeyword) {
    node.keyword = key.value;
  }
  node.date = key.date;
  node.size = key.size;
  if (key.kind == SearchKeyKind::kOlder || key.kind == SearchKeyKind::kYounger) {
    // RFC 5032: relative to when the SEARCH runs, fixed once for every message.
    node.since = static_cast<std::int64_t>(std::time(nullptr)) - static_cast<std::int64_t>(key.size);
  }
  if (key.kind == SearchKeyKind::kEmailId) {
    // An id that names no email matches nothing: 0 is never an email id.
    node.size = static_cast<std::uint64_t>(store::ParseEmailObjectId(key.value).value_or(0));
  }
  if (key.kind == SearchKeyKind::kUid || key.kind == SearchKeyKind::kSequenceSet) {
    node.set = NumberSet(key.set);
  }
  for (const grammar::SearchKey& child : key.children) {
    auto compiled = Compile(child, charset, depth + 1);
    if (!compiled) return Fail(std::move(compiled).error());
    node.needs = std::max(node.needs, compiled->needs);
    node.children.push_back(std::move(*compiled));
  }
  // AND and OR do not depend on the order of their operands: try the cheap ones first,
  // so flags and dates can settle a message before its body is decoded.
  std::stable_sort(node.children.begin(), node.children.end(),
                   [](const Node& a, const Node& b) { return a.needs < b.needs; });
  return node;
}

struct Context {
  const Candidate& candidate;
  const store::MessageMeta& meta;
  const MailboxFacts& facts;
  MessageText* text;  // nullptr: only metadata is available
  // Without `text`: StoredTextMatch::found for the message, or nullptr if not known.
  const std::uint64_t* stored = nullptr;
};

bool InSavedResult(const Context& ctx) {
  const std::vector<store::Uid>* saved = ctx.facts.saved;
  return saved != nullptr && std::binary_search(saved->begin(), saved->end(), ctx.meta.uid);
}

bool HasKeyword(const store::MessageMeta& meta, std::string_view keyword) {
  return std::any_of(meta.keywords.begin(), meta.keywords.end(),
                     [&](const std::string& k) { return mail::EqualsIgnoreCase(k, keyword); });
}

bool AnyContains(const std::vector<std::string>& texts, const Needle& needle) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return needle.FoundIn(t); });
}

Truth MatchString(const Node& node, MessageText& text) {
  // "the empty string is a substring" of any body, even one without text parts.
  if (node.needle.empty() && KindNeeds(node.kind) == Needs::kMessage) return Truth::kTrue;
  switch (node.kind) {
    case SearchKeyKind::kBody:
      return Of(AnyContains(text.BodyTexts(), node.needle));
    case SearchKeyKind::kText:
      return Of(AnyContains(text.HeaderTexts(), node.needle) ||
                AnyContains(text.BodyTexts(), node.needle));
    default: {
      const bool first_only = node.kind != SearchKeyKind::kHeader;
      for (const std::string* value : text.FieldValues(node.name, first_only)) {
        if (node.needle.FoundIn(*value)) return Truth::kTrue;
      }
      return Truth::kFalse;
    }
  }
}

// A string key from the index's stored text (Matcher::MatchesStoredText).
Truth MatchStoredString(const Node& node, const Context& ctx) {
  if (ctx.stored == nullptr || node.stored_term < 0) return Truth::kUnknown;
  const bool found = ((*ctx.stored >> node.stored_term) & 1) != 0;
  if (node.kind == SearchKeyKind::kBody || node.kind == SearchKeyKind::kText) return Of(found);
  return found ? Truth::kUnknown : Truth::kFalse;
}

// Gives each string key whose needle the stored text answers its term, one per distinct
// (field, needle).
void AssignStoredTerms(Node& node, std::vector<store::TextTerm>& terms) {
  if (IsStringKey(node.kind) && store::IsStoredTextTerm(node.needle.folded())) {
    const store::TextField field = *IndexedField(node.kind);
    auto same = std::find_if(terms.begin(), terms.end(), [&](const store::TextTerm& t) {
      return t.field == field && t.folded == node.needle.folded();
    });
    if (same != terms.end()) {
      node.stored_term = static_cast<int>(same - terms.begin());
    } else if (terms.size() < store::kMaxStoredTextTerms) {
      node.stored_term = static_cast<int>(terms.size());
      terms.push_back(store::TextTerm{field, node.needle.folded()});
    }
  }
  for (Node& child : node.children) AssignStoredTerms(child, terms);
}

// BEFORE/SENTBEFORE/SAVEDBEFORE: earlier than the key's date; ON/SENTON/SAVEDON: on it;
// SINCE/SENTSINCE/SAVEDSINCE: on or after it. `cmp` compares the message's date with
// the key's.
Truth DateHolds(SearchKeyKind kind, int cmp) {
  switch (kind) {
    case SearchKeyKind::kBefore:
    case SearchKeyKind::kSentBefore:
    case SearchKeyKind::kSavedBefore:
      return Of(cmp < 0);
    case SearchKeyKind::kOn:
    case SearchKeyKind::kSentOn:
    case SearchKeyKind::kSavedOn:
      return Of(cmp == 0);
    default:
      return Of(cmp >= 0);
  }
}

Truth MatchSentDate(const Node& node, MessageText& text) {
  const mail::HeaderField* field = text.header().Find("Date");
  if (field == nullptr) return Truth::kFalse;
  const std::optional<grammar::Date> sent = ParseSentDate(field->Value());
  if (!sent) return Truth::kFalse;
  return DateHolds(node.kind, CompareDates(*sent, node.date));
}

// The system flag keys: which flag each tests, and whether it must be set.
struct FlagKey {
  SearchKeyKind kind;
  std::uint32_t flag;
  bool set;
};
constexpr FlagKey kFlagKeys[] = {
    {SearchKeyKind::kAnswered, store::kFlagAnswered, true},
    {SearchKeyKind::kDeleted, store::kFlagDeleted, true},
    {SearchKeyKind::kDraft, store::kFlagDraft, true},
    {SearchKeyKind::kFlagged, store::kFlagFlagged, true},
    {SearchKeyKind::kSeen, store::kFlagSeen, true},
    {SearchKeyKind::kUnanswered, store::kFlagAnswered, false},
    {SearchKeyKind::kUndeleted, store::kFlagDeleted, false},
    {SearchKeyKind::kUndraft, store::kFlagDraft, false},
    {SearchKeyKind::kUnflagged, store::kFlagFlagged, false},
    {SearchKeyKind::kUnseen, store::kFlagSeen, false},
};

Truth MatchFlag(SearchKeyKind kind, std::uint32_t flags) {
  for (const FlagKey& k : kFlagKeys) {
    if (k.kind == kind) return Of(((flags & k.flag) != 0) == k.set);
  }
  return Truth::kFalse;
}

Truth Eval(const Node& node, const Context& ctx);

// AND (decisive kFalse) and OR (decisive kTrue): the first decisive operand settles
// it; otherwise the result is unknown if an operand was, else the other value.
Truth EvalList(const Node& node, const Context& ctx, Truth decisive) {
  Truth result = Not(decisive);
  for (const Node& child : node.children) {
    const Truth t = Eval(child, ctx);
    if (t == decisive) return t;
    if (t == Truth::kUnknown) result = t;
  }
  return result;
}

Truth Eval(const Node& node, const Context& ctx) {
  const std::uint32_t flags = ctx.meta.flags;
  const auto size = static_cast<std::uint64_t>(std::max<std::int64_t>(ctx.meta.size, 0));
  switch (node.kind) {
    case SearchKeyKind::kAnd:
      return EvalList(node, ctx, Truth::kFalse);
    case SearchKeyKind::kOr:
      return EvalList(node, ctx, Truth::kTrue);
    case SearchKeyKind::kNot:
      return Not(EvalList(node, ctx, Truth::kFalse));
    case SearchKeyKind::kAll:
      return Truth::kTrue;
    case SearchKeyKind::kAnswered:
    case SearchKeyKind::kDeleted:
    case SearchKeyKind::kDraft:
    case SearchKeyKind::kFlagged:
    case SearchKeyKind::kSeen:
    case SearchKeyKind::kUnanswered:
    case SearchKeyKind::kUndeleted:
    case SearchKeyKind::kUndraft:
    case SearchKeyKind::kUnflagged:
    case SearchKeyKind::kUnseen:
      return MatchFlag(node.kind, flags);
    case SearchKeyKind::kNew:
      return Of(ctx.candidate.recent && (flags & store::kFlagSeen) == 0);
    case SearchKeyKind::kOld:
      return Of(!ctx.candidate.recent);
    case SearchKeyKind::kRecent:
      return Of(ctx.candidate.recent);
    case SearchKeyKind::kKeyword:
      return Of(HasKeyword(ctx.meta, node.keyword));
    case SearchKeyKind::kUnkeyword:
      return Of(!HasKeyword(ctx.meta, node.keyword));
    case SearchKeyKind::kBefore:
    case SearchKeyKind::kOn:
    case SearchKeyKind::kSince:
      return DateHolds(node.kind, CompareDates(UtcDate(ctx.meta.internal_date), node.date));
    case SearchKeyKind::kLarger:
      return Of(size > node.size);
    case SearchKeyKind::kSmaller:
      return Of(size < node.size);
    case SearchKeyKind::kModSeq:
      return Of(ctx.meta.modseq >= node.size);
    case SearchKeyKind::kOlder:
      return Of(ctx.meta.internal_date < node.since);
    case SearchKeyKind::kYounger:
      return Of(ctx.meta.internal_date >= node.since);
    case SearchKeyKind::kSavedBefore:
    case SearchKeyKind::kSavedOn:
    case SearchKeyKind::kSavedSince:
      return DateHolds(node.kind, CompareDates(UtcDate(ctx.meta.save_date), node.date));
    case SearchKeyKind::kSaveDateSupported:
      return Truth::kTrue;  // every mailbox keeps save dates (RFC 8514 4.3)
    case SearchKeyKind::kEmailId:
      return Of(static_cast<std::uint64_t>(ctx.meta.email_id) == node.size);
    case SearchKeyKind::kThreadId:
      return Truth::kFalse;  // RFC 8474 5.2: no THREADIDs, so nothing matches
    case SearchKeyKind::kUid:
      return Of(node.set.saved_result() ? InSavedResult(ctx)
                                        : node.set.Contains(ctx.meta.uid, ctx.facts.max_uid));
    case SearchKeyKind::kSequenceSet:
      return Of(node.set.saved_result() ? InSavedResult(ctx)
                                        : node.set.Contains(ctx.candidate.seq, ctx.facts.exists));
    case SearchKeyKind::kSentBefore:
    case SearchKeyKind::kSentOn:
    case SearchKeyKind::kSentSince:
      return ctx.text == nullptr ? Truth::kUnknown : MatchSentDate(node, *ctx.text);
    case SearchKeyKind::kBcc:
    case SearchKeyKind::kBody:
    case SearchKeyKind::kCc:
    case SearchKeyKind::kFrom:
    case SearchKeyKind::kSubject:
    case SearchKeyKind::kText:
    case SearchKeyKind::kTo:
    case SearchKeyKind::kHeader:
      return ctx.text == nullptr ? MatchStoredString(node, ctx) : MatchString(node, *ctx.text);
  }
  return Truth::kFalse;
}

}  // namespace

Result<Matcher> Matcher::Create(const grammar::SearchKey& key,
                                const std::optional<std::string>& charset) {
  std::string_view name = "UTF-8";
  if (charset) {
    const std::string_view* known = FindCharset(*charset);
    if (known == nullptr) {
      return Fail(ErrorCode::kNotFound, "unsupported charset", "CHARSET " + *charset);
    }
    name = *known;
  }
  auto root = Compile(key, name, 0);
  if (!root) return Fail(std::move(root).error());
  std::vector<store::TextTerm> terms;
  AssignStoredTerms(*root, terms);
  return Matcher(std::move(*root), std::move(terms));
}

std::optional<bool> Matcher::MatchesMetadata(const Candidate& candidate,
                                             const MailboxFacts& facts) const {
  if (candidate.meta == nullptr) return false;
  const Truth t = Eval(root_, Context{candidate, *candidate.meta, facts, nullptr});
  if (t == Truth::kUnknown) return std::nullopt;
  return t == Truth::kTrue;
}

std::optional<bool> Matcher::MatchesStoredText(const Candidate& candidate,
                                               const MailboxFacts& facts,
                                               std::uint64_t found) const {
  if (candidate.meta == nullptr) return false;
  const Truth t = Eval(root_, Context{candidate, *candidate.meta, facts, nullptr, &found});
  if (t == Truth::kUnknown) return std::nullopt;
  return t == Truth::kTrue;
}

bool Matcher::Matches(const Candidate& candidate, const MailboxFacts& facts) const {
  if (candidate.meta == nullptr) return false;
  MessageText text(candidate.message, candidate.structure);
  return Eval(root_, Context{candidate, *candidate.meta, facts, &text}) == Truth::kTrue;
}

std::span<const std::string_view> SupportedCharsets() { return kCharsets; }

}  // namespace tern::imap::search
