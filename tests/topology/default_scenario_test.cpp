// The built-in Tianjin 2005 scenario must reproduce the city's reported figures
// (design.md): 20,000 km of fiber, 2,000 Gbps of core switching, 60 Gbps of egress,
// more than 600,000 broadband subscribers, microwave covering the urban districts.
#include <string>

#include <gtest/gtest.h>

#include "scenario/builtin_scenario.hpp"
#include "scenario/load.hpp"
#include "topology/analysis.hpp"
#include "topology/build.hpp"

namespace citynet::topology {
namespace {

constexpr double kReportedFiberKm = 20'000;
constexpr double kReportedCoreSwitchingBps = 2'000e9;
constexpr double kReportedEgressBps = 60e9;
constexpr std::int64_t kReportedBroadbandSubscribers = 600'000;  // "more than"
constexpr double kFiberTolerance = 0.01;
constexpr double kExactSumTolerance = 1e-12;

[[nodiscard]] Network default_network() {
  const scenario::Scenario s = scenario::load_scenario_text(scenario::builtin_scenario_text(),
                                                            std::string(scenario::builtin_scenario_name()));
  return build_network(s);
}

TEST(DefaultScenario, ReproducesTheReportedFiberCoreAndEgressFigures) {
  const Inventory inventory = take_inventory(default_network());
  EXPECT_NEAR(inventory.fiber_km, kReportedFiberKm, kFiberTolerance * kReportedFiberKm);
  EXPECT_NEAR(inventory.core_switching_bps, kReportedCoreSwitchingBps, kExactSumTolerance * kReportedCoreSwitchingBps);
  EXPECT_NEAR(inventory.egress_bps, kReportedEgressBps, kExactSumTolerance * kReportedEgressBps);
  EXPECT_EQ(inventory.component_sizes.size(), 1u);
}

TEST(DefaultScenario, HasMoreThanSixHundredThousandBroadbandSubscribersOnAccessSites) {
  const Network network = default_network();
  std::int64_t broadband = 0;
  for (const Node& node : network.nodes) {
    if (node.role == Role::access) broadband += node.subscribers;
  }
  EXPECT_GT(broadband, kReportedBroadbandSubscribers);
}

TEST(DefaultScenario, EveryUrbanAccessSiteHasAMicrowaveLink) {
  const scenario::Scenario s = scenario::load_scenario_text(scenario::builtin_scenario_text(),
                                                            std::string(scenario::builtin_scenario_name()));
  const Network network = build_network(s);
  std::vector<bool> has_radio(network.nodes.size(), false);
  for (const Link& link : network.links) {
    if (link.medium == Medium::microwave) has_radio[index(link.a)] = has_radio[index(link.b)] = true;
  }
  int urban_sites = 0;
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    const Node& node = network.nodes[i];
    const bool urban = std::any_of(s.city.districts.begin(), s.city.districts.end(),
                                   [&](const scenario::District& d) { return d.urban && d.name == node.district; });
    if (node.role != Role::access || !urban) continue;
    ++urban_sites;
    EXPECT_TRUE(has_radio[i]) << node.id;
  }
  EXPECT_GT(urban_sites, 0);
}

}  // namespace
}  // namespace citynet::topology
