#pragma once
// The `set` changes of a plan: scenario values addressed by key path, the way the YAML
// writes them, with list items named by their name or id in brackets:
//
//   network.generate.egress                            (and the other generator rates)
//   network.links[uplink].capacity, network.nodes[core].switching_capacity
//   demand.classes[adsl-1m].down | up
//   demand.applications[web].sessions_per_day
//   demand.applications[web].destinations.internet | idc | p2p
//   simulation.streaming_guard
//
// A path outside this list is refused with the settable keys, a name that does not exist
// with a "did you mean".
#include <string>
#include <string_view>
#include <variant>

#include "scenario/scenario.hpp"
#include "scenario/units.hpp"

namespace citynet::scenario {

// Where a settable path's value lives in a scenario, and its unit.
struct SettingSlot {
  double* value = nullptr;
  Quantity quantity = Quantity::rate;
  bool allows_zero = false;  // fractions may be 0; rates and counts must be positive
};

// The slot of `path` in `scenario`, or what is wrong with the path (a message that ends in
// what was expected).
[[nodiscard]] std::variant<SettingSlot, std::string> find_setting(Scenario& scenario, std::string_view path);

// The plan's `set` changes applied to the scenario (each at its change's place when it
// fails), then the checks that span several values: destination fractions summing to 1.
void apply_settings(Scenario& scenario, const Plan& plan);

}  // namespace citynet::scenario
