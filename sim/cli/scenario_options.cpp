#include "cli/scenario_options.hpp"

#include <vector>

#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "scenario/overrides.hpp"

namespace citynet::cli {

scenario::Scenario load_scenario_option(const std::optional<std::string>& path, const ScenarioValueOptions& options) {
  // An override's place is where it was written: here the option, which messages then name.
  std::vector<scenario::ScenarioOverride> overrides;
  if (options.seed) overrides.push_back({"simulation.seed", *options.seed, SourcePlace{"--seed", 0, 0}});
  if (options.duration) overrides.push_back({"simulation.duration", *options.duration, SourcePlace{"--duration", 0, 0}});
  return path ? scenario::load_scenario_file(*path, overrides)
              : scenario::load_scenario_text(scenario::builtin_scenario_text(),
                                             std::string(scenario::builtin_scenario_name()) + ".yaml", overrides);
}

}  // namespace citynet::cli
