#include "mail/header.h"

#include "mail/ascii.h"

namespace tern::mail {
namespace {

// RFC 5322 section 2.2: field-name = 1*ftext, ftext = %d33-57 / %d59-126.
bool IsFieldNameChar(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && c != ':';
}

// Splits `line` (without its line end) into a field name and the bytes after the colon.
// Returns false if the line has no valid field name.
bool SplitField(std::string_view line, std::string_view& name, std::string_view& rest) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view n = line.substr(0, colon);
  // obs-optional allows WSP between the name and the colon.
  while (!n.empty() && IsWsp(n.back())) n.remove_suffix(1);
  if (n.empty()) return false;
  for (char c : n) {
    if (!IsFieldNameChar(c)) return false;
  }
  name = n;
  rest = line.substr(colon + 1);
  return true;
}

}  // namespace

std::string HeaderField::Value() const { return std::string(TrimLinearSpace(Unfold(raw_value))); }

std::string Unfold(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\n') continue;
    if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    out.push_back(c);
  }
  return out;
}

Header Header::Parse(std::string_view block) {
  Header h;
  HeaderField* current = nullptr;
  std::string_view prev_line_end;  // the line end of the line before, kept in folding
  std::size_t pos = 0;
  while (pos < block.size()) {
    const std::size_t lf = block.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? block.size() : lf;
    const std::size_t next = lf == std::string_view::npos ? block.size() : lf + 1;
    std::string_view line = block.substr(pos, end - pos);
    std::string_view line_end = block.substr(end, next - end);  // "\n" or ""
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
      line_end = block.substr(end - 1, next - end + 1);
    }
    if (line.empty()) break;  // end of the header section
    if (IsWsp(line.front())) {
      // Continuation: belongs to the field above, folding kept in raw_value.
      if (current != nullptr) {
        // The previous line's end is part of the folded value.
        if (current->raw_value.size() + prev_line_end.size() + line.size() <= kMaxFieldBytes) {
          current->raw_value.append(prev_line_end);
          current->raw_value.append(line);
        } else {
          h.truncated_ = true;
        }
      } else {
        ++h.malformed_lines_;
      }
    } else {
      std::string_view name;
      std::string_view rest;
      if (!SplitField(line, name, rest)) {
        ++h.malformed_lines_;
        current = nullptr;
      } else if (h.fields_.size() >= kMaxHeaderFields) {
        h.truncated_ = true;
        current = nullptr;
      } else {
        HeaderField f;
        f.name = std::string(name);
        if (rest.size() > kMaxFieldBytes) {
          rest = rest.substr(0, kMaxFieldBytes);
          h.truncated_ = true;
        }
        f.raw_value = std::string(rest);
        f.offset = pos;
        h.fields_.push_back(std::move(f));
        current = &h.fields_.back();
      }
    }
    prev_line_end = line_end;
    pos = next;
  }
  return h;
}

const HeaderField* Header::Find(std::string_view name) const noexcept {
  for (const HeaderField& f : fields_) {
    if (EqualsIgnoreCase(f.name, name)) return &f;
  }
  return nullptr;
}

std::vector<const HeaderField*> Header::FindAll(std::string_view name) const {
  std::vector<const HeaderField*> out;
  for (const HeaderField& f : fields_) {
    if (EqualsIgnoreCase(f.name, name)) out.push_back(&f);
  }
  return out;
}

std::optional<std::string> Header::Value(std::string_view name) const {
  const HeaderField* f = Find(name);
  if (f == nullptr) return std::nullopt;
  return f->Value();
}

}  // namespace tern::mail
