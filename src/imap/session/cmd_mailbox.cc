// Mailboxes of the account: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB,
// STATUS (RFC 9051 6.3.4-6.3.11, RFC 5258, RFC 5819, RFC 6154).
#include <fmt/format.h>

#include <algorithm>

#include "imap/grammar/mailbox_name.h"
#include "imap/session/mailbox_list.h"
#include "imap/session/session.h"
#include "store/object_id.h"
#include "store/normalize.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

bool IsInboxName(std::string_view name) { return name == store::kInbox; }

// The RFC 6154 2 uses of a mailbox that holds its own messages (as the grammar
// canonicalises their case).
bool IsAssignableSpecialUse(std::string_view use) {
  return use == "\\Archive" || use == "\\Drafts" || use == "\\Junk" || use == "\\Sent" ||
         use == "\\Trash";
}

}  // namespace

asio::awaitable<bool> Session::OnCreate(const std::string& tag, const grammar::CreateCommand& c) {
  std::string name = c.mailbox;
  // RFC 9051 6.3.4: a trailing separator says the client means to create children; the
  // name created is without it.
  while (!name.empty() && name.back() == kSeparator) name.pop_back();
  if (IsInboxName(name)) {
    TaggedNo(tag, "[ALREADYEXISTS] INBOX always exists");
    co_return true;
  }
  if (auto s = grammar::ValidateMailboxName(name, kSeparator); !s) {
    TaggedNo(tag, fmt::format("[CANNOT] {}", s.error().public_text));
    co_return true;
  }
  if (c.special_use.size() > 1) {
    TaggedNo(tag, "[USEATTR] Only one special-use attribute per mailbox");
    co_return true;
  }
  // RFC 6154 3: a use the server cannot give is refused, and the mailbox not created.
  // \All and \Flagged describe virtual mailboxes, which a folder of its own is not.
  if (!c.special_use.empty() && !IsAssignableSpecialUse(c.special_use.front())) {
    TaggedNo(tag, fmt::format("[USEATTR] {} cannot be given to a mailbox here",
                              c.special_use.front()));
    co_return true;
  }
  // RFC 9051 6.3.4: superior names are created as needed.
  for (size_t i = name.find(kSeparator); i != std::string::npos; i = name.find(kSeparator, i + 1)) {
    auto parent = co_await ctx_.store.CreateMailbox(account_.id, name.substr(0, i), "");
    if (!parent && parent.error().code != ErrorCode::kAlreadyExists) {
      StoreFailed(tag, parent.error(), "CREATE");
      co_return true;
    }
  }
  // Named, not a conditional in the co_await: GCC 12 mishandles such temporaries.
  std::string special_use = c.special_use.empty() ? std::string() : c.special_use.front();
  auto created = co_await ctx_.store.CreateMailbox(account_.id, name, std::move(special_use));
  if (!created) {
    StoreFailed(tag, created.error(), "CREATE");
    co_return true;
  }
  // RFC 8474 4.1: the new mailbox's MAILBOXID.
  TaggedOk(tag, fmt::format("[MAILBOXID ({})] CREATE completed", store::MailboxObjectId(*created)));
  co_return true;
}

asio::awaitable<bool> Session::OnDelete(const std::string& tag, const grammar::DeleteCommand& c) {
  if (IsInboxName(c.mailbox)) {
    TaggedNo(tag, "[CANNOT] INBOX cannot be deleted");
    co_return true;
  }
  if (state_ == State::kSelected && mailbox_.name == c.mailbox) co_await Deselect(false);
  auto deleted = co_await ctx_.store.DeleteMailbox(account_.id, c.mailbox);
  if (!deleted) {
    StoreFailed(tag, deleted.error(), "DELETE");
    co_return true;
  }
  // RFC 9051 6.3.5: the subscription is not removed by the delete; Tern follows Dovecot
  // in leaving it for the client to manage.
  TaggedOk(tag, "DELETE completed");
  co_return true;
}

asio::awaitable<bool> Session::OnRename(const std::string& tag, const grammar::RenameCommand& c) {
  std::string to = c.to;
  while (!to.empty() && to.back() == kSeparator) to.pop_back();
  if (auto s = grammar::ValidateMailboxName(to, kSeparator); !s) {
    TaggedNo(tag, fmt::format("[CANNOT] {}", s.error().public_text));
    co_return true;
  }
  for (size_t i = to.find(kSeparator); i != std::string::npos; i = to.find(kSeparator, i + 1)) {
    auto parent = co_await ctx_.store.CreateMailbox(account_.id, to.substr(0, i), "");
    if (!parent && parent.error().code != ErrorCode::kAlreadyExists) {
      StoreFailed(tag, parent.error(), "RENAME");
      co_return true;
    }
  }
  auto renamed = co_await ctx_.store.RenameMailbox(account_.id, c.from, to);
  if (!renamed) {
    StoreFailed(tag, renamed.error(), "RENAME");
    co_return true;
  }
  if (state_ == State::kSelected && mailbox_.name == c.from && !IsInboxName(c.from)) {
    mailbox_.name = to;
  }
  TaggedOk(tag, "RENAME completed");
  co_return true;
}

asio::awaitable<bool> Session::OnSubscribe(const std::string& tag,
                                           const grammar::SubscribeCommand& c) {
  if (!c.unsubscribe) {
    // RFC 9051 6.3.7 lets a server refuse to subscribe a mailbox that does not exist.
    auto box = co_await ctx_.store.GetMailbox(account_.id, c.mailbox);
    if (!box) {
      StoreFailed(tag, box.error(), "SUBSCRIBE");
      co_return true;
    }
  }
  auto s = co_await ctx_.store.SetSubscribed(account_.id, c.mailbox, !c.unsubscribe);
  if (!s) {
    StoreFailed(tag, s.error(), c.unsubscribe ? "UNSUBSCRIBE" : "SUBSCRIBE");
    co_return true;
  }
  TaggedOk(tag, c.unsubscribe ? "UNSUBSCRIBE completed" : "SUBSCRIBE completed");
  co_return true;
}

asio::awaitable<bool> Session::OnList(const std::string& tag, const grammar::ListCommand& c) {
  const char* verb = c.lsub ? "LSUB" : "LIST";
  // RFC 9051 6.3.9: an empty pattern asks for the hierarchy delimiter.
  if (c.patterns.size() == 1 && c.patterns.front().empty() && !c.extended) {
    Untagged(fmt::format("{} (\\Noselect) \"{}\" \"\"", verb, kSeparator));
    TaggedOk(tag, fmt::format("{} completed", verb));
    co_return true;
  }
  ListRequest request;
  request.lsub = c.lsub;
  request.rev2 = rev2_;
  request.extended = c.extended;
  for (const auto& p : c.patterns) request.patterns.push_back(CanonicalPattern(c.reference, p));
  for (const auto& opt : c.selection) {
    if (opt == "SUBSCRIBED") request.subscribed_only = true;
    if (opt == "SPECIAL-USE") request.special_use_only = true;
    if (opt == "RECURSIVEMATCH") request.recursive_match = true;
  }
  if (request.recursive_match && !request.subscribed_only) {
    // RFC 5258 3: RECURSIVEMATCH needs another selection option that it modifies.
    Bad(tag, "RECURSIVEMATCH needs SUBSCRIBED");
    co_return true;
  }
  request.return_subscribed = c.return_subscribed;
  // RFC 6154 2: with LIST-EXTENDED, special-use attributes appear only when asked for
  // (RETURN (SPECIAL-USE) or the SPECIAL-USE selection); a plain LIST always has them.
  request.return_special_use =
      !c.extended || c.return_special_use || request.special_use_only;

  auto mailboxes = co_await ctx_.store.ListMailboxes(account_.id);
  if (!mailboxes) {
    StoreFailed(tag, mailboxes.error(), verb);
    co_return true;
  }
  std::vector<std::string> subscriptions;
  if (c.lsub || request.subscribed_only || c.return_subscribed) {
    auto subs = co_await ctx_.store.ListSubscriptions(account_.id);
    if (!subs) {
      StoreFailed(tag, subs.error(), verb);
      co_return true;
    }
    subscriptions = std::move(*subs);
  }
  for (const auto& entry : ListMailboxes(request, *mailboxes, subscriptions)) {
    std::string line = fmt::format("{} (", verb);
    for (size_t i = 0; i < entry.attributes.size(); ++i) {
      if (i > 0) line += ' ';
      line += entry.attributes[i];
    }
    line += fmt::format(") \"{}\" ", kSeparator);
    AppendMailboxName(line, entry.name);
    if (entry.child_subscribed) line += " (\"CHILDINFO\" (\"SUBSCRIBED\"))";
    Untagged(line);
    if (c.return_status && entry.exists) {
      auto it = std::find_if(mailboxes->begin(), mailboxes->end(),
                             [&](const store::Mailbox& m) { return m.name == entry.name; });
      // RFC 5819 2: a mailbox whose status cannot be read is listed without it.
      if (it != mailboxes->end()) co_await WriteStatus(*it, *c.return_status);
    }
  }
  TaggedOk(tag, fmt::format("{} completed", verb));
  co_return true;
}

asio::awaitable<void> Session::WriteStatus(const store::Mailbox& mailbox,
                                           const std::vector<grammar::StatusItem>& items) {
  std::string line = "STATUS ";
  AppendMailboxName(line, mailbox.name);
  line += " (";
  bool first = true;
  for (auto item : items) {
    if (!first) line += ' ';
    first = false;
    switch (item) {
      case grammar::StatusItem::kMessages:
        line += fmt::format("MESSAGES {}", mailbox.messages);
        break;
      case grammar::StatusItem::kUidNext:
        line += fmt::format("UIDNEXT {}", mailbox.uid_next);
        break;
      case grammar::StatusItem::kUidValidity:
        line += fmt::format("UIDVALIDITY {}", mailbox.uid_validity);
        break;
      case grammar::StatusItem::kUnseen:
        line += fmt::format("UNSEEN {}", mailbox.unseen);
        break;
      case grammar::StatusItem::kDeleted:
        line += fmt::format("DELETED {}", mailbox.deleted);
        break;
      case grammar::StatusItem::kSize:
        line += fmt::format("SIZE {}", mailbox.size);
        break;
      case grammar::StatusItem::kHighestModSeq:
        line += fmt::format("HIGHESTMODSEQ {}", mailbox.highest_modseq);
        break;
      case grammar::StatusItem::kMailboxId:
        line += fmt::format("MAILBOXID ({})", store::MailboxObjectId(mailbox));
        break;
      case grammar::StatusItem::kAppendLimit:
        // RFC 7889 3.1: the same limit for every mailbox, the one the capability gives.
        line += fmt::format("APPENDLIMIT {}", settings_->max_message_size);
        break;
      case grammar::StatusItem::kDeletedStorage: {
        const int64_t octets = co_await DeletedStorage(mailbox);
        line += fmt::format("DELETED-STORAGE {}", octets);
        break;
      }
      case grammar::StatusItem::kRecent: {
        // Messages nobody has claimed as \Recent yet (see RecentClaims).
        const store::Uid first_unclaimed = ctx_.recent.FirstUnclaimed(mailbox.id, mailbox.uid_next);
        uint32_t recent = 0;
        if (first_unclaimed < mailbox.uid_next) {
          auto messages = co_await ctx_.store.ListMessages(mailbox.id, 0);
          if (messages) {
            recent = static_cast<uint32_t>(
                std::count_if(messages->begin(), messages->end(),
                              [&](const store::MessageMeta& m) { return m.uid >= first_unclaimed; }));
          }
        }
        line += fmt::format("RECENT {}", recent);
        break;
      }
    }
  }
  line += ")";
  Untagged(line);
}

asio::awaitable<bool> Session::OnStatus(const std::string& tag, const grammar::StatusCommand& c) {
  auto mailbox = co_await ctx_.store.GetMailbox(account_.id, c.mailbox);
  if (!mailbox) {
    StoreFailed(tag, mailbox.error(), "STATUS");
    co_return true;
  }
  // RFC 7162 3.1: STATUS (HIGHESTMODSEQ) is a CONDSTORE enabling command.
  if (std::find(c.items.begin(), c.items.end(), grammar::StatusItem::kHighestModSeq) != c.items.end()) {
    EnableCondstore();
  }
  co_await WriteStatus(*mailbox, c.items);
  TaggedOk(tag, "STATUS completed");
  co_return true;
}

}  // namespace tern::imap::session
