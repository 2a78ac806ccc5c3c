#pragma once
// The data items of one message's FETCH response (RFC 9051 6.4.5, 7.5.2; RFC 3516
// BINARY): pure functions from what the store holds (metadata, cached structure, the
// message octets) to response bytes. The session decides what to load and runs this on
// its worker pool for messages whose bodies are read.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imap/grammar/fetch.h"
#include "imap/response/strings.h"
#include "mail/structure.h"
#include "store/types.h"

namespace tern::imap::session {

// What the items of a FETCH need besides the session's view.
struct FetchNeeds {
  bool metadata = false;   // INTERNALDATE, RFC822.SIZE, MODSEQ, or any of the below
  bool structure = false;  // ENVELOPE, BODY, BODYSTRUCTURE, sections, BINARY
  bool content = false;    // message octets: BODY[...], BINARY[...], RFC822*
  bool header_only = false;  // of the octets, only the top-level header (the usual list view)
  bool sets_seen = false;  // a non-PEEK body item: \Seen is set (RFC 9051 6.4.5)
  bool preview = false;    // PREVIEW (RFC 8970), with or without LAZY
  bool preview_now = false;  // PREVIEW without LAZY: computed if not cached (RFC 8970 3.2)
};
FetchNeeds NeedsOf(const grammar::FetchCommand& command);

// One message's data for rendering. `structure` and `content` are set as FetchNeeds asks.
struct FetchMessage {
  uint32_t seq = 0;
  store::Uid uid = 0;
  std::vector<std::string> flags;  // with \Recent where it applies
  bool flags_requested = false;    // FLAGS was asked for, or \Seen changed
  // \Seen changed in a CONDSTORE session: UID and MODSEQ go out too (RFC 7162 3.2.4).
  bool uid_and_modseq = false;
  // UIDONLY (RFC 9586 3.3): "* uid UIDFETCH (...)", the UID item only when asked for.
  bool uid_only = false;
  const store::MessageMeta* meta = nullptr;
  const mail::MessageStructure* structure = nullptr;
  std::string_view content;
  // The PREVIEW text; nullptr: not available without undue delay, NIL (LAZY only).
  const std::string* preview = nullptr;
};

// The octets of BODY[section] (before any partial), nullopt if the message has no such
// part (the item is then NIL).
std::optional<std::string> SectionOctets(const grammar::Section& section,
                                         const mail::MessageStructure& structure,
                                         std::string_view content);

// Appends "* n FETCH (...)\r\n" (or "* uid UIDFETCH (...)\r\n"). UID comes first when
// `with_uid` (UID FETCH, RFC 9051 6.4.9) unless the response starts with it. Fails
// (kInvalidArgument with a text for "NO [UNKNOWN-CTE] ...") if BINARY asks for a part
// whose transfer encoding Tern cannot decode; nothing is appended then.
Status AppendFetchResponse(std::string& out, const grammar::FetchCommand& command,
                           const FetchMessage& message, bool with_uid, response::TextMode mode);

}  // namespace tern::imap::session
