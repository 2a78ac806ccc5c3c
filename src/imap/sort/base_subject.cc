#include "imap/sort/base_subject.h"

#include "mail/ascii.h"
#include "mail/encoded_word.h"

namespace tern::imap::sort {
namespace {

// After step (1) the only WSP left is a single SP.
bool IsSp(char c) { return c == ' '; }

// subj-blob = "[" *BLOBCHAR "]" *WSP, at `pos`. Returns the position after it, or npos.
std::size_t Blob(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || s[pos] != '[') return std::string_view::npos;
  const std::size_t close = s.find_first_of("[]", pos + 1);
  if (close == std::string_view::npos || s[close] != ']') return std::string_view::npos;
  std::size_t end = close + 1;
  while (end < s.size() && IsSp(s[end])) ++end;
  return end;
}

// subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":", at `pos`; npos if none.
std::size_t Refwd(std::string_view s, std::size_t pos) {
  const std::string_view rest = s.substr(pos);
  std::size_t n = 0;
  if (mail::StartsWithIgnoreCase(rest, "re")) {
    n = 2;
  } else if (mail::StartsWithIgnoreCase(rest, "fw")) {
    n = rest.size() > 2 && mail::AsciiLower(rest[2]) == 'd' ? 3 : 2;
  } else {
    return std::string_view::npos;
  }
  std::size_t p = pos + n;
  while (p < s.size() && IsSp(s[p])) ++p;
  if (const std::size_t after_blob = Blob(s, p); after_blob != std::string_view::npos) {
    p = after_blob;
  }
  if (p < s.size() && s[p] == ':') return p + 1;
  return std::string_view::npos;
}

// Step (2) on s[begin, end): drops subj-trailer = "(fwd)" / WSP from the end, repeatedly.
// Returns whether a "(fwd)" went.
bool StripTrailers(std::string_view s, std::size_t begin, std::size_t& end) {
  bool fwd = false;
  for (;;) {
    if (end > begin && IsSp(s[end - 1])) {
      --end;
    } else if (end - begin >= 5 && mail::EqualsIgnoreCase(s.substr(end - 5, 5), "(fwd)")) {
      end -= 5;
      fwd = true;
    } else {
      return fwd;
    }
  }
}

// Step (1): decoded, with every tab, CR and LF a space and runs of spaces one space.
std::string Normalise(std::string_view raw) {
  const std::string decoded = mail::DecodeEncodedWords(raw);
  std::string out;
  out.reserve(decoded.size());
  for (char c : decoded) {
    if (mail::IsLinearSpace(c)) {
      if (!out.empty() && out.back() == ' ') continue;
      c = ' ';
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

BaseSubject ExtractBaseSubject(std::string_view raw_subject) {
  BaseSubject result;
  const std::string normalised = Normalise(raw_subject);
  // The subject is s[begin, end); steps only move the bounds, and each scan stops at the
  // next bracket, so hostile nesting ("[fwd: [fwd: ...]]", "[a][a][a]...") stays linear.
  std::size_t begin = 0;
  std::size_t end = normalised.size();
  for (;;) {
    if (StripTrailers(normalised, begin, end)) result.reply_or_forward = true;  // (2)
    const std::string_view s = std::string_view(normalised).substr(0, end);
    for (;;) {  // (3) to (5)
      if (begin < end && IsSp(s[begin])) {  // subj-leader = WSP
        ++begin;
        continue;
      }
      // subj-leader = *subj-blob subj-refwd. The blobs before a refwd are walked once:
      // if none is followed by a refwd, the same walk from any of them finds none either.
      std::size_t p = begin;
      std::size_t last_blob = std::string_view::npos;
      std::size_t leader_end = std::string_view::npos;
      for (;;) {
        leader_end = Refwd(s, p);
        if (leader_end != std::string_view::npos) break;
        const std::size_t after = Blob(s, p);
        if (after == std::string_view::npos) break;
        last_blob = p;
        p = after;
      }
      if (leader_end != std::string_view::npos) {  // (3)
        result.reply_or_forward = true;
        begin = leader_end;
        continue;
      }
      // (4): blobs go while a non-empty subj-base is left after them. Trailers are gone,
      // so anything left holds a NONWSP; when nothing is left the last blob is the base.
      if (last_blob != std::string_view::npos) begin = p < end ? p : last_blob;
      break;
    }
    // (6) subj-fwd-hdr = "[fwd:", subj-fwd-trl = "]"
    if (end - begin >= 6 && mail::StartsWithIgnoreCase(s.substr(begin), "[fwd:") &&
        s[end - 1] == ']') {
      begin += 5;
      --end;
      result.reply_or_forward = true;
      continue;
    }
    break;
  }
  result.text = normalised.substr(begin, end - begin);
  return result;
}

}  // namespace tern::imap::sort
