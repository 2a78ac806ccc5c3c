#pragma once
// Typed IMAP commands (STYLE habit 2): what ParseCommand produces and the session's
// handlers consume. One struct per command of RFC 9051, RFC 3501 and the extensions Tern
// implements; the bigger ones (FETCH, SEARCH) have their own header. Mailbox names are
// UTF-8 (decoded from modified UTF-7 when needed, see mailbox_name.h).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "imap/grammar/cursor.h"
#include "imap/grammar/date_time.h"
#include "imap/grammar/fetch.h"
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

// One RFC 4466 select-param / tagged extension: name and the raw text of its value.
struct ExtensionParam {
  std::string name;   // upper-cased tagged-ext-label
  std::string value;  // tagged-ext-val as sent, empty when absent
  bool operator==(const ExtensionParam&) const = default;
};

// SELECT / EXAMINE mailbox [select-params]   (RFC 9051 6.3.2, 6.3.3; RFC 4466 2.7)
struct SelectCommand {
  std::string mailbox;
  bool read_only = false;  // EXAMINE
  std::vector<ExtensionParam> params;
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
enum class StatusItem { kMessages, kUidNext, kUidValidity, kUnseen, kDeleted, kSize, kRecent };

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

// One message of APPEND (RFC 9051 6.3.12; RFC 3502 MULTIAPPEND gives 1*append-message).
struct AppendMessage {
  std::vector<std::string> flags;
  std::optional<DateTime> date;
  LiteralData data;  // literal or literal8; streamed or buffered (see reader.h)
  bool operator==(const AppendMessage&) const = default;
};

struct AppendCommand {
  std::string mailbox;
  std::vector<AppendMessage> messages;  // at least one
  bool operator==(const AppendCommand&) const = default;
};

// STORE set SP ["+" / "-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag))
// (RFC 9051 6.4.6)
enum class StoreMode { kReplace, kAdd, kRemove };

struct StoreCommand {
  bool uid = false;
  SequenceSet set;
  StoreMode mode = StoreMode::kReplace;
  bool silent = false;
  std::vector<std::string> flags;
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

using CommandBody =
    std::variant<CapabilityCommand, NoopCommand, LogoutCommand, StartTlsCommand,
                 AuthenticateCommand, LoginCommand, EnableCommand, IdCommand, SelectCommand,
                 CreateCommand, DeleteCommand, RenameCommand, SubscribeCommand, ListCommand,
                 NamespaceCommand, StatusCommand, AppendCommand, IdleCommand, CheckCommand,
                 CloseCommand, UnselectCommand, ExpungeCommand, SearchCommand, FetchCommand,
                 StoreCommand, CopyCommand>;

struct Command {
  std::string tag;
  CommandBody body;
  bool operator==(const Command&) const = default;
};

// The command's name as a client writes it in upper case ("UID FETCH", "EXAMINE",
// "LSUB"), for logs and statistics.
std::string_view CommandName(const CommandBody& body);

}  // namespace tern::imap::grammar
