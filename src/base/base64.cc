#include "base/base64.h"

#include <array>
#include <cstdint>

namespace tern::base64 {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int8_t kInvalid = -1;

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

tl::unexpected<Error> Bad(size_t pos, const char* why) {
  return Fail(ErrorCode::kInvalidArgument, "invalid base64",
              std::string(why) + " at offset " + std::to_string(pos));
}

}  // namespace

std::string Encode(std::string_view bytes) {
  std::string out;
  out.reserve(EncodedSize(bytes.size()));
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out.push_back(kAlphabet[v >> 18 & 63]);
    out.push_back(kAlphabet[v >> 12 & 63]);
    out.push_back(kAlphabet[v >> 6 & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = byte(i) << 16;
    out.push_back(kAlphabet[v >> 18 & 63]);
    out.push_back(kAlphabet[v >> 12 & 63]);
    out.append("==");
  } else if (rest == 2) {
    uint32_t v = byte(i) << 16 | byte(i + 1) << 8;
    out.push_back(kAlphabet[v >> 18 & 63]);
    out.push_back(kAlphabet[v >> 12 & 63]);
    out.push_back(kAlphabet[v >> 6 & 63]);
    out.push_back('=');
  }
  return out;
}

Result<std::string> Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Bad(text.size(), "length not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    // Padding: only in the last quantum, "xx==" or "xxx=".
    size_t pad = 0;
    if (last) {
      if (text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
    }
    std::array<uint32_t, 4> v{};
    for (size_t k = 0; k < 4 - pad; ++k) {
      int8_t d = kDecode[static_cast<unsigned char>(text[i + k])];
      if (d == kInvalid) {
        return Bad(i + k,
                   text[i + k] == '=' ? "misplaced padding" : "character outside the alphabet");
      }
      v[k] = static_cast<uint32_t>(d);
    }
    uint32_t n = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
    out.push_back(static_cast<char>(n >> 16 & 0xff));
    if (pad == 2) {
      if ((n & 0xffff) != 0) return Bad(i + 1, "non-zero pad bits");
      break;
    }
    out.push_back(static_cast<char>(n >> 8 & 0xff));
    if (pad == 1) {
      if ((n & 0xff) != 0) return Bad(i + 2, "non-zero pad bits");
      break;
    }
    out.push_back(static_cast<char>(n & 0xff));
  }
  return out;
}

}  // namespace tern::base64
