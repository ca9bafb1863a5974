// The failure timeline: states between failures and repairs, the capacities the engine is
// given, reroute points only where routes can change, and routes per state.
#include "cli/failure_timeline.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scenario/load.hpp"

namespace citynet::cli {
namespace {

using topology::LinkId;
using topology::NodeId;

constexpr char kTown[] = R"(
name: timeline-town
city:
  name: Timeline Town
  districts:
    - {name: Centre, ring: central, x_km: 0, y_km: 0, area_km2: 4, households: 1200, urban: true}
network:
  nodes:
    - {id: internet, role: internet, x_km: -30, y_km: 0}
    - {id: core, role: core, district: Centre, switching_capacity: 10Gbps}
    - {id: access-a, role: access, district: Centre, subscribers: 100}
    - {id: access-b, role: access, district: Centre, subscribers: 100}
  links:
    - {id: uplink, a: core, b: internet, capacity: 1Gbps, length_km: 30}
    - {id: core-a, a: core, b: access-a, capacity: 100Mbps}
    - {id: core-b, a: core, b: access-b, capacity: 100Mbps}
    - {id: radio-ab, a: access-a, b: access-b, medium: microwave, capacity: 10Mbps}
demand:
  classes:
    - {name: adsl, access: adsl, down: 1Mbps, up: 512kbps, count: 200}
  applications:
    - name: web
      kind: elastic
      sessions_per_day: 10
      size: {distribution: exponential, mean: 100kB}
      destinations: {internet: 1}
simulation:
  duration: 1h
)";

struct Town {
  CityModel model = build_city_model(scenario::load_scenario_text(kTown, "town.yaml"));
  routing::ResourceIndex resources{model.network};

  [[nodiscard]] LinkId link(const std::string& id) const {
    for (std::uint32_t l = 0; l < model.network.links.size(); ++l) {
      if (model.network.links[l].id == id) return LinkId{l};
    }
    throw std::out_of_range(id);
  }
  [[nodiscard]] NodeId node(const std::string& id) const {
    for (std::uint32_t n = 0; n < model.network.nodes.size(); ++n) {
      if (model.network.nodes[n].id == id) return NodeId{n};
    }
    throw std::out_of_range(id);
  }
  // The engine's capacity of a resource at `t_s`: the last change at or before it.
  [[nodiscard]] double capacity_at(const FailureTimeline& timeline, std::uint32_t resource, double t_s) const {
    double capacity_bps = resources.resource(resource).capacity_bps;
    for (const engine::CapacityChange& change : timeline.capacity_changes) {
      if (change.resource == resource && change.at_s <= t_s) capacity_bps = change.capacity_bps;
    }
    return capacity_bps;
  }
};

topology::FailureEvent event(double start_s, double end_s, std::vector<LinkId> links, std::vector<NodeId> nodes = {},
                             std::vector<std::pair<LinkId, double>> fades = {}) {
  return topology::FailureEvent{"e", start_s, end_s, std::move(links), std::move(nodes), std::move(fades)};
}

TEST(FailureTimeline, WithoutFailuresOneStateAndNothingForTheEngine) {
  const Town town;
  const FailureTimeline timeline = make_failure_timeline(town.model.network, town.resources, {}, 3600);
  ASSERT_EQ(timeline.states.size(), 1u);
  EXPECT_EQ(timeline.states[0].start_s, 0);
  EXPECT_EQ(timeline.states[0].end_s, 3600);
  EXPECT_TRUE(timeline.capacity_changes.empty());
  EXPECT_TRUE(timeline.reroute_points_s.empty());
}

TEST(FailureTimeline, OverlappingCutsNodesAndFadesGiveTheRightCapacitiesAndReroutePoints) {
  const Town town;
  const LinkId core_a = town.link("core-a");
  const LinkId radio = town.link("radio-ab");
  const NodeId core = town.node("core");
  const std::vector<topology::FailureEvent> events = {
      event(5, 50, {}, {}, {{radio, 0.5}}),
      event(10, 30, {core_a}),
      event(20, 40, {}, {core}),
      event(25, 35, {}, {}, {{radio, 0.2}}),
      event(3000, 9000, {core_a}),  // repaired after the run: clipped
  };
  const FailureTimeline timeline = make_failure_timeline(town.model.network, town.resources, events, 3600);
  std::vector<double> starts;
  for (const NetworkState& state : timeline.states) starts.push_back(state.start_s);
  EXPECT_EQ(starts, (std::vector<double>{0, 5, 10, 20, 25, 30, 35, 40, 50, 3000}));
  EXPECT_EQ(timeline.states.back().end_s, 3600);

  // Routes change only where links or nodes go down or come back, not at fades.
  // At 30 the cut is repaired but the node at its end is still down: the same routes.
  EXPECT_EQ(timeline.reroute_points_s, (std::vector<double>{10, 20, 40, 3000}));
  EXPECT_EQ(timeline.states[timeline.state_at(45)].routing, 0u);
  EXPECT_EQ(timeline.states[timeline.state_at(10)].routing, timeline.states[timeline.state_at(3000)].routing);

  // A node down takes every link at it down, and its switching capacity.
  const NetworkState& both = timeline.states[timeline.state_at(20)];
  EXPECT_EQ(both.events, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(both.links_down.size(), 3u);  // uplink, core-a, core-b
  const std::uint32_t core_switch = *town.resources.node(core);
  EXPECT_EQ(town.capacity_at(timeline, core_switch, 19.9), 10e9);
  EXPECT_EQ(town.capacity_at(timeline, core_switch, 20), 0);
  EXPECT_EQ(town.capacity_at(timeline, core_switch, 40), 10e9);

  // Both directions of a cut link; the repair gives the capacity back.
  for (const NodeId from : {core, town.node("access-a")}) {
    const std::uint32_t r = town.resources.link_direction(core_a, from);
    EXPECT_EQ(town.capacity_at(timeline, r, 9), 100e6);
    EXPECT_EQ(town.capacity_at(timeline, r, 10), 0);
    EXPECT_EQ(town.capacity_at(timeline, r, 35), 0);  // the node is still down
    EXPECT_EQ(town.capacity_at(timeline, r, 40), 100e6);
    EXPECT_EQ(town.capacity_at(timeline, r, 3000), 0);
  }
  // Fades: the deepest one in force.
  const std::uint32_t radio_ab = town.resources.link_direction(radio, town.node("access-a"));
  EXPECT_EQ(town.capacity_at(timeline, radio_ab, 4), 10e6);
  EXPECT_EQ(town.capacity_at(timeline, radio_ab, 5), 5e6);
  EXPECT_EQ(town.capacity_at(timeline, radio_ab, 25), 2e6);
  EXPECT_EQ(town.capacity_at(timeline, radio_ab, 35), 5e6);
  EXPECT_EQ(town.capacity_at(timeline, radio_ab, 50), 10e6);
}

TEST(FailureTimeline, RoutesOfAStateGoRoundTheCutOrAreMissingWhenAnEndIsDown) {
  const Town town;
  const LinkId core_a = town.link("core-a");
  const NodeId access_a = town.node("access-a");
  const NodeId internet = town.node("internet");
  const std::vector<topology::FailureEvent> events = {event(10, 20, {core_a}), event(30, 40, {}, {access_a})};
  const FailureTimeline timeline = make_failure_timeline(town.model.network, town.resources, events, 3600);
  routing::Router normal(town.model.network, {}, routing::RoutePreference::fiber_first);
  engine::Simulator simulator(town.resources.capacities_bps(), {});
  CityRoutes routes(timeline, town.model.network, normal, simulator);

  const std::size_t cut = timeline.states[timeline.state_at(10)].routing;
  const std::size_t node_down = timeline.states[timeline.state_at(30)].routing;
  const std::optional<engine::PathId> fiber = routes.route(0, internet, access_a);
  const std::optional<engine::PathId> backup = routes.route(cut, internet, access_a);
  ASSERT_TRUE(fiber && backup);
  EXPECT_NE(*fiber, *backup);
  // The backup crosses the microwave link towards access-a.
  const std::uint32_t radio_ba = town.resources.link_direction(town.link("radio-ab"), town.node("access-b"));
  const auto backup_resources = simulator.path(*backup);
  EXPECT_NE(std::find(backup_resources.begin(), backup_resources.end(), radio_ba), backup_resources.end());
  EXPECT_EQ(routes.ends(*backup), std::make_pair(internet, access_a));
  EXPECT_FALSE(routes.route(node_down, internet, access_a).has_value());
  EXPECT_FALSE(routes.reaches(node_down, internet, access_a));
  EXPECT_TRUE(routes.reaches(node_down, internet, town.node("access-b")));

  // The rerouter sends a path to its state's route, and back at the repair.
  CityRerouter rerouter(timeline, routes);
  EXPECT_EQ(rerouter.reroute(*fiber, 10), backup);
  EXPECT_EQ(rerouter.reroute(*backup, 20), fiber);
  EXPECT_EQ(rerouter.reroute(*fiber, 30), std::nullopt);
}

}  // namespace
}  // namespace citynet::cli
