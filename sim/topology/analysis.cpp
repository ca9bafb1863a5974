#include "topology/analysis.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <tuple>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/property_map/property_map.hpp>

namespace citynet::topology {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                    boost::property<boost::edge_index_t, std::size_t>>;

// One edge per pair of adjacent nodes, indexed 0..E-1, with the links it stands for. Boost's
// biconnected_components mishandles parallel edges (a second edge to the DFS parent leaks
// into another component), so they are merged here; loops are left out, they join a node to
// itself and change no connectivity.
struct SimpleGraph {
  Graph graph;
  std::vector<std::vector<std::size_t>> links_of_edge;
};

[[nodiscard]] SimpleGraph simple_graph(const Network& network) {
  SimpleGraph simple{Graph(network.nodes.size()), {}};
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> edge_of_pair;
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    const Link& link = network.links[i];
    if (link.a == link.b) continue;
    const std::pair<std::uint32_t, std::uint32_t> pair{std::min(index(link.a), index(link.b)),
                                                       std::max(index(link.a), index(link.b))};
    const auto [it, inserted] = edge_of_pair.emplace(pair, simple.links_of_edge.size());
    if (inserted) {
      boost::add_edge(pair.first, pair.second, it->second, simple.graph);
      simple.links_of_edge.emplace_back();
    }
    simple.links_of_edge[it->second].push_back(i);
  }
  return simple;
}

// Breadth-first from `sources`, skipping one failed node and the excluded links.
[[nodiscard]] std::vector<bool> reachable(const Network& network, const std::vector<std::uint32_t>& sources,
                                          std::optional<std::uint32_t> failed_node,
                                          const std::vector<bool>& link_excluded) {
  std::vector<std::vector<std::pair<std::uint32_t, std::size_t>>> adjacency(network.nodes.size());
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    adjacency[index(network.links[i].a)].push_back({index(network.links[i].b), i});
    adjacency[index(network.links[i].b)].push_back({index(network.links[i].a), i});
  }
  std::vector<bool> seen(network.nodes.size(), false);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t s : sources) {
    if (s == failed_node || seen[s]) continue;
    seen[s] = true;
    queue.push_back(s);
  }
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    for (const auto& [v, link] : adjacency[u]) {
      if (seen[v] || v == failed_node || (!link_excluded.empty() && link_excluded[link])) continue;
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

// The connected pieces left when a node or some links fail: a piece number per node, -1
// for the failed node.
[[nodiscard]] std::vector<int> pieces(const Network& network, std::optional<std::uint32_t> failed_node,
                                      const std::vector<bool>& link_excluded) {
  std::vector<int> piece(network.nodes.size(), -1);
  int count = 0;
  for (std::uint32_t start = 0; start < network.nodes.size(); ++start) {
    if (piece[start] >= 0 || start == failed_node) continue;
    const std::vector<bool> seen = reachable(network, {start}, failed_node, link_excluded);
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (seen[i]) piece[i] = count;
    }
    ++count;
  }
  return piece;
}

// Without an internet node, a failure is measured within its own component: what is no
// longer joined to the largest piece left of it (the lowest-numbered among equals).
void count_cut_off_in_component(const Network& network, const std::vector<int>& component, int failed_component,
                                const std::vector<int>& after, SinglePointOfFailure& failure) {
  std::map<int, std::size_t> piece_size;
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    if (component[i] == failed_component && after[i] >= 0) ++piece_size[after[i]];
  }
  int kept = -1;
  std::size_t kept_size = 0;
  for (const auto& [piece, size] : piece_size) {
    if (size > kept_size) {
      kept = piece;
      kept_size = size;
    }
  }
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    if (component[i] != failed_component || (after[i] == kept && kept >= 0)) continue;
    ++failure.nodes_cut_off;
    failure.subscribers_cut_off += network.nodes[i].subscribers;
  }
}

void count_cut_off(const Network& network, const std::vector<bool>& before, const std::vector<bool>& after,
                   SinglePointOfFailure& failure) {
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    if (before[i] && !after[i]) {
      ++failure.nodes_cut_off;
      failure.subscribers_cut_off += network.nodes[i].subscribers;
    }
  }
}

// Fills the cut-off counts of one failure (a node, or the links of one simple edge).
void measure(const Network& network, const std::vector<std::uint32_t>& internet, const std::vector<int>& component,
             std::optional<std::uint32_t> failed_node, const std::vector<bool>& link_excluded,
             std::uint32_t some_node_of_failure, SinglePointOfFailure& failure) {
  if (!internet.empty()) {
    const std::vector<bool> before = reachable(network, internet, std::nullopt, {});
    count_cut_off(network, before, reachable(network, internet, failed_node, link_excluded), failure);
    return;
  }
  count_cut_off_in_component(network, component, component[some_node_of_failure],
                             pieces(network, failed_node, link_excluded), failure);
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
  const SimpleGraph simple = simple_graph(network);
  std::vector<std::size_t> edge_component(simple.links_of_edge.size());
  std::vector<std::size_t> cut_vertices;
  const auto edge_components =
      boost::make_iterator_property_map(edge_component.begin(), boost::get(boost::edge_index, simple.graph));
  boost::biconnected_components(simple.graph, edge_components, std::back_inserter(cut_vertices));

  const std::vector<std::uint32_t> internet = internet_nodes(network);
  std::vector<int> component(network.nodes.size());
  boost::connected_components(simple.graph, component.data());
  for (std::size_t vertex : cut_vertices) {
    const auto node = static_cast<std::uint32_t>(vertex);
    SinglePointOfFailure failure{SinglePointOfFailure::Kind::node, node, 0, 0};
    measure(network, internet, component, node, {}, node, failure);
    failures.push_back(failure);
  }

  // A bridge is the only edge of its biconnected component, and a single link.
  std::vector<std::size_t> edges_in_component(simple.links_of_edge.size(), 0);
  for (std::size_t c : edge_component) ++edges_in_component[c];
  for (std::size_t edge = 0; edge < simple.links_of_edge.size(); ++edge) {
    if (edges_in_component[edge_component[edge]] != 1 || simple.links_of_edge[edge].size() != 1) continue;
    const std::size_t link = simple.links_of_edge[edge].front();
    SinglePointOfFailure failure{SinglePointOfFailure::Kind::link, static_cast<std::uint32_t>(link), 0, 0};
    std::vector<bool> excluded(network.links.size(), false);
    excluded[link] = true;
    measure(network, internet, component, std::nullopt, excluded, index(network.links[link].a), failure);
    failures.push_back(failure);
  }
  std::sort(failures.begin(), failures.end(), [](const SinglePointOfFailure& x, const SinglePointOfFailure& y) {
    return std::tuple(-x.subscribers_cut_off, -static_cast<std::int64_t>(x.nodes_cut_off), x.kind, x.index) <
           std::tuple(-y.subscribers_cut_off, -static_cast<std::int64_t>(y.nodes_cut_off), y.kind, y.index);
  });
  return failures;
}

std::vector<bool> reaches_internet(const Network& network, const std::vector<bool>& link_excluded) {
  return reachable(network, internet_nodes(network), std::nullopt, link_excluded);
}

}  // namespace citynet::topology
