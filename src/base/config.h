#pragma once
// The configuration: one TOML file whose keys are the dotted names administrators of
// the classic servers know (`service.imap.port`, `service.pop.banner`, ...).
// Every key is declared once in the registry (config_keys.cc) with its type, default,
// range and one-line description; nothing reads a key that is not declared there.

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tern::config {

enum class Type { kBool, kInt, kString };

struct KeySpec {
  std::string_view key;
  Type type;
  std::string_view default_value;  // as written in TOML (strings unquoted)
  std::string_view description;    // one line, shown by `config list`
  int64_t min = 0;                 // kInt only
  int64_t max = 0;                 // kInt only
  std::string_view choices = {};   // kString only: "a|b|c" restricts the value
};

// Every key Tern knows, in the order `config list` and `config init` show them.
std::span<const KeySpec> Keys();
const KeySpec* FindKey(std::string_view key);

// Checks `text` (as a user typed it on the command line) against `spec` and returns it
// normalised ("on" → "true", "0x10" is refused). The error names the key.
Result<std::string> NormaliseValue(const KeySpec& spec, std::string_view text);

// An immutable, validated snapshot of the configuration. Cheap to copy.
class Config {
 public:
  // Every key at its default.
  static Config Defaults();
  // Parses and validates the file: unknown keys, wrong types and out-of-range values
  // are errors naming the key (and the line).
  static Result<Config> Load(const std::filesystem::path& path);
  static Result<Config> Parse(std::string_view toml_text, std::string_view source_name);

  // Precondition: `key` is declared with the matching type (a mismatch is a bug and
  // aborts in debug builds, returns the zero value otherwise).
  int64_t Int(std::string_view key) const;
  bool Bool(std::string_view key) const;
  const std::string& String(std::string_view key) const;

  // The value as `config get` prints it.
  std::string Text(std::string_view key) const;
  // True when the file set the key (as opposed to the default applying).
  bool IsSet(std::string_view key) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;  // normalised text
  std::map<std::string, bool, std::less<>> set_;
  std::filesystem::path path_;
};

// A fresh configuration file: every key, commented with its description, the data
// directory set to `data_dir` and everything else at its default.
std::string RenderInitialFile(const std::filesystem::path& data_dir);

// Sets `key` to `value` in the file at `path`, keeping every other line (and comment)
// as it was; validates key and value first and then the whole resulting file. Writes
// atomically (temp file + rename).
Status SetInFile(const std::filesystem::path& path, std::string_view key, std::string_view value);

}  // namespace tern::config
