#include "mail/structure_codec.h"

#include <cstdint>

#include "mail/mime_parser.h"

namespace tern::mail {
namespace {

constexpr std::string_view kMagic = "TMS";
// The tree is at most kMaxMimeDepth deep when parsed; allow a margin, never unbounded
// recursion on hostile input.
constexpr int kMaxDecodeDepth = static_cast<int>(kMaxMimeDepth) + 8;

class Writer {
 public:
  void U(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void B(bool v) { out_.push_back(v ? '\1' : '\0'); }
  void S(std::string_view s) {
    U(s.size());
    out_.append(s);
  }
  void O(const std::optional<std::string>& s) {
    B(s.has_value());
    if (s) S(*s);
  }
  void Params(const std::vector<Parameter>& params) {
    U(params.size());
    for (const Parameter& p : params) {
      const bool same = p.raw_value == p.value;
      U((p.extended ? 1U : 0U) | (same ? 2U : 0U));
      S(p.name);
      S(p.value);
      if (!same) S(p.raw_value);
      S(p.charset);
      S(p.language);
    }
  }
  void Addresses(const std::vector<Address>& list) {
    U(list.size());
    for (const Address& a : list) {
      O(a.name);
      O(a.adl);
      O(a.mailbox);
      O(a.host);
    }
  }
  void Env(const Envelope& e) {
    O(e.date);
    O(e.subject);
    Addresses(e.from);
    Addresses(e.sender);
    Addresses(e.reply_to);
    Addresses(e.to);
    Addresses(e.cc);
    Addresses(e.bcc);
    O(e.in_reply_to);
    O(e.message_id);
  }
  void Part(const MessagePart& p) {
    U(p.header_offset);
    U(p.header_size);
    U(p.body_size);
    U(p.body_lines);
    S(p.type);
    S(p.subtype);
    Params(p.params);
    U((p.has_content_type ? 1U : 0U) | (p.opaque ? 2U : 0U) | (p.envelope ? 4U : 0U));
    O(p.content_id);
    O(p.description);
    O(p.encoding);
    O(p.md5);
    O(p.disposition);
    Params(p.disposition_params);
    U(p.language.size());
    for (const std::string& l : p.language) S(l);
    O(p.location);
    if (p.envelope) Env(*p.envelope);
    U(p.children.size());
    for (const MessagePart& c : p.children) Part(c);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const noexcept { return ok_; }
  bool AtEnd() const noexcept { return pos_ == in_.size(); }
  std::size_t Remaining() const noexcept { return in_.size() - pos_; }

  std::uint64_t U() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Bad();
      const auto b = static_cast<unsigned char>(in_[pos_++]);
      if (shift == 63 && b > 1) return Bad();
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Bad();
  }
  bool B() {
    const std::uint64_t v = U();
    if (v > 1) Bad();
    return v == 1;
  }
  std::string S() {
    const std::uint64_t n = U();
    if (!ok_ || n > Remaining()) {
      Bad();
      return {};
    }
    std::string s(in_.substr(pos_, static_cast<std::size_t>(n)));
    pos_ += static_cast<std::size_t>(n);
    return s;
  }
  std::optional<std::string> O() {
    if (!B() || !ok_) return std::nullopt;
    return S();
  }
  // A count of items each at least `min_bytes` long: rejects counts the input cannot hold.
  std::uint64_t Count(std::size_t min_bytes) {
    const std::uint64_t n = U();
    if (!ok_ || n > Remaining() / min_bytes) {
      Bad();
      return 0;
    }
    return n;
  }
  std::vector<Parameter> Params() {
    std::vector<Parameter> out;
    const std::uint64_t n = Count(5);
    for (std::uint64_t i = 0; i < n && ok_; ++i) {
      Parameter p;
      const std::uint64_t flags = U();
      if (flags > 3) Bad();
      p.extended = (flags & 1U) != 0;
      p.name = S();
      p.value = S();
      p.raw_value = (flags & 2U) != 0 ? p.value : S();
      p.charset = S();
      p.language = S();
      out.push_back(std::move(p));
    }
    return out;
  }
  std::vector<Address> Addresses() {
    std::vector<Address> out;
    const std::uint64_t n = Count(4);
    for (std::uint64_t i = 0; i < n && ok_; ++i) {
      Address a;
      a.name = O();
      a.adl = O();
      a.mailbox = O();
      a.host = O();
      out.push_back(std::move(a));
    }
    return out;
  }
  Envelope Env() {
    Envelope e;
    e.date = O();
    e.subject = O();
    e.from = Addresses();
    e.sender = Addresses();
    e.reply_to = Addresses();
    e.to = Addresses();
    e.cc = Addresses();
    e.bcc = Addresses();
    e.in_reply_to = O();
    e.message_id = O();
    return e;
  }
  void Part(MessagePart& p, int depth) {
    if (depth > kMaxDecodeDepth) {
      Bad();
      return;
    }
    p.header_offset = U();
    p.header_size = U();
    p.body_size = U();
    p.body_lines = U();
    if (p.header_size > UINT64_MAX - p.header_offset) Bad();
    p.body_offset = p.header_offset + p.header_size;
    if (p.body_size > UINT64_MAX - p.body_offset) Bad();
    p.type = S();
    p.subtype = S();
    p.params = Params();
    const std::uint64_t flags = U();
    if (flags > 7) Bad();
    p.has_content_type = (flags & 1U) != 0;
    p.opaque = (flags & 2U) != 0;
    p.content_id = O();
    p.description = O();
    p.encoding = O();
    p.md5 = O();
    p.disposition = O();
    p.disposition_params = Params();
    const std::uint64_t langs = Count(1);
    for (std::uint64_t i = 0; i < langs && ok_; ++i) p.language.push_back(S());
    p.location = O();
    if ((flags & 4U) != 0 && ok_) p.envelope = Env();
    // A part takes at least 17 bytes (one per field); the count check bounds the allocation.
    const std::uint64_t children = Count(17);
    p.children.reserve(static_cast<std::size_t>(children));
    for (std::uint64_t i = 0; i < children && ok_; ++i) {
      p.children.emplace_back();
      Part(p.children.back(), depth + 1);
    }
  }

 private:
  std::uint64_t Bad() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string SerializeStructure(const MessageStructure& structure) {
  Writer w;
  std::string out(kMagic);
  out.push_back(static_cast<char>(kStructureCodecVersion));
  w.U(structure.size);
  w.B(structure.limits_hit);
  w.Env(structure.envelope);
  w.Part(structure.root);
  out += w.Take();
  return out;
}

Result<MessageStructure> DeserializeStructure(std::string_view blob) {
  if (blob.size() < kMagic.size() + 1 || blob.substr(0, kMagic.size()) != kMagic) {
    return Fail(ErrorCode::kCorrupt, "cached message structure is damaged", "bad magic");
  }
  if (static_cast<unsigned char>(blob[kMagic.size()]) != kStructureCodecVersion) {
    return Fail(ErrorCode::kCorrupt, "cached message structure is damaged",
                "unknown structure codec version");
  }
  Reader r(blob.substr(kMagic.size() + 1));
  MessageStructure s;
  s.size = r.U();
  s.limits_hit = r.B();
  s.envelope = r.Env();
  r.Part(s.root, 0);
  if (!r.ok()) {
    return Fail(ErrorCode::kCorrupt, "cached message structure is damaged", "truncated or invalid");
  }
  if (!r.AtEnd()) {
    return Fail(ErrorCode::kCorrupt, "cached message structure is damaged", "trailing bytes");
  }
  return s;
}

}  // namespace tern::mail
