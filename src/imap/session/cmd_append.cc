// APPEND (RFC 9051 6.3.12, RFC 4315 APPENDUID, RFC 3516 literal8), with MULTIAPPEND
// (RFC 3502: several messages, all or none) and CATENATE (RFC 4469: a message built from
// literals and IMAP URLs of stored messages). Message literals were streamed into blobs
// while the command was read (Session::StreamAppendLiteral); here the messages are added
// to the mailbox, durably, in one store commit before the OK.
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "base/run_on_pool.h"
#include "delivery/message_ingest.h"
#include "imap/session/fetch_render.h"
#include "imap/session/session.h"
#include "imap/session/stored_flags.h"
#include "imap/url/imap_url.h"
#include "mail/structure_codec.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

// Blob data is copied into a catenated message in pieces of this size.
constexpr size_t kCopyPiece = 1 << 20;

store::UnixTime ToUnixTime(const grammar::DateTime& d) {
  using namespace std::chrono;
  const sys_days day = year_month_day(year(d.date.year), month(static_cast<unsigned>(d.date.month)),
                                      std::chrono::day(static_cast<unsigned>(d.date.day)));
  const auto t = day + hours(d.hour) + minutes(d.minute) + seconds(d.second) - minutes(d.zone_minutes);
  return duration_cast<seconds>(t.time_since_epoch()).count();
}

// The message a streamed literal became, taken out of the session's map.
Result<delivery::IngestedMessage> TakeStreamed(const grammar::LiteralData& data,
                                               StreamedBodies& streamed) {
  if (data.stream_handle) {
    if (auto it = streamed.find(*data.stream_handle); it != streamed.end()) {
      return std::move(it->second);
    }
  }
  return Fail(ErrorCode::kInternal, "message data missing");
}

// Writes a blob's octets into `ingest`. Blocking: run on the pool.
Status CopyBlob(store::BlobStore& blobs, const std::string& blob_id,
                delivery::MessageIngest& ingest) {
  auto reader = blobs.Open(blob_id);
  if (!reader) return Fail(std::move(reader).error());
  std::string piece(kCopyPiece, '\0');
  int64_t offset = 0;
  while (offset < (*reader)->size()) {
    auto n = (*reader)->ReadAt(offset, std::span<char>(piece.data(), piece.size()));
    if (!n) return Fail(std::move(n).error());
    if (*n == 0) return Fail(ErrorCode::kCorrupt, "message body is truncated");
    TERN_TRY(ingest.Write(std::string_view(piece.data(), *n)));
    offset += static_cast<int64_t>(*n);
  }
  return Ok();
}

// The octets ";PARTIAL=offset.length" selects (RFC 5092 6: as FETCH's <offset.length>;
// an offset past the end selects nothing).
std::string_view ApplyPartial(std::string_view octets, const std::optional<url::UrlPartial>& p) {
  if (!p) return octets;
  if (p->offset >= octets.size()) return {};
  octets.remove_prefix(p->offset);
  if (p->length && *p->length < octets.size()) octets = octets.substr(0, *p->length);
  return octets;
}

// RFC 4469 5: url-resp-text = 1*(%x01-09 / %x0B-0C / %x0E-5B / %x5D-FE). The URL as the
// client sent it, with what may not appear there (and controls, 8-bit octets)
// percent-encoded, as RFC 5092 would have had them.
std::string UrlRespText(std::string_view url) {
  if (url.empty()) return "\"\"";
  std::string out;
  for (char ch : url.substr(0, url::kMaxUrlLength)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == ']') {
      out += fmt::format("%{:02X}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

asio::awaitable<bool> Session::OnAppend(const std::string& tag, const grammar::AppendCommand& c) {
  // The blobs streamed for this command; whatever happens, the map is empty afterwards.
  StreamedBodies streamed = std::move(streamed_);
  streamed_.clear();

  auto target = co_await ctx_.store.GetMailbox(account_.id, c.mailbox);
  if (!target) {
    if (target.error().code == ErrorCode::kNotFound) {
      TaggedNo(tag, "[TRYCREATE] No such mailbox");  // RFC 9051 6.3.12
    } else {
      StoreFailed(tag, target.error(), "APPEND");
    }
    co_return true;
  }
  std::vector<store::AppendRequest> requests;
  for (const auto& m : c.messages) {
    auto request = co_await PrepareAppend(tag, m, *target, streamed);
    if (!request) co_return true;
    requests.push_back(std::move(*request));
  }
  // RFC 3502 6.3.11: "no partial appending is permitted".
  auto results = co_await ctx_.store.AppendAll(std::move(requests));
  if (!results) {
    StoreFailed(tag, results.error(), "APPEND");
    co_return true;
  }
  std::vector<store::Uid> uids;
  for (const auto& r : *results) uids.push_back(r.uid);
  // RFC 3502 and RFC 4315: one UID per message, in the order they were appended.
  TaggedOk(tag, fmt::format("[APPENDUID {} {}] APPEND completed", results->front().uid_validity,
                            FormatUidSet(uids)));
  co_return true;
}

asio::awaitable<std::optional<store::AppendRequest>> Session::PrepareAppend(
    const std::string& tag, const grammar::AppendMessage& m, const store::Mailbox& target,
    StreamedBodies& streamed) {
  auto flags = ToStoredFlags(m.flags);
  if (!flags) {
    Bad(tag, flags.error().public_text);
    co_return std::nullopt;
  }
  Result<delivery::IngestedMessage> ingested = Fail(ErrorCode::kInternal, "message data missing");
  if (!m.catenate.empty()) {
    auto catenated = co_await Catenate(tag, m.catenate, streamed);
    if (!catenated) co_return std::nullopt;
    ingested = std::move(*catenated);
  } else if (m.data.size == 0) {
    // RFC 3502 6.3.11: "A zero-length message literal argument is an error, and MUST
    // return a NO. This can be used to cancel the append."
    TaggedNo(tag, "[CANNOT] An empty message cannot be appended");
    co_return std::nullopt;
  } else if (m.data.stream_handle) {
    ingested = TakeStreamed(m.data, streamed);
  } else {
    delivery::IngestOptions options{.max_size = static_cast<int64_t>(settings_->max_message_size)};
    ingested = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Result<delivery::IngestedMessage> {
      auto ingest = delivery::MessageIngest::Begin(ctx_.store.blobs(), options);
      if (!ingest) return Fail(ingest.error());
      TERN_TRY((*ingest)->Write(m.data.bytes));
      return (*ingest)->Finish();
    });
  }
  if (!ingested) {
    StoreFailed(tag, ingested.error(), "APPEND");
    co_return std::nullopt;
  }
  if (ingested->size == 0) {
    TaggedNo(tag, "[CANNOT] An empty message cannot be appended");
    co_return std::nullopt;
  }
  const store::UnixTime date = m.date ? ToUnixTime(*m.date) : std::time(nullptr);
  store::AppendRequest request;
  request.account = account_.id;
  request.mailbox = target.name;
  request.create_mailbox = false;
  request.message = delivery::ToNewMessage(*ingested, date, flags->flags);
  request.message.keywords = std::move(flags->keywords);
  co_return request;
}

asio::awaitable<std::optional<delivery::IngestedMessage>> Session::Catenate(
    const std::string& tag, const std::vector<grammar::CatenatePart>& parts,
    StreamedBodies& streamed) {
  auto pool = ctx_.pool.get_executor();
  store::BlobStore& blobs = ctx_.store.blobs();
  delivery::IngestOptions options{.max_size = static_cast<int64_t>(settings_->max_message_size)};
  auto ingest = co_await RunOnPool(pool, [&] { return delivery::MessageIngest::Begin(blobs, options); });
  if (!ingest) {
    StoreFailed(tag, ingest.error(), "APPEND");
    co_return std::nullopt;
  }
  // Drafts name one message several times (its header, a part's MIME header, the part):
  // the last message read is kept for the next URL.
  store::MailboxId source_mailbox = 0;
  store::Uid source_uid = 0;
  std::string source;
  mail::MessageStructure structure;
  for (const auto& part : parts) {
    Status written = Ok();
    if (const auto* text = std::get_if<grammar::CatenateText>(&part)) {
      if (!text->data.stream_handle) {
        written = co_await RunOnPool(pool, [&] { return (*ingest)->Write(text->data.bytes); });
      } else {
        auto piece = TakeStreamed(text->data, streamed);
        if (!piece) written = Fail(piece.error());
        if (written) {
          written = co_await RunOnPool(pool, [&]() -> Status {
            if (piece->inline_body) return (*ingest)->Write(*piece->inline_body);
            return CopyBlob(blobs, piece->blob_id, **ingest);
          });
        }
      }
      if (!written) {
        StoreFailed(tag, written.error(), "APPEND");  // TOOBIG for a message too large
        co_return std::nullopt;
      }
      continue;
    }
    // RFC 4469 4.1: BADURL names the first URL that cannot be used, whatever the reason
    // (syntax, no such mailbox or message, UIDVALIDITY changed, no such part).
    const std::string& text = std::get<grammar::CatenateUrl>(part).url;
    auto u = url::ParseMessagePartUrl(text);
    bool found = u.has_value();
    if (found) {
      auto mailbox = co_await ctx_.store.GetMailbox(account_.id, u->mailbox);
      if (!mailbox && mailbox.error().code != ErrorCode::kNotFound) {
        StoreFailed(tag, mailbox.error(), "APPEND");
        co_return std::nullopt;
      }
      found = mailbox && (!u->uid_validity || *u->uid_validity == mailbox->uid_validity);
      if (found && (source_mailbox != mailbox->id || source_uid != u->uid)) {
        std::vector<store::Uid> wanted{u->uid};
        auto meta = co_await ctx_.store.GetMessages(mailbox->id, std::move(wanted),
                                                    /*with_structure=*/true);
        if (!meta) {
          StoreFailed(tag, meta.error(), "APPEND");
          co_return std::nullopt;
        }
        found = !meta->empty();
        if (found) {
          const store::MessageMeta& m = meta->front();
          Status loaded = co_await RunOnPool(pool, [&]() -> Status {
            auto parsed = mail::DeserializeStructure(m.structure);
            if (!parsed) return Fail(parsed.error());
            auto content = blobs.ReadAll(m.blob_id);
            if (!content) return Fail(content.error());
            structure = std::move(*parsed);
            source = std::move(*content);
            return Ok();
          });
          if (!loaded) {
            StoreFailed(tag, loaded.error(), "APPEND");
            co_return std::nullopt;
          }
          source_mailbox = mailbox->id;
          source_uid = u->uid;
        }
      }
    }
    if (found) {
      written = co_await RunOnPool(pool, [&]() -> Status {
        auto octets = SectionOctets(u->section, structure, source);
        if (!octets) return Fail(ErrorCode::kNotFound, "no such part");
        return (*ingest)->Write(ApplyPartial(*octets, u->partial));
      });
      found = written || written.error().code != ErrorCode::kNotFound;
    }
    if (!found) {
      TaggedNo(tag, fmt::format("[BADURL {}] CATENATE URL does not refer to a message or part",
                                UrlRespText(text)));
      co_return std::nullopt;
    }
    if (!written) {
      StoreFailed(tag, written.error(), "APPEND");
      co_return std::nullopt;
    }
  }
  auto done = co_await RunOnPool(pool, [&] { return (*ingest)->Finish(); });
  if (!done) {
    StoreFailed(tag, done.error(), "APPEND");
    co_return std::nullopt;
  }
  co_return std::move(*done);
}

}  // namespace tern::imap::session
