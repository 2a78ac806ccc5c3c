#pragma once
// SORT (RFC 5256 3, RFC 5957 4): the sort keys of each message and their order.

#include <cstdint>
#include <string>
#include <vector>

#include "imap/grammar/command.h"
#include "store/message_summary.h"

namespace tern::imap::sort {

// One message's sort keys. Only those the criteria name are filled; strings are
// collation keys (CasemapKey), so they compare as octets.
struct SortRecord {
  uint32_t seq = 0;       // the implicit last criterion
  int64_t arrival = 0;    // ARRIVAL: internal date
  int64_t size = 0;       // SIZE
  int64_t sent = 0;       // DATE: RFC 5256 2.2 sent date (internal date when none)
  std::string subject;    // SUBJECT: base subject
  std::string from;       // FROM, TO, CC: first addr-mailbox
  std::string to;
  std::string cc;
  std::string display_from;  // DISPLAYFROM, DISPLAYTO (RFC 5957)
  std::string display_to;
};

// True if some criterion reads the message's header (anything but ARRIVAL and SIZE), so
// its summary.
bool NeedsSummary(const std::vector<grammar::SortCriterion>& criteria);

// Fills the header keys that `criteria` use from the message's summary (taking them);
// `internal_date` stands in for a missing or unreadable Date:. `record.arrival` and
// `size` are the caller's.
void FillSortKeys(store::MessageSummary summary, int64_t internal_date,
                  const std::vector<grammar::SortCriterion>& criteria, SortRecord& record);

// Orders `records` by `criteria` in priority order, REVERSE flipping one criterion, and
// by sequence number when every criterion ties (RFC 5256 3: REVERSE does not reverse the
// implicit sequence order). The empty string sorts first.
void SortRecords(std::vector<SortRecord>& records,
                 const std::vector<grammar::SortCriterion>& criteria);

}  // namespace tern::imap::sort
