#include "mail/structure_codec.h"

#include <gtest/gtest.h>

#include "mail/mime_parser.h"

namespace tern::mail {
namespace {

constexpr std::string_view kMessage =
    "From: \"A\" <a@b.example>\nTo: g: x@y;\nSubject: s\n"
    "Content-Type: multipart/mixed; boundary=a\n\n"
    "--a\nContent-Type: text/plain; charset*=utf-8''%C3%A9\nContent-Language: en\n"
    "Content-Disposition: inline; filename=a.txt\nContent-ID: <i@d>\n\nx\n"
    "--a\nContent-Type: message/rfc822\n\nSubject: in\n\nbody\n--a--\n";

TEST(StructureCodec, RoundTrips) {
  const MessageStructure s = ParseMessage(kMessage);
  const std::string blob = SerializeStructure(s);
  auto back = DeserializeStructure(blob);
  ASSERT_TRUE(back.has_value()) << back.error().ToLogString();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(SerializeStructure(*back), blob);  // deterministic
  EXPECT_LT(blob.size(), 400u);                // compact
}

TEST(StructureCodec, RejectsEveryTruncationAndBadHeader) {
  const std::string blob = SerializeStructure(ParseMessage(kMessage));
  for (std::size_t n = 0; n < blob.size(); ++n) {
    auto r = DeserializeStructure(std::string_view(blob).substr(0, n));
    ASSERT_FALSE(r.has_value()) << n;
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  }
  std::string bad_version = blob;
  bad_version[3] = 9;
  EXPECT_FALSE(DeserializeStructure(bad_version).has_value());
  EXPECT_FALSE(DeserializeStructure(blob + "x").has_value());
}

TEST(StructureCodec, SurvivesEveryByteFlip) {
  const std::string blob = SerializeStructure(ParseMessage(kMessage));
  for (std::size_t i = 0; i < blob.size(); ++i) {
    for (int x : {0x01, 0x80, 0xFF}) {
      std::string b = blob;
      b[i] = static_cast<char>(static_cast<unsigned char>(b[i]) ^ static_cast<unsigned char>(x));
      auto r = DeserializeStructure(b);  // any result but a crash is fine
      if (r) {
        EXPECT_EQ(r->root.header_offset + r->root.header_size, r->root.body_offset);
      }
    }
  }
}

TEST(StructureCodec, HugeCountsAndDeepNestingAreRejected) {
  // Magic, version, size 0, limits 0, an empty envelope, then a part claiming 2^62 children.
  std::string b = "TMS\x01";
  b += '\0';
  b += '\0';
  b += std::string(2, '\0') + std::string(6, '\0') + std::string(2, '\0');
  EXPECT_FALSE(DeserializeStructure(b + std::string(20, '\xFF')).has_value());
  // A chain of parts nested deeper than any parse could produce.
  MessageStructure s;
  MessagePart* p = &s.root;
  for (std::size_t i = 0; i < kMaxMimeDepth + 20; ++i) {
    p->type = "multipart";
    p->children.emplace_back();
    p = &p->children.back();
  }
  EXPECT_FALSE(DeserializeStructure(SerializeStructure(s)).has_value());
}

}  // namespace
}  // namespace tern::mail
