#pragma once
// THREAD=ORDEREDSUBJECT and THREAD=REFERENCES (RFC 5256 3) and the thread-list form of
// the THREAD response (RFC 5256 4, 5). Pure and iterative: a mailbox of one long reply
// chain does not recurse deeply.

#include <cstdint>
#include <string>
#include <vector>

#include "store/message_summary.h"

namespace tern::imap::sort {

// What threading needs of one message.
struct ThreadMessage {
  uint32_t number = 0;  // what the response shows: sequence number or UID, not 0
  uint32_t seq = 0;     // mailbox order: the tie-breaker of equal sent dates
  int64_t sent = 0;     // RFC 5256 2.2 sent date (internal date when none)
  std::string subject;  // collation key (CasemapKey) of the base subject
  bool reply_or_forward = false;
  std::string message_id;               // normalised (ParseMessageIds); "" if none
  std::vector<std::string> references;  // normalised, oldest first, the parent last
};

// The message as threading wants it, from its summary (taking its strings):
// `internal_date` stands in for a missing or unreadable Date:.
ThreadMessage MakeThreadMessage(store::MessageSummary summary, int64_t internal_date,
                                uint32_t number, uint32_t seq);

// A forest of threads. Node 0.. are in `nodes`; a node with number 0 is a dummy (a
// parent that is not among the messages: REFERENCES only, and only at the top).
struct ThreadForest {
  struct Node {
    uint32_t number = 0;
    std::vector<uint32_t> children;  // indexes into nodes, in order
  };
  std::vector<Node> nodes;
  std::vector<uint32_t> roots;
};

// RFC 5256 3 ORDEREDSUBJECT. `messages` in any order.
ThreadForest ThreadOrderedSubject(const std::vector<ThreadMessage>& messages);

// RFC 5256 3 REFERENCES, steps (1) to (6). `messages` in mailbox order (ascending seq):
// of several messages with one Message ID, the first keeps it.
ThreadForest ThreadReferences(const std::vector<ThreadMessage>& messages);

// The response data after "THREAD": 1*thread-list, e.g. "(2)(3 6 (4 23)(44 7 96))";
// "" for no threads.
std::string FormatThreads(const ThreadForest& forest);

}  // namespace tern::imap::sort
