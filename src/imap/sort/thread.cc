#include "imap/sort/thread.h"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <unordered_map>
#include <utility>


namespace tern::imap::sort {

ThreadMessage MakeThreadMessage(store::MessageSummary summary, int64_t internal_date,
                                uint32_t number, uint32_t seq) {
  ThreadMessage m;
  m.number = number;
  m.seq = seq;
  m.sent = summary.sent.value_or(internal_date);
  m.subject = std::move(summary.subject);
  m.reply_or_forward = summary.reply_or_forward;
  m.message_id = std::move(summary.message_id);
  m.references = std::move(summary.references);
  return m;
}

namespace {

// (sent date, sequence number): the order of siblings and of threads.
bool EarlierMessage(const ThreadMessage& a, const ThreadMessage& b) {
  return a.sent != b.sent ? a.sent < b.sent : a.seq < b.seq;
}

}  // namespace

ThreadForest ThreadOrderedSubject(const std::vector<ThreadMessage>& messages) {
  std::vector<uint32_t> order(messages.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const int c = messages[a].subject.compare(messages[b].subject);
    return c != 0 ? c < 0 : EarlierMessage(messages[a], messages[b]);
  });
  ThreadForest forest;
  forest.nodes.resize(messages.size());
  for (std::size_t i = 0; i < order.size();) {
    const uint32_t first = order[i];
    forest.roots.push_back(first);
    std::size_t j = i + 1;
    for (; j < order.size() && messages[order[j]].subject == messages[first].subject; ++j) {
      forest.nodes[first].children.push_back(order[j]);  // no grandchildren
    }
    i = j;
  }
  for (std::size_t i = 0; i < messages.size(); ++i) forest.nodes[i].number = messages[i].number;
  std::sort(forest.roots.begin(), forest.roots.end(),
            [&](uint32_t a, uint32_t b) { return EarlierMessage(messages[a], messages[b]); });
  return forest;
}

namespace {

constexpr int kNone = -1;

// The message-ID table and parent/child links of REFERENCES step (1).
class Linker {
 public:
  explicit Linker(const std::vector<ThreadMessage>& messages) : messages_(messages) {
    nodes_.reserve(messages.size() * 2);
  }

  struct Container {
    int msg = kNone;  // index into messages; kNone for a dummy
    int parent = kNone;
    std::vector<int> children;
  };

  void Add(int msg) {
    const ThreadMessage& m = messages_[msg];
    int self = kNone;
    if (!m.message_id.empty()) {
      auto it = by_id_.find(m.message_id);
      if (it == by_id_.end()) {
        self = New(msg);
        by_id_.emplace(m.message_id, self);
      } else if (nodes_[it->second].msg == kNone) {
        self = it->second;  // a dummy made by an earlier reference: now the message
        nodes_[self].msg = msg;
      }
    }
    // No Message ID, or a duplicate of an earlier message's: a unique one, which no
    // reference can name, so the node needs no table entry.
    if (self == kNone) self = New(msg);
    // (1.A) link the references in order, not changing a child that has a parent.
    int prev = kNone;
    for (const std::string& ref : m.references) {
      const int r = ForId(ref);
      if (prev != kNone && nodes_[r].parent == kNone && !WouldLoop(prev, r)) Link(prev, r);
      prev = r;
    }
    // (1.B) the last reference is the parent, replacing any parent found before.
    if (nodes_[self].parent != kNone) Unlink(self);
    if (prev != kNone && !WouldLoop(prev, self)) Link(prev, self);
  }

  std::vector<Container>& nodes() { return nodes_; }

 private:
  int New(int msg) {
    nodes_.push_back(Container{msg, kNone, {}});
    return static_cast<int>(nodes_.size() - 1);
  }
  int ForId(const std::string& id) {
    auto [it, added] = by_id_.emplace(id, kNone);
    if (added) it->second = New(kNone);  // "create a dummy message with this ID"
    return it->second;
  }
  // Whether making `parent` the parent of `child` closes a loop: `parent` is `child` or a
  // descendant of it. A child without children (the usual case) needs no walk.
  bool WouldLoop(int parent, int child) const {
    if (parent == child) return true;
    if (nodes_[child].children.empty()) return false;
    for (int p = nodes_[parent].parent; p != kNone; p = nodes_[p].parent) {
      if (p == child) return true;
    }
    return false;
  }
  void Link(int parent, int child) {
    nodes_[child].parent = parent;
    nodes_[parent].children.push_back(child);
  }
  void Unlink(int child) {
    auto& siblings = nodes_[nodes_[child].parent].children;
    siblings.erase(std::find(siblings.begin(), siblings.end(), child));
    nodes_[child].parent = kNone;
  }

  const std::vector<ThreadMessage>& messages_;
  std::vector<Container> nodes_;
  std::unordered_map<std::string_view, int> by_id_;  // views into messages_
};

}  // namespace

ThreadForest ThreadReferences(const std::vector<ThreadMessage>& messages) {
  Linker linker(messages);
  for (std::size_t i = 0; i < messages.size(); ++i) linker.Add(static_cast<int>(i));
  auto& nodes = linker.nodes();
  auto is_dummy = [&](int n) { return nodes[n].msg == kNone; };
  auto earlier = [&](int a, int b) { return EarlierMessage(messages[nodes[a].msg], messages[nodes[b].msg]); };

  // (2) the nodes without parents are the children of the root.
  std::vector<int> roots;
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    if (nodes[n].parent == kNone) roots.push_back(static_cast<int>(n));
  }

  // (3) prune dummies, children before parents (reverse pre-order): below the top a
  // dummy is replaced by its children; at the top only if it has exactly one.
  std::vector<int> preorder;
  std::vector<int> stack(roots.rbegin(), roots.rend());
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    preorder.push_back(n);
    for (int child : nodes[n].children) stack.push_back(child);
  }
  for (auto it = preorder.rbegin(); it != preorder.rend(); ++it) {
    std::vector<int> kept;
    for (int child : nodes[*it].children) {
      if (!is_dummy(child)) {
        kept.push_back(child);
        continue;
      }
      for (int grandchild : nodes[child].children) {
        nodes[grandchild].parent = *it;
        kept.push_back(grandchild);
      }
    }
    nodes[*it].children = std::move(kept);
  }
  std::vector<int> top;
  for (int r : roots) {
    if (!is_dummy(r)) {
      top.push_back(r);
    } else if (nodes[r].children.size() == 1) {
      const int only = nodes[r].children.front();
      nodes[only].parent = kNone;
      top.push_back(only);
    } else if (!nodes[r].children.empty()) {
      top.push_back(r);
    }
  }

  // Dummies are now only at the top, each with real children; a dummy sorts and is
  // named by its first child once its children are sorted.
  auto first_message = [&](int n) { return is_dummy(n) ? nodes[n].children.front() : n; };
  auto sort_top = [&]() {
    for (int n : top) {
      if (is_dummy(n)) std::sort(nodes[n].children.begin(), nodes[n].children.end(), earlier);
    }
    std::stable_sort(top.begin(), top.end(),
                     [&](int a, int b) { return earlier(first_message(a), first_message(b)); });
  };
  sort_top();  // (4)

  // (5) merge threads of one base subject.
  auto subject_of = [&](int n) -> const std::string& {
    return messages[nodes[first_message(n)].msg].subject;
  };
  auto is_reply = [&](int n) { return messages[nodes[n].msg].reply_or_forward; };
  std::unordered_map<std::string_view, int> table;
  for (int n : top) {  // (5.B)
    const std::string& subject = subject_of(n);
    if (subject.empty()) continue;
    auto [it, added] = table.emplace(subject, n);
    if (added) continue;
    const int held = it->second;
    if (!is_dummy(held) && (is_dummy(n) || (is_reply(held) && !is_reply(n)))) it->second = n;
  }
  std::unordered_map<int, std::size_t> position;  // of each top node in `top`
  for (std::size_t i = 0; i < top.size(); ++i) position[top[i]] = i;
  for (std::size_t i = 0; i < top.size(); ++i) {  // (5.C)
    const int n = top[i];
    if (n == kNone) continue;  // merged already
    const std::string& subject = subject_of(n);
    if (subject.empty()) continue;
    const int held = table.at(subject);
    if (held == n) continue;
    auto adopt = [&](int parent, int child) {
      nodes[child].parent = parent;
      nodes[parent].children.push_back(child);
    };
    if (is_dummy(held) && is_dummy(n)) {
      for (int child : nodes[n].children) adopt(held, child);
      nodes[n].children.clear();
    } else if (is_dummy(held) || (is_reply(n) && !is_reply(held))) {
      adopt(held, n);
    } else {
      nodes.push_back(Linker::Container{});
      const int dummy = static_cast<int>(nodes.size() - 1);
      adopt(dummy, held);
      adopt(dummy, n);
      top[position.at(held)] = dummy;
      position[dummy] = position.at(held);
      table[subject_of(dummy)] = dummy;
    }
    top[i] = kNone;
  }
  top.erase(std::remove(top.begin(), top.end(), kNone), top.end());

  // (6) every set of siblings by sent date; the top last, as its dummies sort by their
  // first child.
  for (auto& node : nodes) {
    std::sort(node.children.begin(), node.children.end(), earlier);
  }
  sort_top();

  ThreadForest forest;
  forest.nodes.resize(nodes.size());
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    forest.nodes[n].number = is_dummy(static_cast<int>(n)) ? 0 : messages[nodes[n].msg].number;
    forest.nodes[n].children.assign(nodes[n].children.begin(), nodes[n].children.end());
  }
  forest.roots.assign(top.begin(), top.end());
  return forest;
}

// thread-list     = "(" (thread-members / thread-nested) ")"
// thread-members  = nz-number *(SP nz-number) [SP thread-nested]
// thread-nested   = 2*thread-list
// A chain of only children is written as members; where a node has several children
// each starts a nested thread-list. A dummy contributes no number, only its nested
// lists ("((3)(5))"). Iterative: a frame is a node whose children are being written as
// thread-lists.
std::string FormatThreads(const ThreadForest& forest) {
  std::string out;
  struct Frame {
    uint32_t node;
    std::size_t next;
  };
  std::vector<Frame> stack;
  // Writes "(" and the members of `node`; returns with a frame pushed if nested lists
  // follow, else having closed the list.
  auto open = [&](uint32_t node) {
    out += '(';
    for (;;) {
      const auto& n = forest.nodes[node];
      if (n.number != 0) {
        if (out.back() != '(') out += ' ';
        out += std::to_string(n.number);
      }
      if (n.children.empty()) {
        out += ')';
        return;
      }
      if (n.children.size() == 1 && n.number != 0) {
        node = n.children.front();
        continue;
      }
      if (n.number != 0) out += ' ';
      stack.push_back({node, 0});
      return;
    }
  };
  for (uint32_t root : forest.roots) {
    open(root);
    while (!stack.empty()) {
      Frame& f = stack.back();
      const auto& children = forest.nodes[f.node].children;
      if (f.next < children.size()) {
        open(children[f.next++]);
      } else {
        stack.pop_back();
        out += ')';
      }
    }
  }
  return out;
}

}  // namespace tern::imap::sort
