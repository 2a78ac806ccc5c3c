#include "imap/response/envelope_writer.h"

namespace tern::imap::response {
namespace {

void AppendAddress(std::string& out, const mail::Address& a, TextMode mode) {
  out.push_back('(');
  if (a.IsGroupStart() || a.IsGroupEnd()) {
    // RFC 3501 section 7.4.2: a group marker has a NIL host; the start holds the group
    // name phrase in the mailbox field, the end has NIL there too.
    out += "NIL NIL ";
    AppendNString(out, a.mailbox, mode);
    out += " NIL";
  } else {
    AppendNString(out, a.name, mode);
    out.push_back(' ');
    AppendNString(out, a.adl, mode);
    out.push_back(' ');
    AppendNString(out, a.mailbox, mode);
    out.push_back(' ');
    AppendNString(out, a.host, mode);
  }
  out.push_back(')');
}

}  // namespace

void AppendAddressList(std::string& out, const std::vector<mail::Address>& list, TextMode mode) {
  if (list.empty()) {
    AppendNil(out);
    return;
  }
  out.push_back('(');
  for (const mail::Address& a : list) AppendAddress(out, a, mode);
  out.push_back(')');
}

void AppendEnvelope(std::string& out, const mail::Envelope& e, TextMode mode) {
  out.push_back('(');
  AppendNString(out, e.date, mode);
  out.push_back(' ');
  AppendNString(out, e.subject, mode);
  out.push_back(' ');
  AppendAddressList(out, e.from, mode);
  out.push_back(' ');
  AppendAddressList(out, e.sender.empty() ? e.from : e.sender, mode);
  out.push_back(' ');
  AppendAddressList(out, e.reply_to.empty() ? e.from : e.reply_to, mode);
  out.push_back(' ');
  AppendAddressList(out, e.to, mode);
  out.push_back(' ');
  AppendAddressList(out, e.cc, mode);
  out.push_back(' ');
  AppendAddressList(out, e.bcc, mode);
  out.push_back(' ');
  AppendNString(out, e.in_reply_to, mode);
  out.push_back(' ');
  AppendNString(out, e.message_id, mode);
  out.push_back(')');
}

}  // namespace tern::imap::response
