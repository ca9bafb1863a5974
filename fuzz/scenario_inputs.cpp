// The scenario and sweep harnesses' inputs: they go through the cli's checks.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/scenario_check.hpp"
#include "fuzz/fuzz_inputs.hpp"
#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "scenario/sweep.hpp"

namespace citynet::fuzz {
namespace {

// A sweep may hold 100,000 points; the first few and the last show the axes' values at
// both ends of every range without making one input cost seconds.
constexpr std::size_t kSweepLeadingPoints = 3;

void check_point(const scenario::Sweep& sweep, std::size_t point, const scenario::Scenario& base,
                 const std::string& base_file, std::string_view base_text) {
  const std::vector<scenario::ScenarioOverride> overrides = scenario::point_overrides(sweep, point, base);
  if (sweep.scenario_path) {
    (void)scenario::load_scenario_file(*sweep.scenario_path, overrides);
  } else {
    (void)scenario::load_scenario_text(base_text, base_file, overrides);
  }
  for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
    (void)scenario::axis_value_cell(sweep.axes[a], sweep.points[point].values[a]);
  }
}

void scenario_input(std::string_view text, const std::string& file_name) {
  (void)cli::check_scenario(scenario::load_scenario_text(text, file_name));
}

void sweep_input(std::string_view text, const std::string& file_name) {
  scenario::Sweep sweep = scenario::load_sweep_text(text, file_name);
  // As load_sweep_file does; a missing file is then refused where the scenario is loaded.
  if (sweep.scenario_path && std::filesystem::path(*sweep.scenario_path).is_relative()) {
    const std::filesystem::path folder = std::filesystem::path(file_name).parent_path();
    sweep.scenario_path = (folder / *sweep.scenario_path).lexically_normal().string();
  }
  const std::string base_file =
      sweep.scenario_path ? *sweep.scenario_path : std::string(scenario::builtin_scenario_name());
  const std::string_view base_text = sweep.scenario_path ? std::string_view{} : scenario::builtin_scenario_text();
  const scenario::Scenario base = sweep.scenario_path ? scenario::load_scenario_file(*sweep.scenario_path)
                                                      : scenario::load_scenario_text(base_text, base_file);
  for (const scenario::SweepAxis& axis : sweep.axes) (void)scenario::axis_column(axis);
  const std::size_t leading = std::min(kSweepLeadingPoints, sweep.points.size());
  for (std::size_t p = 0; p < leading; ++p) check_point(sweep, p, base, base_file, base_text);
  if (sweep.points.size() > leading) check_point(sweep, sweep.points.size() - 1, base, base_file, base_text);
}

}  // namespace

// File names inside the source tree, so that a relative `import` or `scenario` reaches the
// repository's files as it would beside a user's file.
FuzzTarget scenario_target() { return {"scenario", scenario_input, CITYNET_SOURCE_DIR "/scenarios/fuzz-input.yaml"}; }
FuzzTarget sweep_target() { return {"sweep", sweep_input, CITYNET_SOURCE_DIR "/scenarios/sweeps/fuzz-input.yaml"}; }

}  // namespace citynet::fuzz
