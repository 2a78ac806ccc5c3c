#pragma once
// Helpers shared by the mail tests: reading files, feeding the parser in pieces, and a
// readable dump of a MessageStructure for golden files and failure messages.

#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

#include "mail/mime_parser.h"
#include "mail/structure.h"

namespace tern::mail::testing {

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline MessageStructure ParseByteByByte(std::string_view data) {
  MimeParser p;
  for (char c : data) p.Feed(std::string_view(&c, 1));
  return p.Finish();
}

inline MessageStructure ParseInRandomChunks(std::string_view data, std::uint32_t seed,
                                            std::size_t max_chunk = 97) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> size(0, max_chunk);
  MimeParser p;
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t n = std::min(size(rng), data.size() - pos);
    p.Feed(data.substr(pos, n));
    pos += n;
  }
  return p.Finish();
}

inline std::string Opt(const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : "NIL"; }

inline std::string DumpParams(const std::vector<Parameter>& params) {
  std::string out = "(";
  for (const Parameter& p : params) {
    if (out.size() > 1) out += " ";
    out += p.name + "=\"" + p.value + "\"";
    if (p.raw_value != p.value) out += "[raw \"" + p.raw_value + "\"]";
    if (p.extended) out += "[" + p.charset + "'" + p.language + "']";
  }
  return out + ")";
}

inline std::string DumpAddresses(const std::vector<Address>& list) {
  if (list.empty()) return "NIL";
  std::string out = "(";
  for (const Address& a : list) {
    out += "(" + Opt(a.name) + " " + Opt(a.adl) + " " + Opt(a.mailbox) + " " + Opt(a.host) + ")";
  }
  return out + ")";
}

inline std::string DumpEnvelope(const Envelope& e) {
  return "date=" + Opt(e.date) + " subject=" + Opt(e.subject) + "\n    from=" +
         DumpAddresses(e.from) + " sender=" + DumpAddresses(e.sender) +
         " reply-to=" + DumpAddresses(e.reply_to) + "\n    to=" + DumpAddresses(e.to) +
         " cc=" + DumpAddresses(e.cc) + " bcc=" + DumpAddresses(e.bcc) +
         "\n    in-reply-to=" + Opt(e.in_reply_to) + " message-id=" + Opt(e.message_id);
}

inline void DumpPart(const MessagePart& p, const std::string& path, std::string& out) {
  out += path + " " + p.type + "/" + p.subtype + " hdr=" + std::to_string(p.header_offset) +
         "+" + std::to_string(p.header_size) + " body=" + std::to_string(p.body_offset) + "+" +
         std::to_string(p.body_size) + " lines=" + std::to_string(p.body_lines);
  if (!p.has_content_type) out += " default-type";
  if (p.opaque) out += " opaque";
  out += " params=" + DumpParams(p.params);
  if (p.content_id) out += " id=" + Opt(p.content_id);
  if (p.description) out += " desc=" + Opt(p.description);
  if (p.encoding) out += " cte=" + Opt(p.encoding);
  if (p.md5) out += " md5=" + Opt(p.md5);
  if (p.disposition || !p.disposition_params.empty()) {
    out += " disp=" + Opt(p.disposition) + DumpParams(p.disposition_params);
  }
  if (!p.language.empty()) {
    out += " lang=";
    for (const std::string& l : p.language) out += l + ",";
  }
  if (p.location) out += " loc=" + Opt(p.location);
  out += "\n";
  if (p.envelope) out += "  envelope " + DumpEnvelope(*p.envelope) + "\n";
  for (std::size_t i = 0; i < p.children.size(); ++i) {
    DumpPart(p.children[i], path + "/" + std::to_string(i + 1), out);
  }
}

inline std::string DumpStructure(const MessageStructure& s) {
  std::string out = "size=" + std::to_string(s.size) + (s.limits_hit ? " limits-hit" : "") + "\n";
  out += "envelope " + DumpEnvelope(s.envelope) + "\n";
  DumpPart(s.root, "root", out);
  out += "imap-parts:";
  for (const NumberedPart& n : ListParts(s)) out += " " + n.number + "=" + n.part->type + "/" + n.part->subtype;
  return out + "\n";
}

}  // namespace tern::mail::testing
