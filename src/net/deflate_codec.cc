#include "net/deflate_codec.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace tern::net {

namespace {

// RFC 4978 4 suggests a cheap level for a server; these trade little ratio for memory.
// Measured on FETCH responses (headers and whole messages of the shared mail corpus,
// a sync flush per response): window 32 KB, memLevel 8 (zlib's defaults, 262 KB) give
// 37.5% of the input at level 6; window 4 KB, memLevel 5 (33 KB) give 43.4%; 2 KB and
// memLevel 4 (16 KB) fall to 49.9%. Level 6 is zlib's default and Dovecot's.
constexpr int kLevel = 6;
constexpr int kWindowBits = 12;  // negative below: raw deflate, no zlib header
constexpr int kMemLevel = 5;
// Largest input handed to zlib at once (its lengths are unsigned int) and the output
// grown per round.
constexpr size_t kMaxPiece = size_t{1} << 20;
constexpr size_t kOutputStep = 16 * 1024;

// Each block starts with its size, so that the codec can count what zlib holds.
constexpr size_t kHeader = alignof(std::max_align_t);

}  // namespace

struct DeflateCodec::Streams {
  z_stream deflate{};
  z_stream inflate{};
  bool deflate_ready = false;
  bool inflate_ready = false;
  bool ended = false;  // the peer's stream had its final block
  size_t allocated = 0;

  static voidpf Alloc(voidpf opaque, uInt items, uInt size) {
    const size_t n = size_t{items} * size;
    auto* block = static_cast<unsigned char*>(std::malloc(n + kHeader));
    if (block == nullptr) return Z_NULL;
    std::memcpy(block, &n, sizeof n);
    static_cast<Streams*>(opaque)->allocated += n;
    return block + kHeader;
  }
  static void Free(voidpf opaque, voidpf address) {
    if (address == Z_NULL) return;
    auto* block = static_cast<unsigned char*>(address) - kHeader;
    size_t n = 0;
    std::memcpy(&n, block, sizeof n);
    static_cast<Streams*>(opaque)->allocated -= n;
    std::free(block);
  }

  ~Streams() {
    if (deflate_ready) deflateEnd(&deflate);
    if (inflate_ready) inflateEnd(&inflate);
  }
};

Result<std::unique_ptr<DeflateCodec>> DeflateCodec::Create() {
  auto s = std::make_unique<Streams>();
  for (z_stream* z : {&s->deflate, &s->inflate}) {
    z->zalloc = &Streams::Alloc;
    z->zfree = &Streams::Free;
    z->opaque = s.get();
  }
  int rc = deflateInit2(&s->deflate, kLevel, Z_DEFLATED, -kWindowBits, kMemLevel,
                        Z_DEFAULT_STRATEGY);
  if (rc != Z_OK) return Fail(ErrorCode::kInternal, "cannot start compression", zError(rc));
  s->deflate_ready = true;
  // The peer picks its window (RFC 4978 allows 2^8 to 2^15): accept the largest.
  rc = inflateInit2(&s->inflate, -MAX_WBITS);
  if (rc != Z_OK) return Fail(ErrorCode::kInternal, "cannot start compression", zError(rc));
  s->inflate_ready = true;
  return std::unique_ptr<DeflateCodec>(new DeflateCodec(std::move(s)));
}

DeflateCodec::DeflateCodec(std::unique_ptr<Streams> streams) : streams_(std::move(streams)) {}

DeflateCodec::~DeflateCodec() = default;

size_t DeflateCodec::allocated_bytes() const { return streams_->allocated; }

Status DeflateCodec::Compress(std::string_view in, std::string& out, bool flush) {
  z_stream& z = streams_->deflate;
  do {
    const std::string_view piece = in.substr(0, kMaxPiece);
    in.remove_prefix(piece.size());
    // zlib never writes through next_in; its type just predates const.
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    z.avail_in = static_cast<uInt>(piece.size());
    const int mode = flush && in.empty() ? Z_SYNC_FLUSH : Z_NO_FLUSH;
    // zlib's own loop (zpipe.c): until a round leaves output space, nothing is pending.
    do {
      const size_t old = out.size();
      out.resize(old + kOutputStep);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
      z.avail_out = static_cast<uInt>(kOutputStep);
      const int rc = deflate(&z, mode);
      out.resize(old + kOutputStep - z.avail_out);
      // Z_BUF_ERROR only says that no progress was possible, which is no error here.
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Fail(ErrorCode::kInternal, "compression failed", z.msg ? z.msg : zError(rc));
      }
    } while (z.avail_out == 0);
  } while (!in.empty());
  return Ok();
}

Result<DeflateCodec::Inflated> DeflateCodec::Decompress(std::string_view in, char* out,
                                                        size_t out_size) {
  Inflated r;
  if (in.empty()) return r;
  if (streams_->ended) {
    return Fail(ErrorCode::kInvalidArgument, "invalid compressed data",
                "data after the final DEFLATE block");
  }
  z_stream& z = streams_->inflate;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
  z.next_out = reinterpret_cast<Bytef*>(out);
  z.avail_out = static_cast<uInt>(std::min<size_t>(out_size, UINT_MAX));
  const uInt avail_in = z.avail_in;
  const uInt avail_out = z.avail_out;
  const int rc = inflate(&z, Z_SYNC_FLUSH);
  r.consumed = avail_in - z.avail_in;
  r.produced = avail_out - z.avail_out;
  switch (rc) {
    case Z_OK:
    case Z_BUF_ERROR:  // no progress possible: the output is full
      return r;
    case Z_STREAM_END:
      // A client may end its stream (a final block) only as it goes; anything after
      // the end is refused on the next call.
      streams_->ended = true;
      if (r.consumed < in.size()) {
        return Fail(ErrorCode::kInvalidArgument, "invalid compressed data",
                    "data after the final DEFLATE block");
      }
      return r;
    case Z_MEM_ERROR:
      return Fail(ErrorCode::kInternal, "decompression failed", "out of memory");
    default:  // Z_DATA_ERROR, Z_NEED_DICT (impossible for raw deflate), Z_STREAM_ERROR
      return Fail(ErrorCode::kInvalidArgument, "invalid compressed data",
                  z.msg ? z.msg : zError(rc));
  }
}

}  // namespace tern::net
