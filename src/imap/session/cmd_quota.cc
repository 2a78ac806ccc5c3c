// QUOTA (RFC 9208): GETQUOTA, GETQUOTAROOT, SETQUOTA and STATUS DELETED-STORAGE.
//
// Each account is one quota root, named "" as in RFC 9208 4.2.2's example, over all of
// its mailboxes, with two resources: STORAGE (RFC 9208 5.1, in units of 1024 octets)
// from the account's byte limit and MESSAGE (5.2) from its message limit. Both limits
// are set by the administrator (tern user set --quota, --quota-messages): there are no
// IMAP administrators, so SETQUOTA is refused and QUOTASET not advertised.
#include <fmt/format.h>

#include "imap/session/session.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kQuotaRoot = "";

// STORAGE counts started kilobytes, so that any use shows, and offers whole ones: a
// limit of 4000 octets is 3 (RFC 9208 3.2 lets the server round a limit).
int64_t UsedKilobytes(int64_t octets) { return (octets + 1023) / 1024; }
int64_t LimitKilobytes(int64_t octets) { return octets / 1024; }

}  // namespace

asio::awaitable<bool> Session::WriteQuota(const std::string& tag) {
  // The login's copy of the account is stale: other sessions and deliveries add mail.
  auto account = co_await ctx_.store.GetAccount(account_.name);
  if (!account) {
    StoreFailed(tag, account.error(), "quota lookup");
    co_return false;
  }
  // RFC 9208 4.2.1: "Resources not named in the list are not limited in the quota root."
  std::string line = "QUOTA ";
  response::AppendAString(line, kQuotaRoot, Mode());
  line += " (";
  if (account->quota_bytes > 0) {
    line += fmt::format("STORAGE {} {}", UsedKilobytes(account->used_bytes),
                        LimitKilobytes(account->quota_bytes));
  }
  if (account->quota_messages > 0) {
    if (account->quota_bytes > 0) line += ' ';
    line += fmt::format("MESSAGE {} {}", account->used_messages, account->quota_messages);
  }
  line += ')';
  Untagged(line);
  co_return true;
}

asio::awaitable<bool> Session::OnGetQuota(const std::string& tag,
                                          const grammar::GetQuotaCommand& c) {
  // The awaited result goes to a local first: GCC 12 mislaid this coroutine's frame
  // (its reference parameter read from the resume index) with the co_await in the if
  // condition next to an early co_return.
  bool answered = false;
  if (c.root == kQuotaRoot) {
    answered = co_await WriteQuota(tag);
  } else {
    TaggedNo(tag, "[NONEXISTENT] No such quota root");
  }
  if (answered) TaggedOk(tag, "GETQUOTA completed");
  co_return true;
}

asio::awaitable<bool> Session::OnGetQuotaRoot(const std::string& tag,
                                              const grammar::GetQuotaRootCommand& c) {
  // RFC 9208 4.1.2: the mailbox need not exist; the answer is the root it would have.
  std::string line = "QUOTAROOT ";
  AppendMailboxName(line, c.mailbox);
  line += ' ';
  response::AppendAString(line, kQuotaRoot, Mode());
  Untagged(line);
  const bool answered = co_await WriteQuota(tag);
  if (answered) TaggedOk(tag, "GETQUOTAROOT completed");
  co_return true;
}

void Session::OnSetQuota(const std::string& tag) {
  TaggedNo(tag, "[NOPERM] Quotas are set by the administrator");
}

asio::awaitable<int64_t> Session::DeletedStorage(const store::Mailbox& mailbox) {
  // RFC 9208 4.1.4 allows the sum of the RFC822.SIZE of the \Deleted messages, which is
  // exactly what an EXPUNGE frees here (bodies shared with other messages aside). The
  // store counts \Deleted messages, so most mailboxes need no listing.
  if (mailbox.deleted == 0) co_return 0;
  auto messages = co_await ctx_.store.ListMessages(mailbox.id, 0);
  if (!messages) {
    log_.Problem("{} {}: DELETED-STORAGE of {}: {}", conn_.peer(), account_.name, mailbox.name,
                 messages.error().ToLogString());
    co_return 0;
  }
  int64_t octets = 0;
  for (const auto& m : *messages) {
    if ((m.flags & store::kFlagDeleted) != 0) octets += m.size;
  }
  co_return octets;
}

}  // namespace tern::imap::session
