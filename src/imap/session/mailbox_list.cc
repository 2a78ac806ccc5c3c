#include "imap/session/mailbox_list.h"

#include <algorithm>
#include <map>
#include <set>

#include "mail/ascii.h"

namespace tern::imap::session {

namespace {

// Upper-cases a leading "inbox" level so that the pattern matches the name "INBOX".
std::string FoldInbox(std::string_view s) {
  std::string out(s);
  if (out.size() >= 5 && mail::EqualsIgnoreCase(std::string_view(out).substr(0, 5), "INBOX") &&
      (out.size() == 5 || out[5] == kSeparator)) {
    for (size_t i = 0; i < 5; ++i) out[i] = static_cast<char>(std::toupper(out[i]));
  }
  return out;
}

bool Match(std::string_view p, std::string_view n) {
  // Dynamic programming over pattern positions: linear in the name for each pattern
  // character, so hostile patterns ("*a*a*a*a...") cannot make it exponential.
  std::vector<char> cur(p.size() + 1, 0), next(p.size() + 1, 0);
  auto close = [&](std::vector<char>& v) {  // wildcards may match nothing
    for (size_t i = 0; i < p.size(); ++i) {
      if (v[i] && (p[i] == '*' || p[i] == '%')) v[i + 1] = 1;
    }
  };
  cur[0] = 1;
  close(cur);
  for (char c : n) {
    std::fill(next.begin(), next.end(), 0);
    for (size_t i = 0; i < p.size(); ++i) {
      if (!cur[i]) continue;
      if (p[i] == '*' || (p[i] == '%' && c != kSeparator)) {
        next[i] = 1;
      } else if (p[i] == c) {
        next[i + 1] = 1;
      }
    }
    close(next);
    std::swap(cur, next);
  }
  return cur[p.size()] != 0;
}

std::vector<std::string> Ancestors(std::string_view name) {
  std::vector<std::string> out;
  for (size_t i = name.find(kSeparator); i != std::string_view::npos;
       i = name.find(kSeparator, i + 1)) {
    out.emplace_back(name.substr(0, i));
  }
  return out;
}

struct Node {
  bool exists = false;
  bool has_children = false;
  bool subscribed = false;
  bool child_subscribed = false;
  bool unlisted_child_subscribed = false;  // a subscribed descendant the patterns miss
  std::string special_use;
};

}  // namespace

bool MatchesPattern(std::string_view pattern, std::string_view name) {
  return Match(FoldInbox(pattern), name);
}

std::string CanonicalPattern(std::string_view reference, std::string_view pattern) {
  if (!pattern.empty() && pattern.front() == kSeparator) return std::string(pattern);
  return std::string(reference) + std::string(pattern);
}

std::vector<ListEntry> ListMailboxes(const ListRequest& request,
                                     const std::vector<store::Mailbox>& mailboxes,
                                     const std::vector<std::string>& subscriptions) {
  std::map<std::string, Node> nodes;
  for (const auto& m : mailboxes) {
    auto& node = nodes[m.name];
    node.exists = true;
    node.special_use = m.special_use;
    for (auto& a : Ancestors(m.name)) nodes[a].has_children = true;
  }
  const bool by_subscription = request.lsub || request.subscribed_only;
  auto matches = [&](const std::string& name) {
    return std::any_of(request.patterns.begin(), request.patterns.end(),
                       [&](const std::string& p) { return MatchesPattern(p, name); });
  };
  for (const auto& s : subscriptions) {
    nodes[s].subscribed = true;
    const bool listed_itself = matches(s);
    for (auto& a : Ancestors(s)) {
      nodes[a].child_subscribed = true;
      // RFC 5258 3.5: CHILDINFO is for children the client would not see otherwise.
      if (!listed_itself) nodes[a].unlisted_child_subscribed = true;
    }
  }
  // RFC 3501 6.3.8: "If the '%' wildcard is the last character of a mailbox name
  // argument, matching levels of hierarchy are also returned", as \Noselect when they are
  // not mailboxes (or, for LSUB, not subscribed).
  auto matches_as_level = [&](const std::string& name) {
    return std::any_of(request.patterns.begin(), request.patterns.end(), [&](const std::string& p) {
      return !p.empty() && p.back() == '%' && MatchesPattern(p, name);
    });
  };

  std::vector<ListEntry> out;
  for (const auto& [name, node] : nodes) {
    if (!matches(name)) continue;
    const bool selected = by_subscription ? node.subscribed : node.exists;
    if (!selected) {
      const bool parent = by_subscription ? node.child_subscribed : node.has_children;
      if (!parent) continue;
      // RFC 5258 3.5: with the SUBSCRIBED selection only RECURSIVEMATCH lists parents (with
      // CHILDINFO); plain LIST and LSUB list "%" levels.
      const bool listed = request.subscribed_only
                              ? request.recursive_match && node.unlisted_child_subscribed
                              : matches_as_level(name);
      if (!listed) continue;
    }
    if (request.special_use_only && node.special_use.empty()) continue;
    ListEntry e;
    e.name = name;
    e.exists = node.exists;
    if (request.lsub ? !selected : !node.exists) {
      // RFC 5258 3 (LIST-EXTENDED, part of IMAP4rev2): \NonExistent, which implies
      // \Noselect; IMAP4rev1's plain LIST and LSUB know only \Noselect.
      e.attributes.push_back((request.rev2 || request.extended || request.subscribed_only) && !request.lsub ? "\\NonExistent"
                                                                               : "\\Noselect");
    }
    if (!request.lsub) {
      e.attributes.push_back(node.has_children ? "\\HasChildren" : "\\HasNoChildren");
    }
    if ((request.return_subscribed || request.subscribed_only) && node.subscribed) {
      e.attributes.push_back("\\Subscribed");
    }
    if (request.return_special_use && !node.special_use.empty() && node.exists) {
      e.attributes.push_back(node.special_use);
    }
    e.child_subscribed = request.recursive_match && node.unlisted_child_subscribed;
    out.push_back(std::move(e));
  }
  // INBOX first, as clients expect; the map keeps the others in name order.
  std::stable_partition(out.begin(), out.end(), [](const ListEntry& e) { return e.name == "INBOX"; });
  return out;
}

}  // namespace tern::imap::session
