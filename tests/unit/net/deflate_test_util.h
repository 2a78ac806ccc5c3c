#pragma once
// The client's side of COMPRESS=DEFLATE in tests: zlib used directly, raw deflate with
// the largest window (as Python's zlib.compressobj(wbits=-15) and most clients do), so
// that net::DeflateCodec is checked against an independent peer.

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <string_view>

namespace tern::net::testing {

class RawDeflater {
 public:
  RawDeflater() {
    EXPECT_EQ(deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY),
              Z_OK);
  }
  ~RawDeflater() { deflateEnd(&z_); }
  RawDeflater(const RawDeflater&) = delete;
  RawDeflater& operator=(const RawDeflater&) = delete;

  // `text` compressed and sync-flushed (or, with `finish`, ended with a final block).
  std::string Take(std::string_view text, bool finish = false) {
    std::string out;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z_.avail_in = static_cast<uInt>(text.size());
    char buf[16384];
    do {
      z_.next_out = reinterpret_cast<Bytef*>(buf);
      z_.avail_out = sizeof buf;
      deflate(&z_, finish ? Z_FINISH : Z_SYNC_FLUSH);
      out.append(buf, sizeof buf - z_.avail_out);
    } while (z_.avail_out == 0);
    return out;
  }

 private:
  z_stream z_{};
};

class RawInflater {
 public:
  RawInflater() { EXPECT_EQ(inflateInit2(&z_, -15), Z_OK); }
  ~RawInflater() { inflateEnd(&z_); }
  RawInflater(const RawInflater&) = delete;
  RawInflater& operator=(const RawInflater&) = delete;

  // What `wire` decompresses to; "<error>" if it is not valid.
  std::string Take(std::string_view wire) {
    std::string out;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(wire.data()));
    z_.avail_in = static_cast<uInt>(wire.size());
    char buf[16384];
    do {
      z_.next_out = reinterpret_cast<Bytef*>(buf);
      z_.avail_out = sizeof buf;
      int rc = inflate(&z_, Z_SYNC_FLUSH);
      if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) return "<error>";
      out.append(buf, sizeof buf - z_.avail_out);
    } while (z_.avail_out == 0);
    return out;
  }

 private:
  z_stream z_{};
};

// `text` compressed by a new client stream.
inline std::string Deflate(std::string_view text, bool finish = false) {
  RawDeflater d;
  return d.Take(text, finish);
}

}  // namespace tern::net::testing
