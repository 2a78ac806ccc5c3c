#include "pop3/session/maildrop.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace tern::pop3::session {

std::string UniqueIdOf(const store::MessageMeta& message) {
  return fmt::format("{:x}", message.email_id);
}

Maildrop Maildrop::Build(const std::vector<store::MessageMeta>& messages,
                         const std::vector<store::Uid>& downloaded, const MaildropOptions& options,
                         store::UnixTime now) {
  Maildrop drop;
  const store::UnixTime oldest =
      options.days > 0 ? now - static_cast<store::UnixTime>(options.days) * 86400 : 0;
  for (const auto& m : messages) {
    if (options.limit > 0 && drop.entries_.size() >= static_cast<size_t>(options.limit)) break;
    if (options.view > 0 && std::binary_search(downloaded.begin(), downloaded.end(), m.uid)) {
      continue;
    }
    if (options.days > 0 && m.internal_date < oldest) continue;
    drop.entries_.push_back({m.uid, m.size, UniqueIdOf(m), m.blob_id, false});
  }
  return drop;
}

const MaildropEntry* Maildrop::Find(uint32_t number) const {
  if (number == 0 || number > entries_.size()) return nullptr;
  const auto& e = entries_[number - 1];
  return e.deleted ? nullptr : &e;
}

MaildropEntry* Maildrop::FindMutable(uint32_t number) {
  return const_cast<MaildropEntry*>(std::as_const(*this).Find(number));
}

bool Maildrop::Delete(uint32_t number) {
  MaildropEntry* e = FindMutable(number);
  if (e == nullptr) return false;
  e->deleted = true;
  return true;
}

void Maildrop::Undelete() {
  for (auto& e : entries_) e.deleted = false;
}

uint32_t Maildrop::live_count() const {
  return static_cast<uint32_t>(
      std::count_if(entries_.begin(), entries_.end(), [](const auto& e) { return !e.deleted; }));
}

int64_t Maildrop::live_octets() const {
  int64_t total = 0;
  for (const auto& e : entries_) {
    if (!e.deleted) total += e.size;
  }
  return total;
}

std::vector<store::Uid> Maildrop::DeletedUids() const {
  std::vector<store::Uid> out;
  for (const auto& e : entries_) {
    if (e.deleted) out.push_back(e.uid);
  }
  return out;
}

}  // namespace tern::pop3::session
