#pragma once
// RFC 8970 PREVIEW for FETCH: the preview texts of a batch of messages, from the
// summaries the store keeps (store/message_summary.h) and, where the indexer has not
// made one yet, from the message itself.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace tern::imap::session {

// The previews of the messages `uids` of `mailbox` (those that exist), by UID. With
// `compute`, a message without a cached preview gets one made now on `pool`
// (mail::MakePreview, reading only the octets it needs), as the indexer would make it;
// without (PREVIEW (LAZY), RFC 8970 4.1), it is left out: "not without undue delay",
// NIL. Fails only if the store does.
boost::asio::awaitable<Result<std::unordered_map<store::Uid, std::string>>> LoadPreviews(
    store::Store& store, boost::asio::thread_pool& pool, store::MailboxId mailbox,
    std::vector<store::Uid> uids, bool compute);

}  // namespace tern::imap::session
