// Golden tests: the project's own real-world-shaped messages in tests/data/mail, each
// with a NAME.expected dump (offsets, sizes, lines, fields, envelope, IMAP numbers).
// The expected files were checked by hand and against an independent boundary scan
// (see mime_parser_corpus_test.cc). On mismatch NAME.actual is written beside the
// expected file so the difference can be diffed (STYLE habit 13).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mail/mime_parser.h"
#include "test_util.h"

namespace tern::mail {
namespace {

namespace fs = std::filesystem;
using testing::DumpStructure;
using testing::ReadFileBytes;

std::vector<fs::path> GoldenMessages() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(TERN_TEST_DATA_DIR) / "mail")) {
    if (e.path().extension() == ".eml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(MimeParserGolden, HasTheMessageSet) { EXPECT_GE(GoldenMessages().size(), 20u); }

TEST(MimeParserGolden, EachMessageMatchesItsExpectedDump) {
  for (const fs::path& eml : GoldenMessages()) {
    SCOPED_TRACE(eml.filename().string());
    const std::string data = ReadFileBytes(eml.string());
    const std::string actual = DumpStructure(ParseMessage(data));
    fs::path expected_path = eml;
    expected_path.replace_extension(".expected");
    const std::string expected = ReadFileBytes(expected_path.string());
    if (actual != expected) {
      fs::path actual_path = eml;
      actual_path.replace_extension(".actual");
      std::ofstream(actual_path, std::ios::binary) << actual;
    }
    EXPECT_EQ(actual, expected) << "wrote " << eml.stem().string() << ".actual";
  }
}

TEST(MimeParserGolden, EverySplitGivesTheSameStructure) {
  for (const fs::path& eml : GoldenMessages()) {
    SCOPED_TRACE(eml.filename().string());
    const std::string data = ReadFileBytes(eml.string());
    const MessageStructure whole = ParseMessage(data);
    EXPECT_EQ(testing::ParseByteByByte(data), whole);
    for (std::uint32_t seed = 1; seed <= 5; ++seed) {
      EXPECT_EQ(testing::ParseInRandomChunks(data, seed), whole) << "seed " << seed;
    }
    // Every split point into two pieces.
    for (std::size_t cut = 0; cut <= data.size(); cut += 7) {
      MimeParser p;
      p.Feed(std::string_view(data).substr(0, cut));
      p.Feed(std::string_view(data).substr(cut));
      EXPECT_EQ(p.Finish(), whole) << "cut at " << cut;
    }
  }
}

}  // namespace
}  // namespace tern::mail
