#include "scenario/plan_reader.hpp"

#include <array>
#include <string_view>
#include <unordered_set>
#include <utility>

#include <fmt/core.h>

#include "scenario/apply_plan.hpp"
#include "scenario/names.hpp"

namespace citynet::scenario {
namespace {

using yaml::Field;
using yaml::MapView;

// Larger factors are typing errors, not plans (a thousand times the 2005 egress).
constexpr double kMaxFactor = 1000;

[[nodiscard]] double read_factor(const Field& field) {
  const double factor = yaml::read_number(field);
  if (!(factor > 0) || factor > kMaxFactor) {
    yaml::fail(field, fmt::format("{} is out of range; expected a factor above 0 and at most {}", format_number(factor),
                                  format_number(kMaxFactor)));
  }
  if (factor == 1) yaml::fail(field, "a factor of 1 changes nothing; expected a factor other than 1");
  return factor;
}

[[nodiscard]] double read_cost(const Field& field) {
  const double cost = yaml::read_number(field);
  if (!(cost >= 0)) yaml::fail(field, fmt::format("{} is negative; expected a cost of 0 or more", format_number(cost)));
  return cost;
}

void check_class(const Field& field, const std::string& name, const Scenario& scenario) {
  std::vector<std::string_view> names;
  for (const SubscriberClass& c : scenario.demand.classes) {
    if (c.name == name) return;
    names.push_back(c.name);
  }
  yaml::fail(field, fmt::format("unknown class \"{}\"{}", yaml::shown(name), yaml::suggestion(name, names)));
}

// `set` is checked against the scenario at once: its path must exist and its value must be
// in the unit of the path's key.
[[nodiscard]] SetValue read_set(const Field& field, Scenario& trial) {
  static constexpr std::array<std::string_view, 2> kKeys{"path", "value"};
  const MapView map(field, kKeys);
  const Field path_field = map.at("path", "a key path such as network.generate.egress");
  SetValue set;
  set.path = yaml::read_name(path_field);
  auto slot = find_setting(trial, set.path);
  if (auto* message = std::get_if<std::string>(&slot)) yaml::fail(path_field, *message);
  const SettingSlot target = std::get<SettingSlot>(slot);
  const Field value_field = map.at("value", "the new value");
  set.value = target.allows_zero ? yaml::read_non_negative_quantity(value_field, target.quantity)
                                 : yaml::read_positive_quantity(value_field, target.quantity);
  if (*target.value == set.value) {
    yaml::fail(value_field, fmt::format("{} is {} already, so the change changes nothing; expected another value",
                                        set.path, format_quantity(target.quantity, set.value)));
  }
  *target.value = set.value;
  return set;
}

[[nodiscard]] ScaleCapacity read_scale(const Field& field) {
  static constexpr std::array<std::string_view, 3> kKeys{"layer", "medium", "factor"};
  const MapView map(field, kKeys);
  ScaleCapacity scale;
  if (auto f = map.get("layer")) scale.layer = std::string(kPlanLayerNames[yaml::read_choice(*f, kPlanLayerNames)]);
  if (auto f = map.get("medium")) scale.medium = static_cast<Medium>(yaml::read_choice(*f, kMediumNames));
  scale.factor = read_factor(map.at("factor", "a factor such as 2"));
  return scale;
}

[[nodiscard]] AddLink read_add_link(const Field& field) {
  static constexpr std::array<std::string_view, 6> kKeys{"id", "a", "b", "medium", "capacity", "length"};
  const MapView map(field, kKeys);
  AddLink link;
  link.id = yaml::read_name(map.at("id", "the new link's id"));
  link.a = yaml::read_name(map.at("a", "the node id of one end"));
  link.b = yaml::read_name(map.at("b", "the node id of the other end"));
  if (link.a == link.b) yaml::fail(map.self(), fmt::format("both ends are \"{}\"; expected two nodes", link.a));
  if (auto f = map.get("medium")) link.medium = static_cast<Medium>(yaml::read_choice(*f, kMediumNames));
  link.capacity_bps = yaml::read_positive_quantity(map.at("capacity", "a rate such as 155.52Mbps"), Quantity::rate);
  if (auto f = map.get("length")) link.length_km = yaml::read_positive_quantity(*f, Quantity::length);
  return link;
}

[[nodiscard]] AddGateway read_add_gateway(const Field& field) {
  static constexpr std::array<std::string_view, 5> kKeys{"id", "attach_to", "link_capacity", "egress",
                                                         "switching_capacity"};
  const MapView map(field, kKeys);
  AddGateway gateway;
  gateway.id = yaml::read_name(map.at("id", "the new gateway's id"));
  const Field attach = map.at("attach_to", "the node ids it links to, such as [core-1, core-2]");
  for (const Field& item : yaml::read_list(attach)) gateway.attach_to.push_back(yaml::read_name(item));
  if (gateway.attach_to.empty()) yaml::fail(attach, "the list is empty; expected at least one node id");
  gateway.link_capacity_bps =
      yaml::read_positive_quantity(map.at("link_capacity", "a rate such as 40Gbps"), Quantity::rate);
  gateway.egress_bps = yaml::read_positive_quantity(map.at("egress", "a rate such as 10Gbps"), Quantity::rate);
  if (auto f = map.get("switching_capacity")) {
    gateway.switching_capacity_bps = yaml::read_positive_quantity(*f, Quantity::rate);
  }
  return gateway;
}

[[nodiscard]] MoveSubscribers read_move(const Field& field, const Scenario& scenario) {
  static constexpr std::array<std::string_view, 3> kKeys{"from", "to", "share"};
  const MapView map(field, kKeys);
  MoveSubscribers move;
  const Field from = map.at("from", "the class the subscribers leave");
  const Field to = map.at("to", "the class they join");
  move.from_class = yaml::read_name(from);
  move.to_class = yaml::read_name(to);
  check_class(from, move.from_class, scenario);
  check_class(to, move.to_class, scenario);
  if (move.from_class == move.to_class) yaml::fail(to, "the same class as `from`; expected another class");
  const Field share = map.at("share", "a fraction such as 20%");
  move.share = yaml::read_quantity(share, Quantity::fraction);
  if (move.share == 0) yaml::fail(share, "a share of 0 moves no one; expected a fraction above 0 such as 20%");
  return move;
}

[[nodiscard]] GrowSubscribers read_grow(const Field& field, const Scenario& scenario) {
  static constexpr std::array<std::string_view, 2> kKeys{"factor", "classes"};
  const MapView map(field, kKeys);
  GrowSubscribers grow;
  grow.factor = read_factor(map.at("factor", "a factor such as 1.3"));
  if (auto f = map.get("classes")) {
    for (const Field& item : yaml::read_list(*f)) {
      grow.classes.push_back(yaml::read_name(item));
      check_class(item, grow.classes.back(), scenario);
    }
  }
  return grow;
}

constexpr std::array<std::string_view, 7> kChangeKinds{"set",         "scale",          "add_link",
                                                       "remove_link", "add_gateway",    "move_subscribers",
                                                       "grow_subscribers"};

[[nodiscard]] PlanChange read_change(const Field& field, const Scenario& scenario, Scenario& trial) {
  const MapView map(field, kChangeKinds);
  if (map.entries().size() != 1) {
    yaml::fail(field, fmt::format("{} kinds of change in one item; expected exactly one of: set, scale, add_link, "
                                  "remove_link, add_gateway, move_subscribers, grow_subscribers",
                                  map.entries().size()));
  }
  const auto& [kind, body] = map.entries().front();
  PlanChange change;
  change.place = body.place;
  change.key_path = body.path;
  if (kind == "set") change.change = read_set(body, trial);
  if (kind == "scale") change.change = read_scale(body);
  if (kind == "add_link") change.change = read_add_link(body);
  if (kind == "remove_link") change.change = RemoveLink{yaml::read_name(body)};
  if (kind == "add_gateway") change.change = read_add_gateway(body);
  if (kind == "move_subscribers") change.change = read_move(body, scenario);
  if (kind == "grow_subscribers") change.change = read_grow(body, scenario);
  return change;
}

[[nodiscard]] Plan read_plan(const Field& field, const Scenario& scenario) {
  static constexpr std::array<std::string_view, 4> kKeys{"name", "description", "cost", "changes"};
  const MapView map(field, kKeys);
  Plan plan;
  plan.place = field.place;
  plan.name = yaml::read_name(map.at("name", "the plan's name"));
  if (plan.name == "baseline") yaml::fail(*map.get("name"), "\"baseline\" is the scenario itself; expected another name");
  if (auto f = map.get("description")) plan.description = yaml::read_string(*f);
  if (auto f = map.get("cost")) plan.cost = read_cost(*f);
  Scenario trial = scenario;  // the plan's settings so far, to check their sum
  if (auto f = map.get("changes")) {
    for (const Field& item : yaml::read_list(*f)) plan.changes.push_back(read_change(item, scenario, trial));
  }
  apply_settings(trial, plan);
  return plan;
}

}  // namespace

std::vector<Plan> read_plans(const Field& field, const Scenario& scenario_so_far) {
  std::vector<Plan> plans;
  std::unordered_set<std::string> names;
  for (const Field& item : yaml::read_list(field)) {
    plans.push_back(read_plan(item, scenario_so_far));
    if (!names.insert(plans.back().name).second) {
      yaml::fail(item, fmt::format("plan \"{}\" is defined twice; expected unique plan names", plans.back().name));
    }
  }
  return plans;
}

CostModel read_costs(const Field& field) {
  static constexpr std::array<std::string_view, 7> kKeys{"currency",       "egress_per_gbps", "core_switching_per_gbps",
                                                         "fiber_per_km",   "microwave_link",  "link_capacity_per_gbps",
                                                         "access_port"};
  const MapView map(field, kKeys);
  CostModel costs;
  costs.place = field.place;
  if (auto f = map.get("currency")) costs.currency = yaml::read_name(*f);
  if (auto f = map.get("egress_per_gbps")) costs.egress_per_gbps = read_cost(*f);
  if (auto f = map.get("core_switching_per_gbps")) costs.core_switching_per_gbps = read_cost(*f);
  if (auto f = map.get("fiber_per_km")) costs.fiber_per_km = read_cost(*f);
  if (auto f = map.get("microwave_link")) costs.microwave_link = read_cost(*f);
  if (auto f = map.get("link_capacity_per_gbps")) costs.link_capacity_per_gbps = read_cost(*f);
  if (auto f = map.get("access_port")) costs.access_port = read_cost(*f);
  return costs;
}

}  // namespace citynet::scenario
