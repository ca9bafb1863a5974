#include "routing/shortest_paths.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace citynet::routing {

namespace {

inline constexpr double kMillimetresPerKm = 1e6;

[[nodiscard]] std::int64_t to_millimetres(double length_km) {
  return static_cast<std::int64_t>(std::llround(length_km * kMillimetresPerKm));
}

[[nodiscard]] NodeId node_at(std::size_t i) { return NodeId{static_cast<std::uint32_t>(i)}; }

}  // namespace

RoutingGraph::RoutingGraph(const topology::Network& network, std::span<const LinkId> excluded_links,
                           RoutePreference preference) {
  const std::size_t node_count = network.nodes.size();
  std::vector<bool> excluded(network.links.size(), false);
  for (LinkId link : excluded_links) excluded.at(topology::index(link)) = true;

  link_length_km_.reserve(network.links.size());
  for (const topology::Link& link : network.links) link_length_km_.push_back(link.length_km);

  std::vector<std::uint32_t> degree(node_count, 0);
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    const topology::Link& link = network.links[i];
    if (excluded[i] || link.a == link.b) continue;  // a loop never shortens a route
    ++degree.at(topology::index(link.a));
    ++degree.at(topology::index(link.b));
  }
  first_arc_.assign(node_count + 1, 0);
  for (std::size_t i = 0; i < node_count; ++i) first_arc_[i + 1] = first_arc_[i] + degree[i];
  arcs_.resize(first_arc_[node_count]);
  std::vector<std::uint32_t> next(first_arc_.begin(), first_arc_.end() - 1);
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    const topology::Link& link = network.links[i];
    if (excluded[i] || link.a == link.b) continue;
    const LinkId id{static_cast<std::uint32_t>(i)};
    const bool backup = preference == RoutePreference::fiber_first && link.medium == topology::Medium::microwave;
    const std::int64_t length_mm = to_millimetres(link.length_km + (backup ? kMicrowaveBackupPenaltyKm : 0.0));
    arcs_[next[topology::index(link.a)]++] = {link.b, id, length_mm};
    arcs_[next[topology::index(link.b)]++] = {link.a, id, length_mm};
  }

  std::vector<std::uint32_t> order(node_count);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t x, std::uint32_t y) { return network.nodes[x].id < network.nodes[y].id; });
  id_rank_.resize(node_count);
  for (std::size_t rank = 0; rank < node_count; ++rank) id_rank_[order[rank]] = static_cast<std::uint32_t>(rank);
}

std::span<const RoutingGraph::Arc> RoutingGraph::arcs_from(NodeId node) const {
  const std::uint32_t i = topology::index(node);
  return {arcs_.data() + first_arc_.at(i), arcs_.data() + first_arc_.at(i + 1)};
}

std::optional<std::uint32_t> ShortestPathTree::hops(NodeId node) const {
  if (!reaches(node)) return std::nullopt;
  return nodes_[topology::index(node)].hops;
}

std::optional<double> ShortestPathTree::length_km(NodeId node) const {
  if (!reaches(node)) return std::nullopt;
  return nodes_[topology::index(node)].length_km;
}

std::optional<std::pair<NodeId, LinkId>> ShortestPathTree::last_step(NodeId node) const {
  if (!reaches(node) || node == source_) return std::nullopt;
  const Step& step = nodes_[topology::index(node)].step;
  return std::make_pair(step.node, step.link);
}

std::optional<Path> ShortestPathTree::route(NodeId destination) const {
  if (!reaches(destination)) return std::nullopt;
  Path path;
  const std::uint32_t hop_count = nodes_[topology::index(destination)].hops;
  path.nodes.resize(hop_count + 1);
  path.links.resize(hop_count);
  NodeId at = destination;
  for (std::uint32_t k = hop_count; k > 0; --k) {
    path.nodes[k] = at;
    const Step& step = nodes_[topology::index(at)].step;
    path.links[k - 1] = step.link;
    at = step.node;
  }
  path.nodes[0] = at;
  path.length_km = nodes_[topology::index(destination)].length_km;
  return path;
}

// Is the route ending at `u` smaller, by node ids from the source, than the one ending at
// `v`? Both have the same hop count, so walking both back meets at a common node; the last
// difference seen (nearest the source) decides.
bool ShortestPathTree::ids_smaller(const RoutingGraph& graph, std::uint32_t u, std::uint32_t v) const {
  bool smaller = false;
  while (u != v) {
    smaller = graph.id_rank_[u] < graph.id_rank_[v];
    u = topology::index(nodes_[u].step.node);
    v = topology::index(nodes_[v].step.node);
  }
  return smaller;
}

// Between the route through `u` and `arc`, and the `current` last step, equal in length and
// hops: from the same node, the shorter link, then the one listed first; else the smaller
// sequence of ids.
bool ShortestPathTree::better_tie(const RoutingGraph& graph, std::uint32_t u, const RoutingGraph::Arc& arc,
                                  const Step& current) const {
  if (topology::index(current.node) != u) return ids_smaller(graph, u, topology::index(current.node));
  const double arc_km = graph.link_length_km_[topology::index(arc.link)];
  const double current_km = graph.link_length_km_[topology::index(current.link)];
  return arc_km < current_km || (arc_km == current_km && topology::index(arc.link) < topology::index(current.link));
}

void ShortestPathTree::compute(const RoutingGraph& graph, NodeId source) {
  const std::size_t n = graph.node_count();
  if (topology::index(source) >= n) throw std::out_of_range("shortest_path_tree: source is not a node");
  source_ = source;
  nodes_.assign(n, Reach{});
  settled_.assign(n, 0);
  queue_.clear();
  // Smallest (length, hops, node) on top: std::push_heap keeps the largest first.
  const auto after = [](const QueueEntry& x, const QueueEntry& y) {
    return x.length_mm > y.length_mm || (x.length_mm == y.length_mm && x.hops_and_node > y.hops_and_node);
  };
  const auto push = [&](std::int64_t length_mm, std::uint32_t hop_count, std::uint32_t node) {
    queue_.push_back({length_mm, (std::uint64_t{hop_count} << 32U) | node});
    std::push_heap(queue_.begin(), queue_.end(), after);
  };
  nodes_[topology::index(source)].hops = 0;
  push(0, 0, topology::index(source));
  while (!queue_.empty()) {
    std::pop_heap(queue_.begin(), queue_.end(), after);
    const QueueEntry top = queue_.back();
    queue_.pop_back();
    const auto u = static_cast<std::uint32_t>(top.hops_and_node);
    if (settled_[u] != 0) continue;
    settled_[u] = 1;
    const std::int64_t length_mm = top.length_mm;
    const auto hop_count = static_cast<std::uint32_t>(top.hops_and_node >> 32U);
    const double length_km = nodes_[u].length_km;
    const RoutingGraph::Arc* const arcs_end = graph.arcs_.data() + graph.first_arc_[u + 1];
    for (const RoutingGraph::Arc* arc = graph.arcs_.data() + graph.first_arc_[u]; arc != arcs_end; ++arc) {
      const std::uint32_t w = topology::index(arc->to);
      if (settled_[w] != 0) continue;
      Reach& reach = nodes_[w];
      const std::int64_t candidate_mm = length_mm + arc->length_mm;
      const std::uint32_t candidate_hops = hop_count + 1;
      // Never reached counts as longer than any route.
      const bool improves_key = reach.hops == kNotReached || candidate_mm < reach.length_mm ||
                                (candidate_mm == reach.length_mm && candidate_hops < reach.hops);
      if (!improves_key) {
        const bool ties = candidate_mm == reach.length_mm && candidate_hops == reach.hops;
        if (!ties || !better_tie(graph, u, *arc, reach.step)) continue;
      }
      reach.hops = candidate_hops;
      reach.length_mm = candidate_mm;
      reach.length_km = length_km + graph.link_length_km_[topology::index(arc->link)];
      reach.step = {NodeId{u}, arc->link};
      if (!improves_key) continue;
      // A node with one arc (an access site on its aggregation node; most nodes of a city)
      // can be reached only through u, which settles now: its route is final, and settling
      // it would relax nothing, so it skips the queue.
      if (graph.first_arc_[w + 1] - graph.first_arc_[w] == 1) {
        settled_[w] = 1;
      } else {
        push(candidate_mm, candidate_hops, w);
      }
    }
  }
}

ShortestPathTree shortest_path_tree(const RoutingGraph& graph, NodeId source) {
  ShortestPathTree tree;
  tree.compute(graph, source);
  // A tree kept (a Router caches one per source) keeps no scratch.
  tree.settled_ = {};
  tree.queue_ = {};
  return tree;
}

Router::Router(const topology::Network& network, std::span<const LinkId> excluded_links,
               RoutePreference preference)
    : graph_(network, excluded_links, preference), resources_(network), trees_(network.nodes.size()) {}

const ShortestPathTree& Router::tree(NodeId source) {
  std::unique_ptr<ShortestPathTree>& slot = trees_.at(topology::index(source));
  if (!slot) slot = std::make_unique<ShortestPathTree>(shortest_path_tree(graph_, source));
  return *slot;
}

std::vector<std::uint32_t> connected_components(const RoutingGraph& graph) {
  const std::size_t n = graph.node_count();
  std::vector<std::optional<std::uint32_t>> component(n);
  std::vector<std::uint32_t> stack;
  std::uint32_t next_component = 0;
  for (std::size_t start = 0; start < n; ++start) {
    if (component[start]) continue;
    component[start] = next_component;
    stack.push_back(static_cast<std::uint32_t>(start));
    while (!stack.empty()) {
      const NodeId u = node_at(stack.back());
      stack.pop_back();
      for (const RoutingGraph::Arc& arc : graph.arcs_from(u)) {
        const std::uint32_t w = topology::index(arc.to);
        if (component[w]) continue;
        component[w] = next_component;
        stack.push_back(w);
      }
    }
    ++next_component;
  }
  std::vector<std::uint32_t> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = *component[i];
  return labels;
}

std::optional<Path> Router::path(NodeId source, NodeId destination) { return path(tree(source), destination); }

std::optional<Path> Router::path(const ShortestPathTree& tree, NodeId destination) const {
  std::optional<Path> path = tree.route(destination);
  if (!path) return std::nullopt;
  path->resources.reserve(2 * path->nodes.size());
  append_resources(tree, destination, path->resources);
  return path;
}

// Walks the tree back from the destination, then reverses what it appended. The walk
// reads the tree's steps directly: every node on it was reached, and only the source has no
// step.
void Router::append_resources(const ShortestPathTree& tree, NodeId destination, std::vector<ResourceId>& out) const {
  if (!tree.reaches(destination)) throw std::invalid_argument("append_resources: the tree does not reach the destination");
  const std::size_t first = out.size();
  std::uint32_t at = topology::index(destination);
  const std::uint32_t source = topology::index(tree.source());
  const auto add_node = [&](std::uint32_t node) {
    const ResourceId id = resources_.switching_resource(node_at(node));
    if (id != ResourceIndex::kNoResource) out.push_back(id);
  };
  add_node(at);
  while (at != source) {
    const ShortestPathTree::Step& step = tree.nodes_[at].step;
    out.push_back(resources_.direction_leaving(step.link, step.node));
    at = topology::index(step.node);
    add_node(at);
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

}  // namespace citynet::routing
