// SORT, UID SORT, THREAD and UID THREAD (RFC 5256 3 and 5; RFC 5957 4; RFC 5267 3). The
// search criteria after the charset are SEARCH's (search.h), parsed by the same code.
#include <cctype>
#include <string_view>

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

// Sort criteria beyond this count are refused: there are nine keys, each useful once.
constexpr std::size_t kMaxSortCriteria = 32;

struct NamedKey {
  std::string_view name;
  SortKey key;
};

// sort-key = "ARRIVAL" / "CC" / "DATE" / "FROM" / "SIZE" / "SUBJECT" / "TO"   (RFC 5256)
// sort-key =/ "DISPLAYFROM" / "DISPLAYTO"                                    (RFC 5957)
constexpr NamedKey kSortKeys[] = {
    {"ARRIVAL", SortKey::kArrival}, {"CC", SortKey::kCc},
    {"DATE", SortKey::kDate},       {"FROM", SortKey::kFrom},
    {"SIZE", SortKey::kSize},       {"SUBJECT", SortKey::kSubject},
    {"TO", SortKey::kTo},           {"DISPLAYFROM", SortKey::kDisplayFrom},
    {"DISPLAYTO", SortKey::kDisplayTo},
};

// sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"
Result<std::vector<SortCriterion>> Criteria(Cursor& c) {
  TERN_TRY(c.Open("sort criteria"));
  std::vector<SortCriterion> out;
  do {
    if (out.size() >= kMaxSortCriteria) return Fail(ErrorCode::kLimit, "too many sort criteria");
    SortCriterion criterion;
    if (c.TryWord("REVERSE")) {
      criterion.reverse = true;
      TERN_TRY(c.Sp("sort key"));
    }
    bool known = false;
    for (const auto& k : kSortKeys) {
      if (c.TryWord(k.name)) {
        criterion.key = k.key;
        known = true;
        break;
      }
    }
    if (!known) return Cursor::Bad("unknown sort key");
    out.push_back(criterion);
  } while (c.TryChar(' '));
  TERN_TRY(c.Close("sort criteria"));
  return out;
}

// search-criteria = charset 1*(SP search-key); charset = atom / quoted
Result<std::string> Charset(Cursor& c) {
  TERN_TRY(c.Sp("charset"));
  auto charset = c.AString("charset");
  if (!charset) return Fail(charset.error());
  for (char& ch : *charset) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  TERN_TRY(c.Sp("search criteria"));
  return charset;
}

}  // namespace

Result<SortCommand> ParseSort(Cursor& c, bool uid) {
  SortCommand cmd;
  cmd.uid = uid;
  TERN_TRY(c.Sp("sort criteria"));
  if (c.TryWord("RETURN")) {
    auto opts = ParseSearchReturnOptions(c);
    if (!opts) return Fail(opts.error());
    cmd.return_options = std::move(*opts);
    TERN_TRY(c.Sp("sort criteria"));
  }
  auto criteria = Criteria(c);
  if (!criteria) return Fail(criteria.error());
  cmd.criteria = std::move(*criteria);
  auto charset = Charset(c);
  if (!charset) return Fail(charset.error());
  cmd.charset = std::move(*charset);
  auto keys = ParseSearchKeys(c);
  if (!keys) return Fail(keys.error());
  cmd.key = std::move(*keys);
  return cmd;
}

// thread-alg = "ORDEREDSUBJECT" / "REFERENCES" / thread-alg-ext; thread-alg-ext = atom.
// An algorithm Tern does not implement is BAD, as Dovecot and Cyrus answer.
Result<ThreadCommand> ParseThread(Cursor& c, bool uid) {
  ThreadCommand cmd;
  cmd.uid = uid;
  TERN_TRY(c.Sp("threading algorithm"));
  if (c.TryWord("ORDEREDSUBJECT")) {
    cmd.algorithm = ThreadAlgorithm::kOrderedSubject;
  } else if (c.TryWord("REFERENCES")) {
    cmd.algorithm = ThreadAlgorithm::kReferences;
  } else {
    return Cursor::Bad("unknown threading algorithm");
  }
  auto charset = Charset(c);
  if (!charset) return Fail(charset.error());
  cmd.charset = std::move(*charset);
  auto keys = ParseSearchKeys(c);
  if (!keys) return Fail(keys.error());
  cmd.key = std::move(*keys);
  return cmd;
}

}  // namespace tern::imap::grammar
