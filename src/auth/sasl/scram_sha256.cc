#include "auth/sasl/scram_sha256.h"

#include <utility>
#include <vector>

#include "auth/sasl/scram_crypto.h"
#include "auth/sasl/text.h"
#include "base/base64.h"
#include "base/utf8.h"

namespace tern::auth::sasl {
namespace {

constexpr std::string_view kMalformed = "malformed SCRAM message";

// Splits on ',' keeping empty fields (they are errors the callers see).
std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
}

bool IsAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// attr-val = ALPHA "=" value; value = 1*value-char (UTF-8 except NUL and ",").
bool IsAttrVal(std::string_view field) {
  return field.size() >= 3 && IsAlpha(field[0]) && field[1] == '=' &&
         field.find('\0') == std::string_view::npos && IsValidUtf8(field.substr(2));
}

// printable = %x21-2B / %x2D-7E
bool IsPrintableNonce(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x21 || c > 0x7E || c == ',') return false;
  }
  return true;
}

// saslname = 1*(value-safe-char / "=2C" / "=3D"); decoded, UTF-8 without NUL.
std::optional<std::string> DecodeSaslname(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      std::string_view esc = s.substr(i + 1, 2);
      if (esc == "2C") {
        out.push_back(',');
      } else if (esc == "3D") {
        out.push_back('=');
      } else {
        return std::nullopt;
      }
      i += 2;
    } else if (c == '\0' || c == ',') {
      return std::nullopt;
    } else {
      out.push_back(c);
    }
  }
  if (out.size() > 255 || !IsValidUtf8(out)) return std::nullopt;
  return out;
}

// A per-process secret for fake salts (unknown accounts); stable for the process so the
// same name always gets the same salt.
const std::string& FakeSaltSecret() {
  static const std::string secret = [] {
    std::string s = RandomBytes(32);
    return s.empty() ? std::string(32, 'x') : s;
  }();
  return secret;
}

}  // namespace

std::unique_ptr<ScramSha256Mechanism> ScramSha256Mechanism::WithFixedNonceForTesting(
    std::string server_nonce) {
  auto m = std::make_unique<ScramSha256Mechanism>();
  m->fixed_nonce_ = std::move(server_nonce);
  return m;
}

Step ScramSha256Mechanism::Malformed(std::string detail, std::string_view error) {
  state_ = State::kDone;
  return Reject(ErrorCode::kInvalidArgument, std::string(kMalformed), std::move(detail),
                "e=" + std::string(error));
}

Step ScramSha256Mechanism::DoStart(std::optional<std::string_view> initial_response) {
  // SCRAM is client-first: without an initial response, an empty challenge asks for it.
  if (!initial_response) return Challenge{};
  return ClientFirst(*initial_response);
}

Step ScramSha256Mechanism::DoNext(std::string_view client_response) {
  switch (state_) {
    case State::kAwaitingClientFirst:
      return ClientFirst(client_response);
    case State::kAwaitingClientFinal:
      return ClientFinal(client_response);
    default:
      state_ = State::kDone;
      return OutOfSequence("Next");
  }
}

Step ScramSha256Mechanism::ClientFirst(std::string_view message) {
  if (message.size() > kMaxScramMessageBytes) return Malformed("client-first too long");
  // gs2-header = gs2-cbind-flag "," [ authzid ] ","
  if (message.size() < 2) return Malformed("client-first too short");
  if (message[0] == 'p') {
    state_ = State::kDone;
    return Reject(ErrorCode::kInvalidArgument, "channel binding is not supported",
                  "client requires channel binding (p=)", "e=channel-binding-not-supported");
  }
  if ((message[0] != 'n' && message[0] != 'y') || message[1] != ',') {
    return Malformed("bad gs2-cbind-flag");
  }
  size_t end_of_authzid = message.find(',', 2);
  if (end_of_authzid == std::string_view::npos) return Malformed("gs2-header not terminated");
  std::string_view authzid_field = message.substr(2, end_of_authzid - 2);
  if (!authzid_field.empty()) {
    if (authzid_field.substr(0, 2) != "a=") return Malformed("bad gs2 authzid");
    auto authzid = DecodeSaslname(authzid_field.substr(2));
    if (!authzid) return Malformed("bad authzid encoding", "invalid-username-encoding");
    authzid_ = std::move(*authzid);
  }
  gs2_header_ = std::string(message.substr(0, end_of_authzid + 1));
  client_first_bare_ = std::string(message.substr(end_of_authzid + 1));

  // client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
  auto fields = SplitCommas(client_first_bare_);
  if (fields[0].substr(0, 2) == "m=") {
    state_ = State::kDone;
    return Reject(ErrorCode::kInvalidArgument, "SCRAM extensions are not supported",
                  "mandatory extension m=", "e=extensions-not-supported");
  }
  if (fields.size() < 2) return Malformed("client-first-bare needs n= and r=");
  if (fields[0].substr(0, 2) != "n=") return Malformed("missing n=");
  auto authcid = DecodeSaslname(fields[0].substr(2));
  if (!authcid) return Malformed("bad username encoding", "invalid-username-encoding");
  if (fields[1].substr(0, 2) != "r=") return Malformed("missing r=");
  std::string_view nonce = fields[1].substr(2);
  if (!IsPrintableNonce(nonce) || nonce.size() > kMaxScramNonceBytes) {
    return Malformed("bad client nonce");
  }
  for (size_t i = 2; i < fields.size(); ++i) {
    if (!IsAttrVal(fields[i])) return Malformed("bad extension attribute");
  }
  authcid_ = std::move(*authcid);
  if (authzid_.empty()) authzid_ = authcid_;
  nonce_ = std::string(nonce);
  state_ = State::kAwaitingCredentials;
  return NeedScramCredentials{authzid_, authcid_};
}

Step ScramSha256Mechanism::DoProvideCredentials(std::optional<ScramCredentials> credentials) {
  if (state_ != State::kAwaitingCredentials) {
    state_ = State::kDone;
    return OutOfSequence("ProvideCredentials");
  }
  if (credentials && credentials->IsValid()) {
    credentials_ = std::move(*credentials);
  } else {
    // Unknown account (or unusable stored keys: the session logs those). Go on with a salt
    // that is stable for the name and keys that can never verify.
    fake_ = true;
    credentials_.salt = HmacSha256(FakeSaltSecret(), authcid_).substr(0, kScramSaltBytes);
    credentials_.iterations = kScramDefaultIterations;
    credentials_.stored_key = std::string(kScramKeyBytes, '\0');
    credentials_.server_key = std::string(kScramKeyBytes, '\0');
  }
  std::string server_nonce = fixed_nonce_;
  if (server_nonce.empty()) {
    // 18 random bytes -> 24 base64 characters, all within "printable" (no ',').
    std::string random = RandomBytes(18);
    if (random.empty()) {
      state_ = State::kDone;
      return Reject(ErrorCode::kInternal, "internal error", "RAND_bytes failed", "e=no-resources");
    }
    server_nonce = base64::Encode(random);
  }
  nonce_ += server_nonce;
  server_first_ = "r=" + nonce_ + ",s=" + base64::Encode(credentials_.salt) +
                  ",i=" + std::to_string(credentials_.iterations);
  state_ = State::kAwaitingClientFinal;
  return Challenge{server_first_};
}

Step ScramSha256Mechanism::ClientFinal(std::string_view message) {
  state_ = State::kDone;
  if (message.size() > kMaxScramMessageBytes) return Malformed("client-final too long");
  // client-final-message = client-final-message-without-proof "," proof
  size_t proof_at = message.rfind(",p=");
  if (proof_at == std::string_view::npos) return Malformed("missing proof");
  std::string_view without_proof = message.substr(0, proof_at);
  std::string_view proof_b64 = message.substr(proof_at + 3);

  // client-final-message-without-proof = channel-binding "," nonce ["," extensions]
  auto fields = SplitCommas(without_proof);
  if (fields.size() < 2 || fields[0].substr(0, 2) != "c=" || fields[1].substr(0, 2) != "r=") {
    return Malformed("client-final needs c= then r=");
  }
  for (size_t i = 2; i < fields.size(); ++i) {
    if (!IsAttrVal(fields[i])) return Malformed("bad extension attribute");
  }
  auto cbind = base64::Decode(fields[0].substr(2));
  if (!cbind) return Malformed("c= is not base64");
  if (*cbind != gs2_header_) {
    return Reject(ErrorCode::kInvalidArgument, "channel binding mismatch",
                  "c= does not match the gs2 header", "e=channel-bindings-dont-match");
  }
  if (fields[1].substr(2) != nonce_) {
    return Reject(ErrorCode::kInvalidArgument, std::string(kMalformed), "nonce mismatch",
                  "e=other-error");
  }
  auto proof = base64::Decode(proof_b64);
  if (!proof) return Malformed("p= is not base64");
  if (proof->size() != kScramKeyBytes) {
    return Reject(ErrorCode::kAuthFailed, "authentication failed", "proof of wrong size",
                  "e=invalid-proof");
  }

  // AuthMessage = client-first-message-bare + "," + server-first-message + "," +
  //               client-final-message-without-proof
  std::string auth_message = client_first_bare_;
  auth_message += ',';
  auth_message += server_first_;
  auth_message += ',';
  auth_message += without_proof;

  // ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); verify H(ClientKey) == StoredKey.
  std::string client_key = HmacSha256(credentials_.stored_key, auth_message);
  if (client_key.size() != kScramKeyBytes) {
    return Reject(ErrorCode::kInternal, "internal error", "HMAC failed", "e=other-error");
  }
  for (size_t i = 0; i < kScramKeyBytes; ++i) {
    client_key[i] = static_cast<char>(client_key[i] ^ (*proof)[i]);
  }
  const bool verified = ConstantTimeEquals(Sha256(client_key), credentials_.stored_key);
  if (!verified || fake_) {
    return Reject(ErrorCode::kAuthFailed, "authentication failed",
                  fake_ ? "unknown account or no SCRAM keys" : "invalid proof", "e=invalid-proof");
  }
  std::string server_signature = HmacSha256(credentials_.server_key, auth_message);
  return Finish(Success{authzid_, authcid_, "v=" + base64::Encode(server_signature), false, {}});
}

}  // namespace tern::auth::sasl
