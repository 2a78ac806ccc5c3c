#include "store/sqlite/text_index.h"

#include <algorithm>
#include <string_view>

namespace tern::store::sqlite {
namespace {

int64_t DocId(MailboxId mailbox, Uid uid) { return (int64_t{mailbox} << 32) | int64_t{uid}; }

std::string_view Column(TextField field) {
  switch (field) {
    case TextField::kHeader:
      return "header";
    case TextField::kBody:
      return "body";
    case TextField::kAny:
      break;
  }
  return "{header body}";
}

// The distinct three-code-point sequences of `folded` (valid UTF-8), in order of first
// appearance.
std::vector<std::string_view> Trigrams(std::string_view folded) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < folded.size();) {
    starts.push_back(i);
    i += std::max<std::size_t>(1, Utf8SequenceLength(folded.substr(i)));
  }
  starts.push_back(folded.size());
  std::vector<std::string_view> out;
  for (std::size_t k = 0; k + 3 < starts.size(); ++k) {
    std::string_view t = folded.substr(starts[k], starts[k + 3] - starts[k]);
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  return out;
}

// "col : ("t1" AND "t2" ...)"; a long needle is looked up by trigrams spread over it,
// the first and the last included: any subset still finds every message that has it.
std::string TermExpression(const TextTerm& term) {
  std::vector<std::string_view> grams = Trigrams(term.folded);
  if (grams.size() > kMaxTrigramsPerTerm) {
    std::vector<std::string_view> spread;
    for (std::size_t k = 0; k < kMaxTrigramsPerTerm; ++k) {
      spread.push_back(grams[k * (grams.size() - 1) / (kMaxTrigramsPerTerm - 1)]);
    }
    grams = std::move(spread);
  }
  std::string out(Column(term.field));
  out += " : (";
  for (std::size_t k = 0; k < grams.size(); ++k) {
    if (k > 0) out += " AND ";
    out += '"';
    for (char c : grams[k]) {
      if (c == '"') out += '"';  // FTS5 strings double their quotes
      out += c;
    }
    out += '"';
  }
  out += ')';
  return out;
}

Result<std::vector<Uid>> CollectUids(Statement& q, bool doc_ids) {
  std::vector<Uid> out;
  while (true) {
    auto row = q.Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(static_cast<Uid>(doc_ids ? (q.Int(0) & 0xFFFFFFFF) : q.Int(0)));
  }
  return out;
}

// The mailbox's watermark (TextCandidates::indexed_below); kNotFound if it is gone.
Result<Uid> IndexedBelow(Connection& db, MailboxId mailbox) {
  auto q = db.Prepare(
      "SELECT coalesce((SELECT next_uid FROM text_index_progress WHERE mailbox_id = ?1), 1) "
      "FROM mailboxes WHERE id = ?1");
  if (!q) return Fail(std::move(q).error());
  q->Bind(1, mailbox);
  auto row = q->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no such mailbox");
  return static_cast<Uid>(q->Int(0));
}

// "SELECT id, <one 0/1 column per term> FROM text_index_content WHERE id IN <?1>", term i
// bound as parameter i + 2 and ?1 a JSON array of document ids. SQLite's instr() compares
// bytes (at character starts), as Needle::FoundIn does; both texts are valid UTF-8, so the
// answers agree. The rows are read from FTS5's content table (id, c0 = header, c1 = body)
// rather than through the virtual table: a rowid lookup there costs several times more per
// row, and a search may confirm thousands.
std::string StoredTextQuery(const std::vector<TextTerm>& terms) {
  std::string sql = "SELECT id";
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const std::string p = "?" + std::to_string(i + 2);
    switch (terms[i].field) {
      case TextField::kHeader:
        sql += ", instr(c0, " + p + ") > 0";
        break;
      case TextField::kBody:
        sql += ", instr(c1, " + p + ") > 0";
        break;
      case TextField::kAny:
        sql += ", (instr(c0, " + p + ") > 0 OR instr(c1, " + p + ") > 0)";
        break;
    }
  }
  return sql + " FROM text_index_content WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id";
}

}  // namespace

Result<std::vector<StoredTextMatch>> MatchStoredText(Connection& db, MailboxId mailbox,
                                                     const std::vector<Uid>& uids,
                                                     const std::vector<TextTerm>& terms) {
  std::vector<StoredTextMatch> out;
  if (terms.empty() || terms.size() > kMaxStoredTextTerms) return out;
  auto txn = Transaction::Begin(db);
  if (!txn) return Fail(std::move(txn).error());
  auto below = IndexedBelow(db, mailbox);
  if (!below) {
    if (below.error().code == ErrorCode::kNotFound) return out;
    return Fail(std::move(below).error());
  }
  // Only below the watermark: a row above it may be left from a deleted mailbox whose id
  // was given again (WriteTextIndex replaces such rows as it gets to them).
  std::string ids = "[";
  for (Uid uid : uids) {
    if (uid >= *below) continue;
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(DocId(mailbox, uid));
  }
  ids += ']';
  if (ids.size() == 2) return out;
  auto q = db.Prepare(StoredTextQuery(terms));
  if (!q) return Fail(std::move(q).error());
  q->Bind(1, ids);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    q->Bind(static_cast<int>(i + 2), terms[i].folded);
  }
  while (true) {
    auto row = q->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    StoredTextMatch match{static_cast<Uid>(q->Int(0) & 0xFFFFFFFF), 0};
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (q->Int(static_cast<int>(i + 1)) != 0) match.found |= std::uint64_t{1} << i;
    }
    out.push_back(match);
  }
  return out;
}

std::optional<std::string> TextMatchExpression(const TextQuery& query) {
  std::string out;
  for (const std::vector<TextTerm>& conjunction : query.any_of) {
    std::string all;
    for (const TextTerm& term : conjunction) {
      if (!IsIndexableNeedle(term.folded)) continue;
      if (!all.empty()) all += " AND ";
      all += TermExpression(term);
    }
    if (all.empty()) return std::nullopt;
    if (!out.empty()) out += " OR ";
    out += '(' + all + ')';
  }
  if (out.empty()) return std::nullopt;
  return out;
}

Result<TextCandidates> FindText(Connection& db, MailboxId mailbox, const TextQuery& query) {
  auto txn = Transaction::Begin(db);
  if (!txn) return Fail(std::move(txn).error());
  TextCandidates out;
  auto below = IndexedBelow(db, mailbox);
  if (!below) return Fail(std::move(below).error());
  out.indexed_below = *below;
  if (out.indexed_below <= 1) return out;
  const std::optional<std::string> match = TextMatchExpression(query);
  if (!match) {
    // Nothing to look up: every indexed message is a candidate.
    auto q = db.Prepare("SELECT uid FROM messages WHERE mailbox_id = ? AND uid < ? ORDER BY uid");
    if (!q) return Fail(std::move(q).error());
    q->Bind(1, mailbox).Bind(2, int64_t{out.indexed_below});
    auto uids = CollectUids(*q, false);
    if (!uids) return Fail(std::move(uids).error());
    out.uids = std::move(*uids);
    return out;
  }
  auto q = db.Prepare(
      "SELECT rowid FROM text_index WHERE text_index MATCH ? AND rowid >= ? AND rowid < ? "
      "ORDER BY rowid");
  if (!q) return Fail(std::move(q).error());
  q->Bind(1, *match).Bind(2, DocId(mailbox, 0)).Bind(3, DocId(mailbox, out.indexed_below));
  auto uids = CollectUids(*q, true);
  if (!uids) return Fail(std::move(uids).error());
  out.uids = std::move(*uids);
  return out;
}

Result<std::optional<TextWork>> NextTextWork(Connection& db, std::size_t limit) {
  auto txn = Transaction::Begin(db);
  if (!txn) return Fail(std::move(txn).error());
  TextWork work;
  {
    auto q = db.Prepare(
        "SELECT m.id, m.uid_validity, m.uid_next, coalesce(p.next_uid, 1) FROM mailboxes m "
        "LEFT JOIN text_index_progress p ON p.mailbox_id = m.id "
        "WHERE m.uid_next > coalesce(p.next_uid, 1) LIMIT 1");
    if (!q) return Fail(std::move(q).error());
    auto row = q->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return std::optional<TextWork>();
    work.mailbox = q->Int(0);
    work.uid_validity = static_cast<uint32_t>(q->Int(1));
    work.next_uid = static_cast<Uid>(std::min<int64_t>(q->Int(2), 0xFFFFFFFF));
    const int64_t from = q->Int(3);
    auto m = db.Prepare(
        "SELECT uid, blob_id, structure FROM messages WHERE mailbox_id = ? AND uid >= ? "
        "ORDER BY uid LIMIT ?");
    if (!m) return Fail(std::move(m).error());
    m->Bind(1, work.mailbox).Bind(2, from).Bind(3, static_cast<int64_t>(limit));
    while (true) {
      auto more = m->Step();
      if (!more) return Fail(std::move(more).error());
      if (!*more) break;
      work.messages.push_back(
          TextWork::Message{static_cast<Uid>(m->Int(0)), m->Text(1), m->Blob(2)});
    }
  }
  // A full batch may not be all the mailbox has: the watermark stops after its last.
  if (work.messages.size() == limit) work.next_uid = work.messages.back().uid + 1;
  return std::optional<TextWork>(std::move(work));
}

Status WriteTextIndex(Connection& db, const TextWork& work,
                      const std::vector<IndexedMessage>& messages) {
  {
    auto q = db.Prepare("SELECT uid_validity FROM mailboxes WHERE id = ?");
    if (!q) return Fail(std::move(q).error());
    q->Bind(1, work.mailbox);
    auto row = q->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row || static_cast<uint32_t>(q->Int(0)) != work.uid_validity) return Ok();
  }
  for (const IndexedMessage& m : messages) {
    {
      auto q = db.Prepare("SELECT 1 FROM messages WHERE mailbox_id = ? AND uid = ?");
      if (!q) return Fail(std::move(q).error());
      q->Bind(1, work.mailbox).Bind(2, int64_t{m.uid});
      auto row = q->Step();
      if (!row) return Fail(std::move(row).error());
      if (!*row) continue;  // expunged since it was read
    }
    const int64_t doc = DocId(work.mailbox, m.uid);
    {
      // Defence in depth: a document left behind must not make the insert fail forever.
      auto q = db.Prepare("DELETE FROM text_index WHERE rowid = ?");
      if (!q) return Fail(std::move(q).error());
      q->Bind(1, doc);
      TERN_TRY(q->Run());
    }
    auto q = db.Prepare("INSERT INTO text_index (rowid, header, body) VALUES (?, ?, ?)");
    if (!q) return Fail(std::move(q).error());
    q->Bind(1, doc).Bind(2, m.text.header).Bind(3, m.text.body);
    TERN_TRY(q->Run());
  }
  auto q = db.Prepare(
      "INSERT INTO text_index_progress (mailbox_id, next_uid) VALUES (?, ?) "
      "ON CONFLICT (mailbox_id) DO UPDATE SET next_uid = max(next_uid, excluded.next_uid)");
  if (!q) return Fail(std::move(q).error());
  q->Bind(1, work.mailbox).Bind(2, int64_t{work.next_uid});
  return q->Run();
}

}  // namespace tern::store::sqlite
