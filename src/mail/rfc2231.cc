#include "mail/rfc2231.h"

#include <algorithm>
#include <optional>

#include "mail/ascii.h"
#include "mail/charset.h"
#include "mail/encoded_word.h"

namespace tern::mail {
namespace {

// Segments beyond this index are ignored: "name*99999999" must not allocate or loop.
constexpr unsigned kMaxSegmentIndex = 999;

struct Segment {
  unsigned index = 0;
  bool numbered = false;
  bool extended = false;
  std::string value;
};

struct Group {
  std::string name;
  std::optional<std::string> plain;  // the "name=value" form
  std::vector<Segment> segments;     // the RFC 2231 forms
};

// Splits "title*1*" into ("title", 1, numbered, extended). Returns false for a name that
// is not an RFC 2231 form (plain names, or junk like "a*b").
bool SplitExtendedName(std::string_view name, std::string& base, Segment& seg) {
  const std::size_t star = name.find('*');
  if (star == std::string_view::npos || star == 0) return false;
  base = ToLowerAscii(name.substr(0, star));
  std::string_view rest = name.substr(star + 1);
  if (rest.empty()) {
    seg.extended = true;
    return true;
  }
  std::size_t i = 0;
  unsigned index = 0;
  while (i < rest.size() && IsDigit(rest[i])) {
    if (index > kMaxSegmentIndex) return false;
    index = index * 10 + static_cast<unsigned>(rest[i] - '0');
    ++i;
  }
  if (i == 0 || index > kMaxSegmentIndex) return false;
  seg.index = index;
  seg.numbered = true;
  if (i == rest.size()) return true;
  if (i + 1 == rest.size() && rest[i] == '*') {
    seg.extended = true;
    return true;
  }
  return false;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
        HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Parameter BuildExtended(const std::string& name, std::vector<Segment> segs) {
  std::stable_sort(segs.begin(), segs.end(),
                   [](const Segment& a, const Segment& b) { return a.index < b.index; });
  Parameter p;
  p.name = name;
  p.extended = true;
  std::string bytes;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    p.raw_value += s.value;
    std::string_view v = s.value;
    if (s.extended && i == 0) {
      // RFC 2231 section 4: charset'language'value; both may be empty, the quotes not.
      const std::size_t q1 = v.find('\'');
      const std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        p.charset = std::string(v.substr(0, q1));
        p.language = std::string(v.substr(q1 + 1, q2 - q1 - 1));
        v = v.substr(q2 + 1);
      }
    }
    bytes += s.extended ? PercentDecode(v) : std::string(v);
  }
  p.value = ConvertToUtf8(p.charset.empty() ? std::string_view("us-ascii") : p.charset, bytes).text;
  return p;
}

}  // namespace

std::vector<Parameter> DecodeParameters(const std::vector<RawParameter>& raw) {
  std::vector<Group> groups;
  auto group_for = [&groups](const std::string& base) -> Group& {
    for (Group& g : groups) {
      if (g.name == base) return g;
    }
    groups.push_back(Group{base, std::nullopt, {}});
    return groups.back();
  };
  for (const RawParameter& r : raw) {
    std::string base;
    Segment seg;
    if (SplitExtendedName(r.name, base, seg)) {
      Group& g = group_for(base);
      // A repeated segment index is a duplicate parameter: keep the first.
      const bool dup = std::any_of(g.segments.begin(), g.segments.end(), [&](const Segment& s) {
        return s.index == seg.index && s.numbered == seg.numbered;
      });
      if (!dup) {
        seg.value = r.value;
        g.segments.push_back(std::move(seg));
      }
    } else {
      Group& g = group_for(ToLowerAscii(r.name));
      if (!g.plain) g.plain = r.value;
    }
  }
  std::vector<Parameter> out;
  out.reserve(groups.size());
  for (Group& g : groups) {
    if (!g.segments.empty()) {
      // "name*" (unnumbered) and "name*0" both mean the first segment; keep one.
      bool has_unnumbered = false;
      bool has_numbered = false;
      for (const Segment& s : g.segments) (s.numbered ? has_numbered : has_unnumbered) = true;
      if (has_unnumbered && has_numbered) {
        std::erase_if(g.segments, [](const Segment& s) { return s.numbered; });
      }
      bool any_extended = false;
      for (const Segment& s : g.segments) any_extended = any_extended || s.extended;
      Parameter p = BuildExtended(g.name, std::move(g.segments));
      p.extended = any_extended;
      if (!any_extended) {
        // Plain continuations (RFC 2231 section 3) may still hold RFC 2047 words.
        p.value = DecodeEncodedWords(p.raw_value);
      }
      out.push_back(std::move(p));
    } else {
      Parameter p;
      p.name = g.name;
      p.raw_value = *g.plain;
      p.value = DecodeEncodedWords(*g.plain);
      out.push_back(std::move(p));
    }
  }
  return out;
}

const Parameter* FindParameter(const std::vector<Parameter>& params, std::string_view name) {
  for (const Parameter& p : params) {
    if (EqualsIgnoreCase(p.name, name)) return &p;
  }
  return nullptr;
}

}  // namespace tern::mail
