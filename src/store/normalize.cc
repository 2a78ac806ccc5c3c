#include "store/normalize.h"

#include <algorithm>

namespace tern::store {
namespace {

bool IsControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// RFC 9051 atom-specials minus the ones that cannot occur here: "(" ")" "{" SP CTL
// list-wildcards ("%" "*") quoted-specials ('"' "\") resp-specials ("]").
bool IsAtomSpecial(char c) {
  switch (c) {
    case '(':
    case ')':
    case '{':
    case ' ':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
      return true;
    default:
      return IsControl(c);
  }
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace

Result<std::string> NormalizeAccountName(std::string_view name) {
  if (name.empty()) return Fail(ErrorCode::kInvalidArgument, "account name is empty");
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == ' ' || IsControl(c)) {
      return Fail(ErrorCode::kInvalidArgument, "account name holds an invalid character");
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

Result<std::string> NormalizeMailboxName(std::string_view name) {
  if (name.empty()) return Fail(ErrorCode::kInvalidArgument, "mailbox name is empty");
  if (std::any_of(name.begin(), name.end(), IsControl)) {
    return Fail(ErrorCode::kInvalidArgument, "mailbox name holds a control character");
  }
  if (name.front() == kHierarchyDelimiter || name.back() == kHierarchyDelimiter ||
      name.find("//") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "mailbox name has an empty level");
  }
  std::string_view first = name.substr(0, name.find(kHierarchyDelimiter));
  if (EqualsIgnoreAsciiCase(first, kInbox)) {
    return std::string(kInbox) + std::string(name.substr(first.size()));
  }
  return std::string(name);
}

Result<std::vector<std::string>> NormalizeKeywords(std::vector<std::string> keywords) {
  for (const auto& k : keywords) {
    if (k.empty() || std::any_of(k.begin(), k.end(), IsAtomSpecial)) {
      return Fail(ErrorCode::kInvalidArgument, "invalid keyword");
    }
  }
  std::sort(keywords.begin(), keywords.end());
  keywords.erase(std::unique(keywords.begin(), keywords.end()), keywords.end());
  return keywords;
}

std::string JoinKeywords(const std::vector<std::string>& keywords) {
  std::string out;
  for (const auto& k : keywords) {
    if (!out.empty()) out.push_back(' ');
    out += k;
  }
  return out;
}

std::vector<std::string> SplitKeywords(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    size_t sp = joined.find(' ');
    if (sp != 0) out.emplace_back(joined.substr(0, sp));
    if (sp == std::string_view::npos) break;
    joined.remove_prefix(sp + 1);
  }
  return out;
}

bool IsValidBlobId(std::string_view blob_id) {
  return blob_id.size() == 64 && std::all_of(blob_id.begin(), blob_id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace tern::store
