#pragma once
// What `citynet validate` checks of a scenario beyond loading it: its network builds (every
// access site reaches the egress), its failure events name links and nodes of that network,
// and each plan's changes apply to it. The fuzz harnesses call the same function.
#include "cli/city_model.hpp"
#include "scenario/scenario.hpp"

namespace citynet::cli {

// InputError at the place of the first mistake.
[[nodiscard]] CityModel check_scenario(scenario::Scenario scenario);

}  // namespace citynet::cli
