#pragma once
// The ENVELOPE of a message (RFC 3501 section 7.4.2, RFC 9051 section 7.5.2), computed
// once at delivery from the header. Values are stored raw (unfolded, trimmed, RFC 2047
// words not decoded): the IMAP writer quotes them, other users decode as they need.

#include <optional>
#include <string>
#include <vector>

#include "mail/address.h"

namespace tern::mail {

class Header;

struct Envelope {
  // nullopt = the field is absent (IMAP NIL); present but empty is "".
  std::optional<std::string> date;
  std::optional<std::string> subject;
  std::vector<Address> from;
  // RFC 3501 section 7.4.2: "If the Sender or Reply-To lines are absent in the [RFC-2822]
  // header, or are present but empty, the server sets the corresponding member of the
  // envelope to be the same value as the from member". BuildEnvelope applies that.
  std::vector<Address> sender;
  std::vector<Address> reply_to;
  std::vector<Address> to;
  std::vector<Address> cc;
  std::vector<Address> bcc;
  std::optional<std::string> in_reply_to;
  std::optional<std::string> message_id;

  friend bool operator==(const Envelope&, const Envelope&) = default;
};

// Builds the envelope from the first occurrence of each field in `header`.
Envelope BuildEnvelope(const Header& header);

}  // namespace tern::mail
