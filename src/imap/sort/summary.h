#pragma once
// The one computation of a message's summary (store/message_summary.h): the store's
// indexer calls Summarize on each new message (through app/open_store.cc's extractor),
// SORT and THREAD call SummarizeHeader for a message the indexer has not reached yet, so
// an answer never depends on how far indexing has got.

#include <string_view>

#include "mail/envelope.h"
#include "mail/structure.h"
#include "store/message_summary.h"

namespace tern::imap::sort {

// Everything but the preview, from the message's ENVELOPE and the raw value of its
// References: field ("" when absent).
store::MessageSummary SummarizeHeader(const mail::Envelope& envelope,
                                      std::string_view references);

// The whole summary of `message` (all its octets), which `structure` describes.
store::MessageSummary Summarize(std::string_view message, const mail::MessageStructure& structure);

}  // namespace tern::imap::sort
