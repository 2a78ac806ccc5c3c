// libFuzzer target for the SASL server mechanisms (STYLE habit 14) and the base64 codec.
//
// Input: byte 0 picks the mechanism (low 3 bits, mod 5) and flags; the rest is split at
// '\n' into client responses: the first is the initial response when flag kInitial is set,
// and with flag kBase64 each response goes through DecodeContinuation first (so the codec
// and "*" cancellation are exercised too).
//
// Invariants checked (a violation aborts, which libFuzzer reports as a crash):
//   - every exchange ends in one Success or Failure, within a bounded number of steps, and
//     IsDone holds exactly then; afterwards every call is a kInternal Failure;
//   - PLAIN/LOGIN never succeed unless the harness confirmed the password (it does so only
//     for user "user" with password "secret"), and then for that user;
//   - SCRAM never succeeds: the stored keys are random per process, so a client cannot
//     produce a verifying proof without inverting SHA-256 (or for unknown accounts, when the
//     harness answers with no credentials);
//   - EXTERNAL succeeds only as the certificate identity, when the authzid sent was empty or
//     equal to it; ANONYMOUS only with a trace of at most 255 UTF-8 characters;
//   - every Failure has a public text, and SCRAM's server_error is empty or "e=...";
//   - base64: whatever decodes re-encodes to the same text; Encode then Decode is identity;
//   - ParseScram on the whole input: whatever parses formats back to the same text.

#include <openssl/rand.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/sasl/anonymous.h"
#include "auth/sasl/client_response.h"
#include "auth/sasl/external.h"
#include "auth/sasl/factory.h"
#include "auth/sasl/login.h"
#include "auth/sasl/plain.h"
#include "auth/sasl/scram_credentials.h"
#include "auth/sasl/scram_sha256.h"
#include "base/base64.h"

namespace {

using namespace tern::auth::sasl;  // NOLINT(google-build-using-namespace): fuzz harness

void Check(bool ok) {
  if (!ok) std::abort();
}

constexpr uint8_t kInitial = 0x08;
constexpr uint8_t kBase64 = 0x10;
constexpr uint8_t kNoCredentials = 0x20;
constexpr std::string_view kIdentity = "alice@example.org";

// Keys derived from a random password and salt: unknowable to the fuzzer.
const ScramCredentials& RandomCredentials() {
  static const ScramCredentials c = [] {
    unsigned char password[32];
    Check(RAND_bytes(password, sizeof password) == 1);
    auto derived = DeriveScramSha256(
        std::string_view(reinterpret_cast<const char*>(password), sizeof password), 1);
    Check(derived.has_value() && derived->IsValid());
    return *derived;
  }();
  return c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

void CheckBase64(std::string_view text) {
  auto d = tern::base64::Decode(text);
  if (d) Check(tern::base64::Encode(*d) == text);
  auto e = tern::base64::Encode(text);
  Check(e.size() == tern::base64::EncodedSize(text.size()));
  auto back = tern::base64::Decode(e);
  Check(back.has_value() && *back == text);
}

void CheckFailure(const Failure& f) {
  Check(!f.error.public_text.empty());
  Check(f.server_error.empty() || f.server_error.rfind("e=", 0) == 0);
}

void RunExchange(uint8_t selector, const std::vector<std::string_view>& lines) {
  const int which = (selector & 0x07) % 5;
  MechanismContext context;
  context.external_identity = std::string(kIdentity);
  context.allow_anonymous = true;
  static constexpr std::string_view kNames[] = {"PLAIN", "LOGIN", "SCRAM-SHA-256", "EXTERNAL",
                                                "ANONYMOUS"};
  auto mech = MakeMechanism(kNames[which], context);
  Check(mech != nullptr);

  size_t next_line = 0;
  // The next client response; false when the input is used up or the client cancelled.
  auto next_response = [&](std::string* out) -> bool {
    if (next_line >= lines.size()) return false;
    std::string_view line = lines[next_line++];
    if (selector & kBase64) {
      auto r = DecodeContinuation(line);
      if (!r || r->cancelled) return false;
      *out = std::move(r->data);
    } else {
      *out = std::string(line);
    }
    return true;
  };

  std::string last_response;
  bool password_confirmed = false;
  Step step;
  if (selector & kInitial) {
    if (!next_response(&last_response)) return;
    step = mech->Start(last_response);
  } else {
    step = mech->Start(std::nullopt);
  }

  for (int steps = 0;; ++steps) {
    Check(steps < 16);  // every mechanism ends within a few round trips
    if (auto* c = std::get_if<Challenge>(&step)) {
      Check(!mech->IsDone());
      if (which == 2 && !c->data.empty()) Check(c->data.rfind("r=", 0) == 0);
      if (!next_response(&last_response)) return;
      step = mech->Next(last_response);
    } else if (auto* p = std::get_if<NeedPassword>(&step)) {
      Check(which == 0 || which == 1);
      Check(!mech->IsDone());
      password_confirmed = p->authcid == "user" && p->password == "secret";
      step = mech->PasswordChecked(password_confirmed);
    } else if (auto* n = std::get_if<NeedScramCredentials>(&step)) {
      Check(which == 2);
      Check(!n->authcid.empty() && !n->authzid.empty());
      if (selector & kNoCredentials) {
        step = mech->ProvideCredentials(std::nullopt);
      } else {
        step = mech->ProvideCredentials(RandomCredentials());
      }
    } else if (auto* s = std::get_if<Success>(&step)) {
      Check(mech->IsDone());
      switch (which) {
        case 0:
        case 1:
          Check(password_confirmed && s->authcid == "user");
          break;
        case 2:
          Check(false);  // a proof against random keys can never verify
          break;
        case 3:
          Check(s->authcid == kIdentity);
          Check(last_response.empty() || EqualsIgnoreCase(last_response, kIdentity));
          break;
        default:
          Check(s->anonymous && s->trace == last_response && s->trace.size() <= 255 * 4);
          break;
      }
      break;
    } else {
      Check(mech->IsDone());
      CheckFailure(std::get<Failure>(step));
      break;
    }
  }
  // Finished: nothing more is accepted.
  Step after = mech->Next("x");
  auto* f = std::get_if<Failure>(&after);
  Check(f != nullptr && f->error.code == tern::ErrorCode::kInternal);
  Check(std::holds_alternative<Failure>(mech->PasswordChecked(true)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseScram(input);
  if (parsed) Check(FormatScram(*parsed) == input);
  if (input.empty()) return 0;

  const auto selector = static_cast<uint8_t>(input[0]);
  std::string_view rest = input.substr(1);
  std::vector<std::string_view> lines;
  for (size_t start = 0;;) {
    size_t nl = rest.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(rest.substr(start));
      break;
    }
    lines.push_back(rest.substr(start, nl - start));
    start = nl + 1;
  }
  for (auto line : lines) CheckBase64(line);
  RunExchange(selector, lines);
  return 0;
}
