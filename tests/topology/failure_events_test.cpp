// Failure events resolved on a network: which links a corridor, a circle or a rain area
// takes, unknown ids, and random failures whose count follows the rate.
#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "scenario/load.hpp"
#include "topology/build.hpp"
#include "topology/failure_events.hpp"

namespace citynet::topology {
namespace {

using scenario::FailureEventSpec;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kDayS = 86400;
constexpr double kYearS = 365 * kDayS;

// A square of 10 km sides: a (0,0), b (10,0), c (10,10), d (0,10); fiber on the bottom
// and right sides, microwave on the top and left, and a fiber diagonal a-c.
Network square() {
  Network network;
  const auto node = [&](std::string id, double x, double y, std::string district) {
    Node n;
    n.id = std::move(id);
    n.x_km = x;
    n.y_km = y;
    n.district = std::move(district);
    network.nodes.push_back(n);
  };
  node("a", 0, 0, "South");
  node("b", 10, 0, "South");
  node("c", 10, 10, "North");
  node("d", 0, 10, "North");
  const auto link = [&](std::string id, std::uint32_t a, std::uint32_t b, Medium medium, double length_km) {
    network.links.push_back(Link{std::move(id), NodeId{a}, NodeId{b}, medium, length_km, 1e9});
  };
  link("a-b", 0, 1, Medium::fiber, 10);
  link("b-c", 1, 2, Medium::fiber, 10);
  link("c-d", 2, 3, Medium::microwave, 10);
  link("d-a", 3, 0, Medium::microwave, 10);
  link("a-c", 0, 2, Medium::fiber, std::sqrt(200.0));
  return network;
}

FailureEventSpec event(FailureEventSpec::Kind kind) {
  FailureEventSpec e;
  e.name = "e";
  e.kind = kind;
  e.start_s = 100;
  e.end_s = 200;
  e.place = {"f.yaml", 3, 7};
  e.element_place = {"f.yaml", 4, 9};
  e.element_path = "failures.events[0].cut.link";
  return e;
}

std::vector<FailureEvent> resolve(const FailureEventSpec& e, const Network& network = square()) {
  scenario::FailureSpec spec;
  spec.events.push_back(e);
  return resolve_failures(network, spec, 1, kDayS);
}

TEST(FailureEvents, ALinkCutByIdTakesThatLinkForItsTime) {
  FailureEventSpec e = event(FailureEventSpec::Kind::cut_link);
  e.element_id = "b-c";
  const auto events = resolve(e);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].links_down, ElementsAre(LinkId{1}));
  EXPECT_DOUBLE_EQ(events[0].start_s, 100);
  EXPECT_DOUBLE_EQ(events[0].end_s, 200);
}

TEST(FailureEvents, AnUnknownIdIsAnInputErrorAtItsPlaceWithTheClosestId) {
  FailureEventSpec e = event(FailureEventSpec::Kind::cut_link);
  e.element_id = "b-x";
  try {
    (void)resolve(e);
    FAIL() << "resolved an unknown link";
  } catch (const InputError& error) {
    EXPECT_THAT(std::string(error.what()), HasSubstr("f.yaml:4:9: failures.events[0].cut.link: no link \"b-x\""));
    EXPECT_THAT(std::string(error.what()), HasSubstr("did you mean"));
  }
  FailureEventSpec down = event(FailureEventSpec::Kind::node_down);
  down.element_id = "e";
  EXPECT_THROW((void)resolve(down), InputError);
}

TEST(FailureEvents, ACorridorTakesTheFiberItComesWithinHalfItsWidthOf) {
  // A road from (5, -1) to (5, 0.4): 0.4 km from a-b at its end, 5 km from anything else.
  FailureEventSpec e = event(FailureEventSpec::Kind::cut_corridor);
  e.corridor = {{5, -1}, {5, -0.4}, 1.0};
  EXPECT_THAT(resolve(e)[0].links_down, ElementsAre(LinkId{0}));
  e.corridor.width_km = 0.7;  // half of it, 0.35 km, falls short of a-b
  EXPECT_TRUE(resolve(e)[0].links_down.empty());
  // A road across the whole square crosses both fiber sides and the diagonal, never the
  // microwave ones even though it crosses them too.
  e.corridor = {{-1, 5}, {11, 5}, 0.1};
  EXPECT_THAT(resolve(e)[0].links_down, ElementsAre(LinkId{1}, LinkId{4}));
}

TEST(FailureEvents, ACircleTakesTheFiberWhoseSegmentEntersIt) {
  // The centre (5, 5) lies on the diagonal; the sides are 5 km away.
  FailureEventSpec e = event(FailureEventSpec::Kind::cut_radius);
  e.circle = {{5, 5}, 1};
  EXPECT_THAT(resolve(e)[0].links_down, ElementsAre(LinkId{4}));
  e.circle.radius_km = 5;
  EXPECT_THAT(resolve(e)[0].links_down, ElementsAre(LinkId{0}, LinkId{1}, LinkId{4}));
}

TEST(FailureEvents, RainFadesOnlyMicrowaveLinksOfItsDistrictsOrArea) {
  FailureEventSpec e = event(FailureEventSpec::Kind::fade);
  e.fade.capacity_fraction = 0.3;
  e.fade.districts = {"South"};  // d-a has its end a in South; c-d is all North
  const auto events = resolve(e);
  ASSERT_EQ(events[0].links_faded.size(), 1u);
  EXPECT_EQ(events[0].links_faded[0].first, LinkId{3});
  EXPECT_DOUBLE_EQ(events[0].links_faded[0].second, 0.3);
  EXPECT_TRUE(events[0].links_down.empty());
  e.fade.districts.clear();
  e.fade.area = scenario::CircleSpec{{5, 11}, 2};  // 1 km from c-d, 5 km from d-a
  EXPECT_EQ(resolve(e)[0].links_faded.size(), 1u);
  EXPECT_EQ(resolve(e)[0].links_faded[0].first, LinkId{2});
}

TEST(FailureEvents, EventsAreClippedToTheRunAndThoseAfterItDropped) {
  FailureEventSpec late = event(FailureEventSpec::Kind::node_down);
  late.element_id = "a";
  late.name = "late";
  late.start_s = 3600;
  late.end_s = 7200;
  FailureEventSpec early = late;
  early.name = "early";
  early.start_s = 600;
  scenario::FailureSpec spec;
  spec.events = {late, early};
  const auto events = resolve_failures(square(), spec, 1, 5400);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].name, "early");  // in order of start
  EXPECT_DOUBLE_EQ(events[1].end_s, 5400);
  EXPECT_EQ(resolve_failures(square(), spec, 1, 1800).size(), 1u);
}

// A long fiber line: 20 links of 50 km.
Network fiber_line() {
  Network network;
  for (int i = 0; i <= 20; ++i) {
    Node node;
    node.id = std::string("n").append(std::to_string(i));
    node.role = Role::core;
    node.x_km = 50.0 * i;
    network.nodes.push_back(node);
  }
  for (std::uint32_t i = 0; i < 20; ++i) {
    network.links.push_back(Link{std::string("l").append(std::to_string(i)), NodeId{i}, NodeId{i + 1}, Medium::fiber, 50, 1e9});
  }
  return network;
}

TEST(FailureEvents, RandomCutsFollowTheRatePerKmOverTheRun) {
  // 1,000 km at 10 cuts per 1,000 km and year over 30 days: 0.822 cuts a run expected.
  // Repairs of a second keep the links up nearly all the time, so the count is Poisson;
  // over 2,000 seeds its mean has a standard error of 0.020, and 4 of them are allowed.
  constexpr int kSeeds = 2000;
  constexpr double kRunS = 30 * kDayS;
  constexpr double kStandardErrors = 4;
  scenario::FailureSpec spec;
  spec.random.fiber_cuts_per_1000km_year = 10;
  spec.random.mean_fiber_repair_s = 1;
  const Network network = fiber_line();
  double cuts = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    for (const FailureEvent& e : resolve_failures(network, spec, seed, kRunS)) {
      ASSERT_EQ(e.links_down.size(), 1u);
      EXPECT_LT(e.start_s, e.end_s);
      EXPECT_LE(e.end_s, kRunS);
      cuts += 1;
    }
  }
  const double expected = 10 * 1000.0 / 1000 * kRunS / kYearS;
  const double standard_error = std::sqrt(expected / kSeeds);
  EXPECT_NEAR(cuts / kSeeds, expected, kStandardErrors * standard_error);
}

TEST(FailureEvents, RandomNodeFailuresTakeOnlyTheListedRoles) {
  Network network = fiber_line();
  network.nodes[3].role = Role::access;
  scenario::FailureSpec spec;
  spec.random.node_failures_per_year = 2000;  // about 5 a day per node
  spec.random.node_roles = {"access"};
  const auto events = resolve_failures(network, spec, 7, kDayS);
  ASSERT_FALSE(events.empty());
  for (const FailureEvent& e : events) EXPECT_THAT(e.nodes_down, ElementsAre(NodeId{3}));
}

TEST(FailureEvents, TheSameSeedGivesTheSameEventsAndALinksDrawsAreItsOwn) {
  scenario::FailureSpec spec;
  spec.random.fiber_cuts_per_1000km_year = 2000;  // about 8 cuts of each link
  const Network network = fiber_line();
  const auto first = resolve_failures(network, spec, 42, 30 * kDayS);
  const auto again = resolve_failures(network, spec, 42, 30 * kDayS);
  ASSERT_EQ(first.size(), again.size());
  ASSERT_FALSE(first.empty());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].name, again[i].name);
    EXPECT_EQ(first[i].start_s, again[i].start_s);
    EXPECT_EQ(first[i].end_s, again[i].end_s);
  }
  // Dropping other links does not change the cuts of link l0: each link has its stream.
  Network shorter = network;
  shorter.links.resize(1);
  std::vector<double> l0_starts;
  for (const auto& e : first) {
    if (e.links_down[0] == LinkId{0}) l0_starts.push_back(e.start_s);
  }
  std::vector<double> alone_starts;
  for (const auto& e : resolve_failures(shorter, spec, 42, 30 * kDayS)) alone_starts.push_back(e.start_s);
  ASSERT_FALSE(l0_starts.empty());
  EXPECT_EQ(l0_starts, alone_starts);
  EXPECT_NE(resolve_failures(network, spec, 43, 30 * kDayS).front().start_s, first.front().start_s);
}

TEST(FailureEvents, TheShippedFailureScenarioResolvesOnItsNetwork) {
  const scenario::Scenario s =
      scenario::load_scenario_file(std::string(CITYNET_SOURCE_DIR) + "/scenarios/tianjin-2005-failures.yaml");
  const Network network = build_network(s);
  const auto events = resolve_failures(network, s.failures, s.simulation.seed, s.simulation.duration_s);
  // In order of start, then name: gateway outage, the two Beichen duct cuts, rainstorm, ring cut.
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].name, "gateway outage");
  ASSERT_EQ(events[0].nodes_down.size(), 1u);
  EXPECT_EQ(network.nodes[index(events[0].nodes_down[0])].role, Role::gateway);
  for (const std::size_t duct : {1U, 2U}) {
    EXPECT_EQ(events[duct].name.rfind("Beichen duct cut", 0), 0u);
    ASSERT_EQ(events[duct].links_down.size(), 1u);
    const Link& uplink = network.links[index(events[duct].links_down[0])];
    EXPECT_EQ(network.nodes[index(uplink.a)].role, Role::aggregation);
    EXPECT_EQ(network.nodes[index(uplink.b)].role, Role::core);
  }
  EXPECT_NE(events[1].links_down[0], events[2].links_down[0]);  // both fibers of the duct
  EXPECT_EQ(events[3].name, "rainstorm");
  EXPECT_FALSE(events[3].links_faded.empty());
  for (const auto& [link, fraction] : events[3].links_faded) {
    EXPECT_EQ(network.links[index(link)].medium, Medium::microwave);
    EXPECT_DOUBLE_EQ(fraction, 0.3);
  }
  EXPECT_EQ(events[4].name, "core ring cut");
  ASSERT_EQ(events[4].links_down.size(), 1u);
  const Link& cut = network.links[index(events[4].links_down[0])];
  EXPECT_EQ(network.nodes[index(cut.a)].role, Role::core);
  EXPECT_EQ(network.nodes[index(cut.b)].role, Role::core);
  EXPECT_DOUBLE_EQ(events[4].start_s, 21 * 3600.0);
  EXPECT_DOUBLE_EQ(events[4].end_s, 23 * 3600.0);
}

}  // namespace
}  // namespace citynet::topology
