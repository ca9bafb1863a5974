#pragma once
// The scenario options that `run` and `compare` share: SCENARIO (default: the built-in
// Tianjin 2005), --seed and --duration.
#include <optional>
#include <string>

#include "scenario/scenario.hpp"

namespace citynet::cli {

// Scenario values given on the command line, as typed. Each is read as the scenario key it
// stands for (--seed as simulation.seed, --duration as simulation.duration), by the
// scenario's own reader, so it takes the same units and obeys the same limits as in the
// file: a seed from 0 to 2^64-1, a duration of at most a year. The file's other values are
// then checked against it as if the file held it: a warm-up or sample interval the file
// sets that does not fit in a shorter --duration is refused (at its line), and a warm-up
// the file leaves out is at most half the run.
struct ScenarioValueOptions {
  std::optional<std::string> seed;
  std::optional<std::string> duration;
};

// Loads the file, or the built-in scenario when no path is given, with the values of
// `options`. InputError naming the option ("--seed: simulation.seed: ...") for a value the
// scenario's reader refuses.
[[nodiscard]] scenario::Scenario load_scenario_option(const std::optional<std::string>& path,
                                                      const ScenarioValueOptions& options = {});

}  // namespace citynet::cli
