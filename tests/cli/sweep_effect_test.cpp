// A sweep axis sets something the simulation uses, or the sweep is refused before it runs.
#include <cstdint>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/city_model.hpp"
#include "cli/sweep_effect.hpp"
#include "core/error.hpp"
#include "scenario/load.hpp"
#include "scenario/sweep.hpp"

namespace citynet::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The subscribers of the named classes over every site of a model.
std::int64_t simulated(const CityModel& model, const std::vector<std::string>& classes) {
  std::int64_t total = 0;
  for (std::size_t c = 0; c < model.scenario.demand.classes.size(); ++c) {
    const std::string& name = model.scenario.demand.classes[c].name;
    if (std::find(classes.begin(), classes.end(), name) == classes.end()) continue;
    for (const demand::Site& site : model.sites) total += site.subscribers_by_class[c];
  }
  return total;
}

TEST(SweepEffect, TheShippedClassTotalAxisSimulatesTheSubscribersItNames) {
  const scenario::Sweep sweep =
      scenario::load_sweep_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/sweeps/small-town.yaml");
  const scenario::Scenario base = scenario::load_scenario_file(*sweep.scenario_path);
  // Points 0 and 1: the first uplink with 200 and with 400 broadband subscribers.
  for (const std::size_t point : {0, 1}) {
    const auto overrides = scenario::point_overrides(sweep, point, base);
    const CityModel model = build_city_model(scenario::load_scenario_file(*sweep.scenario_path, overrides));
    EXPECT_EQ(std::to_string(simulated(model, {"adsl-1m", "lan-10m"})), sweep.points[point].values[1]);
  }
}

scenario::Sweep town_sweep(const std::string& grid) {
  return scenario::load_sweep_text("scenario: town.yaml\ngrid:\n" + grid, "sweep.yaml");
}

void check(const scenario::Sweep& sweep) {
  const scenario::Scenario base =
      scenario::load_scenario_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/small-town.yaml");
  check_sweep_changes_the_model(sweep, [&](std::size_t point) {
    return scenario::load_scenario_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/small-town.yaml",
                                        scenario::point_overrides(sweep, point, base));
  });
}

TEST(SweepEffect, AxesThatChangeTheModelPass) {
  EXPECT_NO_THROW(check(town_sweep("  - {key: network.links.uplink.capacity, values: [50Mbps, 100Mbps]}\n"
                                   "  - {class_total: [adsl-1m, lan-10m], values: [200, 400]}\n")));
}

TEST(SweepEffect, AnAxisWhoseValuesBuildTheSameModelIsRefusedAtTheLaterValue) {
  // Equal values written two ways; a key nothing simulated reads; a site's weight where it
  // is the only site of its kind (the RAS takes every dial-up line whatever it weighs).
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"  - {key: network.links.uplink.capacity, values: [100Mbps, 0.1Gbps]}\n",
       "sweep.yaml:3:60: network.links.uplink.capacity: 0.1Gbps builds the same model as 100Mbps"},
      {"  - {key: description, values: [a, b]}\n", "sweep.yaml:3:36: description: b builds the same model as a"},
      {"  - {key: network.nodes.ras.subscribers, values: [10, 20]}\n",
       "sweep.yaml:3:55: network.nodes.ras.subscribers: 20 builds the same model as 10"},
  };
  for (const auto& [grid, message] : cases) {
    EXPECT_THAT([&] { check(town_sweep(grid)); }, ::testing::ThrowsMessage<InputError>(StartsWith(message))) << grid;
  }
}

TEST(SweepEffect, TwoPointsOfAListThatBuildTheSameModelAreRefused) {
  const scenario::Sweep sweep = scenario::load_sweep_text(
      "scenario: town.yaml\npoints:\n  - {simulation.seed: 1}\n  - {simulation.seed: 2}\n  - {simulation.seed: 01}\n",
      "sweep.yaml");
  EXPECT_THAT([&] { check(sweep); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("point 3 builds the same model as point 1")));
}

}  // namespace
}  // namespace citynet::cli
