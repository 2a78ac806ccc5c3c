#pragma once
// RFC 5322 section 2.2 header fields: parsing a header block into fields, unfolding, and
// case-insensitive lookup. Tolerant by design (real mail is not RFC-clean): bare LF line
// ends, 8-bit bytes in values, lines without a colon, whitespace before the colon
// (obs-optional, RFC 5322 section 4.5.8) and a continuation line before any field.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tern::mail {

// Fields beyond this count are dropped (a flood of Received: lines must not grow memory
// without bound); the block still parses.
inline constexpr std::size_t kMaxHeaderFields = 2000;
// A field value longer than this is truncated to it. RFC 5322 section 2.1.1 caps a line
// at 998 octets, but folded fields (long To: lists, DKIM) legitimately run far longer;
// the corpus has a 200 KB To: field.
inline constexpr std::size_t kMaxFieldBytes = 256 * 1024;

struct HeaderField {
  std::string name;       // as written, trailing whitespace before the colon removed
  std::string raw_value;  // every byte after the colon up to (not including) the line end
                          // that ends the field; folding CR/LF kept exactly
  std::uint64_t offset = 0;  // of the field's first byte, relative to the parsed block

  // The value unfolded (RFC 5322 section 2.2.3) and trimmed of surrounding whitespace.
  std::string Value() const;
};

class Header {
 public:
  Header() = default;

  // Parses `block`: header lines up to the first empty line (or the end of `block`).
  // Lines that are neither a field nor a continuation are skipped and counted in
  // malformed_lines(). Never fails.
  static Header Parse(std::string_view block);

  const std::vector<HeaderField>& fields() const noexcept { return fields_; }
  // Number of lines skipped because they had no usable field name.
  std::size_t malformed_lines() const noexcept { return malformed_lines_; }
  // True if fields were dropped or truncated because of kMaxHeaderFields/kMaxFieldBytes.
  bool truncated() const noexcept { return truncated_; }

  // First field named `name` (ASCII case-insensitive), or nullptr. The pointer is valid
  // while this Header lives and is not modified.
  const HeaderField* Find(std::string_view name) const noexcept;
  // All fields named `name`, in order.
  std::vector<const HeaderField*> FindAll(std::string_view name) const;
  // Unfolded, trimmed value of the first field named `name`; nullopt if absent.
  std::optional<std::string> Value(std::string_view name) const;

  void Add(HeaderField field) { fields_.push_back(std::move(field)); }

 private:
  std::vector<HeaderField> fields_;
  std::size_t malformed_lines_ = 0;
  bool truncated_ = false;
};

// RFC 5322 section 2.2.3: removes each CRLF (or bare LF) that is part of folding. A
// line break not followed by whitespace cannot occur inside a parsed field, so all CR-LF
// and LF are removed; a lone CR is kept.
std::string Unfold(std::string_view raw);

}  // namespace tern::mail
