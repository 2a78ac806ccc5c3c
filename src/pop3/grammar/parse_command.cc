#include "pop3/grammar/parse_command.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "pop3/grammar/syntax.h"

namespace tern::pop3::grammar {
namespace {

enum class Keyword {
  kUser,
  kPass,
  kApop,
  kStat,
  kList,
  kRetr,
  kDele,
  kNoop,
  kRset,
  kQuit,
  kTop,
  kUidl,
  kCapa,
  kStls,
  kAuth,
  kUtf8,
  kLang,
};

struct KeywordName {
  std::string_view name;
  Keyword keyword;
};

constexpr std::array<KeywordName, 17> kKeywords{{
    {"USER", Keyword::kUser},
    {"PASS", Keyword::kPass},
    {"APOP", Keyword::kApop},
    {"STAT", Keyword::kStat},
    {"LIST", Keyword::kList},
    {"RETR", Keyword::kRetr},
    {"DELE", Keyword::kDele},
    {"NOOP", Keyword::kNoop},
    {"RSET", Keyword::kRset},
    {"QUIT", Keyword::kQuit},
    {"TOP", Keyword::kTop},
    {"UIDL", Keyword::kUidl},
    {"CAPA", Keyword::kCapa},
    {"STLS", Keyword::kStls},
    {"AUTH", Keyword::kAuth},
    {"UTF8", Keyword::kUtf8},
    {"LANG", Keyword::kLang},
}};

std::optional<Keyword> LookUpKeyword(std::string_view word) {
  for (const KeywordName& k : kKeywords) {
    if (EqualsIgnoreCase(word, k.name)) return k.keyword;
  }
  return std::nullopt;
}

tl::unexpected<Error> Bad(std::string text) {
  return Fail(ErrorCode::kInvalidArgument, std::move(text));
}

tl::unexpected<Error> Usage(std::string_view usage) {
  return Bad("syntax error: " + std::string(usage));
}

// The params after the keyword, split on runs of SP (see the quirk in parse_command.h).
std::vector<std::string_view> SplitParams(std::string_view rest) {
  std::vector<std::string_view> params;
  std::size_t pos = 0;
  while (pos < rest.size()) {
    if (rest[pos] == ' ') {
      ++pos;
      continue;
    }
    std::size_t end = std::min(rest.find(' ', pos), rest.size());
    params.push_back(rest.substr(pos, end - pos));
    pos = end;
  }
  return params;
}

// param = 1*VCHAR (RFC 2449 3), widened to well-formed UTF-8 where RFC 6856 2.2 allows.
bool IsParam(std::string_view s, bool allow_utf8) {
  if (s.empty()) return false;
  bool ascii = true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
    } else if (!IsVchar(c)) {
      return false;
    }
  }
  return ascii || (allow_utf8 && IsValidUtf8(s));
}

// Text of a password: RFC 1939 allows spaces in it; control octets other than HT are
// never part of a password anyone can type and are refused so they cannot reach a
// password hash or a log. Non-ASCII as for IsParam.
bool IsPasswordText(std::string_view s, bool allow_utf8) {
  if (s.empty()) return false;
  bool ascii = true;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      ascii = false;
    } else if ((u < 0x20 && c != '\t') || u == 0x7f) {
      return false;
    }
  }
  return ascii || (allow_utf8 && IsValidUtf8(s));
}

Result<std::uint32_t> MessageNumber(std::string_view s) {
  auto n = ParseDecimal(s, kMaxMessageNumber);
  if (!n || *n == 0) return Bad("invalid message number");
  return *n;
}

using Params = std::vector<std::string_view>;

Result<Command> NoParams(const Params& params, Command command, std::string_view usage) {
  if (!params.empty()) return Usage(usage);
  return command;
}

// LIST [msg] and UIDL [msg].
template <typename T>
Result<Command> OptionalMessage(const Params& params, std::string_view usage) {
  if (params.size() > 1) return Usage(usage);
  T command;
  if (params.size() == 1) {
    auto n = MessageNumber(params[0]);
    if (!n) return Fail(std::move(n).error());
    command.msg = *n;
  }
  return command;
}

// RETR msg and DELE msg.
template <typename T>
Result<Command> OneMessage(const Params& params, std::string_view usage) {
  if (params.size() != 1) return Usage(usage);
  auto n = MessageNumber(params[0]);
  if (!n) return Fail(std::move(n).error());
  T command;
  command.msg = *n;
  return command;
}

Result<Command> ParseTop(const Params& params) {
  if (params.size() != 2) return Usage("TOP msg n");
  auto msg = MessageNumber(params[0]);
  if (!msg) return Fail(std::move(msg).error());
  auto lines = ParseDecimal(params[1], kMaxTopLines);
  if (!lines) return Bad("invalid number of lines");
  return Top{*msg, *lines};
}

Result<Command> ParseUser(const Params& params, const ParseOptions& options) {
  if (params.size() != 1) return Usage("USER name");
  if (!IsParam(params[0], options.utf8_credentials)) return Bad("invalid user name");
  return User{std::string(params[0])};
}

// RFC 1939 7: "PASS string"; the argument is everything after the single SP.
Result<Command> ParsePass(std::optional<std::string_view> rest, const ParseOptions& options) {
  if (!rest || rest->empty()) return Usage("PASS password");
  if (!IsPasswordText(*rest, options.utf8_credentials)) return Bad("invalid password");
  return Pass{std::string(*rest)};
}

Result<Command> ParseApop(const Params& params, const ParseOptions& options) {
  if (params.size() != 2) return Usage("APOP name digest");
  if (!IsParam(params[0], options.utf8_credentials)) return Bad("invalid user name");
  const std::string_view digest = params[1];
  if (digest.size() != kApopDigestLength ||
      !std::all_of(digest.begin(), digest.end(), IsHexDigit)) {
    return Bad("invalid APOP digest");
  }
  return Apop{std::string(params[0]), std::string(digest)};
}

// RFC 4422 3.1: sasl-mech = 1*20mech-char; mech-char = UPPER-ALPHA / DIGIT / HYPHEN /
// UNDERSCORE. Lower case is folded: clients send "auth plain".
bool IsMechanismName(std::string_view s) {
  if (s.empty() || s.size() > kMaxSaslMechanismLength) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlpha(c) || IsDigit(c) || c == '-' || c == '_'; });
}

Result<Command> ParseAuth(const Params& params) {
  if (params.size() > 2) return Usage("AUTH [mechanism [initial-response]]");
  Auth auth;
  if (params.empty()) return auth;  // the list-mechanisms quirk (command.h)
  if (!IsMechanismName(params[0])) return Bad("invalid SASL mechanism name");
  auth.mechanism = ToUpperAscii(params[0]);
  if (params.size() == 2) {
    // RFC 5034 4: "If the initial response ... is zero-length, the client MUST transmit
    // the response as a single equals sign".
    if (params[1] == "=") {
      auth.initial_response = std::string();
    } else if (IsBase64(params[1])) {
      auth.initial_response = std::string(params[1]);
    } else {
      return Bad("invalid base64 in initial response");
    }
  }
  return auth;
}

// RFC 4647 2.1: language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"
bool IsLanguageRange(std::string_view s) {
  if (s == "*") return true;
  if (s.empty() || s.size() > kMaxLanguageRangeLength) return false;
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    std::size_t end = std::min(s.find('-', pos), s.size());
    std::string_view part = s.substr(pos, end - pos);
    if (part.empty() || part.size() > 8) return false;
    for (char c : part) {
      if (!IsAlpha(c) && (first || !IsDigit(c))) return false;
    }
    first = false;
    if (end == s.size()) return true;
    pos = end + 1;
  }
}

Result<Command> ParseLang(const Params& params) {
  if (params.size() > 1) return Usage("LANG [language]");
  Lang lang;
  if (params.size() == 1) {
    if (!IsLanguageRange(params[0])) return Bad("invalid language range");
    lang.language = std::string(params[0]);
  }
  return lang;
}

std::size_t LineLimit(std::optional<Keyword> keyword, const ParseOptions& options) {
  if (keyword == Keyword::kAuth) return std::max(options.max_line_length, kMaxAuthLineLength);
  return options.max_line_length;
}

}  // namespace

Result<Command> ParseCommand(std::string_view line, const ParseOptions& options) {
  const std::size_t sp = line.find(' ');
  const std::string_view word = line.substr(0, sp);
  const std::optional<Keyword> keyword = LookUpKeyword(word);
  // + 2 for the CRLF the caller stripped: RFC 2449 4's limit includes it.
  if (line.size() + 2 > LineLimit(keyword, options)) {
    return Fail(ErrorCode::kTooLarge, "line too long");
  }
  if (!keyword) return Bad("unknown command");
  std::optional<std::string_view> rest;
  if (sp != std::string_view::npos) rest = line.substr(sp + 1);
  if (*keyword == Keyword::kPass) return ParsePass(rest, options);
  const Params params = SplitParams(rest.value_or(std::string_view()));
  switch (*keyword) {
    case Keyword::kUser:
      return ParseUser(params, options);
    case Keyword::kPass:
      break;  // handled above: its argument is not split
    case Keyword::kApop:
      return ParseApop(params, options);
    case Keyword::kStat:
      return NoParams(params, Stat{}, "STAT");
    case Keyword::kList:
      return OptionalMessage<List>(params, "LIST [msg]");
    case Keyword::kRetr:
      return OneMessage<Retr>(params, "RETR msg");
    case Keyword::kDele:
      return OneMessage<Dele>(params, "DELE msg");
    case Keyword::kNoop:
      return NoParams(params, Noop{}, "NOOP");
    case Keyword::kRset:
      return NoParams(params, Rset{}, "RSET");
    case Keyword::kQuit:
      return NoParams(params, Quit{}, "QUIT");
    case Keyword::kTop:
      return ParseTop(params);
    case Keyword::kUidl:
      return OptionalMessage<Uidl>(params, "UIDL [msg]");
    case Keyword::kCapa:
      return NoParams(params, Capa{}, "CAPA");
    case Keyword::kStls:
      return NoParams(params, Stls{}, "STLS");
    case Keyword::kAuth:
      return ParseAuth(params);
    case Keyword::kUtf8:
      return NoParams(params, Utf8{}, "UTF8");
    case Keyword::kLang:
      return ParseLang(params);
  }
  return Bad("unknown command");
}

std::string RedactForLog(std::string_view line) {
  const std::size_t sp = line.find(' ');
  const std::optional<Keyword> keyword = LookUpKeyword(line.substr(0, sp));
  std::string_view shown = line;
  bool redacted = false;
  if (sp != std::string_view::npos && keyword == Keyword::kPass) {
    shown = line.substr(0, sp + 1);
    redacted = true;
  } else if (sp != std::string_view::npos && keyword == Keyword::kAuth) {
    // Keep "AUTH mechanism", hide what follows it.
    const std::size_t mech = line.find_first_not_of(' ', sp);
    const std::size_t after = mech == std::string_view::npos ? mech : line.find(' ', mech);
    if (after != std::string_view::npos &&
        line.find_first_not_of(' ', after) != std::string_view::npos) {
      shown = line.substr(0, after + 1);
      redacted = true;
    }
  }
  const bool cut = shown.size() > kMaxCommandLineLength;
  if (cut) shown = shown.substr(0, kMaxCommandLineLength);
  std::string out;
  out.reserve(shown.size() + 12);
  for (char c : shown) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  if (redacted) out += "<redacted>";
  if (cut) out += "...";
  return out;
}

}  // namespace tern::pop3::grammar
