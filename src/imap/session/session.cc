#include "imap/session/session.h"

#include <fmt/format.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/run_on_pool.h"
#include "base/version.h"
#include "imap/grammar/mutf7.h"
#include "imap/grammar/parse_command.h"
#include "imap/session/mailbox_list.h"
#include "imap/session/uid_only.h"

namespace tern::imap::session {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

// Reads are small so that an idle connection costs little (the connection's buffer
// grows to this); an APPEND literal is read in as many chunks as it takes.
constexpr size_t kReadChunk = 4096;
// Streamed APPEND data is handed to the pool in pieces of this size.
constexpr size_t kIngestPiece = 1 << 20;

template <typename T, typename... Ts>
constexpr bool kIsOneOf = (std::is_same_v<T, Ts> || ...);

}  // namespace

Session::Session(asio::ip::tcp::socket socket, std::shared_ptr<const ImapSettings> settings,
                 ImapContext& context)
    : conn_(std::move(socket), net::ConnectionLimits{.max_line = grammar::kMaxLineLength,
                                                     .idle_timeout = settings->idle_timeout,
                                                     .read_chunk = kReadChunk}),
      settings_(std::move(settings)),
      ctx_(context),
      log_(context.log) {
  reader_.SetContext(ParseContext());
}

grammar::ParseContext Session::ParseContext() const {
  grammar::ParseContext pc;
  pc.rev2 = rev2_;
  pc.utf8_accept = utf8_accept_;
  pc.literal_mode = grammar::LiteralMode::kPlus;
  pc.limits.max_append_literal_size = settings_->max_message_size;
  return pc;
}

std::string Session::fmt_line(std::string_view prefix, std::string_view text) {
  std::string line;
  line.reserve(prefix.size() + text.size() + 2);
  line += prefix;
  line += text;
  line += "\r\n";
  return line;
}

void Session::Reply(std::string_view line) {
  if (log_.Enabled(log::Level::kProtocol)) {  // no copy of every reply when not logging
    log_.Protocol("{} S: {}", conn_.peer(), line.substr(0, std::min<size_t>(line.size() - 2, 400)));
  }
  out_ += line;
}

void Session::Tagged(const std::string& tag, std::string_view status, std::string_view text) {
  tagged_ += fmt::format("{} {} {}\r\n", tag, status, text);
}

void Session::CommitTagged() {
  if (tagged_.empty()) return;
  Reply(tagged_);
  tagged_.clear();
}

void Session::Bad(const std::string& tag, std::string_view text) {
  ++bad_commands_;
  Tagged(tag.empty() ? "*" : tag, "BAD", text);
}

void Session::StoreFailed(const std::string& tag, const Error& error, std::string_view what) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      TaggedNo(tag, fmt::format("[NONEXISTENT] {}", error.public_text));
      break;
    case ErrorCode::kAlreadyExists:
      TaggedNo(tag, fmt::format("[ALREADYEXISTS] {}", error.public_text));
      break;
    case ErrorCode::kOverQuota:
      TaggedNo(tag, fmt::format("[OVERQUOTA] {}", error.public_text));
      break;
    case ErrorCode::kTooLarge:
      TaggedNo(tag, fmt::format("[TOOBIG] {}", error.public_text));
      break;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kPermissionDenied:
      TaggedNo(tag, fmt::format("[CANNOT] {}", error.public_text));
      break;
    default:
      log_.Problem("{} {}: {}: {}", conn_.peer(), account_.name, what, error.ToLogString());
      TaggedNo(tag, fmt::format("[SERVERBUG] {} failed, try again later", what));
  }
}

asio::awaitable<bool> Session::Flush(bool force) {
  if (out_.empty() || (!force && conn_.buffered() > 0)) co_return true;
  auto s = co_await conn_.Write(out_);
  out_.clear();
  if (out_.capacity() > 64 * 1024) out_.shrink_to_fit();  // after a big FETCH
  co_return s.has_value();
}

Progress Session::StartProgress(const std::string& tag, uint64_t goal) const {
  return Progress(tag, goal, settings_->progress_interval);
}

asio::awaitable<void> Session::SendProgress(Progress& progress, uint64_t done) {
  if (auto text = progress.Due(done)) {
    Untagged(*text);
    [[maybe_unused]] const bool sent = co_await Flush(true);
  }
}

void Session::AppendMailboxName(std::string& out, std::string_view utf8_name) const {
  if (Mode() == response::TextMode::kUtf8) {
    response::AppendAString(out, utf8_name, response::TextMode::kUtf8);
    return;
  }
  auto encoded = grammar::EncodeModifiedUtf7(utf8_name);
  response::AppendAString(out, encoded ? std::string_view(*encoded) : utf8_name,
                          response::TextMode::kAscii);
}

asio::awaitable<void> Session::Run(bool implicit_tls) {
  log_.Protocol("{} connected{}", conn_.peer(), implicit_tls ? " (IMAPS)" : "");
  if (implicit_tls) {
    if (!settings_->tls) co_return;
    if (auto s = co_await conn_.StartTls(settings_->tls); !s) {
      log_.Problem("{}: TLS handshake failed: {}", conn_.peer(), s.error().ToLogString());
      co_return;
    }
  }
  std::string text = !settings_->banner.empty() ? settings_->banner
                     : settings_->publish_version
                         ? fmt::format("Tern {} IMAP server ready", kVersion)
                         : std::string("IMAP server ready");
  // RFC 9051 7.1: the greeting may carry CAPABILITY, which spares clients a round trip.
  Untagged(fmt::format("OK [CAPABILITY {}] {}", CapabilityList(), text));
  if (!co_await Flush(true)) co_return;

  while (state_ != State::kLogout) {
    if (notify_ && !co_await AwaitCommand()) break;
    auto command = co_await NextCommand();
    if (!command) break;
    auto parsed = grammar::ParseCommand(*command, ParseContext());
    if (!parsed) {
      Rejected(parsed.error());
    } else if (!co_await Execute(*parsed)) {
      CommitTagged();
      break;
    }
    CommitTagged();
    if (bad_commands_ >= settings_->max_bad_commands) {
      Untagged("BYE Too many invalid commands");
      log_.Problem("{}: closed after {} bad commands", conn_.peer(), bad_commands_);
      break;
    }
    if (!co_await Flush()) co_return;
  }
  co_await Flush(true);
  if (state_ == State::kLogout) co_await conn_.CloseGracefully();
  log_.Protocol("{} disconnected", conn_.peer());
}

asio::awaitable<std::optional<grammar::RawCommand>> Session::NextCommand() {
  for (;;) {
    auto chunk = co_await conn_.ReadChunk();
    if (!chunk) {
      if (chunk.error().code == ErrorCode::kUnavailable) {
        Untagged("BYE Autologout; idle for too long");  // RFC 9051 5.4
        co_await Flush(true);
      } else if (chunk.error().code == ErrorCode::kInvalidArgument) {
        // Input that does not decompress (COMPRESS): what we send still does.
        Untagged("BYE Invalid compressed data");
        co_await Flush(true);
      }
      log_.Protocol("{} closed: {}", conn_.peer(), chunk.error().public_text);
      co_return std::nullopt;
    }
    auto r = reader_.Feed(*chunk);
    conn_.Consume(r.consumed);
    switch (r.status) {
      case grammar::FeedStatus::kNeedMore:
        // Replies to pipelined commands go out before waiting for more input.
        if (!co_await Flush(true)) co_return std::nullopt;
        break;
      case grammar::FeedStatus::kNeedLiteral:
        if (r.literal.append_message) {
          if (!co_await StreamAppendLiteral(r.literal)) co_return std::nullopt;
        } else {
          reader_.AcceptLiteral();
          if (r.literal.synchronizing) {
            Reply("+ Ready for literal data\r\n");
            if (!co_await Flush(true)) co_return std::nullopt;
          }
        }
        break;
      case grammar::FeedStatus::kCommand:
        co_return reader_.TakeCommand();
      case grammar::FeedStatus::kRejected:
        Rejected(r.rejection);
        CommitTagged();
        if (r.rejection.close_connection) {
          Untagged("BYE Literal too large, closing");
          co_await Flush(true);
          co_return std::nullopt;
        }
        if (!co_await Flush(true)) co_return std::nullopt;
        break;
    }
  }
}

asio::awaitable<std::optional<grammar::RawCommand>> Session::NextLine() {
  // The line answers what was just sent ("+" of AUTHENTICATE or IDLE).
  if (!co_await Flush(true)) co_return std::nullopt;
  reader_.ExpectLine();
  auto line = co_await NextCommand();
  co_return line;
}

asio::awaitable<bool> Session::StreamAppendLiteral(const grammar::LiteralRequest& literal) {
  const uint64_t handle = next_stream_handle_++;
  reader_.StreamLiteral(handle);
  if (literal.synchronizing) {
    Reply("+ Ready for literal data\r\n");
    if (!co_await Flush(true)) co_return false;
  }
  auto pool = ctx_.pool.get_executor();
  delivery::IngestOptions options{.max_size = static_cast<int64_t>(settings_->max_message_size)};
  auto ingest = co_await RunOnPool(pool, [&] { return delivery::MessageIngest::Begin(ctx_.store.blobs(), options); });
  Status status = ingest ? Ok() : Status(Fail(ingest.error()));
  std::string piece;
  uint64_t remaining = literal.size;
  while (remaining > 0) {
    auto chunk = co_await conn_.ReadChunk();
    if (!chunk) co_return false;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining, chunk->size()));
    if (status) piece.append(chunk->data(), n);
    conn_.Consume(n);
    remaining -= n;
    if (status && piece.size() >= kIngestPiece) {
      status = co_await RunOnPool(pool, [&] { return (*ingest)->Write(piece); });
      piece.clear();
    }
  }
  if (!status) {
    streamed_.emplace(handle, Fail(status.error()));
    co_return true;
  }
  streamed_.emplace(handle, co_await RunOnPool(pool, [&]() -> Result<delivery::IngestedMessage> {
                      TERN_TRY((*ingest)->Write(piece));
                      return (*ingest)->Finish();
                    }));
  co_return true;
}

void Session::Rejected(const grammar::Rejection& rejection) {
  const auto& e = rejection.error;
  // Message data already streamed for the refused command is dropped with it.
  streamed_.clear();
  const bool appends = rejection.command == "APPEND" || rejection.command == "REPLACE" ||
                       rejection.command == "UID REPLACE";
  if (e.code == ErrorCode::kTooLarge && appends && !rejection.tag.empty()) {
    // RFC 7888 5 and RFC 9051 7.1: a message too big for the server.
    ++bad_commands_;
    TaggedNo(rejection.tag, fmt::format("[TOOBIG] {}", e.public_text));
    return;
  }
  Bad(rejection.tag, e.code == ErrorCode::kTooLarge ? fmt::format("[TOOBIG] {}", e.public_text)
                                                    : e.public_text);
}

bool Session::AllowedInState(const grammar::CommandBody& body) const {
  using namespace grammar;
  return std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (kIsOneOf<T, CapabilityCommand, NoopCommand, LogoutCommand, IdCommand>) {
          return true;
        } else if constexpr (kIsOneOf<T, StartTlsCommand, LoginCommand, AuthenticateCommand>) {
          return state_ == State::kNotAuthenticated;
        } else if constexpr (kIsOneOf<T, CloseCommand, UnselectCommand, ExpungeCommand,
                                      SearchCommand, FetchCommand, StoreCommand, CopyCommand,
                                      CheckCommand, SortCommand, ThreadCommand>) {
          return state_ == State::kSelected;
        } else if constexpr (std::is_same_v<T, ReplaceCommand>) {
          return state_ == State::kSelected;  // RFC 8508 3.5
        } else {
          return state_ == State::kAuthenticated || state_ == State::kSelected;
        }
      },
      body);
}

asio::awaitable<bool> Session::Execute(const grammar::Command& command) {
  if (!AllowedInState(command.body)) {
    Bad(command.tag, state_ == State::kNotAuthenticated ? "Log in first"
                     : state_ == State::kSelected      ? "Command not valid in the selected state"
                     : state_ == State::kAuthenticated ? "Select a mailbox first"
                                                       : "Command not valid now");
    co_return true;
  }
  if (uid_only_ && UsesSequenceNumbers(command.body)) {
    Bad(command.tag, "[UIDREQUIRED] Message numbers are not allowed once UIDONLY is enabled");
    co_return true;
  }
  // The tagged reply is held back (Tagged) so that changes of other sessions can be
  // reported before it (RFC 9051 7.4).
  sent_modseq_ = false;
  if (!co_await Dispatch(command.tag, command.body)) co_return false;
  co_await ReportNotifications(&command.body);
  if (state_ != State::kSelected) co_return true;
  const bool allow_expunge = std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        using namespace grammar;
        if constexpr (kIsOneOf<T, FetchCommand, StoreCommand, SearchCommand, SortCommand,
                                ThreadCommand>) {
          return c.uid;  // RFC 9051 7.5.1: not during FETCH, STORE, SEARCH; UID forms may
                         // (RFC 5256 3: the same for SORT and THREAD)
        } else {
          return true;
        }
      },
      command.body);
  co_await ReportChanges(allow_expunge);
  // RFC 7162 3.2: MODSEQ values went out while expunges with lower ones wait; the
  // client must not take them as its new HIGHESTMODSEQ.
  if (sent_modseq_ && view_.ExpungeFloor()) {
    Untagged(fmt::format("OK [HIGHESTMODSEQ {}] Expunges are still to be reported",
                         *view_.ExpungeFloor()));
  }
  co_return true;
}

asio::awaitable<bool> Session::Dispatch(const std::string& tag, const grammar::CommandBody& body) {
  using namespace grammar;
  // A plain chain rather than std::visit with a coroutine lambda: GCC 12 does not keep
  // such a lambda's closure alive across the handler's suspensions.
  if (std::holds_alternative<CapabilityCommand>(body)) {
    Untagged(fmt::format("CAPABILITY {}", CapabilityList()));
    TaggedOk(tag, "CAPABILITY completed");
  } else if (std::holds_alternative<NoopCommand>(body) || std::holds_alternative<CheckCommand>(body)) {
    TaggedOk(tag, fmt::format("{} completed", CommandName(body)));
  } else if (std::holds_alternative<LogoutCommand>(body)) {
    Untagged("BYE Logging out");
    TaggedOk(tag, "LOGOUT completed");
    co_await Deselect(false);
    state_ = State::kLogout;
  } else if (std::holds_alternative<StartTlsCommand>(body)) {
    co_return co_await OnStartTls(tag);
  } else if (const auto* login = std::get_if<LoginCommand>(&body)) {
    co_return co_await OnLogin(tag, *login);
  } else if (const auto* authenticate = std::get_if<AuthenticateCommand>(&body)) {
    co_return co_await OnAuthenticate(tag, *authenticate);
  } else if (const auto* enable = std::get_if<EnableCommand>(&body)) {
    OnEnable(tag, *enable);
  } else if (const auto* id = std::get_if<IdCommand>(&body)) {
    OnId(tag, *id);
  } else if (std::holds_alternative<NamespaceCommand>(body)) {
    // RFC 2342: personal namespace only until shared folders come.
    Untagged(fmt::format("NAMESPACE ((\"\" \"{}\")) NIL NIL", kSeparator));
    TaggedOk(tag, "NAMESPACE completed");
  } else if (const auto* select = std::get_if<SelectCommand>(&body)) {
    co_return co_await OnSelect(tag, *select);
  } else if (const auto* create = std::get_if<CreateCommand>(&body)) {
    co_return co_await OnCreate(tag, *create);
  } else if (const auto* del = std::get_if<DeleteCommand>(&body)) {
    co_return co_await OnDelete(tag, *del);
  } else if (const auto* rename = std::get_if<RenameCommand>(&body)) {
    co_return co_await OnRename(tag, *rename);
  } else if (const auto* subscribe = std::get_if<SubscribeCommand>(&body)) {
    co_return co_await OnSubscribe(tag, *subscribe);
  } else if (const auto* list = std::get_if<ListCommand>(&body)) {
    co_return co_await OnList(tag, *list);
  } else if (const auto* status = std::get_if<StatusCommand>(&body)) {
    co_return co_await OnStatus(tag, *status);
  } else if (const auto* append = std::get_if<AppendCommand>(&body)) {
    co_return co_await OnAppend(tag, *append);
  } else if (std::holds_alternative<IdleCommand>(body)) {
    co_return co_await OnIdle(tag);
  } else if (std::holds_alternative<CloseCommand>(body)) {
    co_await Deselect(!read_only_);
    TaggedOk(tag, "CLOSE completed");
  } else if (std::holds_alternative<UnselectCommand>(body)) {
    co_await Deselect(false);
    TaggedOk(tag, "UNSELECT completed");
  } else if (const auto* expunge = std::get_if<ExpungeCommand>(&body)) {
    co_return co_await OnExpunge(tag, *expunge);
  } else if (const auto* search = std::get_if<SearchCommand>(&body)) {
    co_return co_await OnSearch(tag, *search);
  } else if (const auto* fetch = std::get_if<FetchCommand>(&body)) {
    co_return co_await OnFetch(tag, *fetch);
  } else if (const auto* store = std::get_if<StoreCommand>(&body)) {
    co_return co_await OnStore(tag, *store);
  } else if (const auto* copy = std::get_if<CopyCommand>(&body)) {
    co_return co_await OnCopy(tag, *copy);
  } else if (const auto* sort = std::get_if<SortCommand>(&body)) {
    co_return co_await OnSort(tag, *sort);
  } else if (const auto* thread = std::get_if<ThreadCommand>(&body)) {
    co_return co_await OnThread(tag, *thread);
  } else if (const auto* replace = std::get_if<ReplaceCommand>(&body)) {
    co_return co_await OnReplace(tag, *replace);
  } else if (const auto* getquota = std::get_if<GetQuotaCommand>(&body)) {
    co_return co_await OnGetQuota(tag, *getquota);
  } else if (const auto* quotaroot = std::get_if<GetQuotaRootCommand>(&body)) {
    co_return co_await OnGetQuotaRoot(tag, *quotaroot);
  } else if (std::holds_alternative<SetQuotaCommand>(body)) {
    OnSetQuota(tag);
  } else if (std::holds_alternative<CompressCommand>(body)) {
    co_return co_await OnCompress(tag);
  } else if (const auto* get = std::get_if<GetMetadataCommand>(&body)) {
    co_return co_await OnGetMetadata(tag, *get);
  } else if (const auto* set = std::get_if<SetMetadataCommand>(&body)) {
    co_return co_await OnSetMetadata(tag, *set);
  } else if (std::holds_alternative<UnauthenticateCommand>(body)) {
    co_return co_await OnUnauthenticate(tag);
  } else if (const auto* notify = std::get_if<NotifyCommand>(&body)) {
    co_return co_await OnNotify(tag, *notify);
  }
  co_return true;
}

asio::awaitable<bool> Session::OnIdle(const std::string& tag) {
  Reply("+ idling\r\n");
  for (;;) {
    if (state_ == State::kSelected) co_await ReportChanges(true);
    co_await ReportNotifications(nullptr);
    if (!co_await Flush(true)) co_return false;
    if (conn_.buffered() > 0) break;
    if (notify_) {
      // RFC 5465 4: IDLE sends exactly what NOTIFY asked for.
      const Woken woken = co_await AwaitInputOrNotification();
      if (woken == Woken::kEnd) co_return false;
      if (woken == Woken::kInput) break;
      continue;
    }
    if (state_ != State::kSelected) {
      break;  // nothing to push: just wait for DONE
    }
    if (signal_->changed.load()) continue;
    signal_->wake.expires_at(asio::steady_timer::time_point::max());
    // Whichever comes first: input from the client, or a change of the mailbox (the
    // read is then cancelled; nothing it had read is lost, it stays buffered).
    auto which = co_await (conn_.ReadChunk() ||
                           signal_->wake.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (which.index() == 0) {
      if (!std::get<0>(which)) {
        if (std::get<0>(which).error().code == ErrorCode::kUnavailable) {
          Untagged("BYE Autologout; idle for too long");
          co_await Flush(true);
        }
        co_return false;
      }
      break;
    }
  }
  auto line = co_await NextLine();
  if (!line) co_return false;
  if (!grammar::IsIdleDone(*line)) {
    Bad(tag, "Expected DONE to end IDLE");
    co_return true;
  }
  TaggedOk(tag, "IDLE terminated");
  co_return true;
}

asio::awaitable<void> RunImapSession(asio::ip::tcp::socket socket,
                                     std::shared_ptr<const ImapSettings> settings,
                                     ImapContext& context, bool implicit_tls) {
  Session session(std::move(socket), std::move(settings), context);
  co_await session.Run(implicit_tls);
}

}  // namespace tern::imap::session
