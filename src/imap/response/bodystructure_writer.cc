#include "imap/response/bodystructure_writer.h"

#include <string_view>

#include "imap/response/envelope_writer.h"

namespace tern::imap::response {
namespace {

// The part sent in place of the missing ones of an empty multipart (see the header).
constexpr std::string_view kEmptyBodyPart =
    "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0)";

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

void AppendUpper(std::string& out, std::string_view s, TextMode mode) {
  AppendString(out, Upper(s), mode);
}

// RFC 2231 section 7: attribute-char := <any (US-ASCII) CHAR except SPACE, CTLs, "*",
// "'", "%", or tspecials>; everything else is percent-encoded.
std::string PercentEncode(std::string_view s) {
  static constexpr std::string_view kTspecials = "()<>@,;:\\\"/[]?=";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = c > 0x20 && c < 0x7f && c != '*' && c != '\'' && c != '%' &&
                       kTspecials.find(ch) == std::string_view::npos;
    if (plain) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

void AppendParameter(std::string& out, const mail::Parameter& p, TextMode mode) {
  if (!p.extended) {
    AppendUpper(out, p.name, mode);
    out.push_back(' ');
    AppendString(out, p.raw_value, mode);
  } else if (p.language.empty() && CanQuote(p.value, mode)) {
    AppendUpper(out, p.name, mode);
    out.push_back(' ');
    AppendString(out, p.value, mode);
  } else {
    AppendUpper(out, p.name + "*", mode);
    out.push_back(' ');
    AppendString(out, "utf-8'" + PercentEncode(p.language) + "'" + PercentEncode(p.value), mode);
  }
}

// body-fld-param; with `default_charset`, "CHARSET" "us-ascii" is added if absent.
void AppendParameters(std::string& out, const std::vector<mail::Parameter>& params,
                      bool default_charset, TextMode mode) {
  const bool add_charset = default_charset && mail::FindParameter(params, "charset") == nullptr;
  if (params.empty() && !add_charset) {
    AppendNil(out);
    return;
  }
  out.push_back('(');
  bool first = true;
  for (const mail::Parameter& p : params) {
    if (!first) out.push_back(' ');
    first = false;
    AppendParameter(out, p, mode);
  }
  if (add_charset) {
    if (!first) out.push_back(' ');
    out += "\"CHARSET\" \"us-ascii\"";
  }
  out.push_back(')');
}

// body-fld-dsp SP body-fld-lang SP body-fld-loc, common to both extension forms.
void AppendDispositionLanguageLocation(std::string& out, const mail::MessagePart& part,
                                       TextMode mode) {
  if (part.disposition) {
    out.push_back('(');
    AppendUpper(out, *part.disposition, mode);
    out.push_back(' ');
    AppendParameters(out, part.disposition_params, false, mode);
    out.push_back(')');
  } else {
    AppendNil(out);
  }
  out.push_back(' ');
  if (part.language.empty()) {
    AppendNil(out);
  } else if (part.language.size() == 1) {
    AppendString(out, part.language.front(), mode);
  } else {
    out.push_back('(');
    for (std::size_t i = 0; i < part.language.size(); ++i) {
      if (i > 0) out.push_back(' ');
      AppendString(out, part.language[i], mode);
    }
    out.push_back(')');
  }
  out.push_back(' ');
  AppendNString(out, part.location, mode);
}

void AppendPart(std::string& out, const mail::MessagePart& part, TextMode mode, bool extensible) {
  out.push_back('(');
  if (part.IsMultipart()) {
    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    if (part.children.empty()) out += kEmptyBodyPart;
    for (const mail::MessagePart& child : part.children) AppendPart(out, child, mode, extensible);
    out.push_back(' ');
    AppendUpper(out, part.subtype, mode);
    if (extensible) {
      out.push_back(' ');
      AppendParameters(out, part.params, false, mode);
      out.push_back(' ');
      AppendDispositionLanguageLocation(out, part, mode);
    }
    out.push_back(')');
    return;
  }
  const bool is_message = part.IsMessage();
  const bool unparsed_message = !is_message && part.type == "message" &&
                                (part.subtype == "rfc822" || part.subtype == "global");
  const bool is_text = part.type == "text";
  if (unparsed_message) {
    out += "\"APPLICATION\" \"OCTET-STREAM\"";
  } else {
    AppendUpper(out, part.type, mode);
    out.push_back(' ');
    AppendUpper(out, part.subtype, mode);
  }
  // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
  //               body-fld-octets
  out.push_back(' ');
  AppendParameters(out, part.params, is_text, mode);
  out.push_back(' ');
  AppendNString(out, part.content_id, mode);
  out.push_back(' ');
  AppendNString(out, part.description, mode);
  out.push_back(' ');
  if (part.encoding && !part.encoding->empty()) {
    AppendUpper(out, *part.encoding, mode);
  } else {
    out += "\"7BIT\"";
  }
  out.push_back(' ');
  out += std::to_string(part.body_size);
  if (is_message) {
    // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
    out.push_back(' ');
    AppendEnvelope(out, part.envelope.value_or(mail::Envelope{}), mode);
    out.push_back(' ');
    AppendPart(out, part.children.front(), mode, extensible);
    out.push_back(' ');
    out += std::to_string(part.body_lines);
  } else if (is_text) {
    // body-type-text = media-text SP body-fields SP body-fld-lines
    out.push_back(' ');
    out += std::to_string(part.body_lines);
  }
  if (extensible) {
    // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
    out.push_back(' ');
    AppendNString(out, part.md5, mode);
    out.push_back(' ');
    AppendDispositionLanguageLocation(out, part, mode);
  }
  out.push_back(')');
}

}  // namespace

void AppendBodyStructure(std::string& out, const mail::MessagePart& part, TextMode mode) {
  AppendPart(out, part, mode, true);
}

void AppendBody(std::string& out, const mail::MessagePart& part, TextMode mode) {
  AppendPart(out, part, mode, false);
}

}  // namespace tern::imap::response
