// The TRANSACTION state: STAT, LIST, UIDL, RETR, TOP, DELE, RSET (RFC 1939 section 5).
#include <fmt/format.h>

#include "base/run_on_pool.h"
#include "mail/dot_stuffing.h"
#include "mail/plain_rendition.h"
#include "mail/structure_codec.h"
#include "pop3/response/multiline.h"
#include "pop3/response/status.h"
#include "pop3/response/top_filter.h"
#include "pop3/session/session.h"
#include "store/blob_store.h"

namespace tern::pop3::session {

namespace asio = boost::asio;

namespace {
// Bytes read from a blob per trip to the worker pool, and queued before a write.
constexpr size_t kChunk = 64 * 1024;
// Read-ahead after a small message: clients retrieve in order, so the next few small
// messages come along on the same trip to the pool and their RETRs need none.
constexpr size_t kReadAheadMessages = 16;
constexpr int64_t kReadAheadBytes = 256 * 1024;
// Login option s: STAT's artificial size per message (see docs/pop3-login-options.md).
constexpr int64_t kArtificialMessageSize = 1024;
}  // namespace

const MaildropEntry* Session::Message(uint32_t number) {
  const MaildropEntry* e = maildrop_.Find(number);
  if (e == nullptr) {
    BadCommand();
    Reply(response::Err(number == 0 || number > maildrop_.count()
                            ? fmt::format("no message {}", number)
                            : fmt::format("message {} is deleted", number)));
  }
  return e;
}

void Session::OnStat() {
  int64_t octets = options_.artificial_size ? maildrop_.live_count() * kArtificialMessageSize
                                            : maildrop_.live_octets();
  Reply(response::Ok(fmt::format("{} {}", maildrop_.live_count(), octets)));
}

void Session::OnList(const grammar::List& list) {
  if (list.msg) {
    if (const auto* e = Message(*list.msg)) {
      Reply(response::Ok(fmt::format("{} {}", *list.msg, e->size)));
    }
    return;
  }
  std::string body;
  for (uint32_t n = 1; n <= maildrop_.count(); ++n) {
    if (const auto* e = maildrop_.Find(n)) body += fmt::format("{} {}\r\n", n, e->size);
  }
  Reply(response::OkMultiline(
      fmt::format("{} messages ({} octets)", maildrop_.live_count(), maildrop_.live_octets()),
      body));
}

void Session::OnUidl(const grammar::Uidl& uidl) {
  if (uidl.msg) {
    if (const auto* e = Message(*uidl.msg)) {
      Reply(response::Ok(fmt::format("{} {}", *uidl.msg, e->unique_id)));
    }
    return;
  }
  std::string body;
  for (uint32_t n = 1; n <= maildrop_.count(); ++n) {
    if (const auto* e = maildrop_.Find(n)) body += fmt::format("{} {}\r\n", n, e->unique_id);
  }
  Reply(response::OkMultiline("unique-id listing follows", body));
}

void Session::OnDele(const grammar::Dele& dele) {
  if (Message(dele.msg) == nullptr) return;
  maildrop_.Delete(dele.msg);
  Reply(response::Ok(fmt::format("message {} deleted", dele.msg)));
}

void Session::OnRset() {
  maildrop_.Undelete();
  Reply(response::Ok(fmt::format("maildrop has {} messages ({} octets)", maildrop_.live_count(),
                                 maildrop_.live_octets())));
}

asio::awaitable<Result<std::string>> Session::RenderedMessage(const MaildropEntry& entry) {
  auto structure = co_await ctx_.store.GetStructure(inbox_.id, entry.uid);
  if (!structure) co_return Fail(std::move(structure).error());
  co_return co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Result<std::string> {
    auto raw = ctx_.store.blobs().ReadAll(entry.blob_id);
    if (!raw) return Fail(std::move(raw).error());
    auto parsed = mail::DeserializeStructure(*structure);
    if (!parsed) return Fail(std::move(parsed).error());
    return mail::RenderPlainRfc822(*raw, *parsed);
  });
}

// RETR (top_lines empty) and TOP: streams the message from blob storage, dot-stuffed,
// never holding more than a chunk of it.
asio::awaitable<bool> Session::OnRetr(uint32_t number, std::optional<uint32_t> top_lines) {
  const MaildropEntry* entry = Message(number);
  if (entry == nullptr) co_return true;
  mail::DotStuffer encoder;
  std::optional<response::TopFilter> top;
  if (top_lines) top.emplace(*top_lines);
  // Feeds bytes through TOP's filter (if any) and the dot-stuffing encoder into out_.
  auto emit = [&](std::string_view bytes) {
    if (top) {
      encoder.Encode(top->Filter(bytes), out_);
    } else {
      encoder.Encode(bytes, out_);
    }
  };

  if (options_.plain) {
    auto rendered = co_await RenderedMessage(*entry);
    if (!rendered) {
      log_.Problem("{}: message uid {} unreadable: {}", conn_.peer(), entry->uid,
                   rendered.error().ToLogString());
      Reply(response::Err(response::ResponseCode::kSysTemp, "message unavailable"));
      co_return true;
    }
    Reply(response::Ok(fmt::format("{} octets", rendered->size())));
    emit(*rendered);
  } else if (auto ahead = read_ahead_.find(number); ahead != read_ahead_.end()) {
    const std::string bytes = std::move(ahead->second);
    read_ahead_.erase(ahead);
    Reply(response::Ok(top ? std::string("top of message follows")
                           : fmt::format("{} octets", entry->size)));
    emit(bytes);
  } else {
    // The first trip to the pool opens the blob and reads its first chunk, so a
    // typical message costs one trip; the read loop stops at the blob's known size.
    // One buffer for the session's life, not initialised: no 64 KB memset per message.
    if (!read_buffer_) read_buffer_ = std::make_unique_for_overwrite<char[]>(kChunk);
    const std::span<char> chunk(read_buffer_.get(), kChunk);
    std::vector<std::pair<uint32_t, const MaildropEntry*>> next;
    if (entry->size <= static_cast<int64_t>(kChunk)) {
      read_ahead_.clear();  // what the client skipped is not coming back
      int64_t bytes = 0;
      for (uint32_t k = number + 1; k <= maildrop_.count() && next.size() < kReadAheadMessages;
           ++k) {
        const MaildropEntry* e = maildrop_.Find(k);
        if (e == nullptr) continue;
        if (e->size > static_cast<int64_t>(kChunk) || bytes + e->size > kReadAheadBytes) break;
        bytes += e->size;
        next.emplace_back(k, e);
      }
    }
    struct Opened {
      std::unique_ptr<store::BlobReader> reader;
      size_t n = 0;
      std::vector<std::pair<uint32_t, std::string>> ahead;
    };
    auto first = co_await RunOnPool(ctx_.pool.get_executor(), [&]() -> Result<Opened> {
      auto opened = ctx_.store.blobs().Open(entry->blob_id);
      if (!opened) return Fail(std::move(opened).error());
      auto n = (*opened)->ReadAt(0, chunk);
      if (!n) return Fail(std::move(n).error());
      Opened out{std::move(*opened), *n, {}};
      for (const auto& [k, e] : next) {
        // A body that cannot be read now is read (and its error reported) at its RETR.
        if (auto whole = ctx_.store.blobs().ReadAll(e->blob_id)) {
          out.ahead.emplace_back(k, std::move(*whole));
        }
      }
      return out;
    });
    if (!first) {
      // Another session (IMAP, webmail) expunged it and the body is gone.
      log_.Problem("{}: message uid {} unreadable: {}", conn_.peer(), entry->uid,
                   first.error().ToLogString());
      Reply(response::Err(fmt::format("message {} is no longer available", number)));
      co_return true;
    }
    for (auto& [k, bytes] : first->ahead) read_ahead_.emplace(k, std::move(bytes));
    auto& reader = first->reader;
    size_t n = first->n;
    Reply(response::Ok(top ? std::string("top of message follows")
                           : fmt::format("{} octets", entry->size)));
    const int64_t size = reader->size();
    for (int64_t offset = 0;;) {
      offset += static_cast<int64_t>(n);
      emit(std::string_view(chunk.data(), n));
      if (n == 0 || offset >= size || (top && top->IsDone())) break;
      if (out_.size() >= kChunk && !co_await Flush(true)) co_return false;
      auto more = co_await RunOnPool(ctx_.pool.get_executor(),
                                     [&] { return reader->ReadAt(offset, chunk); });
      if (!more) {
        log_.Problem("{}: reading uid {} failed: {}", conn_.peer(), entry->uid,
                     more.error().ToLogString());
        co_return false;  // mid-response: the only honest thing left is to close
      }
      n = *more;
    }
  }
  encoder.Finish(out_);
  if (!top) retrieved_.push_back(entry->uid);  // only RETR counts as a download
  co_return true;
}

}  // namespace tern::pop3::session
