// libFuzzer target for SEARCH evaluation: the first line of the input is a search
// program (parsed by the IMAP grammar as "t SEARCH <line>"), the rest is a message. The
// matcher decodes headers (RFC 2047), Date: fields, bodies and charsets of hostile mail;
// it must never crash, and its metadata-only answer, when it gives one, must agree with
// the full one.
// Run: imap_search_fuzz tests/fuzz/corpus/imap_search

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "imap/grammar/parse_command.h"
#include "imap/search/matcher.h"
#include "mail/mime_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tern;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t eol = in.find('\n');
  if (eol == std::string_view::npos) return 0;
  imap::grammar::RawCommand raw;
  raw.text = "t SEARCH " + std::string(in.substr(0, eol));
  auto command = imap::grammar::ParseCommand(raw);
  if (!command) return 0;
  const auto* search = std::get_if<imap::grammar::SearchCommand>(&command->body);
  if (search == nullptr) return 0;
  auto matcher = imap::search::Matcher::Create(search->key, search->charset);
  if (!matcher) return 0;

  const std::string_view message = in.substr(eol + 1);
  const mail::MessageStructure structure = mail::ParseMessage(message);
  store::MessageMeta meta;
  meta.uid = 7;
  meta.flags = size > 0 ? data[0] & 0x1f : 0;
  meta.keywords = {"$Forwarded", "Work"};
  meta.internal_date = 1'700'000'000;
  meta.size = static_cast<int64_t>(message.size());
  const std::vector<store::Uid> saved{3, 7};
  imap::search::MailboxFacts facts{.exists = 9, .max_uid = 12, .saved = &saved};
  imap::search::Candidate candidate;
  candidate.seq = 5;
  candidate.meta = &meta;
  candidate.recent = (size & 1) != 0;
  candidate.message = message;
  candidate.structure = &structure;
  const bool full = matcher->Matches(candidate, facts);
  if (auto early = matcher->MatchesMetadata(candidate, facts); early && *early != full) std::abort();
  return 0;
}
