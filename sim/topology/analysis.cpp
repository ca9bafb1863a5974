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

// Loops are left out: they join a node to itself and change no connectivity.
[[nodiscard]] Graph boost_graph(const Network& network) {
  Graph graph(network.nodes.size());
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    const Link& link = network.links[i];
    if (link.a != link.b) boost::add_edge(index(link.a), index(link.b), i, graph);
  }
  return graph;
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

// The nodes failures are measured against: the internet nodes, or without one the largest
// component (lowest node index among equals), so an imported backbone still gets a figure.
[[nodiscard]] std::vector<std::uint32_t> reference_nodes(const Network& network, const Graph& graph) {
  std::vector<std::uint32_t> internet = internet_nodes(network);
  if (!internet.empty() || network.nodes.empty()) return internet;
  std::vector<int> component(network.nodes.size());
  const int count = boost::connected_components(graph, component.data());
  std::vector<std::size_t> sizes(static_cast<std::size_t>(count), 0);
  for (int c : component) ++sizes[static_cast<std::size_t>(c)];
  const auto largest = static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
  std::vector<std::uint32_t> nodes;
  for (std::size_t i = 0; i < component.size(); ++i) {
    if (component[i] == largest) nodes.push_back(static_cast<std::uint32_t>(i));
  }
  return nodes;
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
  const Graph graph = boost_graph(network);
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
  const Graph graph = boost_graph(network);
  // Indexed by link index (the edge_index), which skips loops: sized by links, not edges.
  std::vector<std::size_t> edge_component(network.links.size());
  std::vector<std::size_t> cut_vertices;
  const auto edge_components =
      boost::make_iterator_property_map(edge_component.begin(), boost::get(boost::edge_index, graph));
  boost::biconnected_components(graph, edge_components, std::back_inserter(cut_vertices));

  const std::vector<std::uint32_t> reference = reference_nodes(network, graph);
  const std::vector<bool> before = reachable(network, reference, std::nullopt, {});
  for (std::size_t vertex : cut_vertices) {
    SinglePointOfFailure failure{SinglePointOfFailure::Kind::node, static_cast<std::uint32_t>(vertex), 0, 0};
    count_cut_off(network, before, reachable(network, reference, failure.index, {}), failure);
    failures.push_back(failure);
  }

  // A bridge is the only edge of its biconnected component.
  std::map<std::size_t, std::vector<std::size_t>> links_by_component;
  for (const auto& edge : boost::make_iterator_range(boost::edges(graph))) {
    const std::size_t link = boost::get(boost::edge_index, graph, edge);
    links_by_component[edge_component[link]].push_back(link);
  }
  for (const auto& [component, links] : links_by_component) {
    if (links.size() != 1) continue;
    SinglePointOfFailure failure{SinglePointOfFailure::Kind::link, static_cast<std::uint32_t>(links.front()), 0, 0};
    std::vector<bool> excluded(network.links.size(), false);
    excluded[links.front()] = true;
    count_cut_off(network, before, reachable(network, reference, std::nullopt, excluded), failure);
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
