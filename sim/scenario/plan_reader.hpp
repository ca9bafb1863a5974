#pragma once
// Readers of the `plans:`, `costs:` and `failures:` sections (internal to the scenario stage).
#include <vector>

#include "scenario/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace citynet::scenario {

[[nodiscard]] std::vector<Plan> read_plans(const yaml::Field& field, const Scenario& scenario_so_far);
[[nodiscard]] CostModel read_costs(const yaml::Field& field);
[[nodiscard]] FailureSpec read_failures(const yaml::Field& field, const Scenario& scenario_so_far);

}  // namespace citynet::scenario
