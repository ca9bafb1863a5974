#include "cli/plan_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "cli/model_text.hpp"
#include "core/units.hpp"
#include "output/link_layer.hpp"
#include "scenario/apply_plan.hpp"
#include "scenario/growth_year.hpp"
#include "scenario/names.hpp"
#include "scenario/units.hpp"
#include "scenario/yaml_reader.hpp"
#include "topology/analysis.hpp"
#include "topology/build.hpp"
#include "topology/geometry.hpp"

namespace citynet::cli {
namespace {

using scenario::PlanChange;
using topology::Link;
using topology::Network;
using topology::Node;
using topology::NodeId;
using topology::Role;

// A new link never gets a length under this: ends at the same place are still a cable.
constexpr double kShortestNewLink_km = 0.1;

[[noreturn]] void refuse(const PlanChange& change, const std::string& message) {
  throw InputError(change.place, fmt::format("{}: {}", change.key_path, message));
}

// "; did you mean "x"?" for a likely typo; a network has too many ids to list them all.
[[nodiscard]] std::string closest_id(std::string_view id, const std::vector<std::string_view>& ids) {
  const std::optional<std::string_view> match = scenario::yaml::closest_match(id, ids);
  return match ? fmt::format("; did you mean \"{}\"?", *match) : std::string("; expected an id of the network");
}

[[nodiscard]] NodeId node_named(const Network& network, const std::string& id, const PlanChange& change,
                                std::string_view key) {
  std::vector<std::string_view> ids;
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].id == id) return NodeId{i};
    ids.push_back(network.nodes[i].id);
  }
  refuse(change, fmt::format("{}: unknown node \"{}\"{}", key, id, closest_id(id, ids)));
}

[[nodiscard]] std::optional<std::size_t> link_position(const Network& network, const std::string& id) {
  for (std::size_t i = 0; i < network.links.size(); ++i) {
    if (network.links[i].id == id) return i;
  }
  return std::nullopt;
}

void check_new_link_id(const Network& network, const std::string& id, const PlanChange& change) {
  if (link_position(network, id)) refuse(change, fmt::format("link \"{}\" exists already; expected a new id", id));
}

[[nodiscard]] double distance_km(const Network& network, NodeId a, NodeId b) {
  const Node& na = network.nodes.at(topology::index(a));
  const Node& nb = network.nodes.at(topology::index(b));
  return std::max(kShortestNewLink_km, topology::plane_distance_km(na.x_km, na.y_km, nb.x_km, nb.y_km));
}

[[nodiscard]] bool in_layer(const Network& network, const Link& link, std::string_view layer) {
  return output::to_string(output::link_layer(network, link)) == layer;
}

void scale(Network& network, const scenario::ScaleCapacity& scale, const PlanChange& change) {
  std::size_t matched = 0;
  for (Link& link : network.links) {
    if (scale.layer && !in_layer(network, link, *scale.layer)) continue;
    if (scale.medium && link.medium != *scale.medium) continue;
    link.capacity_bps *= scale.factor;
    ++matched;
  }
  // The switching capacity of nodes: all of them when no selection is given, core and
  // gateway nodes with the core layer.
  if (!scale.medium && (!scale.layer || *scale.layer == "core")) {
    for (Node& node : network.nodes) {
      if (scale.layer && node.role != Role::core && node.role != Role::gateway) continue;
      node.switching_capacity_bps *= scale.factor;
    }
  }
  if (matched == 0) {
    refuse(change, fmt::format("no link of the network is{}{}; expected a selection that matches links",
                               scale.layer ? fmt::format(" in layer {}", *scale.layer) : "",
                               scale.medium ? fmt::format(" of medium {}", scenario::to_string(*scale.medium)) : ""));
  }
}

void add_link(Network& network, const scenario::AddLink& added, const PlanChange& change) {
  check_new_link_id(network, added.id, change);
  Link link;
  link.id = added.id;
  link.a = node_named(network, added.a, change, "a");
  link.b = node_named(network, added.b, change, "b");
  link.medium = added.medium;
  link.capacity_bps = added.capacity_bps;
  link.length_km = added.length_km.value_or(distance_km(network, link.a, link.b));
  network.links.push_back(link);
}

void remove_link(Network& network, const scenario::RemoveLink& removed, const PlanChange& change) {
  const std::optional<std::size_t> position = link_position(network, removed.id);
  if (!position) {
    std::vector<std::string_view> ids;
    for (const Link& link : network.links) ids.push_back(link.id);
    refuse(change, fmt::format("unknown link \"{}\"{}", removed.id, closest_id(removed.id, ids)));
  }
  network.links.erase(network.links.begin() + static_cast<std::ptrdiff_t>(*position));
}

void add_gateway(Network& network, const scenario::AddGateway& added, const PlanChange& change) {
  for (const Node& node : network.nodes) {
    if (node.id == added.id) refuse(change, fmt::format("id: node \"{}\" exists already; expected a new id", added.id));
  }
  std::vector<NodeId> attach;
  for (const std::string& id : added.attach_to) attach.push_back(node_named(network, id, change, "attach_to"));
  const auto internet = std::find_if(network.nodes.begin(), network.nodes.end(),
                                     [](const Node& node) { return node.role == Role::internet; });
  if (internet == network.nodes.end()) refuse(change, "the network has no node of role internet to link the gateway to");
  const NodeId internet_id{static_cast<std::uint32_t>(internet - network.nodes.begin())};

  // The gateway stands among the nodes it serves.
  Node gateway;
  gateway.id = added.id;
  gateway.role = Role::gateway;
  gateway.district = network.nodes.at(topology::index(attach.front())).district;
  for (const NodeId id : attach) {
    gateway.x_km += network.nodes.at(topology::index(id)).x_km / static_cast<double>(attach.size());
    gateway.y_km += network.nodes.at(topology::index(id)).y_km / static_cast<double>(attach.size());
  }
  gateway.switching_capacity_bps = added.switching_capacity_bps.value_or(0);
  if (!network.nodes.empty()) gateway.subscribers_by_class.assign(network.nodes.front().subscribers_by_class.size(), 0);
  const NodeId gateway_id{static_cast<std::uint32_t>(network.nodes.size())};
  network.nodes.push_back(gateway);

  const auto link_to = [&](NodeId other, double capacity_bps) {
    Link link;
    link.id = fmt::format("{}-{}", added.id, network.nodes.at(topology::index(other)).id);
    check_new_link_id(network, link.id, change);
    link.a = gateway_id;
    link.b = other;
    link.capacity_bps = capacity_bps;
    link.length_km = distance_km(network, gateway_id, other);
    network.links.push_back(link);
  };
  for (const NodeId id : attach) link_to(id, added.link_capacity_bps);
  link_to(internet_id, added.egress_bps);
}

[[nodiscard]] std::size_t class_position(const scenario::Scenario& scenario, const std::string& name) {
  for (std::size_t c = 0; c < scenario.demand.classes.size(); ++c) {
    if (scenario.demand.classes[c].name == name) return c;
  }
  return scenario.demand.classes.size();  // the reader checked every name
}

// A change that moves or adds no one (a class without subscribers, shares that round to
// nothing at every site) is refused: the plan would be reported as if it did something.
void move_subscribers(Network& network, const scenario::Scenario& scenario, const scenario::MoveSubscribers& move,
                      const PlanChange& change) {
  const std::size_t from = class_position(scenario, move.from_class);
  const std::size_t to = class_position(scenario, move.to_class);
  std::int64_t moved_total = 0;
  for (Node& node : network.nodes) {
    if (from >= node.subscribers_by_class.size() || to >= node.subscribers_by_class.size()) continue;
    const auto moved = static_cast<std::int64_t>(std::llround(move.share * static_cast<double>(node.subscribers_by_class[from])));
    node.subscribers_by_class[from] -= moved;
    node.subscribers_by_class[to] += moved;
    moved_total += moved;
  }
  if (moved_total == 0) {
    refuse(change, fmt::format("moves no subscriber: class \"{}\" has none, or too few at any site for a share of {}; "
                               "expected a change that moves some",
                               move.from_class, scenario::format_number(move.share)));
  }
}

void grow_subscribers(Network& network, const scenario::Scenario& scenario, const scenario::GrowSubscribers& grow,
                      const PlanChange& change) {
  std::vector<bool> grows(scenario.demand.classes.size(), grow.classes.empty());
  for (const std::string& name : grow.classes) grows.at(class_position(scenario, name)) = true;
  bool changed = false;
  for (Node& node : network.nodes) {
    for (std::size_t c = 0; c < node.subscribers_by_class.size() && c < grows.size(); ++c) {
      if (!grows[c]) continue;
      const std::int64_t before = node.subscribers_by_class[c];
      node.subscribers_by_class[c] = std::llround(grow.factor * static_cast<double>(before));
      node.subscribers += node.subscribers_by_class[c] - before;
      changed = changed || node.subscribers_by_class[c] != before;
    }
  }
  if (!changed) {
    refuse(change, fmt::format("changes no site's subscribers: the classes have none, or too few at any site for a "
                               "factor of {}; expected a change that grows some",
                               scenario::format_number(grow.factor)));
  }
}

// The scenario's class counts follow the sites', so that the resolved scenario and the
// demand model agree.
void recount_classes(scenario::Scenario& scenario, const Network& network) {
  for (std::size_t c = 0; c < scenario.demand.classes.size(); ++c) {
    std::int64_t count = 0;
    for (const Node& node : network.nodes) {
      if (c < node.subscribers_by_class.size()) count += node.subscribers_by_class[c];
    }
    scenario.demand.classes[c].count = count;
  }
}

// Every node with subscribers must still reach the internet node (links are both ways).
void check_connected(const Network& network, const scenario::Plan& plan) {
  const bool has_internet = std::any_of(network.nodes.begin(), network.nodes.end(),
                                        [](const Node& node) { return node.role == Role::internet; });
  if (!has_internet) return;  // the baseline's own checks speak for such a network
  const std::vector<bool> reached = topology::reaches_internet(network);
  for (std::uint32_t i = 0; i < network.nodes.size(); ++i) {
    if (network.nodes[i].subscribers > 0 && !reached[i]) {
      throw InputError(plan.place, fmt::format("plan \"{}\": site \"{}\" cannot reach the internet after the plan's "
                                               "changes; expected every subscriber site to stay connected",
                                               plan.name, network.nodes[i].id));
    }
  }
}

[[nodiscard]] bool has_settings(const scenario::Plan& plan) {
  return std::any_of(plan.changes.begin(), plan.changes.end(),
                     [](const PlanChange& c) { return std::holds_alternative<scenario::SetValue>(c.change); });
}

// Fiber capacity added away from the egress: new links whole, existing ones by their increase.
[[nodiscard]] double fiber_capacity_added_bps(const Network& before, const Network& after) {
  std::unordered_map<std::string_view, double> old_capacity_bps;
  for (const Link& link : before.links) old_capacity_bps.emplace(link.id, link.capacity_bps);
  double added_bps = 0;
  for (const Link& link : after.links) {
    if (link.medium != topology::Medium::fiber || output::link_layer(after, link) == output::Layer::egress) continue;
    const auto old = old_capacity_bps.find(link.id);
    added_bps += std::max(0.0, link.capacity_bps - (old == old_capacity_bps.end() ? 0.0 : old->second));
  }
  return added_bps;
}

[[nodiscard]] std::vector<std::int64_t> class_totals(const Network& network) {
  std::vector<std::int64_t> totals;
  for (const Node& node : network.nodes) {
    if (totals.size() < node.subscribers_by_class.size()) totals.resize(node.subscribers_by_class.size(), 0);
    for (std::size_t c = 0; c < node.subscribers_by_class.size(); ++c) totals[c] += node.subscribers_by_class[c];
  }
  return totals;
}

// A priced quantity: nothing to pay when none was added, unknown when it was and the unit
// cost is missing.
[[nodiscard]] std::optional<double> priced(double added, const std::optional<double>& unit_cost) {
  if (!(added > 0)) return 0.0;
  if (!unit_cost) return std::nullopt;
  return added * *unit_cost;
}

}  // namespace

CityModel build_plan_model(const CityModel& baseline, const scenario::Plan& plan) {
  CityModel model;
  model.scenario = baseline.scenario;
  scenario::apply_settings(model.scenario, plan);
  // A generated network is rebuilt from its changed targets; its layout draws from the same
  // seed, so only what the settings change differs.
  model.network = has_settings(plan) ? topology::build_network(model.scenario) : baseline.network;
  for (const PlanChange& change : plan.changes) {
    std::visit(
        [&](const auto& c) {
          using Change = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<Change, scenario::ScaleCapacity>) scale(model.network, c, change);
          if constexpr (std::is_same_v<Change, scenario::AddLink>) add_link(model.network, c, change);
          if constexpr (std::is_same_v<Change, scenario::RemoveLink>) remove_link(model.network, c, change);
          if constexpr (std::is_same_v<Change, scenario::AddGateway>) add_gateway(model.network, c, change);
        },
        change.change);
  }
  for (const PlanChange& change : plan.changes) {
    if (const auto* move = std::get_if<scenario::MoveSubscribers>(&change.change)) {
      move_subscribers(model.network, model.scenario, *move, change);
    }
    if (const auto* grow = std::get_if<scenario::GrowSubscribers>(&change.change)) {
      grow_subscribers(model.network, model.scenario, *grow, change);
    }
  }
  recount_classes(model.scenario, model.network);
  check_connected(model.network, plan);
  model.scenario.name = fmt::format("{}-{}", baseline.scenario.name, plan.name);
  // Each change did something, yet together they may cancel out (a link removed and added
  // back) or change what nothing reads (the radio capacity of a network without radio). A
  // plan without changes says so itself: the baseline again, as a control.
  if (!plan.changes.empty() && model_text(model) == model_text(baseline)) {
    throw InputError(plan.place, fmt::format("plan \"{}\": its changes leave the network, demand and simulation "
                                             "as in the baseline; expected a plan that changes what is simulated",
                                             plan.name));
  }
  model.sites = subscriber_sites(model.network);
  for (std::uint32_t i = 0; i < model.network.nodes.size(); ++i) {
    if (model.network.nodes[i].role == Role::internet && !model.internet) model.internet = NodeId{i};
    if (model.network.nodes[i].role == Role::idc && !model.idc) model.idc = NodeId{i};
  }
  return model;
}

std::optional<double> plan_cost(const scenario::CostModel& costs, const CityModel& baseline,
                                const CityModel& plan_model, const scenario::Plan& plan) {
  if (plan.cost) return plan.cost;
  const Network& before = baseline.network;
  const Network& after = plan_model.network;
  std::unordered_set<std::string_view> old_links;
  for (const Link& link : before.links) old_links.insert(link.id);
  double fiber_km = 0;
  double microwave_links = 0;
  for (const Link& link : after.links) {
    if (old_links.contains(link.id)) continue;
    if (link.medium == topology::Medium::fiber) fiber_km += link.length_km;
    if (link.medium == topology::Medium::microwave) microwave_links += 1;
  }
  double ports = 0;
  const std::vector<std::int64_t> old_counts = class_totals(before);
  const std::vector<std::int64_t> new_counts = class_totals(after);
  for (std::size_t c = 0; c < new_counts.size(); ++c) {
    const std::int64_t old_count = c < old_counts.size() ? old_counts[c] : 0;
    ports += static_cast<double>(std::max<std::int64_t>(0, new_counts[c] - old_count));
  }
  const topology::Inventory inventory_before = topology::take_inventory(before);
  const topology::Inventory inventory_after = topology::take_inventory(after);
  const std::optional<double> parts[] = {
      priced((inventory_after.egress_bps - inventory_before.egress_bps) / kGbps, costs.egress_per_gbps),
      priced((inventory_after.core_switching_bps - inventory_before.core_switching_bps) / kGbps,
             costs.core_switching_per_gbps),
      priced(fiber_km, costs.fiber_per_km), priced(microwave_links, costs.microwave_link),
      priced(fiber_capacity_added_bps(before, after) / kGbps, costs.link_capacity_per_gbps),
      priced(ports, costs.access_port)};
  double total = 0;
  for (const std::optional<double>& part : parts) {
    if (!part) return std::nullopt;
    total += *part;
  }
  return total;
}

CityModel build_year_model(const scenario::Scenario& scenario, int year) {
  CityModel model = build_city_model(scenario::scenario_in_year(scenario, year));
  const std::string name = model.scenario.name;
  for (const scenario::Plan* plan : scenario::plans_in_year(scenario, year)) model = build_plan_model(model, *plan);
  model.scenario.name = name;
  return model;
}

}  // namespace citynet::cli
