// SEARCH over real-world messages from the shared corpus (../shared/corpus, see its
// README): a few messages checked by hand (charsets, encoded words, attached messages,
// 2-digit years), and every message searched without a crash, with the structure as the
// store caches it (SerializeStructure/DeserializeStructure). Files are used as stored
// (mostly LF line ends); matching does not depend on the line ends. Skips when the
// corpus is absent (a user's clone does not have it).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "imap/search/matcher.h"
#include "mail/encoded_word.h"
#include "mail/fold_case.h"
#include "mail/header.h"
#include "mail/mime_parser.h"
#include "mail/search_text.h"
#include "mail/structure_codec.h"
#include "search_test_util.h"

namespace tern::imap::search {
namespace {

namespace fs = std::filesystem;

const fs::path kEmlDir = fs::path(TERN_SHARED_CORPUS_DIR) / "eml";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Loaded {
  std::string raw;
  mail::MessageStructure structure;
  store::MessageMeta meta;
};

Loaded Load(const fs::path& path) {
  Loaded l;
  l.raw = ReadFile(path);
  auto cached = mail::DeserializeStructure(mail::SerializeStructure(mail::ParseMessage(l.raw)));
  EXPECT_TRUE(cached.has_value()) << path;
  if (cached) l.structure = std::move(*cached);
  l.meta.uid = 1;
  l.meta.size = static_cast<std::int64_t>(l.raw.size());
  return l;
}

bool MatchLoaded(const Matcher& matcher, const Loaded& l) {
  const Candidate c{1, &l.meta, false, l.raw, &l.structure};
  const std::optional<bool> early = matcher.MatchesMetadata(c, {});
  const bool full = matcher.Matches(c, {});
  if (early) {
    EXPECT_EQ(*early, full);
  }
  testing::StoredTextAgrees(matcher, c, {}, l.structure, l.raw, full);
  return full;
}

struct Case {
  const char* file;  // under eml/
  const char* program;
  bool expected;
};

// clang-format off
const Case kCases[] = {
    // From: "=?ISO-8859-1?Q?=D6AMTC?=" <clubinfo@...>, two QP latin-1 text parts.
    {"chatmail/list-from.eml", "FROM \"öamtc\"", true},
    {"chatmail/list-from.eml", "FROM clubinfo@donotreply", true},
    {"chatmail/list-from.eml", "FROM =D6AMTC", false},
    {"chatmail/list-from.eml", "HEADER List-Id \"<ÖAMTC>\"", true},
    {"chatmail/list-from.eml", "SENTON 20-Mar-2024", true},
    {"chatmail/list-from.eml", "SENTBEFORE 20-Mar-2024", false},
    {"chatmail/list-from.eml", "BODY \"PLAIN TEXT SPAM\"", true},
    {"chatmail/list-from.eml", "BODY \"html spam\"", true},
    {"chatmail/list-from.eml", "BODY \"NextPart\"", false},
    {"chatmail/list-from.eml", "TEXT \"list-unsubscribe-post: list-unsubscribe=one-click\"", true},
    {"chatmail/list-from.eml", "TEXT \"content-transfer-encoding: quoted-printable\"", true},
    // 8-bit windows-1252 body: "foo bar \xE4 \xF6 \xFC \xDF".
    {"chatmail/cp1252-html.eml", "BODY \"FOO BAR Ä Ö Ü ß\"", true},
    {"chatmail/cp1252-html.eml", "CHARSET ISO-8859-1 BODY \"\xC4 \xD6 \xDC\"", true},
    {"chatmail/cp1252-html.eml", "BODY \"forwarded message\"", true},
    {"chatmail/cp1252-html.eml", "SUBJECT \"dc_get_msg_html()\"", true},
    {"chatmail/cp1252-html.eml", "SENTON 27-May-2021", true},
    {"chatmail/cp1252-html.eml", "SENTON 21-May-2021", false},  // a Date: in the body
    // The whole message is message/rfc822; no Date: at all.
    {"cpython/msg_11.eml", "SUBJECT enclosing", true},
    {"cpython/msg_11.eml", "SUBJECT \"an enclosed\"", false},
    {"cpython/msg_11.eml", "TEXT \"AN ENCLOSED MESSAGE\"", true},
    {"cpython/msg_11.eml", "BODY \"body of the message\"", true},
    {"cpython/msg_11.eml", "BODY \"an enclosed\"", false},
    {"cpython/msg_11.eml", "OR SENTBEFORE 1-Jan-2100 SENTSINCE 1-Jan-1900", false},
    // ISO-2022-JP encoded word in From:, a 2-digit year in Date: ("13 Jun 92").
    {"jwz/jwz-007.eml", "FROM \"佐藤豊\"", true},
    {"jwz/jwz-007.eml", "CHARSET ISO-2022-JP FROM \"\x1B$B:4F#\x1B(B\"", true},  // 佐藤
    {"jwz/jwz-007.eml", "FROM \"yutaka sato\"", true},
    {"jwz/jwz-007.eml", "SENTON 13-Jun-1992", true},
    {"jwz/jwz-007.eml", "SENTBEFORE 1-Jan-1993 SENTSINCE 13-Jun-1992", true},
    {"jwz/jwz-007.eml", "HEADER Received etlpom.etl.go.jp", true},
    {"jwz/jwz-007.eml", "HEADER Received nowhere.example", false},
    {"jwz/jwz-007.eml", "BODY \"rfc1343(.txt/.ps)\"", true},
};
// clang-format on

TEST(SearchCorpusTest, HandCheckedMessages) {
  if (!fs::is_directory(kEmlDir)) GTEST_SKIP() << "shared corpus not found at " << kEmlDir;
  for (const Case& c : kCases) {
    const Loaded l = Load(kEmlDir / c.file);
    ASSERT_FALSE(l.raw.empty()) << c.file;
    EXPECT_EQ(MatchLoaded(testing::Compile(c.program), l), c.expected)
        << c.file << ": SEARCH " << c.program;
  }
}

grammar::SearchKey StringKey(grammar::SearchKeyKind kind, std::string value) {
  grammar::SearchKey key;
  key.kind = kind;
  key.value = std::move(value);
  return key;
}

// Every message, well-formed or not: no crash, "" matches, and each message's own
// decoded subject finds it through SUBJECT and TEXT.
TEST(SearchCorpusTest, EveryMessage) {
  if (!fs::is_directory(kEmlDir)) GTEST_SKIP() << "shared corpus not found at " << kEmlDir;
  const Matcher everything = testing::Compile("BODY \"\" TEXT \"\" NOT HEADER X-Tern-Absent \"\"");
  const Matcher nothing = testing::Compile("OR TEXT 7f3c1c5e-no-such-text BODY 7f3c1c5e");
  std::size_t files = 0;
  std::size_t subjects = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kEmlDir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".eml") continue;
    ++files;
    const Loaded l = Load(entry.path());
    EXPECT_TRUE(MatchLoaded(everything, l)) << entry.path();
    EXPECT_FALSE(MatchLoaded(nothing, l)) << entry.path();
    const mail::Header header = mail::Header::Parse(l.raw);
    const std::optional<std::string> subject = header.Value("Subject");
    if (!subject) continue;
    const std::string decoded = mail::DecodeEncodedWords(*subject);
    if (decoded.empty()) continue;
    ++subjects;
    for (const auto kind : {grammar::SearchKeyKind::kSubject, grammar::SearchKeyKind::kText}) {
      auto m = Matcher::Create(StringKey(kind, decoded), std::nullopt);
      ASSERT_TRUE(m.has_value());
      EXPECT_TRUE(MatchLoaded(*m, l)) << entry.path() << ": " << decoded;
    }
  }
  EXPECT_GT(files, 500u);
  EXPECT_GT(subjects, 400u);
}

// Up to `count` pieces of `text` of eight code points, spread over it, each one the
// stored text can answer for (store::IsStoredTextTerm).
std::vector<std::string> PiecesOf(std::string_view text, std::size_t count) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size();) {
    starts.push_back(i);
    i += std::max<std::size_t>(1, Utf8SequenceLength(text.substr(i)));
  }
  starts.push_back(text.size());
  std::vector<std::string> out;
  if (starts.size() < 9) return out;
  const std::size_t step = std::max<std::size_t>(1, (starts.size() - 9) / count);
  for (std::size_t k = 0; k + 8 < starts.size() && out.size() < count; k += step) {
    std::string piece(text.substr(starts[k], starts[k + 8] - starts[k]));
    if (store::IsStoredTextTerm(piece)) out.push_back(std::move(piece));
  }
  return out;
}

// The index's stored text decides BODY and TEXT (and the absence of header needles)
// exactly as reading the message does, on real-world messages: pieces of each message's
// own stored text are found by reading it, and NOT, OR and the header keys agree
// (MatchLoaded checks every answer the stored text gives against Matches).
TEST(SearchCorpusTest, StoredTextAnswersAsReadingDoes) {
  if (!fs::is_directory(kEmlDir)) GTEST_SKIP() << "shared corpus not found at " << kEmlDir;
  std::size_t decided = 0;
  std::size_t pieces = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kEmlDir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".eml") continue;
    const Loaded l = Load(entry.path());
    const mail::SearchText text = mail::ExtractSearchText(l.raw, l.structure);
    for (const bool from_body : {true, false}) {
      for (const std::string& piece : PiecesOf(from_body ? text.body : text.header, 4)) {
        ++pieces;
        using K = grammar::SearchKeyKind;
        grammar::SearchKey body = StringKey(from_body ? K::kBody : K::kText, piece);
        grammar::SearchKey negated;
        negated.kind = K::kNot;
        negated.children = {body};
        grammar::SearchKey either;
        either.kind = K::kOr;
        either.children = {StringKey(K::kSubject, piece), StringKey(K::kBody, piece)};
        const std::vector<grammar::SearchKey> keys = {body, negated, either,
                                                      StringKey(K::kFrom, piece)};
        for (std::size_t k = 0; k < keys.size(); ++k) {
          auto m = Matcher::Create(keys[k], std::nullopt);
          ASSERT_TRUE(m.has_value());
          const bool full = MatchLoaded(*m, l);
          const Candidate c{1, &l.meta, false, l.raw, &l.structure};
          if (testing::StoredTextAgrees(*m, c, {}, l.structure, l.raw, full)) ++decided;
          // Folding what is folded changes nothing, so the piece is found where it was.
          if (k == 0 && mail::FoldCase(piece) == piece) {
            EXPECT_TRUE(full) << entry.path() << ": " << piece;
          }
        }
      }
    }
  }
  EXPECT_GT(pieces, 1000u);
  EXPECT_GT(decided, 2000u);
}

}  // namespace
}  // namespace tern::imap::search
