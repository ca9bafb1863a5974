// The resolved scenario is the scenario itself with every default written out: loading it
// again gives an equal Scenario, for every shipped scenario.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/version.hpp"
#include "scenario/load.hpp"
#include "scenario/resolved.hpp"

namespace citynet::scenario {
namespace {

// Field by field, every value of the contract except the places (which name the file read).
void expect_same(const Distribution& a, const Distribution& b, const std::string& what) {
  EXPECT_EQ(a.kind, b.kind) << what;
  EXPECT_EQ(a.mean, b.mean) << what;
  EXPECT_EQ(a.sd, b.sd) << what;
  EXPECT_EQ(a.alpha, b.alpha) << what;
  EXPECT_EQ(a.min, b.min) << what;
  EXPECT_EQ(a.max, b.max) << what;
}

void expect_same(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.city.name, b.city.name);
  ASSERT_EQ(a.city.districts.size(), b.city.districts.size());
  for (std::size_t i = 0; i < a.city.districts.size(); ++i) {
    const District& x = a.city.districts[i];
    const District& y = b.city.districts[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.ring, y.ring);
    EXPECT_EQ(x.x_km, y.x_km);
    EXPECT_EQ(x.y_km, y.y_km);
    EXPECT_EQ(x.area_km2, y.area_km2);
    EXPECT_EQ(x.households, y.households);
    EXPECT_EQ(x.urban, y.urban);
  }
  ASSERT_EQ(a.network.generate.has_value(), b.network.generate.has_value());
  if (a.network.generate) {
    const GeneratorSpec& x = *a.network.generate;
    const GeneratorSpec& y = *b.network.generate;
    EXPECT_EQ(x.fiber_length_km, y.fiber_length_km);
    EXPECT_EQ(x.core_switching_bps, y.core_switching_bps);
    EXPECT_EQ(x.egress_bps, y.egress_bps);
    EXPECT_EQ(x.core_nodes, y.core_nodes);
    EXPECT_EQ(x.core_topology, y.core_topology);
    EXPECT_EQ(x.gateways, y.gateways);
    EXPECT_EQ(x.subscribers_per_access_site, y.subscribers_per_access_site);
    EXPECT_EQ(x.access_uplink_bps, y.access_uplink_bps);
    EXPECT_EQ(x.aggregation_uplink_bps, y.aggregation_uplink_bps);
    EXPECT_EQ(x.core_link_bps, y.core_link_bps);
    EXPECT_EQ(x.idc_link_bps, y.idc_link_bps);
    EXPECT_EQ(x.ras_link_bps, y.ras_link_bps);
    EXPECT_EQ(x.microwave_capacity_bps, y.microwave_capacity_bps);
    EXPECT_EQ(x.microwave_max_hop_km, y.microwave_max_hop_km);
  }
  ASSERT_EQ(a.network.nodes.size(), b.network.nodes.size());
  for (std::size_t i = 0; i < a.network.nodes.size(); ++i) {
    const NodeSpec& x = a.network.nodes[i];
    const NodeSpec& y = b.network.nodes[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.role, y.role);
    EXPECT_EQ(x.district, y.district);
    EXPECT_EQ(x.x_km, y.x_km);
    EXPECT_EQ(x.y_km, y.y_km);
    EXPECT_EQ(x.switching_capacity_bps, y.switching_capacity_bps);
    EXPECT_EQ(x.subscribers, y.subscribers);
  }
  ASSERT_EQ(a.network.links.size(), b.network.links.size());
  for (std::size_t i = 0; i < a.network.links.size(); ++i) {
    const LinkSpec& x = a.network.links[i];
    const LinkSpec& y = b.network.links[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.a, y.a);
    EXPECT_EQ(x.b, y.b);
    EXPECT_EQ(x.medium, y.medium);
    EXPECT_EQ(x.capacity_bps, y.capacity_bps);
    EXPECT_EQ(x.length_km, y.length_km);
  }
  EXPECT_EQ(a.network.import_graphml, b.network.import_graphml);
  EXPECT_EQ(a.network.default_link_capacity_bps, b.network.default_link_capacity_bps);
  EXPECT_EQ(a.demand.default_profile, b.demand.default_profile);
  ASSERT_EQ(a.demand.profiles.size(), b.demand.profiles.size());
  for (std::size_t i = 0; i < a.demand.profiles.size(); ++i) {
    EXPECT_EQ(a.demand.profiles[i].name, b.demand.profiles[i].name);
    EXPECT_EQ(a.demand.profiles[i].multipliers, b.demand.profiles[i].multipliers);
  }
  ASSERT_EQ(a.demand.classes.size(), b.demand.classes.size());
  for (std::size_t i = 0; i < a.demand.classes.size(); ++i) {
    const SubscriberClass& x = a.demand.classes[i];
    const SubscriberClass& y = b.demand.classes[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.access, y.access);
    EXPECT_EQ(x.down_bps, y.down_bps);
    EXPECT_EQ(x.up_bps, y.up_bps);
    EXPECT_EQ(x.count, y.count);
    EXPECT_EQ(x.districts, y.districts);
    EXPECT_EQ(x.profile, y.profile);
  }
  ASSERT_EQ(a.demand.applications.size(), b.demand.applications.size());
  for (std::size_t i = 0; i < a.demand.applications.size(); ++i) {
    const Application& x = a.demand.applications[i];
    const Application& y = b.demand.applications[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.direction, y.direction);
    EXPECT_EQ(x.sessions_per_subscriber_day, y.sessions_per_subscriber_day);
    EXPECT_EQ(x.classes, y.classes);
    expect_same(x.size_bytes, y.size_bytes, x.name + ".size");
    EXPECT_EQ(x.stream_rate_bps, y.stream_rate_bps);
    expect_same(x.duration_s, y.duration_s, x.name + ".duration");
    EXPECT_EQ(x.destinations.internet, y.destinations.internet);
    EXPECT_EQ(x.destinations.idc, y.destinations.idc);
    EXPECT_EQ(x.destinations.p2p, y.destinations.p2p);
    EXPECT_EQ(x.profile, y.profile);
  }
  EXPECT_EQ(a.simulation.seed, b.simulation.seed);
  EXPECT_EQ(a.simulation.duration_s, b.simulation.duration_s);
  EXPECT_EQ(a.simulation.warmup_s, b.simulation.warmup_s);
  EXPECT_EQ(a.simulation.interval_s, b.simulation.interval_s);
  EXPECT_EQ(a.simulation.mode, b.simulation.mode);
  EXPECT_EQ(a.simulation.recompute_interval_s, b.simulation.recompute_interval_s);
  EXPECT_EQ(a.simulation.streaming_guard_share, b.simulation.streaming_guard_share);
  EXPECT_EQ(a.simulation.congestion_threshold, b.simulation.congestion_threshold);
}

class ShippedScenario : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedScenario, LoadsBackFromItsResolvedYamlToAnEqualScenario) {
  const Scenario original = load_scenario_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/" + GetParam());
  const std::string resolved = to_resolved_yaml(original);
  const Scenario reloaded = load_scenario_text(resolved, "resolved.yaml");
  expect_same(original, reloaded);
  // And resolving is idempotent: the text itself is a fixed point.
  EXPECT_EQ(to_resolved_yaml(reloaded), resolved);
}

INSTANTIATE_TEST_SUITE_P(Files, ShippedScenario,
                         ::testing::Values("tianjin-2005.yaml", "tianjin-2000.yaml", "tianjin-2002.yaml",
                                           "small-town.yaml", "tianjin-2005-failures.yaml"));

TEST(ResolvedYaml, WritesEveryDefaultTheSeedAndTheVersion) {
  const Scenario minimal = load_scenario_text(
      "name: m\n"
      "network:\n"
      "  nodes: [{id: a}, {id: b}]\n"
      "  links: [{a: a, b: b, capacity: 1Gbps}]\n"
      "simulation: {seed: 18446744073709551615}\n",
      "m.yaml");
  const std::string resolved = to_resolved_yaml(minimal);
  EXPECT_THAT(resolved, ::testing::HasSubstr("citynet_version: " + std::string(kVersion)));
  EXPECT_THAT(resolved, ::testing::HasSubstr("seed: 18446744073709551615"));
  EXPECT_THAT(resolved, ::testing::HasSubstr("mode: fast"));  // the default, written out
  EXPECT_THAT(resolved, ::testing::HasSubstr("streaming_guard: 0.1"));
  EXPECT_THAT(resolved, ::testing::HasSubstr("flat: [1, 1, 1"));  // the profile used when none is given
  EXPECT_THAT(resolved, ::testing::HasSubstr("{id: a-b, a: a, b: b, medium: fiber, capacity: 1Gbps}"));
  expect_same(minimal, load_scenario_text(resolved, "resolved.yaml"));
}

TEST(ResolvedYaml, KeepsAwkwardNamesAndValuesExact) {
  const Scenario awkward = load_scenario_text(
      "name: \"true\"\n"
      "description: \"two\\nlines: with # and 'quotes'\"\n"
      "network:\n"
      "  nodes: [{id: \"null\", x_km: 0.1}, {id: \"1e3\", y_km: -3.3333333333333335}]\n"
      "  links: [{id: \"a: b\", a: \"null\", b: \"1e3\", capacity: 155.52Mbps, length_km: 0.30000000000000004}]\n"
      "simulation: {duration: 90min, interval: 7s, congestion_threshold: 33.3%}\n",
      "awkward.yaml");
  const Scenario reloaded = load_scenario_text(to_resolved_yaml(awkward), "resolved.yaml");
  expect_same(awkward, reloaded);
}

}  // namespace
}  // namespace citynet::scenario
