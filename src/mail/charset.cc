#include "mail/charset.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "mail/ascii.h"

namespace tern::mail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Maps MIME names glibc does not know, or knows under a narrower meaning, to an iconv
// name. Senders label windows-1252 text as latin1 and CP949 as ks_c_5601-1987 (as
// browsers learned, WHATWG Encoding Standard), so the superset is the safe choice.
std::string IconvName(std::string_view mime_name) {
  std::string name = ToLowerAscii(TrimLinearSpace(mime_name));
  // RFC 2231 section 5 lets encoded words carry a language: "utf-8*en".
  if (const std::size_t star = name.find('*'); star != std::string::npos) name.resize(star);
  if (name == "iso-8859-1" || name == "latin1" || name == "iso_8859-1" || name == "iso8859-1") {
    return "WINDOWS-1252";
  }
  if (name == "us-ascii" || name == "ascii" || name == "ansi_x3.4-1968") return std::string();
  if (name == "ks_c_5601-1987" || name == "ks_c_5601" || name == "euc-kr") return "CP949";
  if (name == "gb2312" || name == "gbk" || name == "x-gbk") return "GB18030";
  if (name == "shift_jis" || name == "x-sjis" || name == "sjis") return "CP932";
  if (name == "utf8") return "UTF-8";
  if (name == "x-unknown" || name == "unknown-8bit" || name == "default") return std::string();
  return name;
}

// RAII for an iconv descriptor (STYLE habit 11).
class IconvHandle {
 public:
  explicit IconvHandle(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  bool ok() const noexcept { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const noexcept { return cd_; }

 private:
  iconv_t cd_;
};

// iconv_open loads a gconv module, and iconv_close may unload it: doing both for every
// encoded word costs a dlopen each time. Each thread keeps a few open descriptors
// (thread_local, so no locking and no sharing of iconv state between threads).
class IconvCache {
 public:
  // Returns an open descriptor in its initial state, or nullptr if `name` is unknown.
  iconv_t Get(const std::string& name) {
    for (Entry& e : entries_) {
      if (e.name == name) {
        if (e.handle == nullptr || !e.handle->ok()) return nullptr;
        iconv(e.handle->get(), nullptr, nullptr, nullptr, nullptr);
        return e.handle->get();
      }
    }
    if (entries_.size() >= kMaxEntries) entries_.erase(entries_.begin());
    entries_.push_back(Entry{name, std::make_unique<IconvHandle>(name)});
    const IconvHandle& h = *entries_.back().handle;
    return h.ok() ? h.get() : nullptr;
  }

 private:
  static constexpr std::size_t kMaxEntries = 16;
  struct Entry {
    std::string name;
    std::unique_ptr<IconvHandle> handle;
  };
  std::vector<Entry> entries_;
};

iconv_t CachedIconv(const std::string& name) {
  thread_local IconvCache cache;
  return cache.Get(name);
}

Utf8Text ConvertWithIconv(iconv_t cd, std::string_view bytes) {
  Utf8Text out;
  out.text.reserve(bytes.size() + bytes.size() / 2);
  char buffer[4096];
  // iconv's interface takes char** although it does not modify the input.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer;
    std::size_t dst_left = sizeof(buffer);
    const std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.text.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ (invalid byte) or EINVAL (truncated sequence at the end): replace one byte
    // and resynchronise, so one bad byte costs one character, not the rest of the text.
    out.text.append(kReplacement);
    out.lossless = false;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  // Flush any shift state (ISO-2022-JP ends in ASCII mode).
  char* dst = buffer;
  std::size_t dst_left = sizeof(buffer);
  iconv(cd, nullptr, nullptr, &dst, &dst_left);
  out.text.append(buffer, static_cast<std::size_t>(dst - buffer));
  // Defence in depth: iconv output for odd charsets is trusted only after validation.
  if (!IsValidUtf8(out.text)) {
    out.text = SanitizeUtf8(out.text);
    out.lossless = false;
  }
  return out;
}

}  // namespace

std::string SanitizeUtf8(std::string_view bytes, bool* replaced) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    const std::size_t n = Utf8SequenceLength(bytes);
    if (n == 0) {
      out.append(kReplacement);
      if (replaced != nullptr) *replaced = true;
      bytes.remove_prefix(1);
    } else {
      out.append(bytes.substr(0, n));
      bytes.remove_prefix(n);
    }
  }
  return out;
}

Utf8Text ConvertToUtf8(std::string_view charset, std::string_view bytes) {
  Utf8Text out;
  bool all_ascii = true;
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      all_ascii = false;
      break;
    }
  }
  const std::string name = IconvName(charset);
  // Fast paths: ASCII-compatible charsets with ASCII-only input, and UTF-8.
  const bool ascii_compatible = name != "utf-7" && name != "utf-16" && name != "utf-16le" &&
                                name != "utf-16be" && name != "utf-32" &&
                                name.rfind("iso-2022", 0) != 0 && name != "hz-gb-2312";
  if (all_ascii && ascii_compatible) {
    out.text.assign(bytes);
    return out;
  }
  if (name == "UTF-8" || name == "utf-8") {
    bool replaced = false;
    out.text = SanitizeUtf8(bytes, &replaced);
    out.lossless = !replaced;
    return out;
  }
  if (!name.empty()) {
    if (iconv_t cd = CachedIconv(name); cd != nullptr) return ConvertWithIconv(cd, bytes);
  }
  // Unknown or absent charset with 8-bit bytes: senders that do not label their text
  // mostly write UTF-8 or windows-1252, so try those in that order.
  if (IsValidUtf8(bytes)) {
    out.text.assign(bytes);
    out.lossless = name.empty() && TrimLinearSpace(charset).empty();
    return out;
  }
  iconv_t fallback = CachedIconv("WINDOWS-1252");
  if (fallback == nullptr) {
    out.text = SanitizeUtf8(bytes);
    out.lossless = false;
    return out;
  }
  out = ConvertWithIconv(fallback, bytes);
  out.lossless = false;
  return out;
}

}  // namespace tern::mail
