#include "imap/grammar/fetch.h"

#include <cctype>
#include <string_view>

#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

// The name part of a fetch-att: up to "[", SP, "(", ")" or the end.
std::string_view AttName(Cursor& c) {
  return c.TakeWhile([](unsigned char ch) { return IsAtomChar(ch) && ch != '['; });
}

// section-part = nz-number *("." nz-number); stops before "." followed by a non-digit.
Result<std::vector<std::uint32_t>> SectionPart(Cursor& c) {
  std::vector<std::uint32_t> part;
  while (std::isdigit(static_cast<unsigned char>(c.Peek()))) {
    auto n = c.NzNumber("section part");
    if (!n) return Fail(n.error());
    if (part.size() >= c.context().limits.max_nesting_depth * 4) {
      return Fail(ErrorCode::kLimit, "section part too deep");
    }
    part.push_back(*n);
    const std::size_t save = c.pos();
    if (!c.TryChar('.')) break;
    if (!std::isdigit(static_cast<unsigned char>(c.Peek()))) {
      c.set_pos(save);
      break;
    }
  }
  return part;
}

// header-list = "(" header-fld-name *(SP header-fld-name) ")"; header-fld-name = astring
Result<std::vector<std::string>> HeaderList(Cursor& c) {
  TERN_TRY(c.Open("header field names"));
  std::vector<std::string> fields;
  do {
    auto f = c.AString("header field name");
    if (!f) return Fail(f.error());
    for (char& ch : *f) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (fields.size() >= kMaxFetchItems) return Fail(ErrorCode::kLimit, "too many header fields");
    fields.push_back(std::move(*f));
  } while (c.TryChar(' '));
  TERN_TRY(c.Close("header field names"));
  return fields;
}

// section = "[" [section-spec] "]"
// section-spec = section-msgtext / (section-part ["." section-text])
// section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
// section-text = section-msgtext / "MIME"
Result<Section> ParseSection(Cursor& c) {
  Section s;
  TERN_TRY(c.Expect('[', "["));
  auto part = SectionPart(c);
  if (!part) return Fail(part.error());
  s.part = std::move(*part);
  if (!s.part.empty() && c.Peek() != ']') TERN_TRY(c.Expect('.', "section text"));
  if (c.Peek() != ']') {
    const std::string_view name =
        c.TakeWhile([](unsigned char ch) { return std::isalpha(ch) || ch == '.'; });
    if (EqualsIgnoreCase(name, "HEADER")) {
      s.text = SectionText::kHeader;
    } else if (EqualsIgnoreCase(name, "HEADER.FIELDS") ||
               EqualsIgnoreCase(name, "HEADER.FIELDS.NOT")) {
      s.text = name.size() == 13 ? SectionText::kHeaderFields : SectionText::kHeaderFieldsNot;
      TERN_TRY(c.Sp("header field names"));
      auto fields = HeaderList(c);
      if (!fields) return Fail(fields.error());
      s.fields = std::move(*fields);
    } else if (EqualsIgnoreCase(name, "TEXT")) {
      s.text = SectionText::kText;
    } else if (EqualsIgnoreCase(name, "MIME") && !s.part.empty()) {
      s.text = SectionText::kMime;  // MIME only follows a part number
    } else {
      return Cursor::Bad("invalid section");
    }
  }
  TERN_TRY(c.Expect(']', "] after section"));
  return s;
}

// section-binary = "[" [section-part] "]"
Result<std::vector<std::uint32_t>> ParseBinarySection(Cursor& c) {
  TERN_TRY(c.Expect('[', "[ after BINARY"));
  auto part = SectionPart(c);
  if (!part) return Fail(part.error());
  TERN_TRY(c.Expect(']', "] after binary section"));
  return part;
}

// partial = "<" number64 "." nz-number64 ">"
Result<std::optional<Partial>> ParsePartial(Cursor& c) {
  if (!c.TryChar('<')) return std::optional<Partial>();
  Partial p;
  auto offset = c.Number64("partial offset");
  if (!offset) return Fail(offset.error());
  // RFC 3501 allowed "<offset>" in responses only; a request needs the length.
  TERN_TRY(c.Expect('.', "partial length"));
  auto length = c.Number64("partial length");
  if (!length) return Fail(length.error());
  if (*length == 0) return Cursor::Bad("zero partial length");
  TERN_TRY(c.Expect('>', "> after partial"));
  p.offset = *offset;
  p.length = *length;
  return std::optional<Partial>(p);
}

// RFC 8970 6: fetch-att =/ "PREVIEW" [SP "(" preview-mod *(SP preview-mod) ")"]
//             preview-mod = "LAZY"
// After the name. A "(" that does not start with LAZY is not PREVIEW's: in
// "FETCH 1 PREVIEW (CHANGEDSINCE 5)" it opens the command's modifiers.
Result<FetchItem> PreviewModifiers(Cursor& c) {
  const std::size_t save = c.pos();
  if (!c.TryChar(' ') || !c.TryChar('(') || !c.TryWord("LAZY")) {
    c.set_pos(save);
    return FetchItem(FetchAttribute::kPreview);
  }
  // Only LAZY is defined; repeating it changes nothing. The item list's limit bounds
  // the line already, so repeats need no limit of their own.
  while (c.TryChar(' ')) {
    if (!c.TryWord("LAZY")) return Cursor::Bad("unknown PREVIEW modifier");
  }
  TERN_TRY(c.Expect(')', ") after PREVIEW modifiers"));
  return FetchItem(FetchAttribute::kPreviewLazy);
}

}  // namespace

Result<FetchItem> ParseFetchAtt(Cursor& c) {
  const std::string_view name = AttName(c);
  struct Simple {
    std::string_view name;
    FetchAttribute att;
  };
  static constexpr Simple kSimple[] = {
      {"ENVELOPE", FetchAttribute::kEnvelope},
      {"FLAGS", FetchAttribute::kFlags},
      {"INTERNALDATE", FetchAttribute::kInternalDate},
      {"RFC822", FetchAttribute::kRfc822},
      {"RFC822.HEADER", FetchAttribute::kRfc822Header},
      {"RFC822.TEXT", FetchAttribute::kRfc822Text},
      {"RFC822.SIZE", FetchAttribute::kRfc822Size},
      {"BODYSTRUCTURE", FetchAttribute::kBodyStructure},
      {"UID", FetchAttribute::kUid},
      {"MODSEQ", FetchAttribute::kModSeq},
      {"SAVEDATE", FetchAttribute::kSaveDate},
      {"EMAILID", FetchAttribute::kEmailId},
      {"THREADID", FetchAttribute::kThreadId},
  };
  for (const auto& s : kSimple) {
    if (EqualsIgnoreCase(name, s.name)) return FetchItem(s.att);
  }
  if (EqualsIgnoreCase(name, "PREVIEW")) return PreviewModifiers(c);
  const bool body = EqualsIgnoreCase(name, "BODY");
  const bool body_peek = EqualsIgnoreCase(name, "BODY.PEEK");
  if (body && c.Peek() != '[') return FetchItem(FetchAttribute::kBody);
  if (body || body_peek) {
    FetchBody b;
    b.peek = body_peek;
    auto section = ParseSection(c);
    if (!section) return Fail(section.error());
    b.section = std::move(*section);
    auto partial = ParsePartial(c);
    if (!partial) return Fail(partial.error());
    b.partial = *partial;
    return FetchItem(std::move(b));
  }
  const bool binary = EqualsIgnoreCase(name, "BINARY");
  const bool binary_peek = EqualsIgnoreCase(name, "BINARY.PEEK");
  if (binary || binary_peek) {
    FetchBinary b;
    b.peek = binary_peek;
    auto part = ParseBinarySection(c);
    if (!part) return Fail(part.error());
    b.part = std::move(*part);
    auto partial = ParsePartial(c);
    if (!partial) return Fail(partial.error());
    b.partial = *partial;
    return FetchItem(std::move(b));
  }
  if (EqualsIgnoreCase(name, "BINARY.SIZE")) {
    auto part = ParseBinarySection(c);
    if (!part) return Fail(part.error());
    return FetchItem(FetchBinarySize{std::move(*part)});
  }
  return Cursor::Bad("unknown fetch item");
}


Result<FetchCommand> ParseFetch(Cursor& c, bool uid) {
  FetchCommand cmd;
  cmd.uid = uid;
  TERN_TRY(c.Sp("sequence set"));
  auto set = ParseSequenceSet(c);
  if (!set) return Fail(set.error());
  cmd.set = std::move(*set);
  TERN_TRY(c.Sp("fetch items"));
  using A = FetchAttribute;
  if (c.TryWord("ALL")) {
    cmd.macro = FetchMacro::kAll;
    cmd.items = {A::kFlags, A::kInternalDate, A::kRfc822Size, A::kEnvelope};
  } else if (c.TryWord("FAST")) {
    cmd.macro = FetchMacro::kFast;
    cmd.items = {A::kFlags, A::kInternalDate, A::kRfc822Size};
  } else if (c.TryWord("FULL")) {
    cmd.macro = FetchMacro::kFull;
    cmd.items = {A::kFlags, A::kInternalDate, A::kRfc822Size, A::kEnvelope, A::kBody};
  } else if (c.Peek() == '(') {
    TERN_TRY(c.Open("fetch items"));
    do {
      auto item = ParseFetchAtt(c);
      if (!item) return Fail(item.error());
      if (cmd.items.size() >= kMaxFetchItems)
        return Fail(ErrorCode::kLimit, "too many fetch items");
      cmd.items.push_back(std::move(*item));
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("fetch items"));
  } else {
    auto item = ParseFetchAtt(c);
    if (!item) return Fail(item.error());
    cmd.items.push_back(std::move(*item));
  }
  if (c.TryChar(' ')) {
    TERN_TRY(c.Open("fetch modifiers"));
    do {
      if (c.TryWord("CHANGEDSINCE")) {
        if (cmd.changed_since) return Cursor::Bad("CHANGEDSINCE given twice");
        TERN_TRY(c.Sp("mod-sequence"));
        auto modseq = c.Number64("mod-sequence");
        if (!modseq) return Fail(modseq.error());
        cmd.changed_since = *modseq;
      } else if (c.TryWord("VANISHED")) {
        // RFC 7162 3.2.6: BAD with FETCH (not UID FETCH) and without CHANGEDSINCE.
        if (!uid) return Cursor::Bad("VANISHED is only allowed with UID FETCH");
        cmd.vanished = true;
      } else {
        return Cursor::Bad("unknown fetch modifier");
      }
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("fetch modifiers"));
    if (cmd.vanished && !cmd.changed_since) return Cursor::Bad("VANISHED needs CHANGEDSINCE");
  }
  TERN_TRY(c.End("fetch items"));
  return cmd;
}

}  // namespace tern::imap::grammar
