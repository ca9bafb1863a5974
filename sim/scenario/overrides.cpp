#include "scenario/overrides.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "scenario/yaml_reader.hpp"

namespace citynet::scenario {
namespace {

[[noreturn]] void fail_at(const ScenarioOverride& override, const std::string& message) {
  throw InputError(override.place, fmt::format("{}: {}", override.key_path, message));
}

[[nodiscard]] std::vector<std::string> split_key_path(const ScenarioOverride& override) {
  std::vector<std::string> keys;
  std::string_view rest = override.key_path;
  while (true) {
    const std::size_t dot = rest.find('.');
    keys.emplace_back(rest.substr(0, dot));
    if (keys.back().empty()) {
      fail_at(override, "a key in the path is empty; expected keys joined by dots, such as network.generate.egress");
    }
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return keys;
}

// A copy that carries no place: yaml-cpp would give the override's nodes places in the
// override's own text (line 1), which the readers would report as places in the scenario.
// Unmarked, a node is reported at its key, or its error is moved to the override.
[[nodiscard]] YAML::Node unmarked_copy(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return YAML::Node(node.Scalar());
    case YAML::NodeType::Sequence: {
      YAML::Node copy(YAML::NodeType::Sequence);
      for (const YAML::Node& item : node) copy.push_back(unmarked_copy(item));
      return copy;
    }
    case YAML::NodeType::Map: {
      YAML::Node copy(YAML::NodeType::Map);
      for (auto it = node.begin(); it != node.end(); ++it) copy[unmarked_copy(it->first)] = unmarked_copy(it->second);
      return copy;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: break;
  }
  return YAML::Node(YAML::NodeType::Null);
}

[[nodiscard]] YAML::Node parse_value(const ScenarioOverride& override) {
  try {
    return unmarked_copy(YAML::Load(override.value));
  } catch (const YAML::Exception& e) {
    fail_at(override, fmt::format("\"{}\" is not a YAML value ({}); expected a value such as 100Gbps",
                                  yaml::shown(override.value), e.msg));
  }
}

[[nodiscard]] std::optional<std::string> element_name(const YAML::Node& element) {
  if (!element.IsMap()) return std::nullopt;
  for (const char* key : {"name", "id"}) {
    const YAML::Node name = element[key];
    if (name.IsDefined() && name.IsScalar()) return name.Scalar();
  }
  return std::nullopt;
}

// The element of a list named `key`, or at position `key`.
[[nodiscard]] std::size_t find_element(const YAML::Node& list, const std::string& key, const std::string& list_path,
                                       const ScenarioOverride& override) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::optional<std::string> name = element_name(list[i]);
    if (name == key) return i;
    if (name) names.push_back(*name);
  }
  if (!key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (key.size() < 10 && std::stoul(key) < list.size()) return std::stoul(key);
  }
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  const std::string where = list_path.empty() ? std::string("the scenario") : list_path;
  fail_at(override, fmt::format("no element \"{}\" in {}{}", yaml::shown(key), where,
                                names.empty() ? std::string("; expected a position in the list")
                                              : yaml::suggestion(key, candidates)));
}

[[nodiscard]] AppliedOverride apply_one(YAML::Node& root, const ScenarioOverride& override) {
  const std::vector<std::string> keys = split_key_path(override);
  AppliedOverride applied{&override, {}, {}, {}};
  YAML::Node node;
  node.reset(root);  // rebinds; `node = root` would assign the tree
  std::string shown_path;  // the user's path so far, for messages
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const std::string& key = keys[k];
    const bool last = k + 1 == keys.size();
    if (node.IsMap()) {
      const std::string parent_path = applied.reader_path;
      applied.reader_path += (applied.reader_path.empty() ? "" : ".") + key;
      const YAML::Node& view = node;  // const lookup adds no key
      if (!view[key].IsDefined()) {
        if (applied.added_key.empty()) {
          applied.added_key = key;
          applied.added_key_parent_path = parent_path;
        }
        if (last) {
          node[key] = parse_value(override);
          return applied;
        }
        node[key] = YAML::Node(YAML::NodeType::Map);
      }
      if (last) {
        node[key] = parse_value(override);
        return applied;
      }
      YAML::Node next = node[key];
      node.reset(next);
    } else if (node.IsSequence()) {
      const std::size_t index = find_element(node, key, shown_path, override);
      applied.reader_path += fmt::format("[{}]", index);
      if (last) {
        node[index] = parse_value(override);
        return applied;
      }
      YAML::Node next = node[index];
      node.reset(next);
    } else {
      fail_at(override, fmt::format("{} holds a single value, not keys; expected a key path that ends there",
                                    shown_path.empty() ? std::string("the scenario") : shown_path));
    }
    shown_path += (shown_path.empty() ? "" : ".") + key;
  }
  return applied;
}

[[nodiscard]] bool under(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

}  // namespace

std::vector<AppliedOverride> apply_overrides(YAML::Node& root, std::span<const ScenarioOverride> overrides) {
  std::vector<AppliedOverride> applied;
  if (overrides.empty()) return applied;
  if (!root.IsMap()) {
    // An empty or odd file: the readers say what is wrong with it.
    return applied;
  }
  for (const ScenarioOverride& override : overrides) applied.push_back(apply_one(root, override));
  return applied;
}

InputError at_override(const InputError& error, std::span<const AppliedOverride> applied) {
  std::string_view message = error.what();
  if (!error.place().file.empty()) {
    const std::string prefix = format_place(error.place()) + ": ";
    if (message.starts_with(prefix)) message.remove_prefix(prefix.size());
  }
  const std::size_t colon = message.find(": ");
  if (colon == std::string_view::npos) return error;
  const std::string_view path = message.substr(0, colon);
  const std::string_view rest = message.substr(colon + 2);
  // The last override of a path is the one that stands.
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    const ScenarioOverride& source = *it->source;
    if (under(path, it->reader_path)) {
      return InputError(source.place, fmt::format("{}{}: {}", source.key_path, path.substr(it->reader_path.size()), rest));
    }
    const std::string parent = it->added_key_parent_path.empty() ? std::string("scenario") : it->added_key_parent_path;
    if (!it->added_key.empty() && path == parent &&
        rest.starts_with(fmt::format("unknown key \"{}\"", yaml::shown(it->added_key)))) {
      return InputError(source.place, fmt::format("{}: {}", source.key_path, rest));
    }
  }
  return error;
}

}  // namespace citynet::scenario
