#include "cli/replay_routes.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fmt/core.h>

#include "core/error.hpp"

namespace citynet::cli {
namespace {

using demand::FlowTrace;
using demand::TraceFlow;

// Each (src, dst) pair of trace sites that flows use, numbered in order of first use;
// empty until a flow uses it. A table indexed by the pair when the sites are few enough
// (a million flows look it up once each), a hash map otherwise.
class PairBySites {
 public:
  explicit PairBySites(std::size_t site_count, std::size_t flow_count) : site_count_(site_count) {
    if (site_count * site_count <= kMaxDenseSitePairs) {
      dense_.resize(site_count * site_count);
    } else {
      sparse_.reserve(flow_count);
    }
  }

  [[nodiscard]] std::optional<std::uint32_t>& operator()(std::uint32_t src_site, std::uint32_t dst_site) {
    if (!dense_.empty()) return dense_[src_site * site_count_ + dst_site];
    return sparse_[(std::uint64_t{src_site} << 32U) | dst_site];
  }

 private:
  // 32 MB of table at most (2048 sites); beyond, most pairs would never be used.
  static constexpr std::size_t kMaxDenseSitePairs = std::size_t{1} << 22;

  std::size_t site_count_;
  std::vector<std::optional<std::uint32_t>> dense_;
  std::unordered_map<std::uint64_t, std::optional<std::uint32_t>> sparse_;
};

// The route of every flow as an engine path. Flows are checked in input order so that the
// first bad row is the one reported; then each source's tree is computed once and dropped
// after its pairs are routed, and the paths reach the engine in order of first use.
class FlowRouter {
 public:
  FlowRouter(const topology::Network& network, const FlowTrace& trace, routing::Router& router,
             const std::string& topology_path, engine::Simulator& simulator)
      : trace_(trace),
        router_(router),
        topology_path_(topology_path),
        simulator_(simulator),
        node_of_site_(nodes_of_sites(network, trace)),
        component_(routing::connected_components(router.graph())),
        pair_by_sites_(trace.sites.size(), trace.flows.size()) {}

  [[nodiscard]] std::vector<engine::PathId> paths() {
    std::vector<std::uint32_t> pair_of_flow;
    pair_of_flow.reserve(trace_.flows.size());
    for (const TraceFlow& flow : trace_.flows) pair_of_flow.push_back(pair(flow));
    const std::vector<engine::PathId> path_of_pair = add_paths();
    std::vector<engine::PathId> paths;
    paths.reserve(pair_of_flow.size());
    for (const std::uint32_t pair : pair_of_flow) paths.push_back(path_of_pair[pair]);
    return paths;
  }

 private:
  struct NodePair {
    topology::NodeId src{};
    topology::NodeId dst{};
  };

  // The node each site names; empty for a name the topology does not have.
  [[nodiscard]] static std::vector<std::optional<topology::NodeId>> nodes_of_sites(const topology::Network& network,
                                                                                   const FlowTrace& trace) {
    std::unordered_map<std::string_view, topology::NodeId> node_by_id;
    for (std::size_t i = 0; i < network.nodes.size(); ++i) {
      node_by_id.emplace(network.nodes[i].id, topology::NodeId{static_cast<std::uint32_t>(i)});
    }
    std::vector<std::optional<topology::NodeId>> nodes;
    nodes.reserve(trace.sites.size());
    for (const std::string& site : trace.sites) {
      const auto it = node_by_id.find(site);
      nodes.push_back(it == node_by_id.end() ? std::nullopt : std::optional(it->second));
    }
    return nodes;
  }

  [[nodiscard]] topology::NodeId node(const TraceFlow& flow, std::uint32_t site, const char* field) const {
    if (!node_of_site_[site]) {
      throw InputError(demand::place_of(trace_, flow),
                       fmt::format("{}: unknown node \"{}\"; expected a node id of {}", field, trace_.sites[site],
                                   topology_path_));
    }
    return *node_of_site_[site];
  }

  // The number of the flow's pair, after checking that its nodes exist and are connected.
  [[nodiscard]] std::uint32_t pair(const TraceFlow& flow) {
    const topology::NodeId src = node(flow, flow.src_site, "src");
    const topology::NodeId dst = node(flow, flow.dst_site, "dst");
    std::optional<std::uint32_t>& known = pair_by_sites_(flow.src_site, flow.dst_site);
    if (known) return *known;
    if (component_[topology::index(src)] != component_[topology::index(dst)]) {
      throw InputError(demand::place_of(trace_, flow),
                       fmt::format("no route from \"{}\" to \"{}\" in {}; expected nodes that links connect",
                                   trace_.sites[flow.src_site], trace_.sites[flow.dst_site], topology_path_));
    }
    known = static_cast<std::uint32_t>(pairs_.size());
    pairs_.push_back({src, dst});
    return *known;
  }

  // One tree alive at a time: a thousand cached trees of a few thousand nodes would take
  // tens of megabytes, visited at random.
  [[nodiscard]] std::vector<std::vector<routing::ResourceId>> resources_of_pairs() const {
    std::vector<std::uint32_t> by_source(pairs_.size());
    std::iota(by_source.begin(), by_source.end(), 0U);
    std::stable_sort(by_source.begin(), by_source.end(), [this](std::uint32_t x, std::uint32_t y) {
      return topology::index(pairs_[x].src) < topology::index(pairs_[y].src);
    });
    std::vector<std::vector<routing::ResourceId>> resources(pairs_.size());
    for (std::size_t first = 0; first < by_source.size();) {
      const topology::NodeId src = pairs_[by_source[first]].src;
      const routing::ShortestPathTree tree = routing::shortest_path_tree(router_.graph(), src);
      std::size_t last = first;
      for (; last < by_source.size() && pairs_[by_source[last]].src == src; ++last) {
        const std::uint32_t pair = by_source[last];
        resources[pair] = router_.path(tree, pairs_[pair].dst).value().resources;  // connected: checked in pair()
      }
      first = last;
    }
    return resources;
  }

  // In order of first use, as the engine numbered them when each flow was routed in turn.
  [[nodiscard]] std::vector<engine::PathId> add_paths() {
    const std::vector<std::vector<routing::ResourceId>> resources = resources_of_pairs();
    std::vector<engine::PathId> paths;
    paths.reserve(resources.size());
    for (const std::vector<routing::ResourceId>& path : resources) paths.push_back(simulator_.add_path(path));
    return paths;
  }

  const FlowTrace& trace_;
  routing::Router& router_;
  const std::string& topology_path_;
  engine::Simulator& simulator_;
  std::vector<std::optional<topology::NodeId>> node_of_site_;  // by trace site
  std::vector<std::uint32_t> component_;                       // by node index
  PairBySites pair_by_sites_;
  std::vector<NodePair> pairs_;  // by pair number
};

}  // namespace

std::vector<engine::PathId> route_flows(const topology::Network& network, const FlowTrace& trace,
                                        routing::Router& router, const std::string& topology_path,
                                        engine::Simulator& simulator) {
  return FlowRouter(network, trace, router, topology_path, simulator).paths();
}

}  // namespace citynet::cli
