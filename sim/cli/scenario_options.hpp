#pragma once
// The scenario options that `run` and `compare` share: SCENARIO (default: the built-in
// Tianjin 2005) and --duration.
#include <optional>
#include <string>

#include "scenario/scenario.hpp"

namespace citynet::cli {

// Loads the file, or the built-in scenario when no path is given.
[[nodiscard]] scenario::Scenario load_scenario_option(const std::optional<std::string>& path);

// Shortens (or lengthens) the run to `duration_text` ("2h"); a warm-up that would cover
// the whole run is dropped and the sample interval fits in the run. InputError naming
// --duration for a bad or non-positive value.
void apply_duration_option(scenario::Scenario& scenario, const std::string& duration_text);

}  // namespace citynet::cli
