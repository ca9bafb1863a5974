// A plan made into a city model: each change does what it says to the built network and
// nothing else, and the cost follows from what was added.
#include <optional>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/city_model.hpp"
#include "cli/plan_model.hpp"
#include "core/error.hpp"
#include "output/link_layer.hpp"
#include "scenario/load.hpp"
#include "scenario/names.hpp"

namespace citynet::cli {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A generated city of three districts, lines 1-14; the plans follow from line 15.
const std::string kCity =
    "name: t\n"                                                                          // 1
    "city:\n"                                                                            // 2
    "  name: T\n"                                                                        // 3
    "  districts:\n"                                                                     // 4
    "    - {name: A, x_km: 0, y_km: 0, area_km2: 4, households: 3000, urban: true}\n"    // 5
    "    - {name: B, x_km: 6, y_km: 1, area_km2: 9, households: 2000, urban: true}\n"    // 6
    "    - {name: C, x_km: -5, y_km: 4, area_km2: 9, households: 1000}\n"                // 7
    "network:\n"                                                                         // 8
    "  generate: {fiber_length: 200km, core_switching: 20Gbps, egress: 1Gbps, core_nodes: 2, "
    "subscribers_per_access_site: 500}\n"                                                // 9
    "demand:\n"                                                                          // 10
    "  classes:\n"                                                                       // 11
    "    - {name: adsl, access: adsl, down: 1Mbps, up: 256kbps, count: 1500}\n"          // 12
    "    - {name: lan, access: lan, down: 10Mbps, up: 10Mbps, count: 500}\n"             // 13
    "costs: {egress_per_gbps: 1000, microwave_link: 50, access_port: 2, fiber_per_km: 10}\n";  // 14

struct Built {
  CityModel baseline;
  CityModel plan;
};

// kCity that also prices added fiber capacity (on line 14, so positions stay).
const std::string kCityPricingCapacity = [] {
  std::string text = kCity;
  const std::string costs_end = "fiber_per_km: 10}";
  text.replace(text.find(costs_end), costs_end.size(), "fiber_per_km: 10, link_capacity_per_gbps: 100}");
  return text;
}();

Built build(const std::string& plans, std::size_t which = 0, const std::string& city = kCity) {
  CityModel baseline = build_city_model(scenario::load_scenario_text(city + plans, "t.yaml"));
  CityModel plan = build_plan_model(baseline, baseline.scenario.plans.at(which));
  return {std::move(baseline), std::move(plan)};
}

std::string error_of(const std::string& plans) {
  try {
    (void)build(plans);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

double egress_bps(const topology::Network& network) {
  double total = 0;
  for (const topology::Link& link : network.links) {
    if (network.nodes[topology::index(link.a)].role == topology::Role::internet ||
        network.nodes[topology::index(link.b)].role == topology::Role::internet) {
      total += link.capacity_bps;
    }
  }
  return total;
}

TEST(PlanModel, ANewEgressTargetChangesOnlyTheEgressLinks) {
  const Built built = build("plans:\n  - name: more\n    changes:\n"
                            "      - set: {path: network.generate.egress, value: 3Gbps}\n");
  const topology::Network& before = built.baseline.network;
  const topology::Network& after = built.plan.network;
  EXPECT_DOUBLE_EQ(egress_bps(after), 3e9);
  ASSERT_EQ(before.links.size(), after.links.size());
  ASSERT_EQ(before.nodes.size(), after.nodes.size());
  for (std::size_t i = 0; i < before.links.size(); ++i) {
    EXPECT_EQ(before.links[i].id, after.links[i].id);
    EXPECT_EQ(before.links[i].length_km, after.links[i].length_km);
    const bool egress = before.nodes[topology::index(before.links[i].a)].role == topology::Role::internet ||
                        before.nodes[topology::index(before.links[i].b)].role == topology::Role::internet;
    if (!egress) {
      EXPECT_EQ(before.links[i].capacity_bps, after.links[i].capacity_bps) << before.links[i].id;
    }
  }
  for (std::size_t i = 0; i < before.nodes.size(); ++i) {
    EXPECT_EQ(before.nodes[i].subscribers_by_class, after.nodes[i].subscribers_by_class);
  }
  // 2 Gbps more egress at 1000 a Gbps.
  EXPECT_EQ(plan_cost(built.baseline.scenario.costs, built.baseline, built.plan, built.baseline.scenario.plans[0]),
            2000.0);
}

TEST(PlanModel, MovedSubscribersStayAtTheirSites) {
  const Built built = build("plans:\n  - name: fttb\n    changes:\n"
                            "      - move_subscribers: {from: adsl, to: lan, share: 20%}\n");
  std::int64_t moved = 0;
  for (std::size_t i = 0; i < built.baseline.network.nodes.size(); ++i) {
    const topology::Node& before = built.baseline.network.nodes[i];
    const topology::Node& after = built.plan.network.nodes[i];
    if (before.subscribers_by_class.empty()) continue;
    EXPECT_EQ(before.subscribers_by_class[0] + before.subscribers_by_class[1],
              after.subscribers_by_class[0] + after.subscribers_by_class[1]);
    EXPECT_NEAR(static_cast<double>(before.subscribers_by_class[0] - after.subscribers_by_class[0]),
                0.2 * static_cast<double>(before.subscribers_by_class[0]), 0.5);
    moved += after.subscribers_by_class[1] - before.subscribers_by_class[1];
  }
  EXPECT_NEAR(static_cast<double>(moved), 300, 0.5 * static_cast<double>(built.plan.sites.size()));
  EXPECT_EQ(built.plan.scenario.demand.classes[1].count, 500 + moved);
  EXPECT_EQ(plan_cost(built.baseline.scenario.costs, built.baseline, built.plan, built.baseline.scenario.plans[0]),
            2.0 * static_cast<double>(moved));
}

TEST(PlanModel, ScalingALayerScalesOnlyItsLinks) {
  const Built built = build("plans:\n  - name: x2\n    changes:\n      - scale: {layer: egress, factor: 2}\n");
  EXPECT_DOUBLE_EQ(egress_bps(built.plan.network), 2 * egress_bps(built.baseline.network));
  double others_before = 0;
  double others_after = 0;
  for (std::size_t i = 0; i < built.baseline.network.links.size(); ++i) {
    others_before += built.baseline.network.links[i].capacity_bps;
    others_after += built.plan.network.links[i].capacity_bps;
  }
  EXPECT_DOUBLE_EQ(others_after - others_before, egress_bps(built.baseline.network));
}

TEST(PlanModel, AGatewayBringsItsOwnEgress) {
  const Built built = build("plans:\n  - name: gw\n    changes:\n"
                            "      - add_gateway: {id: gw-9, attach_to: [core-1, core-2], link_capacity: 10Gbps, "
                            "egress: 500Mbps}\n");
  EXPECT_EQ(built.plan.network.nodes.size(), built.baseline.network.nodes.size() + 1);
  EXPECT_EQ(built.plan.network.links.size(), built.baseline.network.links.size() + 3);
  EXPECT_DOUBLE_EQ(egress_bps(built.plan.network), egress_bps(built.baseline.network) + 500e6);
}

std::optional<double> cost_of(const Built& built) {
  return plan_cost(built.baseline.scenario.costs, built.baseline, built.plan, built.baseline.scenario.plans[0]);
}

TEST(PlanModel, AddedFiberCapacityIsPricedPerGbps) {
  const std::string plan = "plans:\n  - name: x2\n    changes:\n      - scale: {layer: aggregation, factor: 2}\n";
  const Built built = build(plan, 0, kCityPricingCapacity);
  double aggregation_gbps = 0;
  for (const topology::Link& link : built.baseline.network.links) {
    if (output::link_layer(built.baseline.network, link) == output::Layer::aggregation &&
        link.medium == topology::Medium::fiber) {
      aggregation_gbps += link.capacity_bps / 1e9;
    }
  }
  ASSERT_GT(aggregation_gbps, 0);
  // Doubling adds each link's capacity once more, at 100 a Gbps.
  const std::optional<double> cost = cost_of(built);
  ASSERT_TRUE(cost.has_value());
  EXPECT_NEAR(*cost, 100 * aggregation_gbps, 1e-9 * *cost);
  // Without that unit cost the same plan cannot be priced.
  EXPECT_EQ(cost_of(build(plan)), std::nullopt);
}

TEST(PlanModel, AGatewayPaysForItsEgressCableAndLinks) {
  const Built built = build("plans:\n  - name: gw\n    changes:\n"
                            "      - add_gateway: {id: gw-9, attach_to: [core-1, core-2], link_capacity: 10Gbps, "
                            "egress: 500Mbps}\n",
                            0, kCityPricingCapacity);
  const topology::NodeId gateway{static_cast<std::uint32_t>(built.plan.network.nodes.size() - 1)};
  double new_fiber_km = 0;
  for (const topology::Link& link : built.plan.network.links) {
    if (link.a == gateway || link.b == gateway) new_fiber_km += link.length_km;
  }
  // 0.5 Gbps of egress at 1000, the cable at 10 a km, two 10 Gbps links to the core at 100 a Gbps.
  const std::optional<double> cost = cost_of(built);
  ASSERT_TRUE(cost.has_value());
  EXPECT_NEAR(*cost, 500 + 10 * new_fiber_km + 2000, 1e-9 * *cost);
}

TEST(PlanModel, APlanThatCutsASiteOffTheInternetIsRefused) {
  // The only link of a single-homed subscriber site.
  const topology::Network network = build_city_model(scenario::load_scenario_text(kCity, "t.yaml")).network;
  std::vector<int> links_at(network.nodes.size(), 0);
  for (const topology::Link& link : network.links) {
    ++links_at[topology::index(link.a)];
    ++links_at[topology::index(link.b)];
  }
  std::string cut;
  std::string site;
  for (const topology::Link& link : network.links) {
    for (const topology::NodeId end : {link.a, link.b}) {
      const topology::Node& node = network.nodes[topology::index(end)];
      if (cut.empty() && node.subscribers > 0 && links_at[topology::index(end)] == 1) {
        cut = link.id;
        site = node.id;
      }
    }
  }
  ASSERT_FALSE(cut.empty());
  EXPECT_THAT(error_of("plans:\n  - name: p\n    changes:\n      - remove_link: " + cut + "\n"),
              StartsWith("t.yaml:16:5: plan \"p\": site \"" + site + "\" cannot reach the internet"));  // the plan's line
}

TEST(PlanModel, ErrorsNameTheChangeAndItsPlace) {
  EXPECT_THAT(error_of("plans:\n  - name: p\n    changes:\n      - remove_link: core-1-core-9\n"),
              StartsWith("t.yaml:18:9: plans[0].changes[0].remove_link: unknown link \"core-1-core-9\"; did you mean "
                         "\"core-1-core-2\"?"));
  EXPECT_THAT(error_of("plans:\n  - name: p\n    changes:\n"
                       "      - add_link: {id: core-1-core-2, a: core-1, b: core-2, capacity: 1Gbps}\n"),
              StartsWith("t.yaml:18:9: plans[0].changes[0].add_link: link \"core-1-core-2\" exists already"));
}

TEST(PlanModel, AChangeThatChangesNothingIsRefusedWithItsPlace) {
  const std::string plan = "plans:\n  - name: p\n    changes:\n      - ";
  EXPECT_THAT(error_of(plan + "set: {path: network.generate.egress, value: 1000Mbps}\n"),
              AllOf(StartsWith("t.yaml:18:"), HasSubstr("network.generate.egress is 1Gbps already, so the change changes "
                                                        "nothing")));
  EXPECT_THAT(error_of(plan + "scale: {layer: egress, factor: 1}\n"),
              AllOf(StartsWith("t.yaml:18:"), HasSubstr("a factor of 1 changes nothing")));
  EXPECT_THAT(error_of(plan + "move_subscribers: {from: adsl, to: lan, share: 0}\n"),
              AllOf(StartsWith("t.yaml:18:"), HasSubstr("a share of 0 moves no one")));
  // 0.01% of at most 500 subscribers at a site rounds to nobody anywhere.
  EXPECT_THAT(error_of(plan + "move_subscribers: {from: adsl, to: lan, share: 0.01%}\n"),
              AllOf(StartsWith("t.yaml:18:"), HasSubstr("moves no subscriber")));
  EXPECT_THAT(error_of(plan + "grow_subscribers: {factor: 1.0001}\n"),
              AllOf(StartsWith("t.yaml:18:"), HasSubstr("changes no site's subscribers")));
}

TEST(PlanModel, APlanWhoseChangesCancelOutIsRefusedByName) {
  const topology::Network network = build_city_model(scenario::load_scenario_text(kCity, "t.yaml")).network;
  const topology::Link& last = network.links.back();
  const std::string back = fmt::format(
      "      - add_link: {{id: {}, a: {}, b: {}, medium: {}, capacity: {}bps, length: {}km}}\n", last.id,
      network.nodes[topology::index(last.a)].id, network.nodes[topology::index(last.b)].id,
      scenario::to_string(last.medium), last.capacity_bps, last.length_km);
  EXPECT_THAT(error_of("plans:\n  - name: same\n    changes:\n      - remove_link: " + last.id + "\n" + back),
              StartsWith("t.yaml:16:5: plan \"same\": its changes leave the network, demand and simulation as in the "
                         "baseline"));
}

}  // namespace
}  // namespace citynet::cli
