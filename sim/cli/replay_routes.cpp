#include "cli/replay_routes.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>

#include <fmt/core.h>

#include "core/error.hpp"
#include "core/user_text.hpp"
#include "core/huge_pages.hpp"
#include "core/parallel.hpp"

namespace citynet::cli {
namespace {

using demand::FlowTrace;
using demand::TraceFlow;

// Routing a million flows first touches tens of megabytes, which in 4 kB pages would be
// thousands of page faults; room for `count` elements is asked for in 2 MB pages first.
template <typename T>
[[nodiscard]] std::vector<T> reserved_in_huge_pages(std::size_t count) {
  std::vector<T> values;
  values.reserve(count);
  advise_huge_pages(values.data(), count * sizeof(T));
  return values;
}

// How many flows ahead of the one looked up the pair table's entry is fetched: about the
// time memory takes to answer.
constexpr std::size_t kFlowsFetchedAhead = 16;

// Paths of the benchmark's city have about a dozen resources; a longer one only makes its
// thread's array grow.
constexpr std::size_t kResourcesPerRouteGuess = 16;

// Each (src, dst) pair of trace sites that flows use, numbered in order of first use. A
// table indexed by the pair when the sites are few enough (a million flows look it up once
// each), a hash map otherwise.
class PairBySites {
 public:
  explicit PairBySites(std::size_t site_count, std::size_t flow_count) : site_count_(site_count) {
    if (site_count * site_count <= kMaxDenseSitePairs) {
      dense_ = reserved_in_huge_pages<std::uint32_t>(site_count * site_count);
      dense_.resize(site_count * site_count);
    } else {
      sparse_.reserve(flow_count);
    }
  }

  // Empty until a flow uses the pair.
  [[nodiscard]] std::optional<std::uint32_t> find(std::uint32_t src_site, std::uint32_t dst_site) const {
    if (!dense_.empty()) {
      const std::uint32_t entry = dense_[src_site * site_count_ + dst_site];
      return entry == kUnused ? std::nullopt : std::optional(entry - 1);
    }
    const auto it = sparse_.find(key(src_site, dst_site));
    return it == sparse_.end() ? std::nullopt : std::optional(it->second);
  }

  // Asks memory for the pair's entry ahead of find(): a million lookups land at random in
  // megabytes of table, each a cache miss.
  void prefetch(std::uint32_t src_site, std::uint32_t dst_site) const {
    if (!dense_.empty()) __builtin_prefetch(&dense_[src_site * site_count_ + dst_site]);
  }

  void add(std::uint32_t src_site, std::uint32_t dst_site, std::uint32_t pair) {
    if (!dense_.empty()) {
      dense_[src_site * site_count_ + dst_site] = pair + 1;
    } else {
      sparse_.emplace(key(src_site, dst_site), pair);
    }
  }

 private:
  // 16 MB of table at most (2048 sites); beyond, most pairs would never be used.
  static constexpr std::size_t kMaxDenseSitePairs = std::size_t{1} << 22;
  // A dense entry is the pair's number plus one, 0 for a pair not used yet: four bytes
  // rather than an optional's eight, since a million lookups land at random in the table.
  static constexpr std::uint32_t kUnused = 0;

  [[nodiscard]] static std::uint64_t key(std::uint32_t src_site, std::uint32_t dst_site) {
    return (std::uint64_t{src_site} << 32U) | dst_site;
  }

  std::size_t site_count_;
  std::vector<std::uint32_t> dense_;
  std::unordered_map<std::uint64_t, std::uint32_t> sparse_;
};

struct NodePair {
  topology::NodeId src{};
  topology::NodeId dst{};
};

// Where the route of each pair is: the resources of the routes a thread computed are back
// to back in that thread's array.
struct RouteSlice {
  std::uint32_t thread = 0;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

// The route of every flow as an engine path. Flows are checked in input order so that the
// first bad row is the one reported; then each source's tree is computed once and dropped
// after its pairs are routed, and the paths reach the engine in order of first use.
class FlowRouter {
 public:
  FlowRouter(const topology::Network& network, const FlowTrace& trace, routing::Router& router,
             const std::string& topology_path, engine::Simulator& simulator, unsigned thread_count)
      : thread_count_(std::max(1U, thread_count)),
        trace_(trace),
        router_(router),
        topology_path_(topology_path),
        simulator_(simulator),
        node_of_site_(nodes_of_sites(network, trace)),
        component_(routing::connected_components(router.graph())),
        pair_by_sites_(trace.sites.size(), trace.flows.size()) {}

  [[nodiscard]] std::vector<engine::PathId> paths() {
    // Each flow's pair number first, replaced in place by the pair's path: one array of a
    // million entries rather than two.
    std::vector<engine::PathId> paths = reserved_in_huge_pages<engine::PathId>(trace_.flows.size());
    const std::vector<TraceFlow>& flows = trace_.flows;
    for (std::size_t i = 0; i < flows.size(); ++i) {
      if (i + kFlowsFetchedAhead < flows.size()) {
        pair_by_sites_.prefetch(flows[i + kFlowsFetchedAhead].src_site, flows[i + kFlowsFetchedAhead].dst_site);
      }
      paths.push_back(engine::PathId{pair(flows[i])});
    }
    const std::vector<engine::PathId> path_of_pair = add_paths();
    for (engine::PathId& path : paths) path = path_of_pair[engine::index(path)];
    return paths;
  }

 private:
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

  [[nodiscard]] topology::NodeId node(const TraceFlow& flow, std::uint32_t site, const char* field,
                                      demand::TraceColumn column) const {
    if (!node_of_site_[site]) {
      throw InputError(demand::place_of(trace_, flow, column),
                       fmt::format("{}: unknown node \"{}\"; expected a node id of {}", field, shown(trace_.sites[site]),
                                   topology_path_));
    }
    return *node_of_site_[site];
  }

  // The number of the flow's pair, after checking that its nodes exist and are connected.
  [[nodiscard]] std::uint32_t pair(const TraceFlow& flow) {
    const topology::NodeId src = node(flow, flow.src_site, "src", demand::TraceColumn::src);
    const topology::NodeId dst = node(flow, flow.dst_site, "dst", demand::TraceColumn::dst);
    if (const std::optional<std::uint32_t> known = pair_by_sites_.find(flow.src_site, flow.dst_site)) return *known;
    if (component_[topology::index(src)] != component_[topology::index(dst)]) {
      throw InputError(demand::place_of(trace_, flow, demand::TraceColumn::src),
                       fmt::format("no route from \"{}\" to \"{}\" in {}; expected nodes that links connect",
                                   shown(trace_.sites[flow.src_site]), shown(trace_.sites[flow.dst_site]),
                                   topology_path_));
    }
    const auto number = static_cast<std::uint32_t>(pairs_.size());
    pair_by_sites_.add(flow.src_site, flow.dst_site, number);
    pairs_.push_back({src, dst});
    return number;
  }

  // The pair numbers grouped by source node, each group in pair order (a counting sort).
  // first_of_source[s] .. first_of_source[s + 1] are the pairs leaving node s.
  void group_by_source(std::vector<std::uint32_t>& by_source, std::vector<std::uint32_t>& first_of_source) const {
    first_of_source.assign(router_.graph().node_count() + 1, 0);
    for (const NodePair& pair : pairs_) ++first_of_source[topology::index(pair.src) + 1];
    for (std::size_t s = 1; s < first_of_source.size(); ++s) first_of_source[s] += first_of_source[s - 1];
    std::vector<std::uint32_t> next(first_of_source.begin(), first_of_source.end() - 1);
    by_source.resize(pairs_.size());
    for (std::uint32_t pair = 0; pair < pairs_.size(); ++pair) by_source[next[topology::index(pairs_[pair].src)]++] = pair;
  }

  // Routes the pairs of sources [first_source, last_source), one tree alive at a time: a
  // thousand cached trees of a few thousand nodes would take tens of megabytes, visited at
  // random. Reads only what no other thread writes, so ranges can go on separate threads;
  // each writes the slices of its own pairs.
  void route_sources(std::size_t first_source, std::size_t last_source, const std::vector<std::uint32_t>& by_source,
                     const std::vector<std::uint32_t>& first_of_source, std::uint32_t thread,
                     std::vector<routing::ResourceId>& resources, std::vector<RouteSlice>& slice_of_pair) const {
    routing::ShortestPathTree tree;
    for (std::size_t s = first_source; s < last_source; ++s) {
      if (first_of_source[s] == first_of_source[s + 1]) continue;
      tree.compute(router_.graph(), topology::NodeId{static_cast<std::uint32_t>(s)});
      for (std::uint32_t k = first_of_source[s]; k < first_of_source[s + 1]; ++k) {
        const std::uint32_t pair = by_source[k];
        const auto first = static_cast<std::uint32_t>(resources.size());
        router_.append_resources(tree, pairs_[pair].dst, resources);  // connected: see pair()
        slice_of_pair[pair] = {thread, first, static_cast<std::uint32_t>(resources.size()) - first};
      }
    }
  }

  // In order of first use, as the engine numbered them when each flow was routed in turn.
  // The trees are computed on thread_count_ threads, each taking a contiguous range of
  // sources; the routes, hence the paths and their ids, do not depend on the split.
  [[nodiscard]] std::vector<engine::PathId> add_paths() {
    std::vector<std::uint32_t> by_source;
    std::vector<std::uint32_t> first_of_source;
    group_by_source(by_source, first_of_source);
    const std::size_t source_count = first_of_source.size() - 1;
    const std::size_t threads = thread_count_;
    std::vector<std::vector<routing::ResourceId>> resources(threads);
    std::vector<RouteSlice> slice_of_pair = reserved_in_huge_pages<RouteSlice>(pairs_.size());
    slice_of_pair.resize(pairs_.size());
    // Split so that each thread has about as many pairs (the walks) and sources (the trees).
    std::vector<std::size_t> bounds(threads + 1, source_count);
    bounds[0] = 0;
    for (std::size_t t = 1; t < threads; ++t) {
      const std::uint64_t target = pairs_.size() * t / threads;
      bounds[t] = static_cast<std::size_t>(
          std::lower_bound(first_of_source.begin(), first_of_source.end(), target) - first_of_source.begin());
      bounds[t] = std::max(bounds[t], bounds[t - 1]);
    }
    run_in_parallel(threads, [&](std::size_t t) {
      resources[t] = reserved_in_huge_pages<routing::ResourceId>(
          (first_of_source[bounds[t + 1]] - first_of_source[bounds[t]]) * kResourcesPerRouteGuess);
      route_sources(bounds[t], bounds[t + 1], by_source, first_of_source, static_cast<std::uint32_t>(t), resources[t],
                    slice_of_pair);
    });
    auto routes = reserved_in_huge_pages<std::span<const routing::ResourceId>>(pairs_.size());
    for (const RouteSlice& slice : slice_of_pair) {
      routes.push_back(std::span<const routing::ResourceId>(resources[slice.thread]).subspan(slice.first, slice.count));
    }
    return simulator_.add_paths(routes);
  }

  std::size_t thread_count_;
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
                                        engine::Simulator& simulator, unsigned thread_count) {
  return FlowRouter(network, trace, router, topology_path, simulator, thread_count).paths();
}

std::vector<engine::PathId> route_flows(const topology::Network& network, const FlowTrace& trace,
                                        routing::Router& router, const std::string& topology_path,
                                        engine::Simulator& simulator) {
  return route_flows(network, trace, router, topology_path, simulator, available_cores());
}

}  // namespace citynet::cli
