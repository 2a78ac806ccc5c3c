#pragma once
// Typed IMAP commands (STYLE habit 2): what ParseCommand produces and the session's
// handlers consume. One struct per command of RFC 9051, RFC 3501 and the extensions Tern
// implements; the bigger ones (FETCH, SEARCH) have their own header. Mailbox names are
// UTF-8 (decoded from modified UTF-7 when needed, see mailbox_name.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "imap/grammar/cursor.h"
#include "imap/grammar/date_time.h"
#include "imap/grammar/fetch.h"
#include "imap/grammar/notify.h"
#include "imap/grammar/search.h"
#include "imap/grammar/sequence_set.h"

namespace tern::imap::grammar {

// Commands without arguments (RFC 9051 6.1, 6.3.10, 6.4; RFC 2177 IDLE; RFC 2342).
struct CapabilityCommand {
  bool operator==(const CapabilityCommand&) const = default;
};
struct NoopCommand {
  bool operator==(const NoopCommand&) const = default;
};
struct LogoutCommand {
  bool operator==(const LogoutCommand&) const = default;
};
struct StartTlsCommand {
  bool operator==(const StartTlsCommand&) const = default;
};
struct NamespaceCommand {
  bool operator==(const NamespaceCommand&) const = default;
};
struct IdleCommand {
  bool operator==(const IdleCommand&) const = default;
};
struct CheckCommand {
  bool operator==(const CheckCommand&) const = default;
};
struct CloseCommand {
  bool operator==(const CloseCommand&) const = default;
};
struct UnselectCommand {
  bool operator==(const UnselectCommand&) const = default;
};

// EXPUNGE, and UID EXPUNGE uid-set (RFC 4315 2.1, RFC 9051 6.4.9).
struct ExpungeCommand {
  std::optional<SequenceSet> uids;  // set for UID EXPUNGE
  bool operator==(const ExpungeCommand&) const = default;
};

// AUTHENTICATE auth-type [SP initial-resp]   (RFC 9051 6.2.2, RFC 4959 SASL-IR)
//   initial-resp = (base64 / "=")
struct AuthenticateCommand {
  std::string mechanism;                        // upper-cased
  std::optional<std::string> initial_response;  // base64 as sent; "=" becomes ""
  bool operator==(const AuthenticateCommand&) const = default;
};

// LOGIN userid SP password   (RFC 9051 6.2.3)
struct LoginCommand {
  std::string user;
  std::string password;
  bool operator==(const LoginCommand&) const = default;
};

// ENABLE 1*(SP capability)   (RFC 5161 3.1, RFC 9051 6.3.1)
struct EnableCommand {
  std::vector<std::string> capabilities;  // upper-cased
  bool operator==(const EnableCommand&) const = default;
};

// ID ("(" *(string SP nstring) ")" / nil)   (RFC 2971 3.1)
struct IdCommand {
  using Field = std::pair<std::string, std::optional<std::string>>;
  std::optional<std::vector<Field>> fields;  // nullopt for NIL
  bool operator==(const IdCommand&) const = default;
};

// SELECT (QRESYNC (uidvalidity modseq [known-uids] [seq-match-data]))   (RFC 7162 3.2.5)
//   known-uids     = sequence-set   ; UIDs, no "*"
//   seq-match-data = "(" known-sequence-set SP known-uid-set ")"
struct QresyncParams {
  std::uint32_t uid_validity = 0;
  std::uint64_t modseq = 0;
  std::optional<SequenceSet> known_uids;
  // Parallel lists of message numbers and the UIDs the client believes they have,
  // expanded and ascending; empty when absent.
  std::vector<std::uint32_t> match_seqs;
  std::vector<std::uint32_t> match_uids;
  bool operator==(const QresyncParams&) const = default;
};

// SELECT / EXAMINE mailbox [select-params]   (RFC 9051 6.3.2, 6.3.3; RFC 4466 2.7;
// RFC 7162 CONDSTORE and QRESYNC, the only select-params Tern knows: others are BAD)
struct SelectCommand {
  std::string mailbox;
  bool read_only = false;  // EXAMINE
  bool condstore = false;
  std::optional<QresyncParams> qresync;
  bool operator==(const SelectCommand&) const = default;
};

// CREATE mailbox [SP "(" "USE" SP "(" use-attr... ")" ")"]   (RFC 9051 6.3.4, RFC 6154 3)
struct CreateCommand {
  std::string mailbox;
  std::vector<std::string> special_use;  // "\Drafts" etc., canonical case
  bool operator==(const CreateCommand&) const = default;
};

struct DeleteCommand {  // RFC 9051 6.3.5
  std::string mailbox;
  bool operator==(const DeleteCommand&) const = default;
};

struct RenameCommand {  // RFC 9051 6.3.6
  std::string from;
  std::string to;
  bool operator==(const RenameCommand&) const = default;
};

struct SubscribeCommand {  // SUBSCRIBE and UNSUBSCRIBE, RFC 9051 6.3.7, 6.3.8
  std::string mailbox;
  bool unsubscribe = false;
  bool operator==(const SubscribeCommand&) const = default;
};

// STATUS items (RFC 9051 6.3.11 status-att; RECENT is IMAP4rev1 only).
// HIGHESTMODSEQ is RFC 7162 3.1.7, MAILBOXID RFC 8474 4.3.
enum class StatusItem {
  kMessages,
  kUidNext,
  kUidValidity,
  kUnseen,
  kDeleted,
  kSize,
  kRecent,
  kHighestModSeq,
  kMailboxId,
  kAppendLimit,  // RFC 7889 3.1
  kDeletedStorage,  // RFC 9208 4.1.4
};

struct StatusCommand {
  std::string mailbox;
  std::vector<StatusItem> items;  // at least one
  bool operator==(const StatusCommand&) const = default;
};

// LIST (RFC 9051 6.3.9, RFC 5258 extended LIST, RFC 6154, RFC 5819 STATUS) and LSUB
// (RFC 3501 6.3.9).
struct ListCommand {
  bool lsub = false;
  bool extended = false;  // selection options, several patterns or RETURN were used
  std::string reference;
  std::vector<std::string> patterns;  // at least one
  // list-select-opt: SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE (upper-cased)
  std::vector<std::string> selection;
  bool return_subscribed = false;
  bool return_children = false;
  bool return_special_use = false;
  std::optional<std::vector<StatusItem>> return_status;
  bool operator==(const ListCommand&) const = default;
};

// One part of a CATENATE message (RFC 4469 5): cat-part = text-literal / url.
struct CatenateText {  // "TEXT" SP literal
  LiteralData data;    // streamed or buffered like a message literal
  bool operator==(const CatenateText&) const = default;
};
struct CatenateUrl {  // "URL" SP astring, an IMAP URL (RFC 5092), checked by the session
  std::string url;
  bool operator==(const CatenateUrl&) const = default;
};
using CatenatePart = std::variant<CatenateText, CatenateUrl>;

// One message of APPEND (RFC 9051 6.3.12; RFC 3502 MULTIAPPEND gives 1*append-message;
// RFC 4469 CATENATE gives a list of parts instead of the literal).
struct AppendMessage {
  std::vector<std::string> flags;
  std::optional<DateTime> date;
  LiteralData data;  // literal or literal8; streamed or buffered (see reader.h)
  std::vector<CatenatePart> catenate;  // non-empty for CATENATE; `data` is then unused
  bool operator==(const AppendMessage&) const = default;
};

struct AppendCommand {
  std::string mailbox;
  std::vector<AppendMessage> messages;  // at least one
  bool operator==(const AppendCommand&) const = default;
};

// STORE set [SP "(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")"] SP
//       ["+" / "-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag))
// (RFC 9051 6.4.6; RFC 7162 3.1.3 store-modifier)
enum class StoreMode { kReplace, kAdd, kRemove };

struct StoreCommand {
  bool uid = false;
  SequenceSet set;
  StoreMode mode = StoreMode::kReplace;
  bool silent = false;
  std::vector<std::string> flags;
  std::optional<std::uint64_t> unchanged_since;
  bool operator==(const StoreCommand&) const = default;
};

// COPY / MOVE set SP mailbox   (RFC 9051 6.4.7, 6.4.8; RFC 6851)
struct CopyCommand {
  bool uid = false;
  bool move = false;
  SequenceSet set;
  std::string mailbox;
  bool operator==(const CopyCommand&) const = default;
};

// SORT / UID SORT and THREAD / UID THREAD (RFC 5256 3; RFC 5957 DISPLAYFROM/DISPLAYTO;
// RFC 5267 3 "SORT RETURN (...)", answered with ESEARCH):
//   sort           = ["UID" SP] "SORT" [search-return-opts] SP sort-criteria SP
//                    search-criteria
//   sort-criteria  = "(" sort-criterion *(SP sort-criterion) ")"
//   sort-criterion = ["REVERSE" SP] sort-key
//   thread         = ["UID" SP] "THREAD" SP thread-alg SP search-criteria
//   search-criteria = charset 1*(SP search-key)
enum class SortKey { kArrival, kCc, kDate, kFrom, kSize, kSubject, kTo, kDisplayFrom, kDisplayTo };

struct SortCriterion {
  SortKey key = SortKey::kArrival;
  bool reverse = false;
  bool operator==(const SortCriterion&) const = default;
};

struct SortCommand {
  bool uid = false;
  std::optional<std::vector<SearchReturn>> return_options;  // as in SearchCommand
  std::vector<SortCriterion> criteria;                      // at least one
  std::string charset;                                      // mandatory here, upper-cased
  SearchKey key;                                            // kAnd of the keys given
  bool operator==(const SortCommand&) const = default;
};

enum class ThreadAlgorithm { kOrderedSubject, kReferences };

struct ThreadCommand {
  bool uid = false;
  ThreadAlgorithm algorithm = ThreadAlgorithm::kOrderedSubject;
  std::string charset;  // upper-cased
  SearchKey key;
  bool operator==(const ThreadCommand&) const = default;
};

// REPLACE / UID REPLACE (RFC 8508 5):
//   replace = "REPLACE" SP seq-number SP mailbox append-message
// `message` is an APPEND message, CATENATE included (RFC 8508 4.2).
struct ReplaceCommand {
  bool uid = false;
  SequenceSet number;  // one seq-number: a number or "*"
  std::string mailbox;
  AppendMessage message;
  bool operator==(const ReplaceCommand&) const = default;
};

// METADATA (RFC 5464), implemented in metadata.cc with UNAUTHENTICATE (RFC 8437).
// Entry names are validated (ValidateMetadataEntry) and lower-cased: they are
// case-insensitive (RFC 5464 3.2). Mailbox "" names the server (METADATA-SERVER).
enum class MetadataDepth { kZero, kOne, kInfinity };

// GETMETADATA [SP "(" option *(SP option) ")"] SP mailbox SP entries   (RFC 5464 4.2)
struct GetMetadataCommand {
  std::string mailbox;
  std::vector<std::string> entries;  // at least one
  std::optional<std::uint32_t> max_size;  // MAXSIZE
  MetadataDepth depth = MetadataDepth::kZero;
  bool operator==(const GetMetadataCommand&) const = default;
};

// SETMETADATA SP mailbox SP "(" entry SP value *(SP entry SP value) ")"   (RFC 5464 4.3)
struct SetMetadataCommand {
  using Entry = std::pair<std::string, std::optional<std::string>>;  // value NIL: delete
  std::string mailbox;
  std::vector<Entry> entries;  // at least one, in the order given
  bool operator==(const SetMetadataCommand&) const = default;
};

struct UnauthenticateCommand {  // RFC 8437 3
  bool operator==(const UnauthenticateCommand&) const = default;
};

// QUOTA (RFC 9208 4.1, 7):
//   getquota          = "GETQUOTA" SP quota-root-name
//   getquotaroot      = "GETQUOTAROOT" SP mailbox
//   setquota          = "SETQUOTA" SP quota-root-name SP setquota-list
//   setquota-list     = "(" [setquota-resource *(SP setquota-resource)] ")"
//   setquota-resource = resource-name SP resource-limit   ; resource-limit = number64
//   quota-root-name   = astring
struct GetQuotaCommand {
  std::string root;
  bool operator==(const GetQuotaCommand&) const = default;
};
struct GetQuotaRootCommand {
  std::string mailbox;
  bool operator==(const GetQuotaRootCommand&) const = default;
};
struct QuotaLimit {
  std::string resource;  // upper-cased resource-name ("STORAGE", "MESSAGE", or another atom)
  std::uint64_t limit = 0;
  bool operator==(const QuotaLimit&) const = default;
};
struct SetQuotaCommand {
  std::string root;
  std::vector<QuotaLimit> limits;  // may be empty: no limits at all
  bool operator==(const SetQuotaCommand&) const = default;
};

// COMPRESS SP algorithm   (RFC 4978 3, 5; "DEFLATE" is the only algorithm)
struct CompressCommand {
  std::string algorithm;  // upper-cased
  bool operator==(const CompressCommand&) const = default;
};

using CommandBody =
    std::variant<CapabilityCommand, NoopCommand, LogoutCommand, StartTlsCommand,
                 AuthenticateCommand, LoginCommand, EnableCommand, IdCommand, SelectCommand,
                 CreateCommand, DeleteCommand, RenameCommand, SubscribeCommand, ListCommand,
                 NamespaceCommand, StatusCommand, AppendCommand, IdleCommand, CheckCommand,
                 CloseCommand, UnselectCommand, ExpungeCommand, SearchCommand, FetchCommand,
                 StoreCommand, CopyCommand, SortCommand, ThreadCommand, ReplaceCommand,
                 GetMetadataCommand, SetMetadataCommand, UnauthenticateCommand,
                 GetQuotaCommand, GetQuotaRootCommand, SetQuotaCommand, CompressCommand,
                 NotifyCommand>;

struct Command {
  std::string tag;
  CommandBody body;
  bool operator==(const Command&) const = default;
};

// The command's name as a client writes it in upper case ("UID FETCH", "EXAMINE",
// "LSUB"), for logs and statistics.
std::string_view CommandName(const CommandBody& body);

}  // namespace tern::imap::grammar
