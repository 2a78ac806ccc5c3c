// SORT and THREAD over hostile headers: the input is up to 16 header blocks separated by
// NUL octets, each a message of one mailbox. Every sort key, both threading algorithms
// and the THREAD response form must finish without a crash; the response must name
// every message exactly once, with balanced parentheses.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "imap/sort/sorter.h"
#include "imap/sort/summary.h"
#include "imap/sort/thread.h"
#include "mail/envelope.h"
#include "mail/header.h"

namespace {

using tern::imap::grammar::SortCriterion;
using tern::imap::grammar::SortKey;

void CheckThreads(const std::string& out, std::size_t messages) {
  if (std::count(out.begin(), out.end(), '(') != std::count(out.begin(), out.end(), ')')) {
    std::abort();
  }
  std::size_t numbers = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] >= '1' && out[i] <= '9' && (i == 0 || out[i - 1] < '0' || out[i - 1] > '9')) {
      ++numbers;
    }
  }
  if (numbers != messages) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<tern::imap::sort::ThreadMessage> messages;
  std::vector<tern::imap::sort::SortRecord> records;
  const std::vector<SortCriterion> criteria = {
      {SortKey::kSubject, false}, {SortKey::kDate, true},       {SortKey::kFrom, false},
      {SortKey::kTo, false},      {SortKey::kCc, true},         {SortKey::kDisplayFrom, false},
      {SortKey::kDisplayTo, true}};
  while (!input.empty() && messages.size() < 16) {
    const std::size_t nul = input.find('\0');
    const std::string_view block = input.substr(0, nul);
    input = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
    const tern::mail::Header header = tern::mail::Header::Parse(block);
    const tern::mail::Envelope env = tern::mail::BuildEnvelope(header);
    const auto seq = static_cast<uint32_t>(messages.size() + 1);
    const tern::store::MessageSummary summary =
        tern::imap::sort::SummarizeHeader(env, header.Value("References").value_or(""));
    messages.push_back(tern::imap::sort::MakeThreadMessage(summary, seq, seq, seq));
    tern::imap::sort::SortRecord r;
    r.seq = seq;
    tern::imap::sort::FillSortKeys(summary, seq, criteria, r);
    records.push_back(std::move(r));
  }
  tern::imap::sort::SortRecords(records, criteria);
  if (records.size() != messages.size()) std::abort();
  CheckThreads(tern::imap::sort::FormatThreads(tern::imap::sort::ThreadReferences(messages)),
               messages.size());
  CheckThreads(tern::imap::sort::FormatThreads(tern::imap::sort::ThreadOrderedSubject(messages)),
               messages.size());
  return 0;
}
