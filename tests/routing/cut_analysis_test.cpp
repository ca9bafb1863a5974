// Single failures at the busy hour on a network small enough to work out by hand.
#include "routing/cut_analysis.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace citynet::routing {
namespace {

using topology::Link;
using topology::Network;
using topology::Node;
using topology::Medium;
using topology::Role;

constexpr double kUtilizationTolerance = 1e-12;

// internet - core - agg, with sites s1 (100 subscribers) and s2 (50) on agg and s3 (30)
// on the core; 1 km fiber links of 1 Gbps except core-agg (600 Mbps). With `backup`, a
// 5 km link of 100 Mbps joins s3 to agg: a second way between core and agg.
Network city(bool backup) {
  Network network;
  const auto node = [&](const char* id, Role role, std::int64_t subscribers) {
    Node n;
    n.id = id;
    n.role = role;
    n.subscribers = subscribers;
    network.nodes.push_back(n);
  };
  node("internet", Role::internet, 0);  // 0
  node("core", Role::core, 0);          // 1
  node("agg", Role::aggregation, 0);    // 2
  node("s1", Role::access, 100);        // 3
  node("s2", Role::access, 50);         // 4
  node("s3", Role::access, 30);         // 5
  const auto link = [&](const char* id, std::uint32_t a, std::uint32_t b, double capacity_bps, double length_km) {
    network.links.push_back(Link{id, NodeId{a}, NodeId{b}, Medium::fiber, length_km, capacity_bps});
  };
  link("egress", 0, 1, 1e9, 1);     // 0
  link("core-agg", 1, 2, 600e6, 1);  // 1
  link("agg-s1", 2, 3, 1e9, 1);      // 2
  link("agg-s2", 2, 4, 1e9, 1);      // 3
  link("core-s3", 1, 5, 1e9, 1);     // 4
  if (backup) link("s3-agg", 5, 2, 100e6, 5);  // 5
  return network;
}

// s1: 300 Mbps down and 100 Mbps up with the internet; s2: 200 Mbps down; s3: 50 Mbps down.
const std::vector<SiteTraffic> kTraffic = {
    {NodeId{3}, NodeId{0}, 300e6, 100e6}, {NodeId{4}, NodeId{0}, 200e6, 0}, {NodeId{5}, NodeId{0}, 50e6, 0}};

const FailureHarm& harm_of(const CutAnalysis& analysis, FailureHarm::Kind kind, std::uint32_t index) {
  for (const FailureHarm& harm : analysis.failures) {
    if (harm.kind == kind && harm.index == index) return harm;
  }
  throw std::logic_error("no such failure");
}

TEST(CutAnalysis, IntactTheWorstLinkIsCoreToAggCarryingTheDownTrafficOfS1AndS2) {
  const CutAnalysis analysis = analyze_single_failures(city(false), NodeId{0}, kTraffic);
  EXPECT_EQ(analysis.subscribers_disconnected, 0);
  ASSERT_TRUE(analysis.worst.link.has_value());
  EXPECT_EQ(*analysis.worst.link, LinkId{1});
  EXPECT_EQ(analysis.worst.from, NodeId{1});
  EXPECT_NEAR(analysis.worst.utilization, 500e6 / 600e6, kUtilizationTolerance);
  // Every link and every node but the internet node.
  EXPECT_EQ(analysis.failures.size(), 5u + 5u);
}

TEST(CutAnalysis, ABridgeCutDisconnectsExactlyTheSubscribersBehindIt) {
  const CutAnalysis analysis = analyze_single_failures(city(false), NodeId{0}, kTraffic);
  EXPECT_EQ(harm_of(analysis, FailureHarm::Kind::link, 4).subscribers_disconnected, 30);   // core-s3: s3
  EXPECT_EQ(harm_of(analysis, FailureHarm::Kind::link, 1).subscribers_disconnected, 150);  // core-agg: s1, s2
  EXPECT_EQ(harm_of(analysis, FailureHarm::Kind::node, 2).subscribers_disconnected, 150);  // agg
  EXPECT_EQ(harm_of(analysis, FailureHarm::Kind::node, 3).subscribers_disconnected, 100);  // s1 itself
  // What s1 and s2 offered has no way left; s3's 50 Mbps still crosses the egress.
  const FailureHarm& core_agg = harm_of(analysis, FailureHarm::Kind::link, 1);
  EXPECT_NEAR(core_agg.unrouted_bps, 600e6, 1e-3);
  EXPECT_NEAR(core_agg.worst.utilization, 50e6 / 1e9, kUtilizationTolerance);
}

TEST(CutAnalysis, SubscribersAlreadyCutOffCountWithThoseEachFailureAdds) {
  // s4 (7 subscribers) has no link at all: disconnected before anything fails, and its own
  // failure disconnects no one more.
  Network network = city(false);
  Node s4;
  s4.id = "s4";
  s4.role = Role::access;
  s4.subscribers = 7;
  network.nodes.push_back(s4);
  const CutAnalysis analysis = analyze_single_failures(network, NodeId{0}, kTraffic);
  EXPECT_EQ(analysis.subscribers_disconnected, 7);
  EXPECT_EQ(harm_of(analysis, FailureHarm::Kind::link, 1).subscribers_disconnected, 7 + 150);  // core-agg
  EXPECT_EQ(harm_of(analysis, FailureHarm::Kind::node, 1).subscribers_disconnected, 7 + 180);  // the core
  EXPECT_EQ(harm_of(analysis, FailureHarm::Kind::node, 6).subscribers_disconnected, 7);         // s4 itself
}

TEST(CutAnalysis, AParallelPathReconnectsAndCarriesTheReroutedLoad) {
  const CutAnalysis analysis = analyze_single_failures(city(true), NodeId{0}, kTraffic);
  const FailureHarm& core_s3 = harm_of(analysis, FailureHarm::Kind::link, 4);
  EXPECT_EQ(core_s3.subscribers_disconnected, 0);
  // s3's 50 Mbps now goes core > agg > s3: core-agg carries 550 of its 600 Mbps.
  EXPECT_NEAR(core_s3.worst.utilization, 550e6 / 600e6, kUtilizationTolerance);
  const FailureHarm& core_agg = harm_of(analysis, FailureHarm::Kind::link, 1);
  EXPECT_EQ(core_agg.subscribers_disconnected, 0);
  EXPECT_NEAR(core_agg.unrouted_bps, 0, 1e-3);
  // s1 and s2's 500 Mbps down squeezes through the 100 Mbps backup: 5 times its capacity.
  ASSERT_TRUE(core_agg.worst.link.has_value());
  EXPECT_EQ(*core_agg.worst.link, LinkId{5});
  EXPECT_EQ(core_agg.worst.from, NodeId{5});
  EXPECT_NEAR(core_agg.worst.utilization, 5.0, kUtilizationTolerance);
}

TEST(CutAnalysis, TheMostHarmfulComeFirst) {
  const CutAnalysis analysis = analyze_single_failures(city(false), NodeId{0}, kTraffic);
  // The egress and the core cut off all 180; ties go to links first.
  EXPECT_EQ(analysis.failures[0].kind, FailureHarm::Kind::link);
  EXPECT_EQ(analysis.failures[0].index, 0u);
  EXPECT_EQ(analysis.failures[0].subscribers_disconnected, 180);
  EXPECT_EQ(analysis.failures[1].kind, FailureHarm::Kind::node);
  EXPECT_EQ(analysis.failures[1].index, 1u);
  for (std::size_t i = 1; i < analysis.failures.size(); ++i) {
    EXPECT_GE(analysis.failures[i - 1].subscribers_disconnected, analysis.failures[i].subscribers_disconnected);
  }
}

}  // namespace
}  // namespace citynet::routing
