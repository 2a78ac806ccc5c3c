#include "mail/envelope.h"

#include "mail/header.h"

namespace tern::mail {
namespace {

std::vector<Address> Addresses(const Header& header, std::string_view name) {
  const HeaderField* f = header.Find(name);
  if (f == nullptr) return {};
  return ParseAddressList(Unfold(f->raw_value));
}

}  // namespace

Envelope BuildEnvelope(const Header& header) {
  Envelope e;
  e.date = header.Value("Date");
  e.subject = header.Value("Subject");
  e.from = Addresses(header, "From");
  e.sender = Addresses(header, "Sender");
  e.reply_to = Addresses(header, "Reply-To");
  e.to = Addresses(header, "To");
  e.cc = Addresses(header, "Cc");
  e.bcc = Addresses(header, "Bcc");
  e.in_reply_to = header.Value("In-Reply-To");
  e.message_id = header.Value("Message-ID");
  if (e.sender.empty()) e.sender = e.from;
  if (e.reply_to.empty()) e.reply_to = e.from;
  return e;
}

}  // namespace tern::mail
