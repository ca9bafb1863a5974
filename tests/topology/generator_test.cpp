#include "topology/generator.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "topology/analysis.hpp"
#include "topology/build.hpp"
#include "topology/graphml.hpp"
#include "test_city.hpp"

namespace citynet::topology {
namespace {

using ::testing::HasSubstr;
using testing::tianjin_like;

// The brief: fiber within 1% of the target; sums of shares exact up to rounding of doubles.
constexpr double kFiberTolerance = 0.01;
constexpr double kExactSumTolerance = 1e-12;
constexpr double kLengthToleranceKm = 1e-9;

[[nodiscard]] std::int64_t count_role(const Network& network, Role role) {
  return std::count_if(network.nodes.begin(), network.nodes.end(), [&](const Node& n) { return n.role == role; });
}

struct Size {
  std::uint64_t seed;
  double fiber_km;
  int core_nodes;
  scenario::CoreTopology core_topology;
  std::int64_t subscribers_per_site;
  double egress_bps;
  int gateways;
};

class GeneratorTargets : public ::testing::TestWithParam<Size> {
 protected:
  [[nodiscard]] scenario::Scenario scenario() const {
    scenario::Scenario s = tianjin_like(GetParam().seed);
    scenario::GeneratorSpec& spec = *s.network.generate;
    spec.fiber_length_km = GetParam().fiber_km;
    spec.core_nodes = GetParam().core_nodes;
    spec.core_topology = GetParam().core_topology;
    spec.subscribers_per_access_site = GetParam().subscribers_per_site;
    spec.egress_bps = GetParam().egress_bps;
    spec.gateways = GetParam().gateways;
    return s;
  }
};

TEST_P(GeneratorTargets, FiberLengthIsWithinOnePercentOfTheTarget) {
  const Network network = generate_network(scenario());
  EXPECT_NEAR(take_inventory(network).fiber_km, GetParam().fiber_km, kFiberTolerance * GetParam().fiber_km);
}

TEST_P(GeneratorTargets, CoreSwitchingAndEgressSumToTheirTargets) {
  const scenario::Scenario s = scenario();
  const Inventory inventory = take_inventory(generate_network(s));
  EXPECT_NEAR(inventory.core_switching_bps, s.network.generate->core_switching_bps,
              kExactSumTolerance * s.network.generate->core_switching_bps);
  EXPECT_NEAR(inventory.egress_bps, GetParam().egress_bps, kExactSumTolerance * GetParam().egress_bps);
  EXPECT_EQ(inventory.egress_links, static_cast<std::size_t>(GetParam().gateways));
  EXPECT_EQ(inventory.nodes_by_role[static_cast<std::size_t>(Role::core)], static_cast<std::size_t>(GetParam().core_nodes));
}

// Over microwave links only, starting from the site, can we reach an aggregation or core
// site that has fiber (a relay is not a destination in itself)?
[[nodiscard]] bool has_radio_path_to_the_metro(const Network& network, std::uint32_t site) {
  std::vector<bool> has_fiber(network.nodes.size(), false);
  for (const Link& link : network.links) {
    if (link.medium == Medium::fiber) has_fiber[index(link.a)] = has_fiber[index(link.b)] = true;
  }
  std::vector<bool> seen(network.nodes.size(), false);
  std::deque<std::uint32_t> queue{site};
  seen[site] = true;
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    const Role role = network.nodes[u].role;
    if (u != site && (role == Role::aggregation || role == Role::core) && has_fiber[u]) return true;
    for (const Link& link : network.links) {
      if (link.medium != Medium::microwave) continue;
      const std::uint32_t a = index(link.a);
      const std::uint32_t b = index(link.b);
      const std::uint32_t v = a == u ? b : (b == u ? a : u);
      if (v == u || seen[v]) continue;
      seen[v] = true;
      queue.push_back(v);
    }
  }
  return false;
}

TEST_P(GeneratorTargets, EveryUrbanAccessSiteHasAMicrowavePathAndNoHopIsLongerThanTheMaximum) {
  const scenario::Scenario s = scenario();
  const Network network = generate_network(s);
  std::set<std::string> urban;
  for (const auto& d : s.city.districts) {
    if (d.urban) urban.insert(d.name);
  }
  int urban_sites = 0;
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    const Node& node = network.nodes[i];
    if (node.role != Role::access || !urban.contains(node.district)) continue;
    ++urban_sites;
    EXPECT_TRUE(has_radio_path_to_the_metro(network, i)) << node.id;
  }
  EXPECT_GT(urban_sites, 0);
  for (const Link& link : network.links) {
    if (link.medium == Medium::microwave) {
      EXPECT_LE(link.length_km, s.network.generate->microwave_max_hop_km + kLengthToleranceKm);
    }
  }
}

TEST_P(GeneratorTargets, SubscribersOfEachClassAreAllPlacedWhereTheyBelong) {
  const scenario::Scenario s = scenario();
  const Network network = generate_network(s);
  const auto& classes = s.demand.classes;
  std::vector<std::int64_t> placed(classes.size(), 0);
  const std::set<std::string> lan_districts(classes[2].districts.begin(), classes[2].districts.end());
  for (const Node& node : network.nodes) {
    ASSERT_EQ(node.subscribers_by_class.size(), classes.size());
    EXPECT_EQ(node.subscribers, std::accumulate(node.subscribers_by_class.begin(), node.subscribers_by_class.end(), std::int64_t{0}));
    for (std::size_t c = 0; c < classes.size(); ++c) {
      placed[c] += node.subscribers_by_class[c];
      if (node.subscribers_by_class[c] == 0) continue;
      // Dial-up terminates on RAS, everything else on access sites of the class's districts.
      EXPECT_EQ(node.role, classes[c].access == scenario::AccessKind::dialup ? Role::ras : Role::access) << node.id;
      if (c == 2) {
        EXPECT_TRUE(lan_districts.contains(node.district)) << node.id;
      }
    }
    // One site per N subscribers, rounded up per district: the class remainders can push a
    // site at most one subscriber per class above N.
    if (node.role == Role::access) {
      EXPECT_LE(node.subscribers, GetParam().subscribers_per_site + static_cast<std::int64_t>(classes.size())) << node.id;
    }
  }
  for (std::size_t c = 0; c < classes.size(); ++c) EXPECT_EQ(placed[c], classes[c].count) << classes[c].name;
}

TEST_P(GeneratorTargets, EveryAccessSiteReachesTheInternetNode) {
  const Network network = generate_network(scenario());
  const std::vector<bool> reached = reaches_internet(network);
  for (std::size_t i = 0; i < network.nodes.size(); ++i) EXPECT_TRUE(reached[i]) << network.nodes[i].id;
  EXPECT_EQ(take_inventory(network).component_sizes.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    SeedsAndSizes, GeneratorTargets,
    ::testing::Values(Size{1, 20'000, 6, scenario::CoreTopology::ring, 2688, 60e9, 2},
                      Size{7, 7'000, 4, scenario::CoreTopology::ring, 2688, 930e6, 1},
                      Size{42, 20'000, 8, scenario::CoreTopology::mesh, 896, 60e9, 3},
                      Size{99, 40'000, 3, scenario::CoreTopology::mesh, 10'000, 100e9, 4},
                      Size{5, 12'345, 1, scenario::CoreTopology::ring, 2688, 10e9, 2},
                      Size{11, 20'000, 14, scenario::CoreTopology::ring, 2688, 60e9, 2}));

TEST(Generator, IsDeterministicForASeedAndChangesWithIt) {
  const std::string first = export_graphml(generate_network(tianjin_like(3)));
  EXPECT_EQ(first, export_graphml(generate_network(tianjin_like(3))));
  EXPECT_NE(first, export_graphml(generate_network(tianjin_like(4))));
}

TEST(Generator, ARingOfSixCoresHasSixCoreLinksAndAMeshFifteen) {
  const auto core_links = [](scenario::CoreTopology topology) {
    scenario::Scenario s = tianjin_like();
    s.network.generate->core_topology = topology;
    const Network network = generate_network(s);
    return std::count_if(network.links.begin(), network.links.end(), [&](const Link& l) {
      return network.nodes[index(l.a)].role == Role::core && network.nodes[index(l.b)].role == Role::core;
    });
  };
  EXPECT_EQ(core_links(scenario::CoreTopology::ring), 6);
  EXPECT_EQ(core_links(scenario::CoreTopology::mesh), 15);
}

TEST(Generator, OneAccessSitePerNBroadbandSubscribersRoundedUpPerDistrict) {
  scenario::Scenario s = tianjin_like();
  s.city.districts.resize(1);  // Heping alone
  s.demand.classes = {testing::subscriber_class("adsl", scenario::AccessKind::adsl, 10'000)};
  s.network.generate->subscribers_per_access_site = 3'000;
  s.network.generate->fiber_length_km = 100;
  const Network network = generate_network(s);
  EXPECT_EQ(count_role(network, Role::access), 4);  // ceil(10,000 / 3,000)
  const Inventory inventory = take_inventory(network);
  EXPECT_EQ(*inventory.min_subscribers_per_site, 2'500);
  EXPECT_EQ(*inventory.max_subscribers_per_site, 2'500);
}

TEST(Generator, MicrowaveHopsLongerThanTheMaximumGetRelays) {
  scenario::Scenario s = tianjin_like();
  s.network.generate->microwave_max_hop_km = 0.5;
  const Network network = generate_network(s);
  const auto relays = std::count_if(network.nodes.begin(), network.nodes.end(),
                                    [](const Node& n) { return n.id.starts_with("mw-relay-"); });
  EXPECT_GT(relays, 0);
  for (const Link& link : network.links) {
    if (link.medium == Medium::microwave) {
      EXPECT_LE(link.length_km, 0.5 + kLengthToleranceKm);
    }
  }
}

TEST(Generator, RefusesAFiberTargetShorterThanTheBackboneWithThePlace) {
  scenario::Scenario s = tianjin_like();
  s.network.generate->fiber_length_km = 10;
  try {
    (void)generate_network(s);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("city.yaml:20:3: network.generate.fiber_length: 10.0 km is less than the"));
    EXPECT_THAT(e.what(), HasSubstr("expected at least"));
  }
}

TEST(Generator, RefusesAClassNamingAnUnknownDistrictWithTheClassPlace) {
  scenario::Scenario s = tianjin_like();
  s.demand.classes[2].districts.push_back("Atlantis");
  EXPECT_THAT([&] { (void)generate_network(s); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("city.yaml:40:5: class 'lan-10m' names unknown district 'Atlantis'")));
}

TEST_P(GeneratorTargets, DialUpLinesAreSpreadEvenlyOverTheRasPool) {
  // The city-wide access number's hunt group shares calls over every RAS: each holds the
  // mean number of dial-up lines to within one line per district (the apportionment's
  // remainders), not its nearest districts' lines.
  const scenario::Scenario s = scenario();
  const Network network = generate_network(s);
  const auto& classes = s.demand.classes;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (classes[c].access != scenario::AccessKind::dialup) continue;
    const double mean = static_cast<double>(classes[c].count) / GetParam().core_nodes;
    int ras_count = 0;
    for (const Node& node : network.nodes) {
      if (node.role != Role::ras) continue;
      ++ras_count;
      EXPECT_NEAR(static_cast<double>(node.subscribers_by_class[c]), mean, static_cast<double>(s.city.districts.size()))
          << node.id;
    }
    EXPECT_EQ(ras_count, GetParam().core_nodes);
  }
}

TEST(Generator, RefusesNonsenseSizesInsteadOfCrashing) {
  const std::vector<std::pair<std::function<void(scenario::GeneratorSpec&)>, std::string>> cases = {
      {[](auto& g) { g.core_nodes = 0; }, "core_nodes: 0; expected 1 to 1000"},
      {[](auto& g) { g.gateways = -1; }, "gateways: -1; expected 1 to 1000"},
      {[](auto& g) { g.subscribers_per_access_site = 0; }, "subscribers_per_access_site: 0; expected at least 1"},
      {[](auto& g) { g.subscribers_per_access_site = 1; }, "makes more than 2000000 access sites"},
      {[](auto& g) { g.egress_bps = 0; }, "egress: 0; expected a positive value"},
      {[](auto& g) { g.microwave_max_hop_km = -1; }, "microwave_max_hop: -1; expected a positive value"},
  };
  for (const auto& [change, message] : cases) {
    scenario::Scenario s = tianjin_like();
    s.demand.classes[4].count = 5'000'000;  // for the access-site limit case
    s.demand.classes[0].count = 2'500'000;
    change(*s.network.generate);
    EXPECT_THAT([&] { (void)generate_network(s); }, ::testing::ThrowsMessage<InputError>(HasSubstr(message))) << message;
  }
}

TEST(Generator, BuildNetworkDispatchesToTheGenerator) {
  const Network network = build_network(tianjin_like());
  EXPECT_EQ(count_role(network, Role::internet), 1);
  EXPECT_EQ(count_role(network, Role::idc), 1);
  EXPECT_EQ(count_role(network, Role::ras), 6);
  // One aggregation site per district; microwave relays also have the aggregation role.
  const auto district_sites = std::count_if(network.nodes.begin(), network.nodes.end(), [](const Node& n) {
    return n.role == Role::aggregation && n.id.starts_with("agg-");
  });
  EXPECT_EQ(district_sites, 11);
}

}  // namespace
}  // namespace citynet::topology
