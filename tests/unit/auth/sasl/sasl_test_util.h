#pragma once
// Helpers for the SASL mechanism tests: readable failure messages for Steps.

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "auth/sasl/mechanism.h"

namespace tern::auth::sasl {

inline std::string Describe(const Step& step) {
  struct V {
    std::string operator()(const Challenge& c) const { return "Challenge{" + c.data + "}"; }
    std::string operator()(const NeedPassword& p) const {
      return "NeedPassword{" + p.authzid + "," + p.authcid + "," + p.password + "}";
    }
    std::string operator()(const NeedScramCredentials& n) const {
      return "NeedScramCredentials{" + n.authzid + "," + n.authcid + "}";
    }
    std::string operator()(const Success& s) const {
      return "Success{" + s.authzid + "," + s.authcid + "," + s.server_final + "}";
    }
    std::string operator()(const Failure& f) const {
      return "Failure{" + f.error.ToLogString() + "," + f.server_error + "}";
    }
  };
  return std::visit(V{}, step);
}

// Usage: const auto& c = STEP_AS(step, Challenge); — fails the test (returning) otherwise.
#define STEP_AS(step, Type)                                                  \
  ([&]() -> const Type& {                                                    \
    EXPECT_TRUE(std::holds_alternative<Type>(step))                          \
        << "expected " #Type ", got " << ::tern::auth::sasl::Describe(step); \
    static const Type kEmpty{};                                              \
    const Type* step_as_ptr_ = std::get_if<Type>(&(step));                   \
    return step_as_ptr_ ? *step_as_ptr_ : kEmpty;                            \
  }())

inline bool IsFailure(const Step& s, ErrorCode code) {
  const auto* f = std::get_if<Failure>(&s);
  return f != nullptr && f->error.code == code;
}

}  // namespace tern::auth::sasl
