// net::DeflateCodec against zlib used directly, with the settings a client picks
// (Python's zlib.compressobj(wbits=-15), the largest window RFC 4978 allows).

#include "net/deflate_codec.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

#include "deflate_test_util.h"

namespace tern::net {
namespace {

using testing::Deflate;

std::unique_ptr<DeflateCodec> NewCodec() {
  auto codec = DeflateCodec::Create();
  EXPECT_TRUE(codec) << codec.error().ToLogString();
  return codec ? std::move(*codec) : nullptr;
}

// Decompresses all of `in` through `codec` into an output of `out_size` octets at a time.
std::string DecompressAll(DeflateCodec& codec, std::string_view in, size_t out_size) {
  std::string result;
  std::string out(out_size, '\0');
  while (true) {
    auto r = codec.Decompress(in, out.data(), out.size());
    EXPECT_TRUE(r) << r.error().ToLogString();
    if (!r) return result;
    EXPECT_LE(r->produced, out_size);
    result.append(out, 0, r->produced);
    in.remove_prefix(r->consumed);
    if (in.empty() && r->produced < out_size) return result;
  }
}

TEST(DeflateCodecTest, WhatItCompressesZlibInflatesAfterEachFlush) {
  auto codec = NewCodec();
  ASSERT_TRUE(codec);
  testing::RawInflater peer;
  std::string wire;
  ASSERT_TRUE(codec->Compress("* OK [CAPABILITY IMAP4rev1] ready\r\n", wire, true));
  // Flushed: the peer gets the whole line now, not when more follows.
  EXPECT_EQ(peer.Take(wire), "* OK [CAPABILITY IMAP4rev1] ready\r\n");
  wire.clear();
  ASSERT_TRUE(codec->Compress("a1 OK ", wire, false));
  ASSERT_TRUE(codec->Compress("done\r\n", wire, true));
  EXPECT_EQ(peer.Take(wire), "a1 OK done\r\n");
  // A sync flush ends with the empty stored block 00 00 FF FF (RFC 1951 3.2.4).
  ASSERT_GE(wire.size(), 4u);
  EXPECT_EQ(wire.substr(wire.size() - 4), std::string("\0\0\xff\xff", 4));
}

TEST(DeflateCodecTest, BigInputRoundTrips) {
  std::mt19937 rng(7);
  std::string text;
  for (int i = 0; i < 200000; ++i) {
    text += "* " + std::to_string(i) + " FETCH (FLAGS (\\Seen) UID " + std::to_string(rng()) +
            ")\r\n";
  }
  auto codec = NewCodec();
  ASSERT_TRUE(codec);
  std::string wire;
  ASSERT_TRUE(codec->Compress(text, wire, true));
  EXPECT_LT(wire.size(), text.size() / 2);
  testing::RawInflater peer;
  EXPECT_TRUE(peer.Take(wire) == text);
}

TEST(DeflateCodecTest, DecompressesInputSplitAnywhere) {
  const std::string text = "a1 LOGIN alice secret\r\na2 SELECT INBOX\r\na3 FETCH 1:* (FLAGS)\r\n";
  const std::string wire = Deflate(text);
  for (size_t step : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, wire.size()}) {
    auto codec = NewCodec();
    ASSERT_TRUE(codec);
    std::string got;
    for (size_t pos = 0; pos < wire.size(); pos += step) {
      got += DecompressAll(*codec, std::string_view(wire).substr(pos, step), 5);
    }
    EXPECT_EQ(got, text) << "step " << step;
  }
}

TEST(DeflateCodecTest, OutputIsBoundedWhateverTheInputExpandsTo) {
  // 8 MB of zeros compress to about 8 KB; each call yields at most the room given.
  const std::string bomb = Deflate(std::string(8 << 20, '\0'));
  ASSERT_LT(bomb.size(), 16u * 1024);
  auto codec = NewCodec();
  ASSERT_TRUE(codec);
  std::string out(4096, 'x');
  std::string_view in = bomb;
  size_t total = 0;
  int calls = 0;
  while (!in.empty() || total < (8u << 20)) {
    auto r = codec->Decompress(in, out.data(), out.size());
    ASSERT_TRUE(r) << r.error().ToLogString();
    ASSERT_LE(r->produced, out.size());
    in.remove_prefix(r->consumed);
    total += r->produced;
    if (++calls > 10000) break;
  }
  EXPECT_EQ(total, 8u << 20);
  EXPECT_LT(codec->allocated_bytes(), 100u * 1024);
}

TEST(DeflateCodecTest, GarbageIsRefused) {
  auto codec = NewCodec();
  ASSERT_TRUE(codec);
  // "a1 NOOP" sent uncompressed: 'a' (0x61) starts a block of the reserved type 3.
  std::string out(100, '\0');
  auto r = codec->Decompress("a1 NOOP\r\n", out.data(), out.size());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().public_text, "invalid compressed data");
}

TEST(DeflateCodecTest, NothingMayFollowTheFinalBlock) {
  std::string wire = Deflate("a1 LOGOUT\r\n", /*finish=*/true);
  wire += "more";
  auto codec = NewCodec();
  ASSERT_TRUE(codec);
  std::string out(100, '\0');
  auto r = codec->Decompress(wire, out.data(), out.size());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(DeflateCodecTest, MemoryPerConnection) {
  auto codec = NewCodec();
  ASSERT_TRUE(codec);
  const size_t idle = codec->allocated_bytes();
  // After traffic both ways the decompressor holds its 32 KB window too.
  std::string wire;
  ASSERT_TRUE(codec->Compress(std::string(100000, 'y'), wire, true));
  EXPECT_EQ(DecompressAll(*codec, Deflate(std::string(70000, 'z')), 4096),
            std::string(70000, 'z'));
  const size_t busy = codec->allocated_bytes();
  std::cout << "zlib holds " << idle << " bytes per new codec, " << busy << " after use\n";
  EXPECT_LT(busy, 100u * 1024);
  // zlib's defaults (window 32 KB, memLevel 8) would hold about 300 KB.
  EXPECT_GT(busy, 32u * 1024);
}

}  // namespace
}  // namespace tern::net
