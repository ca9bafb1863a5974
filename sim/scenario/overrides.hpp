#pragma once
// Scenario overrides: values that replace parts of a scenario's YAML before it is read, as a
// sweep sets one point (`network.generate.egress: 100Gbps`). A key path walks mappings by
// key and lists by the `name` (or `id`) of an element, so `demand.classes.adsl-1m.count`
// is the count of the class named adsl-1m; a plain number picks a list element by
// position. A missing last key is added (a default the file leaves out, such as
// `simulation.seed`), and the readers then accept or refuse it as if it had been written.
//
// Errors point at the override, not at the scenario: an unknown key path is an InputError
// at the override's place with a "did you mean"; a value the readers refuse gives their
// message, at the override's place and under the override's key path.
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace YAML {
class Node;
}

namespace citynet::scenario {

struct ScenarioOverride {
  std::string key_path;  // "network.generate.egress"
  std::string value;     // YAML text: "100Gbps", "[a, b]", "{count: 5}"
  SourcePlace place;     // where the override was written (a sweep file, a command line)
};

// Where an override landed in the tree, as the readers name it in their messages.
struct AppliedOverride {
  const ScenarioOverride* source = nullptr;
  std::string reader_path;  // "demand.classes[1].count"
  // The first key the override added, with the reader path of its mapping: the readers
  // report an unknown key at the mapping's path.
  std::string added_key;
  std::string added_key_parent_path;
};

// Applies the overrides in order (a later one wins) to a parsed scenario. InputError at an
// override's place for a key path that leads nowhere or a value that is not YAML.
[[nodiscard]] std::vector<AppliedOverride> apply_overrides(YAML::Node& root,
                                                           std::span<const ScenarioOverride> overrides);

// The same error, moved to the override that caused it when the readers refused a value an
// override set; otherwise `error` unchanged.
[[nodiscard]] InputError at_override(const InputError& error, std::span<const AppliedOverride> applied);

}  // namespace citynet::scenario
