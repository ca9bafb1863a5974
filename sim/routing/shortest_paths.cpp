#include "routing/shortest_paths.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <tuple>

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

std::optional<double> ShortestPathTree::length_km(NodeId node) const {
  if (!reaches(node)) return std::nullopt;
  return length_km_[topology::index(node)];
}

std::optional<std::pair<NodeId, LinkId>> ShortestPathTree::last_step(NodeId node) const {
  if (!reaches(node) || node == source_) return std::nullopt;
  const Step& step = predecessor_[topology::index(node)];
  return std::make_pair(step.node, step.link);
}

std::optional<Path> ShortestPathTree::route(NodeId destination) const {
  if (!reaches(destination)) return std::nullopt;
  Path path;
  const std::uint32_t hop_count = *hops_[topology::index(destination)];
  path.nodes.resize(hop_count + 1);
  path.links.resize(hop_count);
  NodeId at = destination;
  for (std::uint32_t k = hop_count; k > 0; --k) {
    path.nodes[k] = at;
    const Step& step = predecessor_[topology::index(at)];
    path.links[k - 1] = step.link;
    at = step.node;
  }
  path.nodes[0] = at;
  path.length_km = length_km_[topology::index(destination)];
  return path;
}

ShortestPathTree shortest_path_tree(const RoutingGraph& graph, NodeId source) {
  const std::size_t n = graph.node_count();
  if (topology::index(source) >= n) throw std::out_of_range("shortest_path_tree: source is not a node");
  ShortestPathTree tree;
  tree.source_ = source;
  tree.hops_.assign(n, std::nullopt);
  tree.length_mm_.assign(n, 0);
  tree.length_km_.assign(n, 0.0);
  tree.predecessor_.assign(n, {});
  std::vector<bool> settled(n, false);

  // Is the route ending at `u` smaller, by node ids from the source, than the one ending at
  // `v`? Both have the same hop count, so walking both back meets at a common node; the
  // last difference seen (nearest the source) decides.
  const auto ids_smaller = [&](NodeId u, NodeId v) {
    bool smaller = false;
    while (u != v) {
      smaller = graph.id_rank(u) < graph.id_rank(v);
      u = tree.predecessor_[topology::index(u)].node;
      v = tree.predecessor_[topology::index(v)].node;
    }
    return smaller;
  };

  using Entry = std::tuple<std::int64_t, std::uint32_t, std::uint32_t>;  // length, hops, node
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  tree.hops_[topology::index(source)] = 0;
  queue.emplace(0, 0, topology::index(source));
  while (!queue.empty()) {
    const auto [length_mm, hop_count, u_index] = queue.top();
    queue.pop();
    if (settled[u_index]) continue;
    settled[u_index] = true;
    const NodeId u = node_at(u_index);
    for (const RoutingGraph::Arc& arc : graph.arcs_from(u)) {
      const std::uint32_t w = topology::index(arc.to);
      if (settled[w]) continue;
      const std::int64_t candidate_mm = length_mm + arc.length_mm;
      const std::uint32_t candidate_hops = hop_count + 1;
      bool better = !tree.hops_[w].has_value();
      if (!better) {
        const auto candidate = std::tie(candidate_mm, candidate_hops);
        const auto current = std::tie(tree.length_mm_[w], *tree.hops_[w]);
        if (candidate < current) {
          better = true;
        } else if (candidate == current) {
          const ShortestPathTree::Step& step = tree.predecessor_[w];
          better = step.node == u ? graph.length_km(arc.link) < graph.length_km(step.link) ||
                                        (graph.length_km(arc.link) == graph.length_km(step.link) &&
                                         topology::index(arc.link) < topology::index(step.link))
                                  : ids_smaller(u, step.node);
        }
      }
      if (!better) continue;
      const bool improves_key = !tree.hops_[w].has_value() || candidate_mm < tree.length_mm_[w] ||
                                (candidate_mm == tree.length_mm_[w] && candidate_hops < *tree.hops_[w]);
      tree.hops_[w] = candidate_hops;
      tree.length_mm_[w] = candidate_mm;
      tree.length_km_[w] = tree.length_km_[u_index] + graph.length_km(arc.link);
      tree.predecessor_[w] = {u, arc.link};
      if (improves_key) queue.emplace(candidate_mm, candidate_hops, w);
    }
  }
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

// Walks the tree back from the destination, then reverses what it appended.
void Router::append_resources(const ShortestPathTree& tree, NodeId destination, std::vector<ResourceId>& out) const {
  const std::size_t first = out.size();
  NodeId at = destination;
  if (const auto node = resources_.node(at)) out.push_back(*node);
  while (const auto step = tree.last_step(at)) {
    const auto [previous, link] = *step;
    out.push_back(resources_.link_direction(link, previous));
    if (const auto node = resources_.node(previous)) out.push_back(*node);
    at = previous;
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

}  // namespace citynet::routing
