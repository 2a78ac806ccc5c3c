#pragma once
// The message summaries part of the store conformance suite (summary_conformance_test.cc):
// Store::GetSummaries and the summaries the indexer keeps per body. A backend joins with
// the TextIndexBackend it gives the full-text index suite.

#include <string>
#include <string_view>

#include "text_index_conformance.h"

namespace tern::store::testing {

class SummaryConformanceTest : public TextIndexConformanceTest {
 protected:
  void SetUp() override { Open(true); }
  // Opens the store again on the same data, with or without the indexer.
  void Open(bool indexing);
  // Appends "header\n\nbody" with internal date `date` and cached structure `structure`.
  AppendResult AppendWith(AccountId account, std::string mailbox, std::string_view body,
                          UnixTime date, std::string structure);
  std::vector<SummaryRow> Rows(MailboxId mailbox, std::vector<Uid> uids, SummaryPart part);
};

}  // namespace tern::store::testing
