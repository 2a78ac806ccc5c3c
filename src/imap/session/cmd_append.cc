// APPEND (RFC 9051 6.3.12, RFC 4315 APPENDUID, RFC 3516 literal8). The message data was
// streamed into a blob while the command was read (Session::StreamAppendLiteral); here
// it is added to the mailbox, durably, before the OK.
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "base/run_on_pool.h"
#include "delivery/message_ingest.h"
#include "imap/session/session.h"
#include "imap/session/stored_flags.h"

namespace tern::imap::session {

namespace asio = boost::asio;

namespace {

store::UnixTime ToUnixTime(const grammar::DateTime& d) {
  using namespace std::chrono;
  const sys_days day = year_month_day(year(d.date.year), month(static_cast<unsigned>(d.date.month)),
                                      std::chrono::day(static_cast<unsigned>(d.date.day)));
  const auto t = day + hours(d.hour) + minutes(d.minute) + seconds(d.second) - minutes(d.zone_minutes);
  return duration_cast<seconds>(t.time_since_epoch()).count();
}

}  // namespace

asio::awaitable<bool> Session::OnAppend(const std::string& tag, const grammar::AppendCommand& c) {
  // The blobs streamed for this command; whatever happens, the map is empty afterwards.
  auto streamed = std::move(streamed_);
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
    auto flags = ToStoredFlags(m.flags);
    if (!flags) {
      Bad(tag, flags.error().public_text);
      co_return true;
    }
    if (m.data.size == 0) {
      TaggedNo(tag, "[CANNOT] An empty message cannot be appended");
      co_return true;
    }
    Result<delivery::IngestedMessage> ingested = Fail(ErrorCode::kInternal, "message data missing");
    if (m.data.stream_handle) {
      if (auto it = streamed.find(*m.data.stream_handle); it != streamed.end()) {
        ingested = std::move(it->second);
      }
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
      co_return true;
    }
    const store::UnixTime date = m.date ? ToUnixTime(*m.date) : std::time(nullptr);
    store::AppendRequest request;
    request.account = account_.id;
    request.mailbox = target->name;
    request.create_mailbox = false;
    request.message = delivery::ToNewMessage(*ingested, date, flags->flags);
    request.message.keywords = std::move(flags->keywords);
    requests.push_back(std::move(request));
  }
  auto results = co_await ctx_.store.AppendMany(std::move(requests));
  if (!results) {
    StoreFailed(tag, results.error(), "APPEND");
    co_return true;
  }
  std::vector<store::Uid> uids;
  uint32_t uid_validity = 0;
  for (auto& r : *results) {
    if (!r) {
      StoreFailed(tag, r.error(), "APPEND");
      co_return true;
    }
    uids.push_back(r->uid);
    uid_validity = r->uid_validity;
  }
  TaggedOk(tag, fmt::format("[APPENDUID {} {}] APPEND completed", uid_validity, FormatUidSet(uids)));
  co_return true;
}

}  // namespace tern::imap::session
