#pragma once
// One IMAP session: the state machine of RFC 9051 section 3 (not authenticated ->
// authenticated -> selected -> logout). The read loop, dispatch and untagged updates
// live in session.cc; the commands by group in cmd_*.cc. Used by one coroutine, on one
// I/O thread; blocking work goes to the context's pool.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/sasl/factory.h"
#include "delivery/message_ingest.h"
#include "imap/grammar/command.h"
#include "imap/grammar/reader.h"
#include "imap/response/strings.h"
#include "imap/search/matcher.h"
#include "imap/search/number_set.h"
#include "imap/session/imap_service.h"
#include "imap/session/mailbox_view.h"
#include "imap/session/notify_watch.h"
#include "imap/session/progress.h"
#include "mail/envelope.h"
#include "net/connection.h"
#include "store/change_feed.h"

namespace tern::imap::session {

// APPEND message data streamed into blobs while a command is read, by stream handle.
using StreamedBodies = std::map<uint64_t, Result<delivery::IngestedMessage>>;

class Session {
 public:
  Session(boost::asio::ip::tcp::socket socket, std::shared_ptr<const ImapSettings> settings,
          ImapContext& context);
  boost::asio::awaitable<void> Run(bool implicit_tls);

 private:
  enum class State { kNotAuthenticated, kAuthenticated, kSelected, kLogout };

  // What wakes a session when its selected mailbox changes: the change feed's listener
  // sets `changed` and cancels `wake` on the session's own thread. Shared with the
  // listener, which may outlive a selection.
  struct ChangeSignal {
    explicit ChangeSignal(const boost::asio::any_io_executor& ex) : wake(ex) {}
    std::atomic<bool> changed{false};
    boost::asio::steady_timer wake;
  };

  // --- the read loop (session.cc) ---
  // Reads until the next complete command, handling literals; nullopt when the session
  // must end (the connection closed or a reply could not be sent).
  boost::asio::awaitable<std::optional<grammar::RawCommand>> NextCommand();
  // One raw line (AUTHENTICATE responses, IDLE's DONE); nullopt when the session ends.
  boost::asio::awaitable<std::optional<grammar::RawCommand>> NextLine();
  // Streams an APPEND literal into a new blob, with the "+" continuation if needed.
  boost::asio::awaitable<bool> StreamAppendLiteral(const grammar::LiteralRequest& literal);
  // Each returns false when the session must end.
  boost::asio::awaitable<bool> Execute(const grammar::Command& command);
  boost::asio::awaitable<bool> Dispatch(const std::string& tag, const grammar::CommandBody& body);
  void Rejected(const grammar::Rejection& rejection);
  bool AllowedInState(const grammar::CommandBody& body) const;
  grammar::ParseContext ParseContext() const;

  // --- replies ---
  void Reply(std::string_view line);  // a complete line, CRLF included
  void Untagged(std::string_view text) { Reply(fmt_line("* ", text)); }
  // The command's final reply; held until CommitTagged, after any untagged updates.
  void Tagged(const std::string& tag, std::string_view status, std::string_view text);
  void CommitTagged();
  void TaggedOk(const std::string& tag, std::string_view text) { Tagged(tag, "OK", text); }
  void TaggedNo(const std::string& tag, std::string_view text) { Tagged(tag, "NO", text); }
  void Bad(const std::string& tag, std::string_view text);
  // Answers a failed store call: NO with a response code that fits the error.
  void StoreFailed(const std::string& tag, const Error& error, std::string_view what);
  boost::asio::awaitable<bool> Flush(bool force = false);
  // Sends what `progress` has due now that `done` items are done (RFC 9585 INPROGRESS),
  // at once: it is of no use in the output buffer. A failed write shows at the next one.
  boost::asio::awaitable<void> SendProgress(Progress& progress, uint64_t done);
  // A Progress for the command tagged `tag` working through `goal` items.
  Progress StartProgress(const std::string& tag, uint64_t goal) const;
  response::TextMode Mode() const {
    return rev2_ || utf8_accept_ ? response::TextMode::kUtf8 : response::TextMode::kAscii;
  }
  // A mailbox name as this connection writes it (modified UTF-7 for IMAP4rev1).
  void AppendMailboxName(std::string& out, std::string_view utf8_name) const;
  static std::string fmt_line(std::string_view prefix, std::string_view text);

  // --- not authenticated (cmd_auth.cc) ---
  std::string CapabilityList() const;
  bool PlaintextAllowed() const;
  auth::sasl::MechanismContext SaslContext() const;
  boost::asio::awaitable<bool> OnStartTls(const std::string& tag);
  boost::asio::awaitable<bool> OnLogin(const std::string& tag, const grammar::LoginCommand& c);
  boost::asio::awaitable<bool> OnAuthenticate(const std::string& tag,
                                              const grammar::AuthenticateCommand& c);
  // Sends one SASL challenge and reads the client's response: nullopt if the session must
  // end; an empty inner optional when the client cancelled or sent bad base64 (answered).
  boost::asio::awaitable<std::optional<std::optional<std::string>>> SaslExchange(
      const std::string& tag, std::string_view challenge);
  void LoginFailed(const std::string& tag, const Error& error);
  // With service.imap.loginreferral set, answers a failed login of an account unknown
  // here with NO [REFERRAL url] (RFC 2221) and returns true.
  boost::asio::awaitable<bool> Referred(const std::string& tag, const std::string& user,
                                        const Error& error);
  boost::asio::awaitable<bool> LoggedIn(const std::string& tag, store::Account account);
  void OnEnable(const std::string& tag, const grammar::EnableCommand& c);
  void OnId(const std::string& tag, const grammar::IdCommand& c);

  // --- authenticated (cmd_mailbox.cc) ---
  boost::asio::awaitable<bool> OnCreate(const std::string& tag, const grammar::CreateCommand& c);
  boost::asio::awaitable<bool> OnDelete(const std::string& tag, const grammar::DeleteCommand& c);
  boost::asio::awaitable<bool> OnRename(const std::string& tag, const grammar::RenameCommand& c);
  boost::asio::awaitable<bool> OnSubscribe(const std::string& tag,
                                           const grammar::SubscribeCommand& c);
  boost::asio::awaitable<bool> OnList(const std::string& tag, const grammar::ListCommand& c);
  boost::asio::awaitable<bool> OnStatus(const std::string& tag, const grammar::StatusCommand& c);
  // "* STATUS name (...)" for one mailbox.
  boost::asio::awaitable<void> WriteStatus(const store::Mailbox& mailbox,
                                           const std::vector<grammar::StatusItem>& items);

  // --- selecting (cmd_select.cc) ---
  boost::asio::awaitable<bool> OnSelect(const std::string& tag, const grammar::SelectCommand& c);
  // Leaves the selected state; with `expunge` (CLOSE) first removes \Deleted messages
  // silently.
  boost::asio::awaitable<void> Deselect(bool expunge);
  boost::asio::awaitable<bool> OnExpunge(const std::string& tag, const grammar::ExpungeCommand& c);
  boost::asio::awaitable<bool> OnIdle(const std::string& tag);
  // Brings the view up to date with the store and reports what changed as untagged
  // responses. `allow_expunge` is false while answering FETCH, STORE and SEARCH.
  boost::asio::awaitable<void> ReportChanges(bool allow_expunge, bool force = false);
  void WriteViewUpdate(const ViewUpdate& update);
  // "* n FETCH (FLAGS (...))" for one message of the view; with CONDSTORE enabled also
  // its UID and `modseq` (RFC 7162 3.2.4).
  void WriteFlags(uint32_t seq, bool with_uid, store::ModSeq modseq);
  // The start of an untagged FETCH response for message `seq`: "n FETCH (", or with
  // UIDONLY "uid UIDFETCH (" (RFC 9586 3.3).
  std::string FetchResponseStart(uint32_t seq) const;
  // Messages this session removed from the view: "* n EXPUNGE" each (`seqs` as
  // MailboxView::Remove returns them), or one "* VANISHED uids" once QRESYNC or UIDONLY
  // is enabled.
  void WriteExpunged(const std::vector<uint32_t>& seqs, const std::vector<store::Uid>& uids);

  // --- CONDSTORE and QRESYNC (RFC 7162; cmd_select.cc) ---
  // A CONDSTORE enabling command was given: FETCH responses carry MODSEQ (and UID) from
  // now on, and the first one while a mailbox is selected reports its HIGHESTMODSEQ.
  void EnableCondstore();
  // SELECT (QRESYNC ...) after the usual responses: VANISHED (EARLIER) and FETCH for what
  // changed since the client's state. False if the store failed (answered).
  boost::asio::awaitable<bool> Resynchronize(const std::string& tag,
                                             const grammar::QresyncParams& q);
  // "* VANISHED (EARLIER) ..." for the UIDs of `set` (UIDs, "*" the highest ever given)
  // expunged after `since`. False if the store failed (answered).
  boost::asio::awaitable<bool> WriteVanishedEarlier(const std::string& tag,
                                                    const grammar::SequenceSet& set,
                                                    store::ModSeq since, store::Uid above);
  // When the tombstones needed were pruned: the UIDs in [from, to] (and in `within`, or
  // else in the view) that the store no longer has.
  boost::asio::awaitable<Result<std::vector<store::Uid>>> MissingFromStore(
      store::Uid from, store::Uid to, const search::NumberSet* within);
  std::vector<std::string> FlagNames(uint32_t seq) const;

  // --- messages (cmd_append.cc, cmd_fetch.cc, cmd_store.cc, cmd_copy.cc, cmd_search.cc) ---
  boost::asio::awaitable<bool> OnAppend(const std::string& tag, const grammar::AppendCommand& c);
  boost::asio::awaitable<bool> OnFetch(const std::string& tag, const grammar::FetchCommand& c);
  boost::asio::awaitable<bool> OnStore(const std::string& tag, const grammar::StoreCommand& c);
  boost::asio::awaitable<bool> OnCopy(const std::string& tag, const grammar::CopyCommand& c);
  boost::asio::awaitable<bool> OnSearch(const std::string& tag, const grammar::SearchCommand& c);
  // The sequence numbers of the view's messages that match `key`, ascending (SEARCH, and
  // the searches of SORT and THREAD). On failure the tagged reply is written (BADCHARSET,
  // BAD, or the store's error named after `command`) and nullopt returned.
  // With `modseqs`, also each matching message's mod-sequence, in the same order.
  // Without `checked`, a search of ALL answers with the whole view, unread, where
  // messages expunged by another session meanwhile remain (SORT and THREAD read each
  // message anyway, and leave those out then).
  boost::asio::awaitable<std::optional<std::vector<uint32_t>>> MatchingMessages(
      const std::string& tag, const grammar::SearchKey& key,
      const std::optional<std::string>& charset, std::string_view command,
      std::vector<store::ModSeq>* modseqs = nullptr, bool checked = true);
  // Decides `batch` from the index's stored text where it can (Store::MatchStoredText),
  // loads what `matcher` needs of the rest, and returns the sequence numbers of those that
  // match; messages gone from the store meanwhile match nothing. Leaves in `batch` the
  // messages that were read.
  boost::asio::awaitable<Result<std::vector<uint32_t>>> MatchBatch(
      const search::Matcher& matcher, const search::MailboxFacts& facts,
      std::vector<search::Candidate>& batch);

  // --- the APPEND family (cmd_append.cc, cmd_replace.cc): MULTIAPPEND, CATENATE, REPLACE ---
  boost::asio::awaitable<bool> OnReplace(const std::string& tag,
                                         const grammar::ReplaceCommand& c);
  // The store request for one message of APPEND or REPLACE to `target`: flags, date and
  // body (streamed, buffered or catenated). On failure the tagged reply is written and
  // nullopt returned.
  boost::asio::awaitable<std::optional<store::AppendRequest>> PrepareAppend(
      const std::string& tag, const grammar::AppendMessage& m, const store::Mailbox& target,
      StreamedBodies& streamed);
  // A CATENATE message (RFC 4469): its TEXT parts and the octets of its URLs, which must
  // name messages or parts in this account's mailboxes, into one new body. On failure
  // the tagged reply is written (BADURL, TOOBIG, or the store's error) and nullopt
  // returned.
  boost::asio::awaitable<std::optional<delivery::IngestedMessage>> Catenate(
      const std::string& tag, const std::vector<grammar::CatenatePart>& parts,
      StreamedBodies& streamed);

  // --- QUOTA (RFC 9208; cmd_quota.cc) and COMPRESS (RFC 4978; cmd_compress.cc) ---
  // One quota root, "", holds all of the account's mailboxes.
  boost::asio::awaitable<bool> OnGetQuota(const std::string& tag,
                                          const grammar::GetQuotaCommand& c);
  boost::asio::awaitable<bool> OnGetQuotaRoot(const std::string& tag,
                                              const grammar::GetQuotaRootCommand& c);
  // Limits are the administrator's (tern user set); no IMAP account may change them.
  void OnSetQuota(const std::string& tag);
  // "* QUOTA "" (...)" with the account's usage as the store has it now. False if the
  // store failed (answered).
  boost::asio::awaitable<bool> WriteQuota(const std::string& tag);
  // STATUS DELETED-STORAGE: the octets an EXPUNGE of `mailbox` would free.
  boost::asio::awaitable<int64_t> DeletedStorage(const store::Mailbox& mailbox);
  // Answers OK uncompressed, then compresses both ways; false when the session must end.
  boost::asio::awaitable<bool> OnCompress(const std::string& tag);

  // --- SORT and THREAD (RFC 5256, RFC 5957, RFC 5267 ESORT; cmd_sort.cc) ---
  boost::asio::awaitable<bool> OnSort(const std::string& tag, const grammar::SortCommand& c);
  boost::asio::awaitable<bool> OnThread(const std::string& tag, const grammar::ThreadCommand& c);
  // What LoadSummaries reads of each message besides its UID, internal date and size.
  enum class SummaryNeeds { kNone, kSortKeys, kThreadKeys };
  struct SummarizedMessage {
    uint32_t seq = 0;
    store::SummaryRow row;  // row.summary set unless kNone
  };
  // The messages `seqs` (ascending sequence numbers of the view), in that order, with
  // their bodies' summaries: those the indexer has made from the store, in a few large
  // reads; the others computed on the worker pool from the cached structure (and, for
  // kThreadKeys, the References: field of the header read alone), as the indexer would
  // (imap/sort/summary.h). Messages gone from the store meanwhile are skipped. Fails
  // only if the store does.
  boost::asio::awaitable<Result<std::vector<SummarizedMessage>>> LoadSummaries(
      const std::vector<uint32_t>& seqs, SummaryNeeds needs);

  // --- METADATA, METADATA-SERVER (RFC 5464; cmd_metadata.cc) and UNAUTHENTICATE
  // (RFC 8437; cmd_auth.cc) ---
  boost::asio::awaitable<bool> OnGetMetadata(const std::string& tag,
                                             const grammar::GetMetadataCommand& c);
  boost::asio::awaitable<bool> OnSetMetadata(const std::string& tag,
                                             const grammar::SetMetadataCommand& c);
  // Back to not authenticated with nothing of the account left; false when the session
  // must end (compression cannot be undone, so the connection is closed with BYE).
  boost::asio::awaitable<bool> OnUnauthenticate(const std::string& tag);

  // --- NOTIFY (RFC 5465; cmd_notify.cc) ---
  boost::asio::awaitable<bool> OnNotify(const std::string& tag, const grammar::NotifyCommand& c);
  // Sends what the watch gathered: LIST for mailbox names and subscriptions, METADATA,
  // STATUS for watched mailboxes other than the selected one. `command`: the command
  // just completed, whose own account changes are not reported back; null between
  // commands and in IDLE. Ends NOTIFY with [NOTIFICATIONOVERFLOW] when it overflowed.
  boost::asio::awaitable<void> ReportNotifications(const grammar::CommandBody* command);
  // Between commands, with NOTIFY: sends notifications until the client sends something.
  // False when the session must end.
  boost::asio::awaitable<bool> AwaitCommand();
  enum class Woken { kInput, kNotification, kEnd };
  // Waits for input or a NOTIFY event (precondition: notify_); kEnd when the connection
  // ended (BYE sent for a timeout).
  boost::asio::awaitable<Woken> AwaitInputOrNotification();
  // MessageNew's fetch attributes (SELECTED) for the view's messages above `above`.
  boost::asio::awaitable<void> FetchNewMessages(store::Uid above);
  // Subscribes notify_'s inbox to the watched mailboxes, and to the selected one.
  void WatchMailboxes();
  void WatchSelected();
  void WriteNotifyStatus(std::string_view name, std::string_view items);
  void NotifyOverflow();

  // Resolves a command's set against the view; answers BAD and returns nullopt if invalid.
  std::optional<std::vector<uint32_t>> ResolveSet(const std::string& tag,
                                                  const grammar::SequenceSet& set, bool uid);

  net::Connection conn_;
  std::shared_ptr<const ImapSettings> settings_;
  ImapContext& ctx_;
  log::Logger log_;
  std::string out_;
  std::string tagged_;
  grammar::CommandReader reader_;
  State state_ = State::kNotAuthenticated;
  bool rev2_ = false;  // ENABLE IMAP4rev2 was given
  bool utf8_accept_ = false;  // ENABLE UTF8=ACCEPT was given (RFC 6855 3)
  bool condstore_ = false;  // a CONDSTORE enabling command was given (RFC 7162 3.1)
  bool qresync_ = false;    // ENABLE QRESYNC was given (RFC 7162 3.2.3)
  bool uid_only_ = false;   // ENABLE UIDONLY was given (RFC 9586 3.1)
  bool sent_modseq_ = false;  // the current command's responses carried a MODSEQ
  int bad_commands_ = 0;

  // APPEND literals streamed into blobs while the command is read, by stream handle.
  std::map<uint64_t, Result<delivery::IngestedMessage>> streamed_;
  uint64_t next_stream_handle_ = 1;

  // Authenticated.
  store::Account account_;

  // Selected.
  store::Mailbox mailbox_;
  bool read_only_ = false;
  MailboxView view_;
  std::vector<store::Uid> saved_search_;  // SEARCHRES "$"
  std::shared_ptr<ChangeSignal> signal_;
  store::ChangeFeed::Subscription subscription_;

  // NOTIFY SET in force (RFC 5465); null before NOTIFY and after NOTIFY NONE.
  std::unique_ptr<NotifyState> notify_;
};

}  // namespace tern::imap::session
