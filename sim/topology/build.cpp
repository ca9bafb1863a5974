#include "topology/build.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
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

// A node's subscribers over the scenario's classes, in proportion to their city-wide counts:
// RAS nodes take the dial-up classes, other nodes the rest, each only where the class is
// offered (its districts, when it lists some and the node names one).
[[nodiscard]] std::vector<std::int64_t> split_by_class(const Node& node, const scenario::Scenario& scenario) {
  const auto& classes = scenario.demand.classes;
  std::vector<double> weights(classes.size(), 0.0);
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const bool dialup = classes[c].access == scenario::AccessKind::dialup;
    const auto& districts = classes[c].districts;
    const bool offered = districts.empty() || node.district.empty() ||
                         std::find(districts.begin(), districts.end(), node.district) != districts.end();
    if (dialup == (node.role == Role::ras) && offered) weights[c] = static_cast<double>(classes[c].count);
  }
  const bool any = std::any_of(weights.begin(), weights.end(), [](double w) { return w > 0; });
  if (!any) return std::vector<std::int64_t>(classes.size(), 0);
  return apportion(node.subscribers, weights);
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
    node.subscribers_by_class = split_by_class(node, scenario);
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
    for (Node& node : built.network.nodes) node.subscribers_by_class = split_by_class(node, scenario);
    if (built.network.name.empty()) built.network.name = scenario.name;
  } else {
    built = build_explicit(scenario);
  }
  return built;
}

}  // namespace

Network build_network(const scenario::Scenario& scenario) {
  Built built = build_any(scenario);
  check_reaches_internet(built, scenario);
  return std::move(built.network);
}

Network build_bare_network(const scenario::Scenario& scenario) { return std::move(build_any(scenario).network); }

}  // namespace citynet::topology
