#include "smtp/session/lmtp_session.h"

#include <fmt/format.h>

#include <ctime>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "base/run_on_pool.h"
#include "delivery/message_ingest.h"
#include "net/connection.h"
#include "smtp/grammar/data_decoder.h"
#include "smtp/grammar/limits.h"
#include "smtp/grammar/parse_command.h"
#include "smtp/grammar/reply_error.h"
#include "smtp/response/ehlo.h"
#include "smtp/response/replies.h"
#include "smtp/session/trace_header.h"

namespace tern::smtp::session {

namespace asio = boost::asio;
namespace g = tern::smtp::grammar;
namespace response = tern::smtp::response;

namespace {

// Bytes of message data gathered on the I/O thread before they are handed to the
// worker pool for writing: big enough that small messages take one hop.
constexpr size_t kIngestChunk = 256 * 1024;
// LHLO-to-QUIT line limit: RFC 5321's 512 plus room for the ESMTP parameters we accept.
constexpr size_t kMaxLine = g::kMaxCommandLineLength + g::kMailParamsAllowance;

struct Recipient {
  std::string address;  // as the client wrote it, canonical form
  store::Account account;
};

class LmtpSession {
 public:
  LmtpSession(asio::ip::tcp::socket socket, std::shared_ptr<const LmtpSettings> settings,
              LmtpContext& ctx)
      : conn_(std::move(socket),
              net::ConnectionLimits{.max_line = kMaxLine, .idle_timeout = settings->idle_timeout}),
        settings_(std::move(settings)),
        ctx_(ctx),
        log_(ctx.log) {}

  asio::awaitable<void> Run();

 private:
  // Each returns false when the session must end.
  asio::awaitable<bool> Dispatch(const g::Command& command);
  void OnLhlo(const g::Lhlo& lhlo);
  void OnMail(const g::Mail& mail);
  asio::awaitable<void> OnRcpt(const g::Rcpt& rcpt);
  asio::awaitable<bool> OnData();
  // Hands message bytes to the worker pool, beginning the ingest on first use.
  asio::awaitable<Status> WriteChunk(std::unique_ptr<delivery::MessageIngest>& ingest,
                                     const std::string& bytes);
  // Finishes the ingest with `tail` and appends for every recipient, queueing one reply
  // per recipient (RFC 2033 4.2). Acknowledges only what the store made durable.
  asio::awaitable<void> Deliver(std::unique_ptr<delivery::MessageIngest>& ingest,
                                const std::string& tail);
  void FailAll(const Error& error);
  delivery::IngestOptions IngestOptions() const;
  void ResetTransaction();
  void Reply(const response::Reply& reply) {
    size_t start = out_.size();
    reply.AppendTo(out_);
    if (log_.Enabled(log::Level::kProtocol)) {
      log_.Protocol("{} S: {}", conn_.peer(),
                    std::string_view(out_).substr(start, out_.size() - start - 2));
    }
  }
  void Reply(const g::ReplyError& e) { Reply(response::Reply(e.code, e.enhanced, e.text)); }
  // A canned reply whose text names the recipient, "<addr> No such user".
  void ReplyFor(const response::CannedReply& canned, const std::string& address) {
    Reply(response::Reply::WithText(canned, fmt::format("<{}> {}", address, canned.text)));
  }
  // Sends queued replies unless more pipelined commands are already waiting (RFC 2920:
  // replies may be batched, but never held while the server waits for input).
  asio::awaitable<bool> Flush(bool force = false);
  void BadCommand() { ++bad_commands_; }

  net::Connection conn_;
  std::shared_ptr<const LmtpSettings> settings_;
  LmtpContext& ctx_;
  log::Logger log_;
  std::string out_;
  std::string client_name_;            // from LHLO
  std::optional<std::string> sender_;  // reverse path; "" for the null path
  bool smtputf8_ = false;
  uint64_t declared_size_ = 0;
  std::vector<Recipient> recipients_;
  int bad_commands_ = 0;
};

asio::awaitable<bool> LmtpSession::Flush(bool force) {
  if (out_.empty() || (!force && conn_.buffered() > 0)) co_return true;
  auto s = co_await conn_.Write(out_);
  out_.clear();
  co_return s.has_value();
}

void LmtpSession::ResetTransaction() {
  sender_.reset();
  smtputf8_ = false;
  declared_size_ = 0;
  recipients_.clear();
}

asio::awaitable<void> LmtpSession::Run() {
  log_.Protocol("{} connected", conn_.peer());
  Reply(response::Greeting(settings_->hostname,
                           settings_->banner.empty() ? "LMTP service ready" : settings_->banner));
  if (!co_await Flush(true)) co_return;
  for (;;) {
    auto line = co_await conn_.ReadLine();
    if (!line) {
      if (line.error().code == ErrorCode::kTooLarge) {
        BadCommand();
        Reply(g::syntax_replies::LineTooLong());
      } else {
        if (line.error().code == ErrorCode::kUnavailable) {
          Reply(response::replies::kTimeout);
          co_await Flush(true);
        }
        log_.Protocol("{} closed: {}", conn_.peer(), line.error().public_text);
        co_return;
      }
    } else {
      log_.Protocol("{} C: {}", conn_.peer(), *line);
      auto command = g::ParseCommand(*line, {.max_line_length = kMaxLine, .smtputf8 = true});
      if (!command) {
        BadCommand();
        auto reply = g::ReplyError::FromError(command.error());
        if (reply) {
          Reply(*reply);
        } else {
          Reply(response::replies::kCommandUnrecognized);
        }
      } else if (!co_await Dispatch(*command)) {
        co_await Flush(true);
        conn_.Close();
        co_return;
      }
    }
    if (bad_commands_ >= settings_->max_bad_commands) {
      Reply(response::Reply::WithText(response::replies::kTooManyConnections,
                                      "Too many bad commands, closing connection"));
      co_await Flush(true);
      log_.Problem("{}: closed after {} bad commands", conn_.peer(), bad_commands_);
      co_return;
    }
    if (!co_await Flush()) co_return;
  }
}

asio::awaitable<bool> LmtpSession::Dispatch(const g::Command& command) {
  if (const auto* lhlo = std::get_if<g::Lhlo>(&command)) {
    OnLhlo(*lhlo);
  } else if (std::holds_alternative<g::Helo>(command) || std::holds_alternative<g::Ehlo>(command)) {
    // RFC 2033 4.1: an LMTP server must not accept HELO or EHLO.
    BadCommand();
    Reply(response::Reply::WithText(response::replies::kCommandUnrecognized,
                                    "This is an LMTP server: use LHLO"));
  } else if (const auto* mail = std::get_if<g::Mail>(&command)) {
    OnMail(*mail);
  } else if (const auto* rcpt = std::get_if<g::Rcpt>(&command)) {
    co_await OnRcpt(*rcpt);
  } else if (std::holds_alternative<g::Data>(command)) {
    co_return co_await OnData();
  } else if (std::holds_alternative<g::Rset>(command)) {
    ResetTransaction();
    Reply(response::replies::kResetOk);
  } else if (std::holds_alternative<g::Noop>(command)) {
    Reply(response::replies::kOk);
  } else if (std::holds_alternative<g::Quit>(command)) {
    Reply(response::replies::kClosing);
    co_return false;
  } else if (std::holds_alternative<g::Vrfy>(command)) {
    // RFC 5321 3.5.3: 252 when the server will not verify but will accept.
    Reply(response::replies::kCannotVerify);
  } else if (std::holds_alternative<g::Help>(command)) {
    Reply(response::Reply::WithText(response::replies::kHelp,
                                    "Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP"));
  } else {
    // EXPN, BDAT, STARTTLS, AUTH: not offered over LMTP (not in the LHLO reply).
    BadCommand();
    Reply(response::Reply::WithText(response::replies::kNotImplemented,
                                    fmt::format("{} not implemented", g::CommandName(command))));
  }
  co_return true;
}

void LmtpSession::OnLhlo(const g::Lhlo& lhlo) {
  ResetTransaction();
  client_name_ = lhlo.domain;
  response::Capabilities caps;
  caps.size = static_cast<uint64_t>(settings_->max_message_size);
  caps.smtputf8 = true;
  Reply(response::EhloReply(settings_->hostname, "", caps));
}

void LmtpSession::OnMail(const g::Mail& mail) {
  if (client_name_.empty()) {
    BadCommand();
    Reply(response::Reply::WithText(response::replies::kBadSequence, "Send LHLO first"));
    return;
  }
  if (sender_) {
    BadCommand();
    Reply(response::Reply::WithText(response::replies::kBadSequence, "Sender already given"));
    return;
  }
  if (mail.reverse_path && mail.reverse_path->HasNonAscii() && !mail.params.smtputf8) {
    Reply(g::syntax_replies::NonAsciiSender());
    return;
  }
  // Parameters of extensions not in the LHLO reply (DSN, AUTH, BINARYMIME) are refused,
  // as RFC 5321 4.1.1.11 wants for anything not advertised.
  if (!mail.params.unknown.empty() || mail.params.ret || mail.params.envid || mail.params.auth ||
      mail.params.body == g::BodyType::kBinaryMime) {
    Reply(response::replies::kParametersNotRecognized);
    return;
  }
  if (mail.params.size && *mail.params.size > static_cast<uint64_t>(settings_->max_message_size)) {
    Reply(response::replies::kMessageTooBig);
    return;
  }
  sender_ = mail.reverse_path ? mail.reverse_path->ToString() : std::string();
  smtputf8_ = mail.params.smtputf8;
  declared_size_ = mail.params.size.value_or(0);
  Reply(response::replies::kSenderOk);
}

asio::awaitable<void> LmtpSession::OnRcpt(const g::Rcpt& rcpt) {
  if (!sender_) {
    BadCommand();
    Reply(response::Reply::WithText(response::replies::kBadSequence, "Send MAIL first"));
    co_return;
  }
  if (!rcpt.params.unknown.empty() || rcpt.params.notify || rcpt.params.orcpt) {
    Reply(response::replies::kParametersNotRecognized);
    co_return;
  }
  if (rcpt.forward_path.HasNonAscii() && !smtputf8_) {
    Reply(g::syntax_replies::NonAsciiRecipient());
    co_return;
  }
  if (recipients_.size() >= static_cast<size_t>(settings_->max_recipients)) {
    Reply(response::replies::kTooManyRecipients);
    co_return;
  }
  std::string address = rcpt.forward_path.IsBarePostmaster() ? std::string("postmaster")
                                                             : rcpt.forward_path.ToString();
  auto account = co_await ctx_.directory.FindRecipient(address);
  if (!account) {
    if (account.error().code == ErrorCode::kNotFound) {
      ReplyFor(response::replies::kNoSuchUser, address);
    } else {
      log_.Problem("recipient lookup of {} failed: {}", address, account.error().ToLogString());
      ReplyFor(response::replies::kLocalError, address);
    }
    co_return;
  }
  // A mailbox that is already full (in size or in messages), or that the announced size
  // would overfill, is refused now rather than after the client sent the whole message.
  uint64_t need = std::max<uint64_t>(declared_size_, 1);
  if ((account->quota_bytes > 0 && static_cast<uint64_t>(account->used_bytes) + need >
                                       static_cast<uint64_t>(account->quota_bytes)) ||
      (account->quota_messages > 0 && account->used_messages >= account->quota_messages)) {
    ReplyFor(response::replies::kMailboxFull, address);
    co_return;
  }
  recipients_.push_back({address, std::move(*account)});
  ReplyFor(response::replies::kRecipientOk, address);
}

asio::awaitable<bool> LmtpSession::OnData() {
  if (!sender_) {
    BadCommand();
    Reply(response::Reply::WithText(response::replies::kBadSequence, "Send MAIL first"));
    co_return true;
  }
  if (recipients_.empty()) {
    Reply(response::replies::kNoValidRecipients);
    co_return true;
  }
  Reply(response::replies::kStartMailInput);
  if (!co_await Flush(true)) co_return false;

  g::DataDecoder decoder({.max_message_size = static_cast<uint64_t>(settings_->max_message_size)});
  std::string pending = TraceHeaders(
      {.return_path = *sender_,
       .client_name = client_name_,
       .client_address = conn_.peer(),
       .server_name = settings_->hostname,
       .protocol = smtputf8_ ? "UTF8LMTP" : "LMTP",
       .recipient = recipients_.size() == 1 ? recipients_.front().address : std::string()});
  std::unique_ptr<delivery::MessageIngest> ingest;
  Status written = Ok();
  for (;;) {
    auto chunk = co_await conn_.ReadChunk();
    if (!chunk) {
      log_.Problem("{}: connection lost during DATA: {}", conn_.peer(), chunk.error().public_text);
      co_return false;
    }
    auto fed = decoder.Feed(*chunk, pending);
    conn_.Consume(fed.consumed);
    if (fed.done) break;
    if (pending.size() >= kIngestChunk && written && !decoder.IsTooLarge()) {
      written = co_await WriteChunk(ingest, pending);
      pending.clear();
    }
  }
  if (decoder.IsTooLarge()) {
    for (const auto& r : recipients_) {
      ReplyFor(response::replies::kMessageTooBig, r.address);
    }
  } else if (!written) {
    FailAll(written.error());
  } else {
    co_await Deliver(ingest, pending);
  }
  if (ingest) {  // not delivered: dropping the writer removes its temporary file
    co_await RunOnPool(ctx_.pool.get_executor(), [&ingest]() -> Status {
      ingest.reset();
      return Ok();
    });
  }
  ResetTransaction();
  co_return true;
}

asio::awaitable<Status> LmtpSession::WriteChunk(std::unique_ptr<delivery::MessageIngest>& ingest,
                                                const std::string& bytes) {
  co_return co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Status {
    if (!ingest) {
      auto begun = delivery::MessageIngest::Begin(ctx_.store.blobs(), IngestOptions());
      if (!begun) return Fail(std::move(begun).error());
      ingest = std::move(*begun);
    }
    return ingest->Write(bytes);
  });
}

delivery::IngestOptions LmtpSession::IngestOptions() const {
  // The DATA decoder has already made line endings CRLF and enforced the size limit
  // (the trace headers come on top of it).
  return {.max_size = std::numeric_limits<int64_t>::max(), .normalise_line_endings = false};
}

void LmtpSession::FailAll(const Error& error) {
  log_.Problem("{}: delivery failed: {}", conn_.peer(), error.ToLogString());
  for (const auto& r : recipients_) {
    ReplyFor(response::replies::kLocalError, r.address);
  }
}

asio::awaitable<void> LmtpSession::Deliver(std::unique_ptr<delivery::MessageIngest>& ingest,
                                           const std::string& tail) {
  auto message =
      co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Result<delivery::IngestedMessage> {
        if (!ingest) {
          auto begun = delivery::MessageIngest::Begin(ctx_.store.blobs(), IngestOptions());
          if (!begun) return Fail(std::move(begun).error());
          ingest = std::move(*begun);
        }
        TERN_TRY(ingest->Write(tail));
        auto m = ingest->Finish();
        ingest.reset();
        return m;
      });
  if (!message) {
    FailAll(message.error());
    co_return;
  }
  std::vector<store::AppendRequest> requests;
  const auto now = static_cast<store::UnixTime>(std::time(nullptr));
  for (const auto& r : recipients_) {
    store::AppendRequest req;
    req.account = r.account.id;
    req.mailbox = "INBOX";
    req.message = delivery::ToNewMessage(*message, now);
    requests.push_back(std::move(req));
  }
  auto results = co_await ctx_.store.AppendMany(std::move(requests));
  if (!results) {
    FailAll(results.error());
    co_return;
  }
  for (size_t i = 0; i < recipients_.size(); ++i) {
    const auto& address = recipients_[i].address;
    const auto& r = (*results)[i];
    if (r) {
      log_.Protocol("{}: delivered {} bytes to {} uid {}", conn_.peer(), message->size, address,
                    r->uid);
      ReplyFor(response::replies::kMessageAccepted, address);
    } else if (r.error().code == ErrorCode::kOverQuota) {
      ReplyFor(response::replies::kMailboxFull, address);
    } else {
      log_.Problem("{}: delivery to {} failed: {}", conn_.peer(), address, r.error().ToLogString());
      ReplyFor(response::replies::kLocalError, address);
    }
  }
}

}  // namespace

asio::awaitable<void> RunLmtpSession(asio::ip::tcp::socket socket,
                                     std::shared_ptr<const LmtpSettings> settings,
                                     LmtpContext& context) {
  LmtpSession session(std::move(socket), std::move(settings), context);
  co_await session.Run();
}

}  // namespace tern::smtp::session
