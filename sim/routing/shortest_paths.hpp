#pragma once
// Shortest paths through the city network (design.md: routing).
//
// The route between two nodes is the path of least total length_km; among equally long
// paths, the one with fewer hops; among those, the one whose sequence of node ids (the
// string ids, source first) is lexicographically smaller; between two nodes joined by
// parallel links, the shorter link, then the one listed first. The order is total, so a
// route does not depend on container order, platform or thread count.
//
// Lengths are compared in whole millimetres, so that equally long routes tie exactly
// whatever order their link lengths were summed in (floating-point addition is not
// associative).
//
// Links can be excluded (failed links): failover is the same computation on a smaller graph.
//
// Fiber first: the city's principle is fiber first, microwave as supplement and backup.
// With RoutePreference::fiber_first a route uses a microwave link only where no fiber
// route exists: each microwave hop counts kMicrowaveBackupPenaltyKm on top of its length,
// more than any fiber route in a city. Reported lengths stay the real ones. `citynet
// replay` routes by length alone, as its trace format specifies.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "routing/resource_index.hpp"
#include "topology/network.hpp"

namespace citynet::routing {

enum class RoutePreference { shortest, fiber_first };

inline constexpr double kMicrowaveBackupPenaltyKm = 1e6;

struct Path {
  std::vector<NodeId> nodes;  // source first, destination last
  std::vector<LinkId> links;  // links[i] joins nodes[i] and nodes[i + 1]
  // Every resource the path loads, in path order: each node with a switching capacity
  // (endpoints included) and the direction of each link taken.
  std::vector<ResourceId> resources;
  double length_km = 0;
};

// The network as routing sees it: adjacency in compressed rows, lengths in millimetres,
// and each node's rank in the order of string ids (for the last tie-break).
class RoutingGraph {
 public:
  explicit RoutingGraph(const topology::Network& network, std::span<const LinkId> excluded_links = {},
                        RoutePreference preference = RoutePreference::shortest);

  struct Arc {
    NodeId to{};
    LinkId link{};
    std::int64_t length_mm = 0;
  };

  [[nodiscard]] std::size_t node_count() const { return id_rank_.size(); }
  [[nodiscard]] std::span<const Arc> arcs_from(NodeId node) const;
  [[nodiscard]] std::uint32_t id_rank(NodeId node) const { return id_rank_.at(topology::index(node)); }
  [[nodiscard]] double length_km(LinkId link) const { return link_length_km_.at(topology::index(link)); }

 private:
  // Dijkstra reads the arrays directly: its node and link indices come from the graph itself.
  friend class ShortestPathTree;
  std::vector<std::uint32_t> first_arc_;  // node i's arcs are arcs_[first_arc_[i], first_arc_[i+1])
  std::vector<Arc> arcs_;
  std::vector<std::uint32_t> id_rank_;
  std::vector<double> link_length_km_;
};

// Every route from one source, as a predecessor tree.
class ShortestPathTree {
 public:
  [[nodiscard]] NodeId source() const { return source_; }
  [[nodiscard]] bool reaches(NodeId node) const { return nodes_.at(topology::index(node)).hops != kNotReached; }
  // Empty when the node cannot be reached from the source.
  [[nodiscard]] std::optional<std::uint32_t> hops(NodeId node) const;
  [[nodiscard]] std::optional<double> length_km(NodeId node) const;
  // The route's nodes and links (resources and length left for the caller); empty when
  // unreachable.
  [[nodiscard]] std::optional<Path> route(NodeId destination) const;
  // The last step of the route to `node`: the node before it and the link between; empty
  // for the source and for nodes not reached. Walking these steps visits the tree without
  // building paths (loads summed over a whole tree).
  [[nodiscard]] std::optional<std::pair<NodeId, LinkId>> last_step(NodeId node) const;

  // Computes the tree of `source` in place of this one, reusing its memory (a replay
  // computes a thousand trees one after the other).
  void compute(const RoutingGraph& graph, NodeId source);

 private:
  friend class Router;  // walks the steps without the checks of last_step
  friend ShortestPathTree shortest_path_tree(const RoutingGraph& graph, NodeId source);
  struct Step {
    NodeId node{};
    LinkId link{};
  };
  // One record per node rather than an array per field, so that relaxing an arc touches one
  // cache line; hops is kNotReached for a node not reached yet (not an optional, which would
  // take 8 bytes and a second test).
  static constexpr std::uint32_t kNotReached = std::numeric_limits<std::uint32_t>::max();
  struct Reach {
    std::int64_t length_mm = 0;
    double length_km = 0;  // summed in km along the tree, for reports
    Step step;             // meaningful only for reached nodes other than the source
    std::uint32_t hops = kNotReached;
  };
  // Dijkstra's queue: (length, hops, node) ordered as two integers, smallest first.
  struct QueueEntry {
    std::int64_t length_mm = 0;
    std::uint64_t hops_and_node = 0;
  };

  [[nodiscard]] bool ids_smaller(const RoutingGraph& graph, std::uint32_t u, std::uint32_t v) const;
  [[nodiscard]] bool better_tie(const RoutingGraph& graph, std::uint32_t u, const RoutingGraph::Arc& arc,
                                const Step& current) const;

  NodeId source_{};
  std::vector<Reach> nodes_;
  std::vector<std::uint8_t> settled_;  // scratch of compute(), kept for the next source
  std::vector<QueueEntry> queue_;      // scratch of compute(), kept for the next source
};

// Dijkstra with the tie-breaking rules above; O((V + E) log V) plus the tie comparisons.
[[nodiscard]] ShortestPathTree shortest_path_tree(const RoutingGraph& graph, NodeId source);

// The connected component of every node, by node index: a route joins two nodes exactly when
// their components are equal. Cheaper than a tree when only reachability is asked.
[[nodiscard]] std::vector<std::uint32_t> connected_components(const RoutingGraph& graph);

// Routes between any pairs, computing each source's tree once and caching it, so a million
// flows over a thousand sites cost a thousand tree computations. Not thread-safe (the cache
// is filled on demand); use one Router per thread.
class Router {
 public:
  explicit Router(const topology::Network& network, std::span<const LinkId> excluded_links = {},
                  RoutePreference preference = RoutePreference::shortest);

  [[nodiscard]] const ResourceIndex& resources() const { return resources_; }
  [[nodiscard]] const RoutingGraph& graph() const { return graph_; }
  [[nodiscard]] const ShortestPathTree& tree(NodeId source);
  // Empty when the destination cannot be reached. A path from a node to itself has that one
  // node, no links, and the node's switching resource if it has one.
  [[nodiscard]] std::optional<Path> path(NodeId source, NodeId destination);
  // The same along a tree the caller holds: a caller that routes one source at a time can
  // drop each tree when done, instead of caching every tree.
  [[nodiscard]] std::optional<Path> path(const ShortestPathTree& tree, NodeId destination) const;
  // Appends Path::resources of the route to `destination`, which the tree must reach,
  // without building the Path (a replay routes hundreds of thousands of pairs).
  void append_resources(const ShortestPathTree& tree, NodeId destination, std::vector<ResourceId>& out) const;

 private:
  RoutingGraph graph_;
  ResourceIndex resources_;
  std::vector<std::unique_ptr<ShortestPathTree>> trees_;  // by source index; empty until asked
};

}  // namespace citynet::routing
