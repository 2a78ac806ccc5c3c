#include "smtp/session/lmtp_session.h"

#include <ctime>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "base/run_on_pool.h"
#include "delivery/message_ingest.h"
#include "net/connection.h"
#include "smtp/grammar/data_decoder.h"
#include "smtp/grammar/limits.h"
#include "smtp/grammar/parse_command.h"
#include "smtp/grammar/reply_error.h"
#include "smtp/session/trace_header.h"

namespace tern::smtp::session {

namespace asio = boost::asio;
namespace g = tern::smtp::grammar;

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
      : conn_(std::move(socket), net::ConnectionLimits{.max_line = kMaxLine,
                                                       .idle_timeout = settings->idle_timeout}),
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
  void Reply(std::string_view line) {
    log_.Protocol("{} S: {}", conn_.peer(), line);
    out_ += line;
    out_ += "\r\n";
  }
  void Reply(const g::ReplyError& e) { Reply(e.ToReplyLine()); }
  // Sends queued replies unless more pipelined commands are already waiting (RFC 2920:
  // replies may be batched, but never held while the server waits for input).
  asio::awaitable<bool> Flush(bool force = false);
  void BadCommand() { ++bad_commands_; }

  net::Connection conn_;
  std::shared_ptr<const LmtpSettings> settings_;
  LmtpContext& ctx_;
  log::Logger log_;
  std::string out_;
  std::string client_name_;  // from LHLO
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
  Reply(fmt::format("220 {} {}", settings_->hostname,
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
          Reply("421 4.4.2 Idle timeout, closing connection");
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
        Reply(reply ? *reply : g::syntax_replies::CommandUnrecognized());
      } else if (!co_await Dispatch(*command)) {
        co_await Flush(true);
        conn_.Close();
        co_return;
      }
    }
    if (bad_commands_ >= settings_->max_bad_commands) {
      Reply("421 4.7.0 Too many bad commands, closing connection");
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
    Reply("500 5.5.1 This is an LMTP server: use LHLO");
  } else if (const auto* mail = std::get_if<g::Mail>(&command)) {
    OnMail(*mail);
  } else if (const auto* rcpt = std::get_if<g::Rcpt>(&command)) {
    co_await OnRcpt(*rcpt);
  } else if (std::holds_alternative<g::Data>(command)) {
    co_return co_await OnData();
  } else if (std::holds_alternative<g::Rset>(command)) {
    ResetTransaction();
    Reply("250 2.0.0 OK");
  } else if (std::holds_alternative<g::Noop>(command)) {
    Reply("250 2.0.0 OK");
  } else if (std::holds_alternative<g::Quit>(command)) {
    Reply(fmt::format("221 2.0.0 {} closing connection", settings_->hostname));
    co_return false;
  } else if (std::holds_alternative<g::Vrfy>(command)) {
    // RFC 5321 3.5.3: 252 when the server will not verify but will accept.
    Reply("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery");
  } else if (std::holds_alternative<g::Help>(command)) {
    Reply("214 2.0.0 Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP");
  } else {
    // EXPN, BDAT, STARTTLS, AUTH: not offered over LMTP (not in the LHLO reply).
    BadCommand();
    Reply(fmt::format("502 5.5.1 {} not implemented", g::CommandName(command)));
  }
  co_return true;
}

void LmtpSession::OnLhlo(const g::Lhlo& lhlo) {
  ResetTransaction();
  client_name_ = lhlo.domain;
  Reply(fmt::format("250-{}", settings_->hostname));
  Reply("250-PIPELINING");
  Reply("250-ENHANCEDSTATUSCODES");
  Reply("250-8BITMIME");
  Reply("250-SMTPUTF8");
  Reply(fmt::format("250 SIZE {}", settings_->max_message_size));
}

void LmtpSession::OnMail(const g::Mail& mail) {
  if (client_name_.empty()) {
    BadCommand();
    Reply("503 5.5.1 Send LHLO first");
    return;
  }
  if (sender_) {
    BadCommand();
    Reply("503 5.5.1 Sender already given");
    return;
  }
  if (mail.reverse_path && mail.reverse_path->HasNonAscii() && !mail.params.smtputf8) {
    Reply(g::syntax_replies::NonAsciiSender());
    return;
  }
  if (mail.params.body == g::BodyType::kBinaryMime) {
    Reply("555 5.5.4 BODY=BINARYMIME needs CHUNKING, which is not offered");
    return;
  }
  if (mail.params.size && *mail.params.size > static_cast<uint64_t>(settings_->max_message_size)) {
    Reply(fmt::format("552 5.3.4 Message size exceeds fixed maximum message size of {}",
                      settings_->max_message_size));
    return;
  }
  sender_ = mail.reverse_path ? mail.reverse_path->ToString() : std::string();
  smtputf8_ = mail.params.smtputf8;
  declared_size_ = mail.params.size.value_or(0);
  Reply("250 2.1.0 Sender OK");
}

asio::awaitable<void> LmtpSession::OnRcpt(const g::Rcpt& rcpt) {
  if (!sender_) {
    BadCommand();
    Reply("503 5.5.1 Send MAIL first");
    co_return;
  }
  if (rcpt.forward_path.HasNonAscii() && !smtputf8_) {
    Reply(g::syntax_replies::NonAsciiRecipient());
    co_return;
  }
  if (recipients_.size() >= static_cast<size_t>(settings_->max_recipients)) {
    Reply("452 4.5.3 Too many recipients");
    co_return;
  }
  std::string address =
      rcpt.forward_path.IsBarePostmaster() ? std::string("postmaster") : rcpt.forward_path.ToString();
  auto account = co_await ctx_.directory.FindRecipient(address);
  if (!account) {
    if (account.error().code == ErrorCode::kNotFound) {
      Reply(fmt::format("550 5.1.1 <{}> User unknown", address));
    } else {
      log_.Problem("recipient lookup of {} failed: {}", address, account.error().ToLogString());
      Reply(fmt::format("451 4.3.0 <{}> Temporary failure, try again later", address));
    }
    co_return;
  }
  // A mailbox that is already full, or that the announced size would overfill, is refused
  // now rather than after the client sent the whole message.
  uint64_t need = std::max<uint64_t>(declared_size_, 1);
  if (account->quota_bytes > 0 &&
      static_cast<uint64_t>(account->used_bytes) + need > static_cast<uint64_t>(account->quota_bytes)) {
    Reply(fmt::format("552 5.2.2 <{}> Mailbox full", address));
    co_return;
  }
  recipients_.push_back({address, std::move(*account)});
  Reply(fmt::format("250 2.1.5 <{}> Recipient OK", address));
}

asio::awaitable<bool> LmtpSession::OnData() {
  if (!sender_) {
    BadCommand();
    Reply("503 5.5.1 Send MAIL first");
    co_return true;
  }
  if (recipients_.empty()) {
    Reply("554 5.5.1 No valid recipients");
    co_return true;
  }
  Reply("354 2.0.0 Start mail input; end with <CRLF>.<CRLF>");
  if (!co_await Flush(true)) co_return false;

  g::DataDecoder decoder({.max_message_size = static_cast<uint64_t>(settings_->max_message_size)});
  std::string pending = TraceHeaders({.return_path = *sender_,
                                      .client_name = client_name_,
                                      .client_address = conn_.peer(),
                                      .server_name = settings_->hostname,
                                      .protocol = smtputf8_ ? "UTF8LMTP" : "LMTP",
                                      .recipient = recipients_.size() == 1
                                                       ? recipients_.front().address
                                                       : std::string()});
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
      Reply(fmt::format("552 5.3.4 <{}> Message size exceeds fixed maximum message size",
                        r.address));
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
    Reply(fmt::format("451 4.3.0 <{}> Temporary failure, try again later", r.address));
  }
}

asio::awaitable<void> LmtpSession::Deliver(std::unique_ptr<delivery::MessageIngest>& ingest,
                                           const std::string& tail) {
  auto message = co_await RunOnPool(
      ctx_.pool.get_executor(), [&]() -> Result<delivery::IngestedMessage> {
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
      Reply(fmt::format("250 2.0.0 <{}> Delivered", address));
    } else if (r.error().code == ErrorCode::kOverQuota) {
      Reply(fmt::format("552 5.2.2 <{}> Mailbox full", address));
    } else {
      log_.Problem("{}: delivery to {} failed: {}", conn_.peer(), address,
                   r.error().ToLogString());
      Reply(fmt::format("451 4.3.0 <{}> Temporary failure, try again later", address));
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
