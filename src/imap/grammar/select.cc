// SELECT and EXAMINE (RFC 9051 6.3.2, 6.3.3; RFC 4466 2.7; RFC 7162 3.1.8, 3.2.5):
//   select        = "SELECT" SP mailbox [select-params]
//   select-params = SP "(" select-param *(SP select-param) ")"
//   select-param  =/ "CONDSTORE"
//   select-param  =/ "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids]
//                    [SP seq-match-data] ")"
//   seq-match-data = "(" known-sequence-set SP known-uid-set ")"
// RFC 4466 lets a server refuse parameters it does not know; they are BAD here, since
// a client that sends one expects behaviour Tern would not give.

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/limits.h"
#include "imap/grammar/mailbox_name.h"

namespace tern::imap::grammar {
namespace {

// A set of numbers without "*" or "$", expanded in the order given (RFC 7162 7:
// known-uids and seq-match-data are "sequence-set" with "*" not allowed).
Result<std::vector<std::uint32_t>> ExpandExplicitSet(const SequenceSet& set, size_t& budget) {
  std::vector<std::uint32_t> out;
  if (set.saved_result) return Cursor::Bad("\"$\" is not allowed here");
  for (const auto& r : set.ranges) {
    if (r.first == kStar || r.last == kStar) return Cursor::Bad("\"*\" is not allowed here");
    const std::uint32_t lo = std::min(r.first, r.last);
    const std::uint32_t hi = std::max(r.first, r.last);
    if (hi - lo >= budget) return Fail(ErrorCode::kLimit, "sequence match data too long");
    budget -= hi - lo + 1;
    for (std::uint64_t n = lo; n <= hi; ++n) out.push_back(static_cast<std::uint32_t>(n));
  }
  return out;
}

Status ParseQresync(Cursor& c, QresyncParams& q) {
  TERN_TRY(c.Open("QRESYNC parameters"));
  auto validity = c.NzNumber("UIDVALIDITY");
  if (!validity) return Fail(validity.error());
  q.uid_validity = *validity;
  TERN_TRY(c.Sp("mod-sequence"));
  auto modseq = c.Number64("mod-sequence");
  if (!modseq) return Fail(modseq.error());
  q.modseq = *modseq;
  if (c.TryChar(' ') && c.Peek() != '(') {
    auto known = ParseSequenceSet(c);
    if (!known) return Fail(known.error());
    if (known->saved_result) return Cursor::Bad("\"$\" is not allowed in known UIDs");
    for (const auto& r : known->ranges) {
      if (r.first == kStar || r.last == kStar) return Cursor::Bad("\"*\" is not allowed in known UIDs");
    }
    q.known_uids = std::move(*known);
    c.TryChar(' ');
  }
  if (c.Peek() == '(') {
    TERN_TRY(c.Open("sequence match data"));
    auto seqs = ParseSequenceSet(c);
    if (!seqs) return Fail(seqs.error());
    TERN_TRY(c.Sp("known UID set"));
    auto uids = ParseSequenceSet(c);
    if (!uids) return Fail(uids.error());
    TERN_TRY(c.Close("sequence match data"));
    size_t budget = kMaxSequenceMatchPairs;
    auto s = ExpandExplicitSet(*seqs, budget);
    if (!s) return Fail(s.error());
    budget = kMaxSequenceMatchPairs;
    auto u = ExpandExplicitSet(*uids, budget);
    if (!u) return Fail(u.error());
    if (s->size() != u->size()) {
      return Cursor::Bad("sequence match data: the two sets differ in size");
    }
    q.match_seqs = std::move(*s);
    q.match_uids = std::move(*u);
  }
  return c.Close("QRESYNC parameters");
}

}  // namespace

Result<SelectCommand> ParseSelect(Cursor& c, bool read_only) {
  SelectCommand cmd;
  cmd.read_only = read_only;
  TERN_TRY(c.Sp("mailbox name"));
  auto mailbox = ParseMailbox(c);
  if (!mailbox) return Fail(mailbox.error());
  cmd.mailbox = std::move(*mailbox);
  if (c.TryChar(' ')) {
    TERN_TRY(c.Open("select parameters"));
    do {
      if (c.TryWord("CONDSTORE")) {
        cmd.condstore = true;
      } else if (c.TryWord("QRESYNC")) {
        if (cmd.qresync) return Cursor::Bad("QRESYNC given twice");
        TERN_TRY(c.Sp("QRESYNC parameters"));
        QresyncParams q;
        TERN_TRY(ParseQresync(c, q));
        cmd.qresync = std::move(q);
      } else {
        return Cursor::Bad("unknown SELECT parameter");
      }
    } while (c.TryChar(' '));
    TERN_TRY(c.Close("select parameters"));
  }
  TERN_TRY(c.End("mailbox name"));
  return cmd;
}

}  // namespace tern::imap::grammar
