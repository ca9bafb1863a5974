#include "cli/scenario_options.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "core/error.hpp"
#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "scenario/units.hpp"

namespace citynet::cli {

scenario::Scenario load_scenario_option(const std::optional<std::string>& path) {
  return path ? scenario::load_scenario_file(*path)
              : scenario::load_scenario_text(scenario::builtin_scenario_text(),
                                             std::string(scenario::builtin_scenario_name()) + ".yaml");
}

void apply_duration_option(scenario::Scenario& scenario, const std::string& duration_text) {
  const std::optional<double> duration_s = scenario::parse_duration_s(duration_text);
  if (!duration_s || *duration_s <= 0) {
    throw InputError(fmt::format(
        "--duration: {}; expected a positive duration such as \"2h\"",
        duration_s ? "the duration must be positive"
                   : scenario::describe_quantity_error(scenario::Quantity::duration, duration_text)));
  }
  scenario::Simulation& simulation = scenario.simulation;
  simulation.duration_s = *duration_s;
  if (simulation.warmup_s >= *duration_s) simulation.warmup_s = 0;
  simulation.interval_s = std::min(simulation.interval_s, *duration_s);
}

}  // namespace citynet::cli
