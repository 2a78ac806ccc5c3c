// The shared real-world corpus (../shared/corpus, see its README): every .eml parses
// without a crash and identically however it is split; for structure_ok=yes files the
// tree is checked against invariants and an independent boundary scan. Skips when the
// corpus is absent (a user's clone does not have it).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "mail/ascii.h"
#include "mail/mime_parser.h"
#include "mail/structure_codec.h"
#include "test_util.h"

namespace tern::mail {
namespace {

namespace fs = std::filesystem;

struct CorpusFile {
  std::string path;
  bool structure_ok = false;
};

std::vector<CorpusFile> LoadManifest() {
  std::vector<CorpusFile> out;
  const fs::path root(TERN_SHARED_CORPUS_DIR);
  std::istringstream manifest(testing::ReadFileBytes((root / "MANIFEST.tsv").string()));
  std::string line;
  std::getline(manifest, line);  // column names
  while (std::getline(manifest, line)) {
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = line.find('\t', t1 + 1);
    const std::size_t t3 = line.find('\t', t2 + 1);
    if (t3 == std::string::npos) continue;
    out.push_back({(root / line.substr(0, t1)).string(), line.substr(t2 + 1, t3 - t2 - 1) == "yes"});
  }
  return out;
}

bool CorpusPresent() { return fs::exists(fs::path(TERN_SHARED_CORPUS_DIR) / "MANIFEST.tsv"); }

// Independent of the parser: delimiter lines "--B" (optional trailing whitespace) of
// exactly boundary B inside [begin, end), up to the first close delimiter "--B--".
std::size_t CountDelimiters(std::string_view data, std::uint64_t begin, std::uint64_t end,
                            const std::string& b) {
  std::size_t count = 0;
  std::size_t pos = static_cast<std::size_t>(begin);
  while (pos < end) {
    std::size_t lf = data.find('\n', pos);
    if (lf == std::string_view::npos || lf >= end) lf = static_cast<std::size_t>(end);
    std::string_view line = data.substr(pos, lf - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() >= 2 + b.size() && line.substr(0, 2) == "--" && line.substr(2, b.size()) == b) {
      std::string_view rest = line.substr(2 + b.size());
      if (rest.substr(0, 2) == "--") break;
      if (TrimLinearSpace(rest).empty()) ++count;
    }
    pos = lf + 1;
  }
  return count;
}

// Checks one part and its subtree; `boundaries` are the enclosing multiparts' boundaries.
void CheckPart(std::string_view data, const MessagePart& p, std::vector<std::string> boundaries) {
  ASSERT_EQ(p.header_offset + p.header_size, p.body_offset);
  ASSERT_LE(p.body_offset + p.body_size, data.size());
  const std::uint64_t body_end = p.body_offset + p.body_size;
  // Lines: LFs in the body octets.
  std::uint64_t lfs = 0;
  for (std::uint64_t i = p.body_offset; i < body_end; ++i) lfs += data[i] == '\n';
  EXPECT_EQ(p.body_lines, lfs);
  if (p.IsMultipart() && !p.opaque) {
    const Parameter* b = FindParameter(p.params, "boundary");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(p.children.size(), CountDelimiters(data, p.body_offset, body_end, b->value))
        << "multipart at " << p.header_offset;
    boundaries.push_back(b->value);
    for (const MessagePart& c : p.children) {
      // The line that ends right before the child is a delimiter line of this boundary.
      ASSERT_GE(c.header_offset, p.body_offset);
      std::string_view before = data.substr(0, static_cast<std::size_t>(c.header_offset));
      ASSERT_FALSE(before.empty());
      ASSERT_EQ(before.back(), '\n');
      before.remove_suffix(1);
      const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
      EXPECT_EQ(before.substr(line_start, 2 + b->value.size()), "--" + b->value);
      // The bytes after the child's body: a line break and a delimiter of this or an
      // enclosing boundary, or the end of the input.
      const std::uint64_t c_end = c.body_offset + c.body_size;
      ASSERT_LE(c_end, body_end);
      if (c_end < data.size()) {
        std::string_view after = data.substr(static_cast<std::size_t>(c_end));
        // An empty body that starts right after a delimiter line or a blank line has no
        // line break of its own: the next delimiter follows at once (as in Dovecot).
        if (c.body_size == 0 && after.substr(0, 2) == "--") {
        } else if (after.substr(0, 2) == "\r\n") {
          after.remove_prefix(2);
        } else if (after.substr(0, 1) == "\n") {
          after.remove_prefix(1);
        } else {
          ADD_FAILURE() << "no line break after part ending at " << c_end;
        }
        bool any = false;
        for (const std::string& ob : boundaries) any = any || after.substr(0, 2 + ob.size()) == "--" + ob;
        EXPECT_TRUE(any) << "no delimiter after part ending at " << c_end;
      }
      CheckPart(data, c, boundaries);
    }
  } else if (p.IsMessage()) {
    const MessagePart& inner = p.children.front();
    EXPECT_EQ(inner.header_offset, p.body_offset);
    EXPECT_EQ(inner.body_offset + inner.body_size, body_end);
    EXPECT_TRUE(p.envelope.has_value());
    CheckPart(data, inner, boundaries);
  } else {
    EXPECT_TRUE(p.children.empty());
  }
}

TEST(MimeParserCorpus, EveryFileParsesTheSameWholeAndInPieces) {
  if (!CorpusPresent()) GTEST_SKIP() << "shared corpus not found at " << TERN_SHARED_CORPUS_DIR;
  const auto files = LoadManifest();
  ASSERT_GT(files.size(), 100u);
  std::uint32_t seed = 0;
  for (const CorpusFile& f : files) {
    SCOPED_TRACE(f.path);
    const std::string data = testing::ReadFileBytes(f.path);
    const MessageStructure whole = ParseMessage(data);
    EXPECT_EQ(whole.size, data.size());
    EXPECT_EQ(whole.root.header_offset, 0u);
    EXPECT_EQ(whole.root.body_offset + whole.root.body_size, data.size());
    EXPECT_EQ(testing::ParseInRandomChunks(data, ++seed, 4096), whole);
    EXPECT_EQ(testing::ParseInRandomChunks(data, ++seed, 13), whole);
    if (data.size() < 256 * 1024) {
      EXPECT_EQ(testing::ParseByteByByte(data), whole);
    }
    auto round = DeserializeStructure(SerializeStructure(whole));
    ASSERT_TRUE(round.has_value());
    EXPECT_EQ(*round, whole);
    for (const NumberedPart& n : ListParts(whole)) EXPECT_EQ(FindPart(whole, n.number), n.part);
  }
}

TEST(MimeParserCorpus, WellFormedFilesSatisfyStructureInvariants) {
  if (!CorpusPresent()) GTEST_SKIP() << "shared corpus not found at " << TERN_SHARED_CORPUS_DIR;
  std::size_t checked = 0;
  for (const CorpusFile& f : LoadManifest()) {
    if (!f.structure_ok) continue;
    SCOPED_TRACE(f.path);
    const std::string data = testing::ReadFileBytes(f.path);
    const MessageStructure s = ParseMessage(data);
    EXPECT_FALSE(s.limits_hit);
    CheckPart(data, s.root, {});
    ++checked;
  }
  EXPECT_GT(checked, 400u);
}

}  // namespace
}  // namespace tern::mail
