#include "topology/build.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <unordered_map>

#include <fmt/core.h>

#include "topology/analysis.hpp"
#include "topology/apportion.hpp"
#include "topology/generator.hpp"
#include "topology/geometry.hpp"
#include "topology/graphml.hpp"

namespace citynet::topology {

namespace {

// Longer than any cable on Earth: a length beyond it is a typo, not a network.
inline constexpr double kMaxLinkLengthKm = 100'000;

[[nodiscard]] std::string place_suffix(const SourcePlace& place) {
  return place.line == 0 ? std::string() : fmt::format(" (line {})", place.line);
}

// Whether `node` can hold subscribers of `subscriber_class`: dial-up lines end at a RAS,
// other lines at an access site (or any other node the file gives subscribers), and a
// class that lists districts only in those (a node with no district takes any class).
[[nodiscard]] bool offers(const Node& node, const scenario::SubscriberClass& subscriber_class) {
  const bool dialup = subscriber_class.access == scenario::AccessKind::dialup;
  const bool kind = dialup ? node.role == Role::ras
                           : node.role != Role::ras && (node.role == Role::access || node.subscribers > 0);
  const auto& districts = subscriber_class.districts;
  return kind && (districts.empty() || node.district.empty() ||
                  std::find(districts.begin(), districts.end(), node.district) != districts.end());
}

[[nodiscard]] std::string sites_wanted(const scenario::SubscriberClass& subscriber_class) {
  const bool dialup = subscriber_class.access == scenario::AccessKind::dialup;
  std::string wanted = dialup ? "node of role ras" : "access site";
  if (!subscriber_class.districts.empty()) {
    wanted += " in district";
    for (std::size_t i = 0; i < subscriber_class.districts.size(); ++i) {
      wanted += fmt::format("{} {}", i == 0 ? "" : ",", subscriber_class.districts[i]);
    }
  }
  return wanted;
}

// On an explicit or imported network the classes' counts fix the subscribers, as on a
// generated one; a node's `subscribers` only weighs its share. Each class's count is spread
// over the nodes that offer it in proportion to their `subscribers` (largest remainder;
// equally when none gives any), and a node then holds what it was given. A class with
// subscribers and nowhere to put them is refused: its count would silently do nothing.
// Without classes there is no demand to place, and the sites keep their `subscribers` for
// the inventory.
void spread_classes(Network& network, const scenario::Scenario& scenario) {
  const auto& classes = scenario.demand.classes;
  if (classes.empty()) return;
  for (Node& node : network.nodes) node.subscribers_by_class.assign(classes.size(), 0);
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (classes[c].count <= 0) continue;
    std::vector<std::size_t> sites;
    std::vector<double> weights;
    for (std::size_t i = 0; i < network.nodes.size(); ++i) {
      if (!offers(network.nodes[i], classes[c])) continue;
      sites.push_back(i);
      weights.push_back(static_cast<double>(network.nodes[i].subscribers));
    }
    if (sites.empty()) {
      throw InputError(classes[c].place, fmt::format("class \"{}\": count {} but the network has no {}; expected "
                                                     "such a node for its subscribers, or count 0",
                                                     classes[c].name, classes[c].count, sites_wanted(classes[c])));
    }
    const std::vector<std::int64_t> parts = apportion(classes[c].count, weights);
    for (std::size_t s = 0; s < sites.size(); ++s) network.nodes[sites[s]].subscribers_by_class[c] = parts[s];
  }
  for (Node& node : network.nodes) {
    node.subscribers = std::accumulate(node.subscribers_by_class.begin(), node.subscribers_by_class.end(), std::int64_t{0});
  }
}

struct Built {
  Network network;
  std::vector<SourcePlace> node_places;  // aligned with network.nodes
};

[[nodiscard]] Built build_explicit(const scenario::Scenario& scenario) {
  const scenario::NetworkSpec& spec = scenario.network;
  Built built;
  built.network.name = scenario.name;
  std::unordered_map<std::string, std::size_t> by_id;
  for (const scenario::NodeSpec& n : spec.nodes) {
    const auto [it, inserted] = by_id.emplace(n.id, built.network.nodes.size());
    if (!inserted) {
      throw InputError(n.place, fmt::format("node id '{}' is used twice (first{}); expected unique node ids", n.id,
                                            place_suffix(built.node_places[it->second])));
    }
    Node node;
    node.id = n.id;
    node.role = n.role;
    node.district = n.district;
    node.x_km = n.x_km;
    node.y_km = n.y_km;
    node.switching_capacity_bps = n.switching_capacity_bps.value_or(0.0);
    node.subscribers = n.subscribers;
    built.network.nodes.push_back(std::move(node));
    built.node_places.push_back(n.place);
  }
  std::unordered_map<std::string, std::size_t> link_ids;
  for (const scenario::LinkSpec& l : spec.links) {
    const auto a = by_id.find(l.a);
    const auto b = by_id.find(l.b);
    if (a == by_id.end() || b == by_id.end()) {
      throw InputError(l.place, fmt::format("link '{}' names unknown node '{}'; expected the id of a node in nodes",
                                            l.id, a == by_id.end() ? l.a : l.b));
    }
    Link link;
    link.id = l.id.empty() ? fmt::format("{}-{}", l.a, l.b) : l.id;
    if (!l.id.empty() && !link_ids.emplace(link.id, built.network.links.size()).second) {
      throw InputError(l.place, fmt::format("link id '{}' is used twice; expected unique link ids", l.id));
    }
    link.a = NodeId{static_cast<std::uint32_t>(a->second)};
    link.b = NodeId{static_cast<std::uint32_t>(b->second)};
    link.medium = l.medium;
    link.capacity_bps = l.capacity_bps;
    const Node& na = built.network.nodes[a->second];
    const Node& nb = built.network.nodes[b->second];
    link.length_km = l.length_km.value_or(plane_distance_km(na.x_km, na.y_km, nb.x_km, nb.y_km));
    if (!(link.capacity_bps > 0) || !std::isfinite(link.capacity_bps)) {
      throw InputError(l.place, fmt::format("link '{}': capacity {} bit/s; expected a positive rate", link.id, link.capacity_bps));
    }
    if (!(link.length_km >= 0) || link.length_km > kMaxLinkLengthKm) {
      throw InputError(l.place, fmt::format("link '{}': length {} km; expected 0 to {} km", link.id, link.length_km,
                                            kMaxLinkLengthKm));
    }
    built.network.links.push_back(std::move(link));
  }
  return built;
}

[[nodiscard]] std::string resolved_import_path(const scenario::Scenario& scenario) {
  const std::filesystem::path path(*scenario.network.import_graphml);
  if (path.is_absolute() || scenario.source_file.empty()) return path.string();
  const std::filesystem::path beside = std::filesystem::path(scenario.source_file).parent_path() / path;
  std::error_code error;
  return std::filesystem::exists(beside, error) ? beside.string() : path.string();
}

// Every access site must reach the internet node: a site that cannot would silently drop all
// its subscribers' internet traffic.
void check_reaches_internet(const Built& built, const scenario::Scenario& scenario) {
  const Network& network = built.network;
  const bool has_internet = std::any_of(network.nodes.begin(), network.nodes.end(),
                                        [](const Node& n) { return n.role == Role::internet; });
  if (!has_internet) {
    const char* hint = scenario.network.import_graphml ? " given by a node key named role in the GraphML file" : "";
    throw InputError(scenario.network.place,
                     fmt::format("network: no node has role internet; expected one node of role internet (the egress to "
                                 "the national backbone){}",
                                 hint));
  }
  const std::vector<bool> reached = reaches_internet(network);
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].role != Role::access || reached[i]) continue;
    const SourcePlace& place = i < built.node_places.size() ? built.node_places[i] : scenario.network.place;
    throw InputError(place, fmt::format("access site '{}' cannot reach the internet node; expected a chain of links "
                                        "from it to the node of role internet",
                                        network.nodes[i].id));
  }
}

[[nodiscard]] Built build_any(const scenario::Scenario& scenario) {
  const scenario::NetworkSpec& spec = scenario.network;
  const int ways = (spec.generate ? 1 : 0) + (spec.import_graphml ? 1 : 0) + (!spec.nodes.empty() || !spec.links.empty() ? 1 : 0);
  if (ways != 1) {
    throw InputError(spec.place, ways == 0 ? "network: nothing describes it; expected one of generate, nodes and links, import"
                                           : "network: more than one way in; expected only one of generate, nodes and links, import");
  }
  Built built;
  if (spec.generate) {
    built.network = generate_network(scenario);
  } else if (spec.import_graphml) {
    built.network = import_graphml_file(resolved_import_path(scenario), spec.default_link_capacity_bps);
    if (built.network.name.empty()) built.network.name = scenario.name;
  } else {
    built = build_explicit(scenario);
  }
  return built;
}

}  // namespace

Network build_network(const scenario::Scenario& scenario) {
  Built built = build_any(scenario);
  if (!scenario.network.generate) spread_classes(built.network, scenario);
  check_reaches_internet(built, scenario);
  return std::move(built.network);
}

Network build_bare_network(const scenario::Scenario& scenario) { return std::move(build_any(scenario).network); }

}  // namespace citynet::topology
