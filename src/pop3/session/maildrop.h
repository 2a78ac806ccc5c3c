#pragma once
// A POP3 session's maildrop (RFC 1939 section 3): the numbered list of messages fixed at
// login, with the session's pending deletions. Message numbers never change during the
// session, whatever other sessions (IMAP, webmail) do meanwhile; a message they expunge
// simply fails to read. No I/O.

#include <cstdint>
#include <string>
#include <vector>

#include "store/types.h"

namespace tern::pop3::session {

struct MaildropOptions {
  int view = 0;   // 1..31: hide messages this view already downloaded; 0: none hidden
  int days = 0;   // > 0: only messages whose internal date is within this many days
  int limit = 0;  // > 0: at most this many messages, the oldest first
};

struct MaildropEntry {
  store::Uid uid = 0;
  int64_t size = 0;       // octets as served (RFC 1939 requires the exact count)
  std::string unique_id;  // UIDL: stable forever for the message, unique in the mailbox
  std::string blob_id;
  bool deleted = false;
};

// UIDL value of a stored message: its store-wide email id, which never changes while
// the message exists and is never reused, so it is unique within the mailbox, the same
// in every view and survives restarts (RFC 1939 section 7).
std::string UniqueIdOf(const store::MessageMeta& message);

class Maildrop {
 public:
  Maildrop() = default;
  // `messages` in UID order (as the store lists them), `downloaded` ascending.
  static Maildrop Build(const std::vector<store::MessageMeta>& messages,
                        const std::vector<store::Uid>& downloaded, const MaildropOptions& options,
                        store::UnixTime now);

  // Messages in the maildrop, deleted ones included (numbers run 1..count()).
  uint32_t count() const { return static_cast<uint32_t>(entries_.size()); }
  // The message numbered `number` (1-based), or nullptr if out of range or deleted.
  const MaildropEntry* Find(uint32_t number) const;
  MaildropEntry* FindMutable(uint32_t number);
  // Marks a message deleted. False if out of range or already deleted.
  bool Delete(uint32_t number);
  // RSET: undeletes everything.
  void Undelete();
  // Messages not deleted and their total size.
  uint32_t live_count() const;
  int64_t live_octets() const;
  std::vector<store::Uid> DeletedUids() const;
  const std::vector<MaildropEntry>& entries() const { return entries_; }

 private:
  std::vector<MaildropEntry> entries_;
};

}  // namespace tern::pop3::session
