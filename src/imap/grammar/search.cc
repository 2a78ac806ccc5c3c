#include "imap/grammar/search.h"

#include <cctype>
#include <string_view>

#include "imap/grammar/flags.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

struct Parser {
  Cursor& c;
  std::size_t keys = 0;

  Result<SearchKey> Key(std::size_t depth);
  Result<SearchKey> StringKey(SearchKeyKind kind, std::string_view what) {
    SearchKey k;
    k.kind = kind;
    TERN_TRY(c.Sp(what));
    auto v = c.AString(what);
    if (!v) return Fail(v.error());
    k.value = std::move(*v);
    return k;
  }
  Result<SearchKey> DateKey(SearchKeyKind kind) {
    SearchKey k;
    k.kind = kind;
    TERN_TRY(c.Sp("date"));
    auto d = ParseDate(c);
    if (!d) return Fail(d.error());
    k.date = *d;
    return k;
  }
};

struct Named {
  std::string_view name;
  SearchKeyKind kind;
};

// Keys without arguments. NEW, OLD and RECENT are IMAP4rev1 only (RFC 9051 removed
// \Recent), handled below.
constexpr Named kFlagKeys[] = {
    {"ALL", SearchKeyKind::kAll},
    {"ANSWERED", SearchKeyKind::kAnswered},
    {"DELETED", SearchKeyKind::kDeleted},
    {"DRAFT", SearchKeyKind::kDraft},
    {"FLAGGED", SearchKeyKind::kFlagged},
    {"SEEN", SearchKeyKind::kSeen},
    {"UNANSWERED", SearchKeyKind::kUnanswered},
    {"UNDELETED", SearchKeyKind::kUndeleted},
    {"UNDRAFT", SearchKeyKind::kUndraft},
    {"UNFLAGGED", SearchKeyKind::kUnflagged},
    {"UNSEEN", SearchKeyKind::kUnseen},
    {"SAVEDATESUPPORTED", SearchKeyKind::kSaveDateSupported},
};
constexpr Named kRev1Keys[] = {
    {"NEW", SearchKeyKind::kNew}, {"OLD", SearchKeyKind::kOld}, {"RECENT", SearchKeyKind::kRecent}};
constexpr Named kStringKeys[] = {
    {"BCC", SearchKeyKind::kBcc},         {"BODY", SearchKeyKind::kBody},
    {"CC", SearchKeyKind::kCc},           {"FROM", SearchKeyKind::kFrom},
    {"SUBJECT", SearchKeyKind::kSubject}, {"TEXT", SearchKeyKind::kText},
    {"TO", SearchKeyKind::kTo},
};
constexpr Named kDateKeys[] = {
    {"BEFORE", SearchKeyKind::kBefore}, {"ON", SearchKeyKind::kOn},
    {"SINCE", SearchKeyKind::kSince},   {"SENTBEFORE", SearchKeyKind::kSentBefore},
    {"SENTON", SearchKeyKind::kSentOn}, {"SENTSINCE", SearchKeyKind::kSentSince},
    {"SAVEDBEFORE", SearchKeyKind::kSavedBefore}, {"SAVEDON", SearchKeyKind::kSavedOn},
    {"SAVEDSINCE", SearchKeyKind::kSavedSince},
};

// search-key (RFC 9051 9, RFC 3501 9): see search.h for the forms.
Result<SearchKey> Parser::Key(std::size_t depth) {
  if (++keys > c.context().limits.max_search_keys) {
    return Fail(ErrorCode::kLimit, "too many search keys");
  }
  if (depth > c.context().limits.max_search_depth) {
    return Fail(ErrorCode::kLimit, "search keys too deeply nested");
  }
  SearchKey k;
  if (c.Peek() == '(') {
    TERN_TRY(c.Open("search keys"));
    k.kind = SearchKeyKind::kAnd;
    do {
      auto child = Key(depth + 1);
      if (!child) return Fail(child.error());
      k.children.push_back(std::move(*child));
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("search keys"));
    return k;
  }
  if (AtSequenceSet(c)) {
    auto set = ParseSequenceSet(c);
    if (!set) return Fail(set.error());
    k.kind = SearchKeyKind::kSequenceSet;
    k.set = std::move(*set);
    return k;
  }
  const std::size_t start = c.pos();
  const std::string_view word = c.TakeWhile([](unsigned char ch) { return std::isalpha(ch); });
  if (word.empty() || IsAtomChar(static_cast<unsigned char>(c.Peek()))) {
    c.set_pos(start);
    return Cursor::Bad("unknown search key");
  }
  for (const auto& n : kFlagKeys) {
    if (EqualsIgnoreCase(word, n.name)) {
      k.kind = n.kind;
      return k;
    }
  }
  if (!c.context().rev2) {
    for (const auto& n : kRev1Keys) {
      if (EqualsIgnoreCase(word, n.name)) {
        k.kind = n.kind;
        return k;
      }
    }
  }
  for (const auto& n : kStringKeys) {
    if (EqualsIgnoreCase(word, n.name)) return StringKey(n.kind, "search string");
  }
  for (const auto& n : kDateKeys) {
    if (EqualsIgnoreCase(word, n.name)) return DateKey(n.kind);
  }
  if (EqualsIgnoreCase(word, "KEYWORD") || EqualsIgnoreCase(word, "UNKEYWORD")) {
    k.kind = word.size() == 7 ? SearchKeyKind::kKeyword : SearchKeyKind::kUnkeyword;
    TERN_TRY(c.Sp("keyword"));
    // flag-keyword = "$MDNSent" / ... / atom; a "\" flag is not a keyword.
    auto kw = c.Atom("keyword");
    if (!kw) return Fail(kw.error());
    k.value = std::move(*kw);
    return k;
  }
  if (EqualsIgnoreCase(word, "HEADER")) {
    k.kind = SearchKeyKind::kHeader;
    TERN_TRY(c.Sp("header field name"));
    auto field = c.AString("header field name");
    if (!field) return Fail(field.error());
    TERN_TRY(c.Sp("search string"));
    auto value = c.AString("search string");
    if (!value) return Fail(value.error());
    k.field = std::move(*field);
    k.value = std::move(*value);
    return k;
  }
  if (EqualsIgnoreCase(word, "LARGER") || EqualsIgnoreCase(word, "SMALLER")) {
    k.kind = word.size() == 6 ? SearchKeyKind::kLarger : SearchKeyKind::kSmaller;
    TERN_TRY(c.Sp("size"));
    auto n = c.Number64("size");
    if (!n) return Fail(n.error());
    k.size = *n;
    return k;
  }
  if (EqualsIgnoreCase(word, "OLDER") || EqualsIgnoreCase(word, "YOUNGER")) {
    // RFC 5032: interval = 1*DIGIT, a number of seconds (nz-number in practice).
    k.kind = word.size() == 5 ? SearchKeyKind::kOlder : SearchKeyKind::kYounger;
    TERN_TRY(c.Sp("interval"));
    auto n = c.NzNumber("interval");
    if (!n) return Fail(n.error());
    k.size = *n;
    return k;
  }
  if (EqualsIgnoreCase(word, "MODSEQ")) {
    // RFC 7162 3.1.5: MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer.
    // Tern keeps one mod-sequence per message, so the entry is checked and ignored.
    k.kind = SearchKeyKind::kModSeq;
    TERN_TRY(c.Sp("mod-sequence"));
    if (c.Peek() == '"') {
      auto entry = c.Quoted("entry name");
      if (!entry) return Fail(entry.error());
      if (entry->rfind("/flags/", 0) != 0 || entry->size() == 7) {
        return Cursor::Bad("MODSEQ entry name must be \"/flags/<flag>\"");
      }
      TERN_TRY(c.Sp("entry type"));
      if (!c.TryWord("PRIV") && !c.TryWord("SHARED") && !c.TryWord("ALL")) {
        return Cursor::Bad("MODSEQ entry type must be priv, shared or all");
      }
      TERN_TRY(c.Sp("mod-sequence"));
    }
    auto n = c.Number64("mod-sequence");
    if (!n) return Fail(n.error());
    k.size = *n;
    return k;
  }
  if (EqualsIgnoreCase(word, "EMAILID") || EqualsIgnoreCase(word, "THREADID")) {
    // RFC 8474: objectid = 1*255(ALPHA / DIGIT / "_" / "-")
    k.kind = word.size() == 7 ? SearchKeyKind::kEmailId : SearchKeyKind::kThreadId;
    TERN_TRY(c.Sp("object id"));
    const std::string_view id = c.TakeWhile(
        [](unsigned char ch) { return std::isalnum(ch) || ch == '_' || ch == '-'; });
    if (id.empty() || id.size() > 255 || IsAtomChar(static_cast<unsigned char>(c.Peek()))) {
      return Cursor::Bad("invalid object id");
    }
    k.value = std::string(id);
    return k;
  }
  if (EqualsIgnoreCase(word, "UID")) {
    k.kind = SearchKeyKind::kUid;
    TERN_TRY(c.Sp("UID set"));
    auto set = ParseSequenceSet(c);
    if (!set) return Fail(set.error());
    k.set = std::move(*set);
    return k;
  }
  if (EqualsIgnoreCase(word, "NOT")) {
    k.kind = SearchKeyKind::kNot;
    TERN_TRY(c.Sp("search key"));
    auto child = Key(depth + 1);
    if (!child) return Fail(child.error());
    k.children.push_back(std::move(*child));
    return k;
  }
  if (EqualsIgnoreCase(word, "OR")) {
    k.kind = SearchKeyKind::kOr;
    for (int i = 0; i < 2; ++i) {
      TERN_TRY(c.Sp("search key"));
      auto child = Key(depth + 1);
      if (!child) return Fail(child.error());
      k.children.push_back(std::move(*child));
    }
    return k;
  }
  return Cursor::Bad("unknown search key");
}

}  // namespace

// search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"
Result<std::vector<SearchReturn>> ParseSearchReturnOptions(Cursor& c) {
  TERN_TRY(c.Sp("return options"));
  TERN_TRY(c.Open("return options"));
  std::vector<SearchReturn> opts;
  while (c.Peek() != ')') {
    if (!opts.empty()) TERN_TRY(c.Sp("return option"));
    if (c.TryWord("MIN")) {
      opts.push_back(SearchReturn::kMin);
    } else if (c.TryWord("MAX")) {
      opts.push_back(SearchReturn::kMax);
    } else if (c.TryWord("ALL")) {
      opts.push_back(SearchReturn::kAll);
    } else if (c.TryWord("COUNT")) {
      opts.push_back(SearchReturn::kCount);
    } else if (c.TryWord("SAVE")) {
      opts.push_back(SearchReturn::kSave);
    } else {
      return Cursor::Bad("unknown search return option");
    }
    if (opts.size() > 16) return Fail(ErrorCode::kLimit, "too many return options");
  }
  TERN_TRY(c.Close("return options"));
  return opts;
}

Result<SearchKey> ParseSearchKeys(Cursor& c) {
  SearchKey all;
  all.kind = SearchKeyKind::kAnd;
  Parser p{c};
  do {
    auto key = p.Key(0);
    if (!key) return Fail(key.error());
    all.children.push_back(std::move(*key));
  } while (c.TryChar(' '));
  TERN_TRY(c.End("search criteria"));
  return all;
}

Result<SearchCommand> ParseSearch(Cursor& c, bool uid) {
  SearchCommand cmd;
  cmd.uid = uid;
  TERN_TRY(c.Sp("search criteria"));
  if (c.TryWord("RETURN")) {
    auto opts = ParseSearchReturnOptions(c);
    if (!opts) return Fail(opts.error());
    cmd.return_options = std::move(*opts);
    TERN_TRY(c.Sp("search criteria"));
  }
  if (c.TryWord("CHARSET")) {
    TERN_TRY(c.Sp("charset"));
    auto charset = c.AString("charset");
    if (!charset) return Fail(charset.error());
    for (char& ch : *charset) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    cmd.charset = std::move(*charset);
    TERN_TRY(c.Sp("search criteria"));
  }
  auto keys = ParseSearchKeys(c);
  if (!keys) return Fail(keys.error());
  cmd.key = std::move(*keys);
  return cmd;
}

}  // namespace tern::imap::grammar
