#include "topology/analysis.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/property_map/property_map.hpp>

namespace citynet::topology {

namespace {

// Edges kept in a vector rather than Boost's default list: one allocation per graph, not per
// edge (edges are never removed).
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                    boost::property<boost::edge_index_t, std::size_t>, boost::no_property, boost::vecS>;

// One edge per pair of adjacent nodes, indexed 0..E-1, with the links it stands for. Boost's
// biconnected_components mishandles parallel edges (a second edge to the DFS parent leaks
// into another component), so they are merged here; loops are left out, they join a node to
// itself and change no connectivity.
struct SimpleGraph {
  Graph graph;
  std::vector<std::vector<std::size_t>> links_of_edge;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends_of_edge;
};

[[nodiscard]] SimpleGraph simple_graph(const Network& network) {
  SimpleGraph simple{Graph(network.nodes.size()), {}, {}};
  // Keyed by the pair of node indices, lower first, as one number.
  std::unordered_map<std::uint64_t, std::size_t> edge_of_pair;
  edge_of_pair.reserve(network.links.size());
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    const Link& link = network.links[i];
    if (link.a == link.b) continue;
    const std::pair<std::uint32_t, std::uint32_t> pair{std::min(index(link.a), index(link.b)),
                                                       std::max(index(link.a), index(link.b))};
    const std::uint64_t key = (std::uint64_t{pair.first} << 32) | pair.second;
    const auto [it, inserted] = edge_of_pair.emplace(key, simple.links_of_edge.size());
    if (inserted) {
      boost::add_edge(pair.first, pair.second, it->second, simple.graph);
      simple.links_of_edge.emplace_back();
      simple.ends_of_edge.push_back(pair);
    }
    simple.links_of_edge[it->second].push_back(i);
  }
  return simple;
}

// Breadth-first from `sources` over the links not excluded.
[[nodiscard]] std::vector<bool> reachable(const Network& network, const std::vector<std::uint32_t>& sources,
                                          const std::vector<bool>& link_excluded) {
  std::vector<std::vector<std::pair<std::uint32_t, std::size_t>>> adjacency(network.nodes.size());
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    adjacency[index(network.links[i].a)].push_back({index(network.links[i].b), i});
    adjacency[index(network.links[i].b)].push_back({index(network.links[i].a), i});
  }
  std::vector<bool> seen(network.nodes.size(), false);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t s : sources) {
    if (seen[s]) continue;
    seen[s] = true;
    queue.push_back(s);
  }
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    for (const auto& [v, link] : adjacency[u]) {
      if (seen[v] || (!link_excluded.empty() && link_excluded[link])) continue;
      seen[v] = true;
      queue.push_back(v);
    }
  }
  return seen;
}

[[nodiscard]] std::vector<std::uint32_t> internet_nodes(const Network& network) {
  std::vector<std::uint32_t> nodes;
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].role == Role::internet) nodes.push_back(static_cast<std::uint32_t>(i));
  }
  return nodes;
}

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Some of a component's nodes: how many, their subscribers, how many are sources, and the
// lowest node index among them (the tie-break between pieces of equal size).
struct Piece {
  std::size_t nodes = 0;
  std::int64_t subscribers = 0;
  std::size_t sources = 0;
  std::uint32_t first_node = kNone;

  void add(const Piece& other) {
    nodes += other.nodes;
    subscribers += other.subscribers;
    sources += other.sources;
    first_node = std::min(first_node, other.first_node);
  }
};

// The simple graph's biconnected components (blocks), as Boost finds them.
struct Blocks {
  std::vector<std::size_t> block_of_edge;  // by simple edge
  std::size_t count = 0;
  std::vector<std::size_t> edges_in_block;
};

[[nodiscard]] Blocks biconnected_blocks(const SimpleGraph& simple) {
  Blocks blocks;
  blocks.block_of_edge.resize(simple.links_of_edge.size());
  const auto edge_blocks =
      boost::make_iterator_property_map(blocks.block_of_edge.begin(), boost::get(boost::edge_index, simple.graph));
  blocks.count = boost::biconnected_components(simple.graph, edge_blocks);
  blocks.edges_in_block.assign(blocks.count, 0);
  for (std::size_t block : blocks.block_of_edge) ++blocks.edges_in_block[block];
  return blocks;
}

// The block-cut tree: a tree node per network node (0..V-1) and one per block (V..V+B-1),
// each network node joined to the blocks it belongs to. A failed node, or a failed bridge
// (its block), splits its component into the pieces that hang off its tree neighbours, so
// subtree sums answer every single failure at once. Each tree is rooted at its component's
// lowest node, so the piece on a failure's parent side holds the lowest node left.
class BlockCutTree {
 public:
  BlockCutTree(const Network& network, const SimpleGraph& simple, const Blocks& blocks,
               const std::vector<bool>& is_source)
      : node_count_(static_cast<std::uint32_t>(network.nodes.size())) {
    join_nodes_to_blocks(simple, blocks);
    sum_subtrees(network, is_source);
  }

  [[nodiscard]] std::uint32_t block_node(std::size_t block) const {
    return node_count_ + static_cast<std::uint32_t>(block);
  }
  [[nodiscard]] const Piece& component_of(std::uint32_t tree_node) const { return subtree_[root_[tree_node]]; }
  [[nodiscard]] bool is_articulation_point(std::uint32_t node) const {
    return first_neighbour_[node + 1] - first_neighbour_[node] > 1;
  }

  // Calls `visit(piece)` for each piece its component falls into when `tree_node` is removed.
  template <typename Visit>
  void for_each_piece_without(std::uint32_t tree_node, Visit visit) const {
    for (std::uint32_t i = first_neighbour_[tree_node]; i < first_neighbour_[tree_node + 1]; ++i) {
      const std::uint32_t neighbour = neighbours_[i];
      if (neighbour != parent_[tree_node]) {
        visit(subtree_[neighbour]);
        continue;
      }
      const Piece& whole = component_of(tree_node);
      const Piece& below = subtree_[tree_node];
      visit(Piece{whole.nodes - below.nodes, whole.subscribers - below.subscribers, whole.sources - below.sources,
                  root_[tree_node]});
    }
  }

 private:
  void join_nodes_to_blocks(const SimpleGraph& simple, const Blocks& blocks) {
    std::vector<std::uint32_t> degree(node_count_ + blocks.count, 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> joins;
    // A node stamped with the last block it was joined to is joined to each block once, as
    // long as each block's edges come together: hence the edges in block order.
    std::vector<std::uint32_t> edges_by_block(blocks.block_of_edge.size());
    std::iota(edges_by_block.begin(), edges_by_block.end(), 0u);
    std::stable_sort(edges_by_block.begin(), edges_by_block.end(), [&](std::uint32_t x, std::uint32_t y) {
      return blocks.block_of_edge[x] < blocks.block_of_edge[y];
    });
    std::vector<std::uint32_t> stamp(node_count_, kNone);
    for (std::uint32_t edge : edges_by_block) {
      const std::uint32_t block = block_node(blocks.block_of_edge[edge]);
      for (std::uint32_t node : {simple.ends_of_edge[edge].first, simple.ends_of_edge[edge].second}) {
        if (stamp[node] == block) continue;
        stamp[node] = block;
        joins.emplace_back(node, block);
        ++degree[node];
        ++degree[block];
      }
    }
    first_neighbour_.assign(degree.size() + 1, 0);
    for (std::size_t t = 0; t < degree.size(); ++t) first_neighbour_[t + 1] = first_neighbour_[t] + degree[t];
    neighbours_.resize(first_neighbour_.back());
    std::vector<std::uint32_t> next(first_neighbour_.begin(), first_neighbour_.end() - 1);
    for (const auto& [node, block] : joins) {
      neighbours_[next[node]++] = block;
      neighbours_[next[block]++] = node;
    }
  }

  // Depth first without recursion (a chain is as deep as it is long), then sums from the
  // leaves up in reverse discovery order.
  void sum_subtrees(const Network& network, const std::vector<bool>& is_source) {
    const std::size_t tree_size = first_neighbour_.size() - 1;
    parent_.assign(tree_size, kNone);
    root_.assign(tree_size, kNone);
    subtree_.assign(tree_size, Piece{});
    std::vector<std::uint32_t> discovered;
    discovered.reserve(tree_size);
    std::vector<std::uint32_t> stack;
    for (std::uint32_t start = 0; start < node_count_; ++start) {
      if (root_[start] != kNone) continue;
      root_[start] = start;
      stack.push_back(start);
      while (!stack.empty()) {
        const std::uint32_t t = stack.back();
        stack.pop_back();
        discovered.push_back(t);
        for (std::uint32_t i = first_neighbour_[t]; i < first_neighbour_[t + 1]; ++i) {
          const std::uint32_t neighbour = neighbours_[i];
          if (root_[neighbour] != kNone) continue;
          root_[neighbour] = start;
          parent_[neighbour] = t;
          stack.push_back(neighbour);
        }
      }
    }
    for (std::uint32_t node = 0; node < node_count_; ++node) {
      subtree_[node] = Piece{1, network.nodes[node].subscribers, is_source[node] ? 1u : 0u, node};
    }
    for (auto t = discovered.rbegin(); t != discovered.rend(); ++t) {
      if (parent_[*t] != kNone) subtree_[parent_[*t]].add(subtree_[*t]);
    }
  }

  std::uint32_t node_count_;
  std::vector<std::uint32_t> first_neighbour_;  // tree node t's neighbours: [first[t], first[t + 1])
  std::vector<std::uint32_t> neighbours_;
  std::vector<std::uint32_t> parent_;  // kNone at a root
  std::vector<std::uint32_t> root_;
  std::vector<Piece> subtree_;  // the network nodes in and below each tree node
};

// What removing one tree node (a failed node, or a bridge's block) cuts off. With sources:
// the failed node when its component has a source, and every piece left without one.
// Without: all but the largest piece left (the one with the lowest node among equals).
[[nodiscard]] CutOff cut_off_without(const Network& network, const BlockCutTree& tree, std::uint32_t tree_node,
                                     bool from_sources) {
  const Piece& component = tree.component_of(tree_node);
  const bool failed_node = tree_node < network.nodes.size();
  if (from_sources) {
    if (component.sources == 0) return {};
    CutOff cut;
    if (failed_node) cut = {1, network.nodes[tree_node].subscribers};
    tree.for_each_piece_without(tree_node, [&](const Piece& piece) {
      if (piece.sources > 0) return;
      cut.nodes += piece.nodes;
      cut.subscribers += piece.subscribers;
    });
    return cut;
  }
  Piece kept;
  tree.for_each_piece_without(tree_node, [&](const Piece& piece) {
    if (piece.nodes > kept.nodes || (piece.nodes == kept.nodes && piece.first_node < kept.first_node)) kept = piece;
  });
  return {component.nodes - kept.nodes, component.subscribers - kept.subscribers};
}

// Every node and link with what its failure cuts off, and which are single points of failure.
struct SingleFailures {
  SingleFailureCutOffs cut_offs;
  std::vector<std::uint32_t> articulation_points;  // ascending
  std::vector<std::uint32_t> bridges;              // ascending link indices
};

[[nodiscard]] SingleFailures single_failures(const Network& network, const std::vector<std::uint32_t>& sources) {
  SingleFailures failures;
  failures.cut_offs.by_node.resize(network.nodes.size());
  failures.cut_offs.by_link.resize(network.links.size());
  const SimpleGraph simple = simple_graph(network);
  const Blocks blocks = biconnected_blocks(simple);
  std::vector<bool> is_source(network.nodes.size(), false);
  for (std::uint32_t source : sources) is_source.at(source) = true;
  const BlockCutTree tree(network, simple, blocks, is_source);
  const bool from_sources = !sources.empty();
  for (std::uint32_t node = 0; node < network.nodes.size(); ++node) {
    failures.cut_offs.by_node[node] = cut_off_without(network, tree, node, from_sources);
    if (tree.is_articulation_point(node)) failures.articulation_points.push_back(node);
  }
  // A bridge is the only edge of its block, and a single link.
  for (std::size_t edge = 0; edge < simple.links_of_edge.size(); ++edge) {
    const std::size_t block = blocks.block_of_edge[edge];
    if (blocks.edges_in_block[block] != 1 || simple.links_of_edge[edge].size() != 1) continue;
    const std::size_t link = simple.links_of_edge[edge].front();
    failures.cut_offs.by_link[link] = cut_off_without(network, tree, tree.block_node(block), from_sources);
    failures.bridges.push_back(static_cast<std::uint32_t>(link));
  }
  std::sort(failures.bridges.begin(), failures.bridges.end());
  return failures;
}

}  // namespace

Inventory take_inventory(const Network& network) {
  Inventory inventory;
  std::vector<std::int64_t> per_site;
  for (const Node& node : network.nodes) {
    ++inventory.nodes_by_role.at(static_cast<std::size_t>(node.role));
    inventory.subscribers += node.subscribers;
    if (node.role == Role::core) inventory.core_switching_bps += node.switching_capacity_bps;
    if (node.role == Role::access) per_site.push_back(node.subscribers);
  }
  for (const Link& link : network.links) {
    if (link.medium == Medium::fiber) {
      ++inventory.fiber_links;
      inventory.fiber_km += link.length_km;
    } else {
      ++inventory.microwave_links;
      inventory.microwave_km += link.length_km;
    }
    const bool egress = network.nodes.at(index(link.a)).role == Role::internet ||
                        network.nodes.at(index(link.b)).role == Role::internet;
    if (egress) {
      ++inventory.egress_links;
      inventory.egress_bps += link.capacity_bps;
    }
  }
  inventory.access_sites = per_site.size();
  if (!per_site.empty()) {
    std::sort(per_site.begin(), per_site.end());
    const std::size_t n = per_site.size();
    inventory.min_subscribers_per_site = per_site.front();
    inventory.max_subscribers_per_site = per_site.back();
    inventory.median_subscribers_per_site =
        n % 2 == 1 ? static_cast<double>(per_site[n / 2])
                   : (static_cast<double>(per_site[n / 2 - 1]) + static_cast<double>(per_site[n / 2])) / 2;
  }
  const Graph graph = simple_graph(network).graph;
  std::vector<int> component(network.nodes.size());
  const int count = network.nodes.empty() ? 0 : boost::connected_components(graph, component.data());
  inventory.component_sizes.assign(static_cast<std::size_t>(count), 0);
  for (int c : component) ++inventory.component_sizes[static_cast<std::size_t>(c)];
  std::sort(inventory.component_sizes.begin(), inventory.component_sizes.end(), std::greater<>());
  return inventory;
}

std::vector<SinglePointOfFailure> find_single_points_of_failure(const Network& network) {
  std::vector<SinglePointOfFailure> failures;
  if (network.nodes.empty()) return failures;
  const SingleFailures single = single_failures(network, internet_nodes(network));
  for (std::uint32_t node : single.articulation_points) {
    const CutOff& cut = single.cut_offs.by_node[node];
    failures.push_back({SinglePointOfFailure::Kind::node, node, cut.nodes, cut.subscribers});
  }
  for (std::uint32_t link : single.bridges) {
    const CutOff& cut = single.cut_offs.by_link[link];
    failures.push_back({SinglePointOfFailure::Kind::link, link, cut.nodes, cut.subscribers});
  }
  std::sort(failures.begin(), failures.end(), [](const SinglePointOfFailure& x, const SinglePointOfFailure& y) {
    return std::tuple(-x.subscribers_cut_off, -static_cast<std::int64_t>(x.nodes_cut_off), x.kind, x.index) <
           std::tuple(-y.subscribers_cut_off, -static_cast<std::int64_t>(y.nodes_cut_off), y.kind, y.index);
  });
  return failures;
}

SingleFailureCutOffs cut_off_by_single_failures(const Network& network, const std::vector<NodeId>& sources) {
  std::vector<std::uint32_t> source_nodes;
  for (NodeId source : sources) source_nodes.push_back(index(source));
  return single_failures(network, source_nodes).cut_offs;
}

std::vector<bool> reaches_internet(const Network& network, const std::vector<bool>& link_excluded) {
  return reachable(network, internet_nodes(network), link_excluded);
}

}  // namespace citynet::topology
