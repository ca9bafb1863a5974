#pragma once
// Reader of the `growth:` section (internal to the scenario stage); see scenario/growth.hpp.
#include "scenario/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace citynet::scenario {

// Checked against the classes, applications and plans read before it: unknown names with a
// "did you mean", rates that are not yearly percentages, migrations over 100%, and growth
// that would take a class or an application beyond what any city holds within the horizon.
[[nodiscard]] Growth read_growth(const yaml::Field& field, const Scenario& scenario_so_far);

}  // namespace citynet::scenario
