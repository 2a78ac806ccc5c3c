#include "imap/session/fetch_render.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "imap/response/binary_size.h"
#include "imap/response/bodystructure_writer.h"
#include "imap/response/envelope_writer.h"
#include "imap/response/internal_date.h"
#include "mail/ascii.h"
#include "mail/header.h"
#include "mail/transfer_decode.h"
#include "store/object_id.h"

namespace tern::imap::session {

namespace {

using grammar::FetchAttribute;
using grammar::SectionText;

std::string_view Slice(std::string_view content, uint64_t offset, uint64_t size) {
  if (offset >= content.size()) return {};
  return content.substr(offset, std::min<uint64_t>(size, content.size() - offset));
}

std::string PartNumber(const std::vector<uint32_t>& part) {
  std::string s;
  for (size_t i = 0; i < part.size(); ++i) {
    if (i > 0) s += '.';
    s += std::to_string(part[i]);
  }
  return s;
}

// HEADER.FIELDS and HEADER.FIELDS.NOT: the chosen fields as they are in the message,
// folding kept, then the blank line (RFC 9051 6.4.5: "the header ... including the
// delimiting blank line").
std::string FilterHeader(std::string_view header, const std::vector<std::string>& fields,
                         bool exclude) {
  std::string out;
  const mail::Header parsed = mail::Header::Parse(header);
  for (const auto& f : parsed.fields()) {
    const bool listed = std::any_of(fields.begin(), fields.end(), [&](const std::string& n) {
      return mail::EqualsIgnoreCase(n, f.name);
    });
    if (listed == exclude) continue;
    out += f.name;
    out += ':';
    out += f.raw_value;
    out += "\r\n";
  }
  // RFC 9051 7.5.2: the blank line is included "except in the case of a message that has
  // no body and no blank line".
  if (header.ends_with("\n\n") || header.ends_with("\n\r\n")) out += "\r\n";
  return out;
}

// The section's entity: the message itself for an empty part number, else the part.
// For HEADER/TEXT of a part, the message it encapsulates (RFC 9051 6.4.5).
const mail::MessagePart* SectionEntity(const grammar::Section& section,
                                       const mail::MessageStructure& structure) {
  if (section.part.empty()) return &structure.root;
  const mail::MessagePart* part = mail::FindPart(structure, PartNumber(section.part));
  if (part == nullptr) return nullptr;
  const bool message_text = section.text == SectionText::kHeader ||
                            section.text == SectionText::kHeaderFields ||
                            section.text == SectionText::kHeaderFieldsNot ||
                            section.text == SectionText::kText;
  if (message_text) {
    if (!part->IsMessage() || part->children.empty()) return nullptr;
    return &part->children.front();
  }
  return part;
}

void AppendSectionName(std::string& out, const grammar::Section& section) {
  out += '[';
  out += PartNumber(section.part);
  if (section.text != SectionText::kNone && !section.part.empty()) out += '.';
  switch (section.text) {
    case SectionText::kNone:
      break;
    case SectionText::kHeader:
      out += "HEADER";
      break;
    case SectionText::kHeaderFields:
    case SectionText::kHeaderFieldsNot:
      out += section.text == SectionText::kHeaderFields ? "HEADER.FIELDS (" : "HEADER.FIELDS.NOT (";
      for (size_t i = 0; i < section.fields.size(); ++i) {
        if (i > 0) out += ' ';
        out += section.fields[i];
      }
      out += ')';
      break;
    case SectionText::kText:
      out += "TEXT";
      break;
    case SectionText::kMime:
      out += "MIME";
      break;
  }
  out += ']';
}

// Appends the (partial) octets as a literal, the "<origin>" after the name first.
void AppendBodyData(std::string& out, std::optional<std::string_view> data,
                    const std::optional<grammar::Partial>& partial, bool binary) {
  if (partial) out += fmt::format("<{}>", partial->offset);
  out += ' ';
  if (!data) {
    response::AppendNil(out);
    return;
  }
  std::string_view d = *data;
  if (partial) d = Slice(d, partial->offset, partial->length);
  if (binary && d.find('\0') != std::string_view::npos) {
    // RFC 3516 4.2: literal8 where the data holds NUL.
    out += fmt::format("~{{{}}}\r\n", d.size());
    out.append(d);
    return;
  }
  out += fmt::format("{{{}}}\r\n", d.size());
  out.append(d);
}

std::string WithCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

Result<std::string> DecodedPart(const std::vector<uint32_t>& part_number,
                                const mail::MessageStructure& structure, std::string_view content,
                                const mail::MessagePart** found) {
  if (part_number.empty()) {
    // RFC 9051 6.4.5: the empty section is the entire message, header included, as is.
    *found = &structure.root;
    return std::string(content);
  }
  const mail::MessagePart* part = mail::FindPart(structure, PartNumber(part_number));
  *found = part;
  if (part == nullptr) return std::string();
  const auto encoding = mail::ClassifyTransferEncoding(part->encoding.value_or(""));
  if (encoding == mail::TransferEncoding::kUnknown) {
    return Fail(ErrorCode::kInvalidArgument, "[UNKNOWN-CTE] Cannot decode the part's content");
  }
  std::string decoded = mail::DecodeTransfer(encoding, Slice(content, part->body_offset, part->body_size));
  // RFC 3516 6 / RFC 9051 7.5.2: textual content goes out with CRLF line ends.
  if (part->type == "text") decoded = WithCrlf(decoded);
  return decoded;
}

}  // namespace

FetchNeeds NeedsOf(const grammar::FetchCommand& command) {
  FetchNeeds n;
  bool beyond_header = false;
  for (const auto& item : command.items) {
    if (const auto* a = std::get_if<FetchAttribute>(&item)) {
      switch (*a) {
        case FetchAttribute::kFlags:
        case FetchAttribute::kUid:
          break;
        case FetchAttribute::kInternalDate:
        case FetchAttribute::kRfc822Size:
        case FetchAttribute::kModSeq:
        case FetchAttribute::kSaveDate:
        case FetchAttribute::kEmailId:
          n.metadata = true;
          break;
        case FetchAttribute::kThreadId:
          break;
        case FetchAttribute::kPreview:
          n.metadata = n.preview = n.preview_now = true;
          break;
        case FetchAttribute::kPreviewLazy:
          n.metadata = n.preview = true;
          break;
        case FetchAttribute::kEnvelope:
        case FetchAttribute::kBody:
        case FetchAttribute::kBodyStructure:
          n.metadata = n.structure = true;
          break;
        case FetchAttribute::kRfc822:
        case FetchAttribute::kRfc822Text:
          n.sets_seen = true;
          beyond_header = true;
          [[fallthrough]];
        case FetchAttribute::kRfc822Header:
          n.metadata = n.structure = n.content = true;
          break;
      }
    } else if (const auto* b = std::get_if<grammar::FetchBody>(&item)) {
      n.metadata = n.structure = n.content = true;
      n.sets_seen |= !b->peek;
      const auto t = b->section.text;
      beyond_header |= !b->section.part.empty() ||
                       !(t == SectionText::kHeader || t == SectionText::kHeaderFields ||
                         t == SectionText::kHeaderFieldsNot);
    } else if (const auto* bin = std::get_if<grammar::FetchBinary>(&item)) {
      n.metadata = n.structure = n.content = true;
      n.sets_seen |= !bin->peek;
      beyond_header = true;
    } else {
      n.metadata = n.structure = n.content = true;
      beyond_header = true;
    }
  }
  n.header_only = n.content && !beyond_header;
  return n;
}

std::optional<std::string> SectionOctets(const grammar::Section& section,
                                         const mail::MessageStructure& structure,
                                         std::string_view content) {
  const mail::MessagePart* e = SectionEntity(section, structure);
  if (e == nullptr) return std::nullopt;
  switch (section.text) {
    case SectionText::kNone:
      if (section.part.empty()) return std::string(content);
      return std::string(Slice(content, e->body_offset, e->body_size));
    case SectionText::kHeader:
    case SectionText::kMime:
      return std::string(Slice(content, e->header_offset, e->header_size));
    case SectionText::kHeaderFields:
    case SectionText::kHeaderFieldsNot:
      return FilterHeader(Slice(content, e->header_offset, e->header_size), section.fields,
                          section.text == SectionText::kHeaderFieldsNot);
    case SectionText::kText:
      return std::string(Slice(content, e->body_offset, e->body_size));
  }
  return std::nullopt;
}

Status AppendFetchResponse(std::string& out, const grammar::FetchCommand& command,
                           const FetchMessage& m, bool with_uid, response::TextMode mode) {
  std::string items;
  auto sep = [&] {
    if (!items.empty()) items += ' ';
  };
  bool uid_done = false;
  bool flags_done = false;
  bool modseq_done = false;
  bool preview_done = false;
  auto add_uid = [&] {
    if (uid_done) return;
    sep();
    items += fmt::format("UID {}", m.uid);
    uid_done = true;
  };
  auto add_flags = [&] {
    if (flags_done) return;
    sep();
    items += "FLAGS ";
    response::AppendFlagList(items, m.flags);
    flags_done = true;
  };
  auto add_modseq = [&] {
    if (modseq_done) return;
    sep();
    items += fmt::format("MODSEQ ({})", m.meta->modseq);
    modseq_done = true;
  };
  if ((with_uid || m.uid_and_modseq) && !m.uid_only) add_uid();
  for (const auto& item : command.items) {
    if (const auto* a = std::get_if<FetchAttribute>(&item)) {
      switch (*a) {
        case FetchAttribute::kUid:
          add_uid();
          break;
        case FetchAttribute::kFlags:
          add_flags();
          break;
        case FetchAttribute::kModSeq:
          add_modseq();
          break;
        case FetchAttribute::kSaveDate:
          // RFC 8514 4.1: every message here has a save date (its append, copy or move).
          sep();
          items += "SAVEDATE ";
          response::AppendInternalDate(items, std::chrono::sys_seconds(std::chrono::seconds(m.meta->save_date)));
          break;
        case FetchAttribute::kEmailId:
          sep();
          items += fmt::format("EMAILID ({})", store::EmailObjectId(m.meta->email_id));
          break;
        case FetchAttribute::kThreadId:
          // RFC 8474 5.2: a server that does not compute threads says NIL.
          sep();
          items += "THREADID NIL";
          break;
        case FetchAttribute::kPreview:
        case FetchAttribute::kPreviewLazy:
          if (preview_done) break;  // PREVIEW and PREVIEW (LAZY) together: one item
          sep();
          items += "PREVIEW ";
          if (m.preview) {
            response::AppendString(items, *m.preview, mode);
          } else {
            response::AppendNil(items);
          }
          preview_done = true;
          break;
        case FetchAttribute::kInternalDate:
          sep();
          items += "INTERNALDATE ";
          response::AppendInternalDate(items, std::chrono::sys_seconds(std::chrono::seconds(m.meta->internal_date)));
          break;
        case FetchAttribute::kRfc822Size:
          sep();
          items += fmt::format("RFC822.SIZE {}", m.meta->size);
          break;
        case FetchAttribute::kEnvelope:
          sep();
          items += "ENVELOPE ";
          response::AppendEnvelope(items, m.structure->envelope, mode);
          break;
        case FetchAttribute::kBody:
          sep();
          items += "BODY ";
          response::AppendBody(items, m.structure->root, mode);
          break;
        case FetchAttribute::kBodyStructure:
          sep();
          items += "BODYSTRUCTURE ";
          response::AppendBodyStructure(items, m.structure->root, mode);
          break;
        case FetchAttribute::kRfc822:
          sep();
          items += "RFC822";
          AppendBodyData(items, m.content, std::nullopt, false);
          break;
        case FetchAttribute::kRfc822Header:
          sep();
          items += "RFC822.HEADER";
          AppendBodyData(items, Slice(m.content, 0, m.structure->root.header_size), std::nullopt,
                         false);
          break;
        case FetchAttribute::kRfc822Text:
          sep();
          items += "RFC822.TEXT";
          AppendBodyData(items,
                         Slice(m.content, m.structure->root.body_offset, m.structure->root.body_size),
                         std::nullopt, false);
          break;
      }
    } else if (const auto* b = std::get_if<grammar::FetchBody>(&item)) {
      sep();
      items += "BODY";
      AppendSectionName(items, b->section);
      auto octets = SectionOctets(b->section, *m.structure, m.content);
      AppendBodyData(items, octets ? std::optional<std::string_view>(*octets) : std::nullopt,
                     b->partial, false);
    } else if (const auto* bin = std::get_if<grammar::FetchBinary>(&item)) {
      const mail::MessagePart* part = nullptr;
      auto decoded = DecodedPart(bin->part, *m.structure, m.content, &part);
      if (!decoded) return Fail(decoded.error());
      sep();
      items += fmt::format("BINARY[{}]", PartNumber(bin->part));
      AppendBodyData(items, part ? std::optional<std::string_view>(*decoded) : std::nullopt,
                     bin->partial, true);
    } else if (const auto* size_item = std::get_if<grammar::FetchBinarySize>(&item)) {
      sep();
      items += fmt::format("BINARY.SIZE[{}] ", PartNumber(size_item->part));
      const mail::MessagePart* part =
          size_item->part.empty() ? nullptr : mail::FindPart(*m.structure, PartNumber(size_item->part));
      if (size_item->part.empty()) {
        items += std::to_string(m.content.size());
      } else if (part == nullptr) {
        response::AppendNil(items);
      } else if (part->type != "text") {
        // Sized without decoding where the encoding allows (identity encodings).
        auto size = response::BinarySize(*part, Slice(m.content, part->body_offset, part->body_size));
        if (!size) return Fail(ErrorCode::kInvalidArgument, "[UNKNOWN-CTE] Cannot decode the part's content");
        items += std::to_string(*size);
      } else {
        // Text goes out with CRLF (see DecodedPart): its size is that of what BINARY sends.
        const mail::MessagePart* found = nullptr;
        auto decoded = DecodedPart(size_item->part, *m.structure, m.content, &found);
        if (!decoded) return Fail(decoded.error());
        items += std::to_string(decoded->size());
      }
    }
  }
  // RFC 9051 6.4.5: when a fetch sets \Seen, the new flags are part of the response.
  if (m.flags_requested) add_flags();
  if (m.uid_and_modseq) add_modseq();
  out += m.uid_only ? fmt::format("* {} UIDFETCH (", m.uid) : fmt::format("* {} FETCH (", m.seq);
  out += items;
  out += ")\r\n";
  return Ok();
}

}  // namespace tern::imap::session
