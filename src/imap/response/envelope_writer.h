#pragma once
// The ENVELOPE fetch item (RFC 9051 section 7.5.2, RFC 3501 section 7.4.2):
//   envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
//              env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
// Values are sent as stored by mail::BuildEnvelope: the header text unfolded and trimmed,
// RFC 2047 words not decoded. The RFC computes the envelope "by parsing the [RFC5322]
// header into the component parts" and leaves decoding to the client, which every client
// does (as for BODYSTRUCTURE's description and parameters). 8-bit header text goes in a
// literal unless `mode` allows quoted UTF-8. Pure; thread-safe.

#include <string>
#include <vector>

#include "imap/response/strings.h"
#include "mail/address.h"
#include "mail/envelope.h"

namespace tern::imap::response {

// Appends the parenthesised envelope. RFC 3501 section 7.4.2: "If the Sender or Reply-To
// lines are absent in the [RFC-2822] header, or are present but empty, the server sets
// the corresponding member of the envelope to be the same value as the from member".
// BuildEnvelope already does this; the writer applies it again so that an envelope built
// any other way is still sent correctly.
void AppendEnvelope(std::string& out, const mail::Envelope& envelope, TextMode mode);

// Appends "(" 1*address ")" (addresses not separated, as the ABNF has it), or NIL for an
// empty list. address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")".
// Group markers (mail::Address::IsGroupStart/IsGroupEnd) are sent as
// (NIL NIL "group name" NIL) and (NIL NIL NIL NIL).
void AppendAddressList(std::string& out, const std::vector<mail::Address>& list, TextMode mode);

}  // namespace tern::imap::response
