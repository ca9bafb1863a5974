#pragma once
// YAML → Scenario. Every user error is an InputError naming FILE:LINE:COLUMN.
#include <span>
#include <string>
#include <string_view>

#include "scenario/overrides.hpp"
#include "scenario/scenario.hpp"

namespace citynet::scenario {

// Reads and validates a scenario file; `path` is also the name used in messages.
[[nodiscard]] Scenario load_scenario_file(const std::string& path);

// The same from text already in memory (the built-in scenario, tests).
[[nodiscard]] Scenario load_scenario_text(std::string_view yaml, const std::string& file_name);

// The same with overrides applied to the YAML before it is read (scenario/overrides.hpp).
[[nodiscard]] Scenario load_scenario_file(const std::string& path, std::span<const ScenarioOverride> overrides);
[[nodiscard]] Scenario load_scenario_text(std::string_view yaml, const std::string& file_name,
                                          std::span<const ScenarioOverride> overrides);

// A file holding only `nodes:` and `links:` (the topology of `citynet replay`).
[[nodiscard]] NetworkSpec load_topology_file(const std::string& path);

}  // namespace citynet::scenario
