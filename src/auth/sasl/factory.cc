#include "auth/sasl/factory.h"

#include <array>

#include "auth/sasl/anonymous.h"
#include "auth/sasl/external.h"
#include "auth/sasl/login.h"
#include "auth/sasl/plain.h"
#include "auth/sasl/scram_sha256.h"
#include "auth/sasl/text.h"

namespace tern::auth::sasl {
namespace {

constexpr std::array<MechanismInfo, 5> kMechanisms{{
    {"EXTERNAL", false},
    {"SCRAM-SHA-256", false},
    {"PLAIN", true},
    {"LOGIN", true},
    {"ANONYMOUS", false},
}};

bool IsAvailable(const MechanismInfo& info, const MechanismContext& context) {
  if (info.plaintext_password && !context.allow_plaintext) return false;
  if (info.name == "EXTERNAL") {
    return context.external_identity.has_value() && !context.external_identity->empty();
  }
  if (info.name == "ANONYMOUS") return context.allow_anonymous;
  return true;
}

}  // namespace

std::span<const MechanismInfo> KnownMechanisms() { return kMechanisms; }

const MechanismInfo* FindMechanism(std::string_view name) {
  for (const auto& info : kMechanisms) {
    if (EqualsIgnoreAsciiCase(info.name, name)) return &info;
  }
  return nullptr;
}

std::vector<std::string_view> AvailableMechanisms(const MechanismContext& context) {
  std::vector<std::string_view> names;
  for (const auto& info : kMechanisms) {
    if (IsAvailable(info, context)) names.push_back(info.name);
  }
  return names;
}

std::unique_ptr<ServerMechanism> MakeMechanism(std::string_view name,
                                               const MechanismContext& context) {
  const MechanismInfo* info = FindMechanism(name);
  if (info == nullptr || !IsAvailable(*info, context)) return nullptr;
  if (info->name == "EXTERNAL")
    return std::make_unique<ExternalMechanism>(*context.external_identity);
  if (info->name == "SCRAM-SHA-256") return std::make_unique<ScramSha256Mechanism>();
  if (info->name == "PLAIN") return std::make_unique<PlainMechanism>();
  if (info->name == "LOGIN") return std::make_unique<LoginMechanism>();
  if (info->name == "ANONYMOUS") return std::make_unique<AnonymousMechanism>();
  return nullptr;
}

}  // namespace tern::auth::sasl
