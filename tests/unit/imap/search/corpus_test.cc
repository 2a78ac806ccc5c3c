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

#include "imap/search/matcher.h"
#include "mail/encoded_word.h"
#include "mail/header.h"
#include "mail/mime_parser.h"
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

}  // namespace
}  // namespace tern::imap::search
