// The routes `citynet replay` gives its flows: each flow's engine path is the route the
// routing library gives its pair, paths are numbered in order of first use, and neither
// depends on the number of threads the trees are computed on.
#include "cli/replay_routes.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"

namespace citynet::cli {
namespace {

using ::testing::HasSubstr;

constexpr double kCapacityBps = 1e9;
constexpr std::size_t kGridSide = 7;

[[nodiscard]] std::string node_name(std::size_t i) {
  std::string name("n");
  name += std::to_string(i);
  return name;
}

// A grid with uneven lengths (so that routes differ from source to source) and a switching
// capacity on every third node (so that paths carry node resources too), plus one node that
// no link reaches.
[[nodiscard]] topology::Network grid() {
  topology::Network network;
  for (std::size_t i = 0; i <= kGridSide * kGridSide; ++i) {
    topology::Node node;
    node.id = node_name(i);
    node.switching_capacity_bps = i % 3 == 0 ? kCapacityBps : 0;
    network.nodes.push_back(node);
  }
  const auto link = [&](std::size_t a, std::size_t b) {
    topology::Link l;
    l.id = "l";
    l.id += std::to_string(network.links.size());
    l.a = topology::NodeId{static_cast<std::uint32_t>(a)};
    l.b = topology::NodeId{static_cast<std::uint32_t>(b)};
    l.length_km = 1.0 + static_cast<double>((a * 7 + b * 3) % 5);
    l.capacity_bps = kCapacityBps;
    network.links.push_back(l);
  };
  for (std::size_t r = 0; r < kGridSide; ++r) {
    for (std::size_t c = 0; c < kGridSide; ++c) {
      const std::size_t i = r * kGridSide + c;
      if (c + 1 < kGridSide) link(i, i + 1);
      if (r + 1 < kGridSide) link(i, i + kGridSide);
    }
  }
  return network;
}

// Flows between random grid nodes (a node to itself included), sites named in order of
// first mention as the trace reader does.
[[nodiscard]] demand::FlowTrace random_trace(std::size_t flow_count) {
  demand::FlowTrace trace;
  trace.file = "flows.csv";
  std::mt19937 random(11);
  std::uniform_int_distribution<std::size_t> node(0, kGridSide * kGridSide - 1);
  const auto site = [&](std::size_t n) {
    const std::string name = node_name(n);
    for (std::uint32_t s = 0; s < trace.sites.size(); ++s) {
      if (trace.sites[s] == name) return s;
    }
    trace.sites.push_back(name);
    return static_cast<std::uint32_t>(trace.sites.size() - 1);
  };
  for (std::size_t i = 0; i < flow_count; ++i) {
    demand::TraceFlow flow;
    trace.set_id(flow, std::to_string(i));
    flow.src_site = site(node(random));
    flow.dst_site = site(node(random));
    flow.size_bytes = 1;
    flow.line = static_cast<std::uint32_t>(i + 2);
    trace.flows.push_back(flow);
  }
  return trace;
}

[[nodiscard]] topology::NodeId node_of(const topology::Network& network, const std::string& name) {
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].id == name) return topology::NodeId{i};
  }
  throw std::logic_error("no such node");
}

TEST(ReplayRoutes, EachFlowGetsTheRoutersPathNumberedInOrderOfFirstUse) {
  const topology::Network network = grid();
  const demand::FlowTrace trace = random_trace(3000);
  routing::Router router(network);
  engine::Simulator simulator(router.resources().capacities_bps(), {});
  const std::vector<engine::PathId> paths = route_flows(network, trace, router, "grid.yaml", simulator, 2);
  ASSERT_EQ(paths.size(), trace.flows.size());
  std::uint32_t next_new_id = 0;
  for (std::size_t i = 0; i < trace.flows.size(); ++i) {
    const demand::TraceFlow& flow = trace.flows[i];
    const std::optional<routing::Path> expected =
        router.path(node_of(network, trace.sites[flow.src_site]), node_of(network, trace.sites[flow.dst_site]));
    ASSERT_TRUE(expected.has_value());
    const std::span<const std::uint32_t> resources = simulator.path(paths[i]);
    ASSERT_EQ(std::vector<std::uint32_t>(resources.begin(), resources.end()), expected->resources) << "flow " << i;
    ASSERT_LE(engine::index(paths[i]), next_new_id) << "flow " << i;
    if (engine::index(paths[i]) == next_new_id) ++next_new_id;
  }
  EXPECT_EQ(simulator.path_count(), next_new_id);
}

TEST(ReplayRoutes, PathsDoNotDependOnTheNumberOfThreads) {
  const topology::Network network = grid();
  const demand::FlowTrace trace = random_trace(3000);
  const auto route_on = [&](unsigned threads) {
    routing::Router router(network);
    engine::Simulator simulator(router.resources().capacities_bps(), {});
    return route_flows(network, trace, router, "grid.yaml", simulator, threads);
  };
  const std::vector<engine::PathId> one = route_on(1);
  for (const unsigned threads : {2U, 3U, 8U, 64U}) EXPECT_TRUE(route_on(threads) == one) << threads << " threads";
}

TEST(ReplayRoutes, TheFirstBadRowInInputOrderIsReported) {
  // Row 3 asks for a pair no links join, row 4 for a node the topology lacks: row 3 is
  // reported, whatever order the checks would find them in otherwise.
  const topology::Network network = grid();
  demand::FlowTrace trace = random_trace(2);
  trace.sites.push_back(node_name(kGridSide * kGridSide));  // the isolated node
  trace.sites.push_back("nowhere");
  const auto isolated = static_cast<std::uint32_t>(trace.sites.size() - 2);
  const auto unknown = static_cast<std::uint32_t>(trace.sites.size() - 1);
  trace.flows[1].dst_site = isolated;
  demand::TraceFlow bad = trace.flows[0];
  bad.line = 4;
  bad.src_site = unknown;
  trace.flows.push_back(bad);
  routing::Router router(network);
  engine::Simulator simulator(router.resources().capacities_bps(), {});
  const auto expect_error = [&](std::size_t line, const char* what) {
    try {
      (void)route_flows(network, trace, router, "grid.yaml", simulator, 2);
      ADD_FAILURE() << "expected an InputError at line " << line;
    } catch (const InputError& error) {
      EXPECT_EQ(error.place().line, line);
      EXPECT_THAT(error.what(), HasSubstr(what));
    }
  };
  expect_error(3, "no route from");
  trace.flows[1].dst_site = trace.flows[0].dst_site;
  expect_error(4, "src: unknown node \"nowhere\"");
}

}  // namespace
}  // namespace citynet::cli
