#include "smtp/grammar/parse_command.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "smtp/grammar/path.h"
#include "smtp/grammar/reply_error.h"
#include "smtp/grammar/syntax.h"

namespace tern::smtp::grammar {
namespace {

enum class Verb {
  kHelo,
  kEhlo,
  kLhlo,
  kMail,
  kRcpt,
  kData,
  kBdat,
  kRset,
  kNoop,
  kQuit,
  kVrfy,
  kExpn,
  kHelp,
  kStartTls,
  kAuth,
};

struct VerbName {
  std::string_view name;
  Verb verb;
};

constexpr std::array<VerbName, 15> kVerbs{{
    {"HELO", Verb::kHelo},
    {"EHLO", Verb::kEhlo},
    {"LHLO", Verb::kLhlo},
    {"MAIL", Verb::kMail},
    {"RCPT", Verb::kRcpt},
    {"DATA", Verb::kData},
    {"BDAT", Verb::kBdat},
    {"RSET", Verb::kRset},
    {"NOOP", Verb::kNoop},
    {"QUIT", Verb::kQuit},
    {"VRFY", Verb::kVrfy},
    {"EXPN", Verb::kExpn},
    {"HELP", Verb::kHelp},
    {"STARTTLS", Verb::kStartTls},
    {"AUTH", Verb::kAuth},
}};

std::optional<Verb> LookUpVerb(std::string_view word) {
  for (const VerbName& v : kVerbs) {
    if (EqualsIgnoreCase(word, v.name)) return v.verb;
  }
  return std::nullopt;
}

tl::unexpected<Error> Bad(std::string text) {
  return Fail(syntax_replies::BadArguments(std::move(text)).ToError());
}

// The command's arguments: what follows the verb and its single SP.
struct Args {
  bool present = false;  // there was a SP after the verb (possibly followed by nothing)
  std::string_view text;
};

Result<Command> NoArgs(const Args& args, Command command, std::string_view verb) {
  if (args.present) return Bad(std::string(verb) + " takes no arguments");
  return command;
}

// HELO / EHLO / LHLO: one Domain or address-literal.
template <typename Hello>
Result<Command> ParseHello(const Args& args, std::string_view verb) {
  if (args.text.empty()) return Bad(std::string(verb) + " needs a domain or address literal");
  DomainKind kind = ClassifyDomain(args.text, false);
  if (kind == DomainKind::kNone) return Bad("Invalid domain or address literal");
  return Hello{std::string(args.text), kind};
}

// "FROM:" / "TO:" and the tolerated space after it. Returns the text from the '<' on.
Result<std::pair<std::string_view, bool>> AfterKeyword(const Args& args, std::string_view key,
                                                       AddressRole role) {
  if (!StartsWithIgnoreCase(args.text, key)) {
    return Bad(role == AddressRole::kSender ? "Syntax: MAIL FROM:<address>"
                                            : "Syntax: RCPT TO:<address>");
  }
  std::string_view rest = args.text.substr(key.size());
  bool space = false;
  // Client quirk: "MAIL FROM: <a@b>" (seen from Outlook, older Exchange and scripts).
  // RFC 5321 has no space there; one is tolerated, since refusing it loses real mail.
  if (!rest.empty() && rest[0] == ' ') {
    rest.remove_prefix(1);
    space = true;
  }
  return std::pair{rest, space};
}

// What follows the path: nothing, or SP and the parameters.
Result<std::string_view> ParamsText(std::string_view after_path) {
  if (after_path.empty()) return after_path;
  if (after_path[0] != ' ' || after_path.size() == 1) {
    return Bad("Syntax error after address");
  }
  return after_path.substr(1);
}

Result<Command> ParseMail(const Args& args) {
  auto keyword = AfterKeyword(args, "FROM:", AddressRole::kSender);
  if (!keyword) return Fail(std::move(keyword).error());
  auto [path_text, space] = *keyword;
  // Whether the path may be UTF-8 depends on the SMTPUTF8 parameter that follows it, so
  // find the path's extent first and re-check it once the parameters are known.
  auto path = ParsePath(path_text, AddressRole::kSender, true);
  if (!path) return Fail(std::move(path).error());
  auto params_text = ParamsText(path_text.substr(path->length));
  if (!params_text) return Fail(std::move(params_text).error());
  auto params = ParseMailParams(*params_text);
  if (!params) return Fail(std::move(params).error());
  if (!params->smtputf8) {
    path = ParsePath(path_text, AddressRole::kSender, false);
    if (!path) return Fail(std::move(path).error());
  }
  return Mail{std::move(path->mailbox), std::move(*params), space};
}

Result<Command> ParseRcpt(const Args& args, const ParseOptions& options) {
  auto keyword = AfterKeyword(args, "TO:", AddressRole::kRecipient);
  if (!keyword) return Fail(std::move(keyword).error());
  auto [path_text, space] = *keyword;
  auto path = ParsePath(path_text, AddressRole::kRecipient, options.smtputf8);
  if (!path) return Fail(std::move(path).error());
  auto params_text = ParamsText(path_text.substr(path->length));
  if (!params_text) return Fail(std::move(params_text).error());
  auto params = ParseRcptParams(*params_text, options.smtputf8);
  if (!params) return Fail(std::move(params).error());
  return Rcpt{std::move(*path->mailbox), std::move(*params), space};
}

// bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CR LF
// A chunk size that overflows 64 bits is a 501 like any other bad size. After any BDAT
// syntax error the session cannot know how many octets follow, so it must close the
// connection (RFC 3030 3 leaves this open; desynchronising is worse).
Result<Command> ParseBdat(const Args& args) {
  std::string_view s = args.text;
  auto sp = s.find(' ');
  std::string_view digits = s.substr(0, sp);
  if (digits.empty()) return Bad("Syntax: BDAT size [LAST]");
  Bdat bdat;
  for (char c : digits) {
    if (!IsDigit(c)) return Bad("Bad BDAT chunk size");
    auto d = static_cast<std::uint64_t>(c - '0');
    if (bdat.size > (UINT64_MAX - d) / 10) return Bad("BDAT chunk size too large");
    bdat.size = bdat.size * 10 + d;
  }
  if (sp != std::string_view::npos) {
    if (!EqualsIgnoreCase(s.substr(sp + 1), "LAST")) return Bad("Syntax: BDAT size [LAST]");
    bdat.last = true;
  }
  return bdat;
}

bool IsBase64(std::string_view s) {
  // RFC 4954 4: "MUST reject (and not ignore) any character not explicitly allowed by the
  // BASE64 alphabet, and MUST reject any sequence of BASE64 characters that contains the
  // pad character ('=') anywhere other than the end of the string".
  if (s.empty() || s.size() % 4 != 0) return false;
  std::size_t pads = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      ++pads;
      continue;
    }
    if (pads > 0) return false;
    if (!IsLetDig(c) && c != '+' && c != '/') return false;
  }
  return pads <= 2;
}

// AUTH mechanism [SP initial-response]
//   sasl-mech = 1*20mech-char ; mech-char = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE
Result<Command> ParseAuth(const Args& args) {
  std::string_view s = args.text;
  auto sp = s.find(' ');
  std::string_view mech = s.substr(0, sp);
  if (mech.empty()) return Bad("Syntax: AUTH mechanism [initial-response]");
  bool mech_ok = mech.size() <= kMaxSaslMechanismLength;
  for (char c : mech) mech_ok = mech_ok && (IsLetDig(c) || c == '-' || c == '_');
  // A name no mechanism can have is "not implemented" rather than a syntax error, the
  // reply RFC 4954 4 gives for unknown mechanisms.
  if (!mech_ok) {
    return Fail(
        syntax_replies::ParameterNotImplemented("Unrecognized authentication type").ToError());
  }
  Auth auth;
  // Clients send "auth plain": SASL names are upper case (RFC 4422 3.1) and SMTP
  // arguments are case-insensitive, so fold.
  auth.mechanism = ToUpperAscii(mech);
  if (sp != std::string_view::npos) {
    std::string_view ir = s.substr(sp + 1);
    if (ir == "=") {
      auth.initial_response = std::string();
    } else if (IsBase64(ir)) {
      auth.initial_response = std::string(ir);
    } else {
      return Bad("Invalid base64 in initial response");
    }
  }
  return auth;
}

std::size_t LineLimit(std::optional<Verb> verb, const ParseOptions& options) {
  if (verb == Verb::kMail) return options.max_line_length + kMailParamsAllowance;
  if (verb == Verb::kRcpt) return options.max_line_length + kRcptParamsAllowance;
  if (verb == Verb::kAuth) return std::max(options.max_line_length, kMaxAuthLineLength);
  return options.max_line_length;
}

}  // namespace

Result<Command> ParseCommand(std::string_view line, const ParseOptions& options) {
  auto sp = line.find(' ');
  std::string_view word = line.substr(0, sp);
  std::optional<Verb> verb = LookUpVerb(word);
  // + 2 for the CRLF the caller stripped: the RFC's limits include it.
  if (line.size() + 2 > LineLimit(verb, options)) {
    return Fail(syntax_replies::LineTooLong().ToError("command line too long", true));
  }
  if (!verb) return Fail(syntax_replies::CommandUnrecognized().ToError());
  Args args;
  if (sp != std::string_view::npos) {
    args.present = true;
    args.text = line.substr(sp + 1);
  }
  switch (*verb) {
    case Verb::kHelo:
      return ParseHello<Helo>(args, "HELO");
    case Verb::kEhlo:
      return ParseHello<Ehlo>(args, "EHLO");
    case Verb::kLhlo:
      return ParseHello<Lhlo>(args, "LHLO");
    case Verb::kMail:
      return ParseMail(args);
    case Verb::kRcpt:
      return ParseRcpt(args, options);
    case Verb::kData:
      return NoArgs(args, Data{}, "DATA");
    case Verb::kBdat:
      return ParseBdat(args);
    case Verb::kRset:
      return NoArgs(args, Rset{}, "RSET");
    case Verb::kQuit:
      return NoArgs(args, Quit{}, "QUIT");
    case Verb::kStartTls:
      return NoArgs(args, StartTls{}, "STARTTLS");
    case Verb::kAuth:
      return ParseAuth(args);
    case Verb::kNoop:
      if (args.present && (args.text.empty() || !IsPrintableText(args.text, options.smtputf8))) {
        return Bad("Bad NOOP argument");
      }
      return Noop{};
    case Verb::kHelp:
      if (args.present && (args.text.empty() || !IsPrintableText(args.text, options.smtputf8))) {
        return Bad("Bad HELP argument");
      }
      return Help{std::string(args.text)};
    case Verb::kVrfy:
    case Verb::kExpn: {
      if (args.text.empty() || !IsPrintableText(args.text, options.smtputf8)) {
        return Bad(*verb == Verb::kVrfy ? "Syntax: VRFY string" : "Syntax: EXPN string");
      }
      if (*verb == Verb::kVrfy) return Vrfy{std::string(args.text)};
      return Expn{std::string(args.text)};
    }
  }
  return Fail(syntax_replies::CommandUnrecognized().ToError());
}

}  // namespace tern::smtp::grammar
