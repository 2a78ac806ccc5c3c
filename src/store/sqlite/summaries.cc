#include "store/sqlite/summaries.h"

#include <algorithm>
#include <charconv>

namespace tern::store::sqlite {
namespace {

// Columns 0..3 of every read; the part's columns follow.
constexpr std::string_view kMessageColumns = "m.uid, m.internal_date, m.size, m.blob_id";

std::string PartColumns(SummaryPart part) {
  switch (part) {
    case SummaryPart::kNone:
      break;
    case SummaryPart::kSortKeys:
      return ", s.blob_id IS NOT NULL, s.sent IS NOT NULL, coalesce(s.sent, 0), s.subject, "
             "s.reply_or_forward, s.from_key, s.to_key, s.cc_key, s.display_from, "
             "s.display_to, s.message_id, s.refs, "
             "CASE WHEN s.blob_id IS NULL THEN m.structure END "
             "FROM messages m LEFT JOIN message_summaries s ON s.blob_id = m.blob_id";
    case SummaryPart::kPreview:
      return ", p.blob_id IS NOT NULL, p.preview, "
             "CASE WHEN p.blob_id IS NULL THEN m.structure END "
             "FROM messages m LEFT JOIN message_previews p ON p.blob_id = m.blob_id";
  }
  return " FROM messages m";
}

SummaryRow ReadRow(const Statement& q, SummaryPart part) {
  SummaryRow r;
  r.uid = static_cast<Uid>(q.Int(0));
  r.internal_date = q.Int(1);
  r.size = q.Int(2);
  r.blob_id = q.Text(3);
  switch (part) {
    case SummaryPart::kNone:
      break;
    case SummaryPart::kSortKeys:
      if (q.Int(4) == 0) {
        r.structure = q.Blob(16);
        break;
      }
      r.summary.emplace();
      if (q.Int(5) != 0) r.summary->sent = q.Int(6);
      r.summary->subject = q.Blob(7);
      r.summary->reply_or_forward = q.Int(8) != 0;
      r.summary->from = q.Blob(9);
      r.summary->to = q.Blob(10);
      r.summary->cc = q.Blob(11);
      r.summary->display_from = q.Blob(12);
      r.summary->display_to = q.Blob(13);
      r.summary->message_id = q.Blob(14);
      r.summary->references = DecodeReferences(q.Blob(15));
      break;
    case SummaryPart::kPreview:
      if (q.Int(4) == 0) {
        r.structure = q.Blob(6);
        break;
      }
      r.preview = q.Text(5);
      break;
  }
  return r;
}

}  // namespace

std::string EncodeReferences(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    out += std::to_string(id.size());
    out += ':';
    out += id;
  }
  return out;
}

std::vector<std::string> DecodeReferences(std::string_view encoded) {
  std::vector<std::string> out;
  while (!encoded.empty()) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(encoded.data(), encoded.data() + encoded.size(), n);
    const std::size_t digits = static_cast<std::size_t>(end - encoded.data());
    if (ec != std::errc() || digits >= encoded.size() || *end != ':' ||
        n > encoded.size() - digits - 1) {
      break;
    }
    out.emplace_back(encoded.substr(digits + 1, n));
    encoded.remove_prefix(digits + 1 + n);
  }
  return out;
}

Result<std::vector<SummaryRow>> GetSummaries(Connection& db, MailboxId mailbox,
                                             std::vector<Uid> uids, SummaryPart part) {
  std::vector<SummaryRow> out;
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  const std::string select = "SELECT " + std::string(kMessageColumns) + PartColumns(part);
  // The whole mailbox, or a dense list (the usual result of a search), is one range scan;
  // a sparse list is point lookups, as in ops::GetMessages.
  if (uids.empty() || uint64_t{uids.back()} - uids.front() < 4 * uint64_t{uids.size()}) {
    auto q = db.Prepare(select +
                        " WHERE m.mailbox_id = ? AND m.uid >= ? AND m.uid <= ? ORDER BY m.uid");
    if (!q) return Fail(std::move(q).error());
    q->Bind(1, mailbox)
        .Bind(2, int64_t{uids.empty() ? Uid{0} : uids.front()})
        .Bind(3, uids.empty() ? int64_t{0xFFFFFFFF} : int64_t{uids.back()});
    std::size_t next = 0;
    while (true) {
      auto row = q->Step();
      if (!row) return Fail(std::move(row).error());
      if (!*row) break;
      if (!uids.empty()) {
        const Uid uid = static_cast<Uid>(q->Int(0));
        while (next < uids.size() && uids[next] < uid) ++next;
        if (next == uids.size() || uids[next] != uid) continue;
      }
      out.push_back(ReadRow(*q, part));
    }
    return out;
  }
  const std::string point = select + " WHERE m.mailbox_id = ? AND m.uid = ?";
  for (Uid uid : uids) {
    auto q = db.Prepare(point);  // cached by the connection
    if (!q) return Fail(std::move(q).error());
    q->Bind(1, mailbox).Bind(2, int64_t{uid});
    auto row = q->Step();
    if (!row) return Fail(std::move(row).error());
    if (*row) out.push_back(ReadRow(*q, part));
  }
  return out;
}

Status WriteSummary(Connection& db, std::string_view blob_id, const MessageSummary& summary) {
  {
    auto q = db.Prepare(
        "INSERT OR REPLACE INTO message_summaries (blob_id, sent, subject, reply_or_forward, "
        "from_key, to_key, cc_key, display_from, display_to, message_id, refs) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 "
        "WHERE (SELECT refcount > 0 FROM blobs WHERE id = ?1)");
    if (!q) return Fail(std::move(q).error());
    q->Bind(1, blob_id);
    if (summary.sent) q->Bind(2, *summary.sent);  // unbound: NULL
    q->BindBlob(3, summary.subject)
        .Bind(4, int64_t{summary.reply_or_forward})
        .BindBlob(5, summary.from)
        .BindBlob(6, summary.to)
        .BindBlob(7, summary.cc)
        .BindBlob(8, summary.display_from)
        .BindBlob(9, summary.display_to)
        .BindBlob(10, summary.message_id)
        .BindBlob(11, EncodeReferences(summary.references));
    if (auto run = q->Run(); !run) return run;
  }
  auto q = db.Prepare(
      "INSERT OR REPLACE INTO message_previews (blob_id, preview) SELECT ?1, ?2 "
      "WHERE (SELECT refcount > 0 FROM blobs WHERE id = ?1)");
  if (!q) return Fail(std::move(q).error());
  q->Bind(1, blob_id).Bind(2, summary.preview);
  return q->Run();
}

}  // namespace tern::store::sqlite
