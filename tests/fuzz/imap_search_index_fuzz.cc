// libFuzzer target for the full-text index's soundness: the first line of the input is a
// search program (parsed as "t SEARCH <line>"), the rest a message, as for
// imap_search_fuzz. The text the index would hold (mail::ExtractSearchText) must be
// valid UTF-8, and whenever the exact matcher matches the message, the index query
// planned for the program (imap/search/index_plan.h) must make it a candidate, judged
// by plain substring search over that text (the FTS5 trigram index answers a superset of
// that). Aborts otherwise.
// Run: imap_search_index_fuzz tests/fuzz/corpus/imap_search_index

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "imap/grammar/parse_command.h"
#include "imap/search/index_plan.h"
#include "imap/search/matcher.h"
#include "mail/mime_parser.h"
#include "mail/search_text.h"

namespace {

bool Accepts(const tern::store::TextQuery& query, const tern::mail::SearchText& text) {
  using tern::store::TextField;
  for (const auto& conjunction : query.any_of) {
    bool all = true;
    for (const tern::store::TextTerm& t : conjunction) {
      const bool h = text.header.find(t.folded) != std::string::npos;
      const bool b = text.body.find(t.folded) != std::string::npos;
      all = all && (t.field == TextField::kHeader ? h : t.field == TextField::kBody ? b : h || b);
    }
    if (all) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tern;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t eol = in.find('\n');
  if (eol == std::string_view::npos) return 0;
  const std::string_view message = in.substr(eol + 1);
  const mail::MessageStructure structure = mail::ParseMessage(message);
  const mail::SearchText text = mail::ExtractSearchText(message, structure);
  if (!IsValidUtf8(text.header) || !IsValidUtf8(text.body)) std::abort();

  imap::grammar::RawCommand raw;
  raw.text = "t SEARCH " + std::string(in.substr(0, eol));
  auto command = imap::grammar::ParseCommand(raw);
  if (!command) return 0;
  const auto* search = std::get_if<imap::grammar::SearchCommand>(&command->body);
  if (search == nullptr) return 0;
  auto matcher = imap::search::Matcher::Create(search->key, search->charset);
  if (!matcher) return 0;
  const auto plan = imap::search::PlanTextQuery(search->key, search->charset);
  if (!plan) return 0;

  store::MessageMeta meta;
  meta.uid = 7;
  meta.size = static_cast<int64_t>(message.size());
  imap::search::MailboxFacts facts{.exists = 9, .max_uid = 12, .saved = nullptr};
  imap::search::Candidate candidate;
  candidate.seq = 5;
  candidate.meta = &meta;
  candidate.message = message;
  candidate.structure = &structure;
  if (matcher->Matches(candidate, facts) && !Accepts(*plan, text)) std::abort();
  return 0;
}
