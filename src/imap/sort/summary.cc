#include "imap/sort/summary.h"

#include <algorithm>
#include <utility>

#include "imap/sort/base_subject.h"
#include "imap/sort/collation.h"
#include "imap/sort/sort_keys.h"
#include "mail/header.h"
#include "mail/preview.h"

namespace tern::imap::sort {

store::MessageSummary SummarizeHeader(const mail::Envelope& envelope,
                                      std::string_view references) {
  store::MessageSummary s;
  if (envelope.date) s.sent = ParseSentTime(*envelope.date);
  if (envelope.subject) {
    BaseSubject base = ExtractBaseSubject(*envelope.subject);
    s.subject = CasemapKey(base.text);
    s.reply_or_forward = base.reply_or_forward;
  }
  s.from = CasemapKey(FirstMailbox(envelope.from));
  s.to = CasemapKey(FirstMailbox(envelope.to));
  s.cc = CasemapKey(FirstMailbox(envelope.cc));
  s.display_from = CasemapKey(DisplayValue(envelope.from));
  s.display_to = CasemapKey(DisplayValue(envelope.to));
  if (envelope.message_id) {
    auto ids = ParseMessageIds(*envelope.message_id, 1);
    if (!ids.empty()) s.message_id = std::move(ids.front());
  }
  s.references = ParseMessageIds(references, kMaxReferences);
  if (s.references.empty() && envelope.in_reply_to) {
    // RFC 5256 3: only the first msg-id of In-Reply-To; what follows it is often not one.
    auto ids = ParseMessageIds(*envelope.in_reply_to, kMaxReferences);
    if (!ids.empty()) s.references.push_back(std::move(ids.front()));
  }
  return s;
}

store::MessageSummary Summarize(std::string_view message, const mail::MessageStructure& structure) {
  // The top-level header as SORT reads it: the octets the structure says it has.
  const std::string_view header_octets =
      message.substr(0, std::min<std::uint64_t>(structure.root.header_size, message.size()));
  const mail::Header header = mail::Header::Parse(header_octets);
  store::MessageSummary s =
      SummarizeHeader(structure.envelope, header.Value("References").value_or(std::string()));
  s.preview = mail::MakePreview(message, structure);
  return s;
}

}  // namespace tern::imap::sort
