#include "imap/search/index_plan.h"

#include <string>

#include "mail/charset.h"
#include "mail/fold_case.h"

namespace tern::imap::search {
namespace {

using grammar::SearchKeyKind;
using Conjunction = std::vector<store::TextTerm>;
// Any of these conjunctions; nullopt: no narrowing (every message may match).
using Plan = std::optional<std::vector<Conjunction>>;

// Every combination of one conjunction from `a` and one from `b`; nullopt if that would
// be more than kMaxConjunctions or make a conjunction longer than the cap (the caller
// then keeps one side, which is still sound, only wider).
std::optional<std::vector<Conjunction>> Distribute(const std::vector<Conjunction>& a,
                                                   const std::vector<Conjunction>& b) {
  if (a.size() * b.size() > kMaxConjunctions) return std::nullopt;
  std::vector<Conjunction> out;
  for (const Conjunction& x : a) {
    for (const Conjunction& y : b) {
      if (x.size() + y.size() > kMaxTermsPerConjunction) return std::nullopt;
      Conjunction both = x;
      both.insert(both.end(), y.begin(), y.end());
      out.push_back(std::move(both));
    }
  }
  return out;
}

Plan PlanKey(const grammar::SearchKey& key, std::string_view charset) {
  if (auto field = IndexedField(key.kind)) {
    std::string folded = mail::FoldCase(mail::ConvertToUtf8(charset, key.value).text);
    if (!store::IsIndexableNeedle(folded)) return std::nullopt;
    return std::vector<Conjunction>{{store::TextTerm{*field, std::move(folded)}}};
  }
  switch (key.kind) {
    case SearchKeyKind::kAnd: {
      Plan out;
      for (const grammar::SearchKey& child : key.children) {
        Plan p = PlanKey(child, charset);
        if (!p) continue;
        if (!out) {
          out = std::move(p);
        } else if (auto both = Distribute(*out, *p)) {
          out = std::move(both);
        }
      }
      return out;
    }
    case SearchKeyKind::kOr: {
      std::vector<Conjunction> out;
      for (const grammar::SearchKey& child : key.children) {
        Plan p = PlanKey(child, charset);
        if (!p) return std::nullopt;
        out.insert(out.end(), p->begin(), p->end());
      }
      if (out.empty() || out.size() > kMaxConjunctions) return std::nullopt;
      return out;
    }
    default:
      // NOT, and every key the index knows nothing of.
      return std::nullopt;
  }
}

}  // namespace

std::optional<store::TextField> IndexedField(SearchKeyKind kind) {
  switch (kind) {
    case SearchKeyKind::kBody:
      return store::TextField::kBody;
    case SearchKeyKind::kText:
      return store::TextField::kAny;
    case SearchKeyKind::kBcc:
    case SearchKeyKind::kCc:
    case SearchKeyKind::kFrom:
    case SearchKeyKind::kSubject:
    case SearchKeyKind::kTo:
    case SearchKeyKind::kHeader:
      return store::TextField::kHeader;
    default:
      return std::nullopt;
  }
}

std::optional<store::TextQuery> PlanTextQuery(const grammar::SearchKey& key,
                                              const std::optional<std::string>& charset) {
  Plan plan = PlanKey(key, charset ? std::string_view(*charset) : std::string_view("UTF-8"));
  if (!plan) return std::nullopt;
  return store::TextQuery{std::move(*plan)};
}

}  // namespace tern::imap::search
