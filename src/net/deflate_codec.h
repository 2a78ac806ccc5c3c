#pragma once
// Raw DEFLATE (RFC 1951: no zlib or gzip framing) in both directions of one connection,
// as COMPRESS=DEFLATE (IMAP, RFC 4978) needs: what we send is compressed and flushed
// after every write so that no reply waits in the compressor; what we receive is
// decompressed into a bounded output, so that a small input that expands enormously
// (a "zip bomb") costs no more memory than the connection's read buffer. No I/O here:
// net::Connection moves the bytes. Not thread-safe.
//
// Memory: zlib's default settings cost about 300 KB per connection (about 265 KB to
// compress, 40 KB to decompress). Compression here uses a 4 KB window and memLevel 5;
// decompression must accept any window up to 32 KB, since the peer chooses, and zlib
// allocates that window when the first data arrives. Measured with allocated_bytes():
// 46 KB for a new codec, 79 KB once data has gone both ways (deflate_codec_test.cc).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tern::net {

class DeflateCodec {
 public:
  // kInternal if zlib cannot set up its streams (out of memory).
  static Result<std::unique_ptr<DeflateCodec>> Create();
  ~DeflateCodec();
  DeflateCodec(const DeflateCodec&) = delete;
  DeflateCodec& operator=(const DeflateCodec&) = delete;

  // Appends the compressed form of `in` to `out`. With `flush`, ends with a sync flush
  // (RFC 1951 empty stored block), so the peer can decompress everything sent so far;
  // without, zlib may keep some of `in` back for the next call. Errors: kInternal.
  Status Compress(std::string_view in, std::string& out, bool flush);

  struct Inflated {
    size_t consumed = 0;  // octets of the input used; the caller keeps the rest for later
    size_t produced = 0;  // octets written to the output
  };
  // Decompresses from `in` into out[0, out_size) until the input is used up or the
  // output is full; either may be 0 (a flush marker yields no output). Errors:
  // kInvalidArgument for data that is not raw DEFLATE, or that continues after the
  // stream's final block.
  Result<Inflated> Decompress(std::string_view in, char* out, size_t out_size);

  // Octets zlib holds for this codec now (both directions).
  size_t allocated_bytes() const;

 private:
  struct Streams;
  explicit DeflateCodec(std::unique_ptr<Streams> streams);
  std::unique_ptr<Streams> streams_;
};

}  // namespace tern::net
