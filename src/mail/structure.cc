#include "mail/structure.h"

#include "mail/ascii.h"

namespace tern::mail {
namespace {

// The numbered subparts of `part` (see the header comment).
std::vector<const MessagePart*> Subparts(const MessagePart& part) {
  std::vector<const MessagePart*> out;
  if (part.IsMultipart()) {
    for (const MessagePart& c : part.children) out.push_back(&c);
  } else if (part.IsMessage()) {
    const MessagePart& inner = part.children.front();
    if (inner.IsMultipart()) {
      for (const MessagePart& c : inner.children) out.push_back(&c);
    } else {
      out.push_back(&inner);
    }
  }
  return out;
}

std::vector<const MessagePart*> TopParts(const MessagePart& root) {
  if (root.IsMultipart()) {
    std::vector<const MessagePart*> out;
    for (const MessagePart& c : root.children) out.push_back(&c);
    return out;
  }
  return {&root};
}

void Walk(const std::vector<const MessagePart*>& parts, const std::string& prefix,
          std::vector<NumberedPart>& out) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string number = prefix + std::to_string(i + 1);
    out.push_back(NumberedPart{number, parts[i]});
    // A non-multipart root is part 1 of itself: do not recurse into it forever.
    if (parts[i]->IsMultipart() || parts[i]->IsMessage()) Walk(Subparts(*parts[i]), number + ".", out);
  }
}

}  // namespace

bool MessagePart::IsMessage() const noexcept {
  return type == "message" && (subtype == "rfc822" || subtype == "global") &&
         children.size() == 1;
}

const MessagePart* FindPart(const MessageStructure& structure, std::string_view section) {
  if (section.empty()) return &structure.root;
  std::vector<const MessagePart*> candidates = TopParts(structure.root);
  const MessagePart* current = nullptr;
  while (true) {
    std::size_t n = 0;
    std::size_t digits = 0;
    while (digits < section.size() && IsDigit(section[digits])) {
      if (n > 100000000) return nullptr;
      n = n * 10 + static_cast<std::size_t>(section[digits] - '0');
      ++digits;
    }
    // RFC 3501 section 9: nz-number; "0" and leading zeros are not part numbers.
    if (digits == 0 || n == 0 || section[0] == '0' || n > candidates.size()) return nullptr;
    current = candidates[n - 1];
    section.remove_prefix(digits);
    if (section.empty()) return current;
    if (section.front() != '.') return nullptr;
    section.remove_prefix(1);
    candidates = Subparts(*current);
  }
}

std::vector<NumberedPart> ListParts(const MessageStructure& structure) {
  std::vector<NumberedPart> out;
  Walk(TopParts(structure.root), "", out);
  return out;
}

}  // namespace tern::mail
