#include "imap/grammar/parse_command.h"

#include <cctype>

#include "imap/grammar/command_parsers.h"
#include "imap/grammar/syntax.h"

namespace tern::imap::grammar {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Wraps a typed parser's result into CommandBody.
template <typename T>
Result<CommandBody> Body(Result<T> r) {
  if (!r) return Fail(std::move(r).error());
  return CommandBody(std::move(*r));
}

template <typename T>
Result<CommandBody> NoArgs(Cursor& c, std::string_view name) {
  TERN_TRY(ParseNoArguments(c, name));
  return CommandBody(T{});
}

// The commands that may follow "UID" (RFC 9051 9: uid = "UID" SP (copy / move / fetch /
// search / store / uid-expunge)).
Result<CommandBody> ParseUid(Cursor& c, std::string_view sub) {
  if (sub == "FETCH") return Body(ParseFetch(c, true));
  if (sub == "SEARCH") return Body(ParseSearch(c, true));
  if (sub == "STORE") return Body(ParseStore(c, true));
  if (sub == "COPY") return Body(ParseCopy(c, true, false));
  if (sub == "MOVE") return Body(ParseCopy(c, true, true));
  if (sub == "EXPUNGE") return Body(ParseExpunge(c, true));
  if (sub == "SORT") return Body(ParseSort(c, true));
  if (sub == "THREAD") return Body(ParseThread(c, true));
  if (sub == "REPLACE") return Body(ParseReplace(c, true));
  return Cursor::Bad("unknown UID command");
}

Result<CommandBody> Dispatch(Cursor& c, std::string_view name) {
  if (name == "CAPABILITY") return NoArgs<CapabilityCommand>(c, name);
  if (name == "NOOP") return NoArgs<NoopCommand>(c, name);
  if (name == "LOGOUT") return NoArgs<LogoutCommand>(c, name);
  if (name == "STARTTLS") return NoArgs<StartTlsCommand>(c, name);
  if (name == "NAMESPACE") return NoArgs<NamespaceCommand>(c, name);
  if (name == "IDLE") return NoArgs<IdleCommand>(c, name);
  if (name == "CHECK") return NoArgs<CheckCommand>(c, name);
  if (name == "CLOSE") return NoArgs<CloseCommand>(c, name);
  if (name == "UNSELECT") return NoArgs<UnselectCommand>(c, name);
  if (name == "EXPUNGE") return Body(ParseExpunge(c, false));
  if (name == "AUTHENTICATE") return Body(ParseAuthenticate(c));
  if (name == "LOGIN") return Body(ParseLogin(c));
  if (name == "ENABLE") return Body(ParseEnable(c));
  if (name == "ID") return Body(ParseId(c));
  if (name == "SELECT") return Body(ParseSelect(c, false));
  if (name == "EXAMINE") return Body(ParseSelect(c, true));
  if (name == "CREATE") return Body(ParseCreate(c));
  if (name == "DELETE") return Body(ParseDelete(c));
  if (name == "RENAME") return Body(ParseRename(c));
  if (name == "SUBSCRIBE") return Body(ParseSubscribe(c, false));
  if (name == "UNSUBSCRIBE") return Body(ParseSubscribe(c, true));
  if (name == "LIST") return Body(ParseList(c, false));
  if (name == "LSUB") return Body(ParseList(c, true));
  if (name == "STATUS") return Body(ParseStatus(c));
  if (name == "APPEND") return Body(ParseAppend(c));
  if (name == "SEARCH") return Body(ParseSearch(c, false));
  if (name == "FETCH") return Body(ParseFetch(c, false));
  if (name == "STORE") return Body(ParseStore(c, false));
  if (name == "COPY") return Body(ParseCopy(c, false, false));
  if (name == "MOVE") return Body(ParseCopy(c, false, true));
  if (name == "SORT") return Body(ParseSort(c, false));
  if (name == "THREAD") return Body(ParseThread(c, false));
  if (name == "REPLACE") return Body(ParseReplace(c, false));
  if (name == "GETMETADATA") return Body(ParseGetMetadata(c));
  if (name == "SETMETADATA") return Body(ParseSetMetadata(c));
  if (name == "UNAUTHENTICATE") return NoArgs<UnauthenticateCommand>(c, name);
  if (name == "GETQUOTA") return Body(ParseGetQuota(c));
  if (name == "GETQUOTAROOT") return Body(ParseGetQuotaRoot(c));
  if (name == "SETQUOTA") return Body(ParseSetQuota(c));
  if (name == "COMPRESS") return Body(ParseCompress(c));
  if (name == "NOTIFY") return Body(ParseNotify(c));
  return Cursor::Bad("unknown command");
}

}  // namespace

CommandResult ParseCommand(const RawCommand& raw, const ParseContext& context) {
  Cursor c(raw, context);
  Rejection rejection;
  auto reject = [&](Error e) {
    rejection.error = std::move(e);
    return tl::unexpected<Rejection>(std::move(rejection));
  };
  // tag = 1*<any ASTRING-CHAR except "+">
  const std::string_view tag = c.TakeWhile(IsTagChar);
  if (tag.empty()) return reject(Error(ErrorCode::kInvalidArgument, "invalid tag"));
  if (c.Peek() != ' ') {
    return reject(
        Error(ErrorCode::kInvalidArgument, c.AtEnd() ? "missing command" : "invalid tag"));
  }
  rejection.tag = std::string(tag);
  c.TryChar(' ');
  const std::string_view word = c.TakeWhile([](unsigned char ch) { return std::isalnum(ch); });
  if (word.empty() || IsAtomChar(static_cast<unsigned char>(c.Peek()))) {
    return reject(Error(ErrorCode::kInvalidArgument, "unknown command"));
  }
  std::string name = Upper(word);
  Result<CommandBody> body;
  if (name == "UID") {
    if (!c.TryChar(' ')) return reject(Error(ErrorCode::kInvalidArgument, "missing UID command"));
    const std::string_view sub = c.TakeWhile([](unsigned char ch) { return std::isalpha(ch); });
    name += " " + Upper(sub);
    if (IsAtomChar(static_cast<unsigned char>(c.Peek()))) {
      return reject(Error(ErrorCode::kInvalidArgument, "unknown UID command"));
    }
    body = ParseUid(c, Upper(sub));
  } else {
    body = Dispatch(c, name);
  }
  rejection.command = name;
  if (!body) return reject(std::move(body).error());
  return Command{std::string(tag), std::move(*body)};
}

bool IsIdleDone(const RawCommand& line) { return EqualsIgnoreCase(line.text, "DONE"); }

Result<std::optional<std::string>> ParseSaslContinuation(const RawCommand& line) {
  if (line.text == "*") return std::optional<std::string>();
  if (line.text.empty() || IsBase64Text(line.text)) {
    return std::optional<std::string>(line.text);
  }
  return Fail(ErrorCode::kInvalidArgument, "invalid base64 in SASL response");
}

namespace {

struct NameVisitor {
  std::string_view operator()(const CapabilityCommand&) const { return "CAPABILITY"; }
  std::string_view operator()(const NoopCommand&) const { return "NOOP"; }
  std::string_view operator()(const LogoutCommand&) const { return "LOGOUT"; }
  std::string_view operator()(const StartTlsCommand&) const { return "STARTTLS"; }
  std::string_view operator()(const AuthenticateCommand&) const { return "AUTHENTICATE"; }
  std::string_view operator()(const LoginCommand&) const { return "LOGIN"; }
  std::string_view operator()(const EnableCommand&) const { return "ENABLE"; }
  std::string_view operator()(const IdCommand&) const { return "ID"; }
  std::string_view operator()(const SelectCommand& c) const {
    return c.read_only ? "EXAMINE" : "SELECT";
  }
  std::string_view operator()(const CreateCommand&) const { return "CREATE"; }
  std::string_view operator()(const DeleteCommand&) const { return "DELETE"; }
  std::string_view operator()(const RenameCommand&) const { return "RENAME"; }
  std::string_view operator()(const SubscribeCommand& c) const {
    return c.unsubscribe ? "UNSUBSCRIBE" : "SUBSCRIBE";
  }
  std::string_view operator()(const ListCommand& c) const { return c.lsub ? "LSUB" : "LIST"; }
  std::string_view operator()(const NamespaceCommand&) const { return "NAMESPACE"; }
  std::string_view operator()(const StatusCommand&) const { return "STATUS"; }
  std::string_view operator()(const AppendCommand&) const { return "APPEND"; }
  std::string_view operator()(const IdleCommand&) const { return "IDLE"; }
  std::string_view operator()(const CheckCommand&) const { return "CHECK"; }
  std::string_view operator()(const CloseCommand&) const { return "CLOSE"; }
  std::string_view operator()(const UnselectCommand&) const { return "UNSELECT"; }
  std::string_view operator()(const ExpungeCommand& c) const {
    return c.uids ? "UID EXPUNGE" : "EXPUNGE";
  }
  std::string_view operator()(const SearchCommand& c) const {
    return c.uid ? "UID SEARCH" : "SEARCH";
  }
  std::string_view operator()(const FetchCommand& c) const { return c.uid ? "UID FETCH" : "FETCH"; }
  std::string_view operator()(const StoreCommand& c) const { return c.uid ? "UID STORE" : "STORE"; }
  std::string_view operator()(const CopyCommand& c) const {
    if (c.move) return c.uid ? "UID MOVE" : "MOVE";
    return c.uid ? "UID COPY" : "COPY";
  }
  std::string_view operator()(const SortCommand& c) const { return c.uid ? "UID SORT" : "SORT"; }
  std::string_view operator()(const ThreadCommand& c) const {
    return c.uid ? "UID THREAD" : "THREAD";
  }
  std::string_view operator()(const ReplaceCommand& c) const {
    return c.uid ? "UID REPLACE" : "REPLACE";
  }
  std::string_view operator()(const GetMetadataCommand&) const { return "GETMETADATA"; }
  std::string_view operator()(const SetMetadataCommand&) const { return "SETMETADATA"; }
  std::string_view operator()(const UnauthenticateCommand&) const { return "UNAUTHENTICATE"; }
  std::string_view operator()(const GetQuotaCommand&) const { return "GETQUOTA"; }
  std::string_view operator()(const GetQuotaRootCommand&) const { return "GETQUOTAROOT"; }
  std::string_view operator()(const SetQuotaCommand&) const { return "SETQUOTA"; }
  std::string_view operator()(const CompressCommand&) const { return "COMPRESS"; }
  std::string_view operator()(const NotifyCommand&) const { return "NOTIFY"; }
};

}  // namespace

std::string_view CommandName(const CommandBody& body) { return std::visit(NameVisitor{}, body); }

}  // namespace tern::imap::grammar
