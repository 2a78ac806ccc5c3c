#include "base/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <fstream>
#include <sstream>

namespace tern::config {
namespace {

Error KeyError(std::string_view key, std::string_view what) {
  return Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", key, what));
}

bool ChoiceAllowed(std::string_view choices, std::string_view value) {
  size_t start = 0;
  while (start <= choices.size()) {
    size_t bar = choices.find('|', start);
    if (bar == std::string_view::npos) bar = choices.size();
    if (choices.substr(start, bar - start) == value) return true;
    start = bar + 1;
  }
  return false;
}

Result<std::string> CheckInt(const KeySpec& spec, int64_t v) {
  if (v < spec.min || v > spec.max) {
    return Fail(
        KeyError(spec.key, fmt::format("{} is out of range {}..{}", v, spec.min, spec.max)));
  }
  return std::to_string(v);
}

Result<std::string> CheckString(const KeySpec& spec, std::string_view v) {
  if (!spec.choices.empty() && !ChoiceAllowed(spec.choices, v)) {
    return Fail(KeyError(spec.key, fmt::format("\"{}\" is not one of {}", v, spec.choices)));
  }
  if (v.find('\0') != std::string_view::npos) return Fail(KeyError(spec.key, "contains NUL"));
  return std::string(v);
}

const char* TypeName(Type t) {
  switch (t) {
    case Type::kBool:
      return "a boolean (true or false)";
    case Type::kInt:
      return "an integer";
    case Type::kString:
      return "a string";
  }
  return "?";
}

// Normalises a value read from the TOML document (typed) against its spec.
Result<std::string> NormaliseNode(const KeySpec& spec, const toml::node& node) {
  switch (spec.type) {
    case Type::kBool:
      if (auto b = node.value<bool>(); b && node.is_boolean())
        return std::string(*b ? "true" : "false");
      break;
    case Type::kInt:
      if (node.is_integer()) return CheckInt(spec, *node.value<int64_t>());
      break;
    case Type::kString:
      if (node.is_string()) return CheckString(spec, *node.value<std::string_view>());
      break;
  }
  return Fail(KeyError(spec.key, fmt::format("must be {}", TypeName(spec.type))));
}

std::string FormatLocation(std::string_view source, const toml::source_region& where) {
  return fmt::format("{}:{}", source, where.begin.line);
}

// Walks the document, collecting every leaf as a dotted key; refuses unknown keys.
Status Collect(const toml::table& table, const std::string& prefix, std::string_view source,
               std::map<std::string, std::string, std::less<>>& out) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      TERN_TRY(Collect(*sub, key, source, out));
      continue;
    }
    const KeySpec* spec = FindKey(key);
    if (spec == nullptr) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: unknown configuration key ({})", key,
                              FormatLocation(source, node.source())));
    }
    auto value = NormaliseNode(*spec, node);
    if (!value) {
      auto e = value.error();
      e.public_text += fmt::format(" ({})", FormatLocation(source, node.source()));
      return Fail(std::move(e));
    }
    out[key] = std::move(*value);
  }
  return Ok();
}

std::string TomlQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string TomlValue(const KeySpec& spec, std::string_view normalised) {
  return spec.type == Type::kString ? TomlQuote(normalised) : std::string(normalised);
}

std::pair<std::string_view, std::string_view> SplitKey(std::string_view key) {
  size_t dot = key.rfind('.');
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// If `line` is a table header "[name]" returns name, else empty.
std::string_view TableHeader(std::string_view line) {
  line = Trim(line);
  if (line.size() < 2 || line.front() != '[' || line[1] == '[') return {};
  size_t close = line.find(']');
  if (close == std::string_view::npos) return {};
  return Trim(line.substr(1, close - 1));
}

// True if `line` assigns `leaf` ("leaf = ..."); with `commented`, "# leaf = ...".
bool AssignsLeaf(std::string_view line, std::string_view leaf, bool commented) {
  line = Trim(line);
  if (commented) {
    if (line.empty() || line.front() != '#') return false;
    line = Trim(line.substr(1));
  }
  if (line.substr(0, leaf.size()) != leaf) return false;
  line = Trim(line.substr(leaf.size()));
  return !line.empty() && line.front() == '=';
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("cannot read {}", path.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<std::string> NormaliseValue(const KeySpec& spec, std::string_view text) {
  switch (spec.type) {
    case Type::kBool:
      if (text == "true" || text == "on" || text == "yes" || text == "1")
        return std::string("true");
      if (text == "false" || text == "off" || text == "no" || text == "0")
        return std::string("false");
      return Fail(KeyError(spec.key, fmt::format("\"{}\" is not a boolean (true or false)", text)));
    case Type::kInt: {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return Fail(KeyError(spec.key, fmt::format("\"{}\" is not an integer", text)));
      }
      return CheckInt(spec, v);
    }
    case Type::kString:
      return CheckString(spec, text);
  }
  return Fail(ErrorCode::kInternal, "unknown key type");
}

Config Config::Defaults() {
  Config c;
  for (const auto& spec : Keys())
    c.values_[std::string(spec.key)] = std::string(spec.default_value);
  return c;
}

Result<Config> Config::Parse(std::string_view toml_text, std::string_view source_name) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: {}", FormatLocation(source_name, e.source()), e.description()));
  }
  std::map<std::string, std::string, std::less<>> found;
  TERN_TRY(Collect(doc, "", source_name, found));
  Config c = Defaults();
  for (auto& [k, v] : found) {
    c.set_[k] = true;
    c.values_[k] = std::move(v);
  }
  return c;
}

Result<Config> Config::Load(const std::filesystem::path& path) {
  auto text = ReadFile(path);
  if (!text) return Fail(std::move(text).error());
  auto c = Parse(*text, path.string());
  if (c) c->path_ = path;
  return c;
}

std::string Config::Text(std::string_view key) const {
  auto it = values_.find(key);
  assert(it != values_.end() && "undeclared configuration key");
  return it == values_.end() ? std::string() : it->second;
}

int64_t Config::Int(std::string_view key) const {
  assert(FindKey(key) && FindKey(key)->type == Type::kInt);
  auto it = values_.find(key);
  if (it == values_.end()) return 0;
  int64_t v = 0;
  std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  return v;
}

bool Config::Bool(std::string_view key) const {
  assert(FindKey(key) && FindKey(key)->type == Type::kBool);
  auto it = values_.find(key);
  return it != values_.end() && it->second == "true";
}

const std::string& Config::String(std::string_view key) const {
  assert(FindKey(key) && FindKey(key)->type == Type::kString);
  static const std::string kEmpty;
  auto it = values_.find(key);
  return it == values_.end() ? kEmpty : it->second;
}

bool Config::IsSet(std::string_view key) const { return set_.contains(key); }

std::string RenderInitialFile(const std::filesystem::path& data_dir) {
  std::string out =
      "# Tern configuration. Every key is listed with its default, commented out;\n"
      "# uncomment and change, or use `tern config set KEY VALUE` (which validates).\n"
      "# `tern config list` shows every key with its description.\n";
  // Keys grouped by table, tables in the order they first appear in the registry (a
  // TOML table may be opened only once).
  std::vector<std::string_view> tables;
  for (const auto& spec : Keys()) {
    auto table = SplitKey(spec.key).first;
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
  }
  for (auto table : tables) {
    out += fmt::format("\n[{}]\n", table);
    for (const auto& spec : Keys()) {
      auto [key_table, leaf] = SplitKey(spec.key);
      if (key_table != table) continue;
      out += fmt::format("# {}\n", spec.description);
      if (spec.key == "store.datadir") {
        out += fmt::format("{} = {}\n", leaf, TomlQuote(data_dir.string()));
      } else {
        out += fmt::format("# {} = {}\n", leaf, TomlValue(spec, spec.default_value));
      }
    }
  }
  return out;
}

Status SetInFile(const std::filesystem::path& path, std::string_view key, std::string_view value) {
  const KeySpec* spec = FindKey(key);
  if (spec == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: unknown configuration key", key));
  }
  auto normalised = NormaliseValue(*spec, value);
  if (!normalised) return Fail(std::move(normalised).error());
  auto text = ReadFile(path);
  if (!text) return Fail(std::move(text).error());

  auto [table, leaf] = SplitKey(key);
  const std::string new_line = fmt::format("{} = {}", leaf, TomlValue(*spec, *normalised));

  std::vector<std::string> lines;
  {
    std::istringstream ss(*text);
    for (std::string l; std::getline(ss, l);) lines.push_back(std::move(l));
  }
  std::string_view section;
  std::optional<size_t> assigned, commented, section_end;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (auto h = TableHeader(lines[i]); !h.empty()) {
      section = h;
      continue;
    }
    if (section != table) continue;
    section_end = i;
    if (AssignsLeaf(lines[i], leaf, false)) assigned = i;
    if (AssignsLeaf(lines[i], leaf, true)) commented = i;
  }
  if (assigned) {
    lines[*assigned] = new_line;
  } else if (commented) {
    lines.insert(lines.begin() + static_cast<ptrdiff_t>(*commented) + 1, new_line);
  } else if (section_end) {
    lines.insert(lines.begin() + static_cast<ptrdiff_t>(*section_end) + 1, new_line);
  } else {
    lines.push_back("");
    lines.push_back(fmt::format("[{}]", table));
    lines.push_back(new_line);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";

  // The edited file must parse and carry the new value; otherwise the key was written
  // in a form this editor does not understand, and the file is left alone.
  auto check = Config::Parse(out, path.string());
  if (!check) return Fail(std::move(check).error());
  if (check->Text(key) != *normalised) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: set in a form `config set` cannot edit; edit {} by hand", key,
                            path.string()));
  }
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << out;
    f.flush();
    if (!f) return Fail(ErrorCode::kIo, fmt::format("cannot write {}", tmp.string()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return Fail(ErrorCode::kIo, fmt::format("cannot replace {}: {}", path.string(), ec.message()));
  return Ok();
}

}  // namespace tern::config
