#include "scenario/apply_plan.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/core.h>

#include "scenario/yaml_reader.hpp"

namespace citynet::scenario {
namespace {

// As the loader's check of destination fractions.
constexpr double kFractionSumTolerance = 1e-6;

// One step of a key path: `key` or `key[name]`.
struct Step {
  std::string_view key;
  std::optional<std::string_view> name;
};

[[nodiscard]] std::optional<std::vector<Step>> split_path(std::string_view path) {
  std::vector<Step> steps;
  while (!path.empty()) {
    Step step;
    const std::size_t end = path.find_first_of(".[");
    step.key = path.substr(0, end);
    if (step.key.empty()) return std::nullopt;
    path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
    if (!path.empty() && path.front() == '[') {
      const std::size_t close = path.find(']');
      if (close == std::string_view::npos || close == 1) return std::nullopt;
      step.name = path.substr(1, close - 1);
      path = path.substr(close + 1);
    }
    if (!path.empty()) {
      if (path.front() != '.' || path.size() == 1) return std::nullopt;
      path = path.substr(1);
    }
    steps.push_back(step);
  }
  return steps;
}

constexpr std::string_view kSettable =
    "network.generate.<egress|core_switching|access_uplink|aggregation_uplink|core_link|idc_link|ras_link|"
    "microwave_capacity>, network.links[ID].capacity, network.nodes[ID].switching_capacity, "
    "demand.classes[NAME].<down|up>, demand.applications[NAME].sessions_per_day, "
    "demand.applications[NAME].destinations.<internet|idc|p2p>, simulation.streaming_guard";

[[nodiscard]] std::string unknown_path(std::string_view path) {
  return fmt::format("\"{}\" is not a value a plan can set; expected one of: {}", yaml::shown(path), kSettable);
}

// The item of `items` whose `name_of` is `name`, or the message naming the closest one.
template <typename Item, typename NameOf>
[[nodiscard]] std::variant<Item*, std::string> find_named(std::vector<Item>& items, std::string_view name,
                                                          std::string_view what, NameOf name_of) {
  std::vector<std::string_view> names;
  for (Item& item : items) {
    if (name_of(item) == name) return &item;
    names.push_back(name_of(item));
  }
  return fmt::format("unknown {} \"{}\"{}", what, yaml::shown(name), yaml::suggestion(name, names));
}

[[nodiscard]] std::variant<SettingSlot, std::string> generator_setting(Scenario& scenario, std::string_view key,
                                                                       std::string_view path) {
  if (!scenario.network.generate) {
    return fmt::format("\"{}\": the network is not generated; expected a path of its nodes or links",
                       yaml::shown(path));
  }
  GeneratorSpec& spec = *scenario.network.generate;
  const std::array<std::pair<std::string_view, double*>, 8> rates{{{"egress", &spec.egress_bps},
                                                                  {"core_switching", &spec.core_switching_bps},
                                                                  {"access_uplink", &spec.access_uplink_bps},
                                                                  {"aggregation_uplink", &spec.aggregation_uplink_bps},
                                                                  {"core_link", &spec.core_link_bps},
                                                                  {"idc_link", &spec.idc_link_bps},
                                                                  {"ras_link", &spec.ras_link_bps},
                                                                  {"microwave_capacity", &spec.microwave_capacity_bps}}};
  for (const auto& [name, value] : rates) {
    if (name == key) return SettingSlot{value, Quantity::rate, false};
  }
  return unknown_path(path);
}

[[nodiscard]] std::variant<SettingSlot, std::string> network_setting(Scenario& scenario,
                                                                     const std::vector<Step>& steps,
                                                                     std::string_view path) {
  if (steps.size() == 3 && steps[1].key == "generate" && !steps[1].name && !steps[2].name) {
    return generator_setting(scenario, steps[2].key, path);
  }
  if (steps.size() != 3 || !steps[1].name || steps[2].name) return unknown_path(path);
  if (steps[1].key == "links" && steps[2].key == "capacity") {
    auto link = find_named(scenario.network.links, *steps[1].name, "link",
                           [](const LinkSpec& l) -> std::string_view { return l.id; });
    if (auto* message = std::get_if<std::string>(&link)) return *message;
    return SettingSlot{&std::get<LinkSpec*>(link)->capacity_bps, Quantity::rate, false};
  }
  if (steps[1].key == "nodes" && steps[2].key == "switching_capacity") {
    auto node = find_named(scenario.network.nodes, *steps[1].name, "node",
                           [](const NodeSpec& n) -> std::string_view { return n.id; });
    if (auto* message = std::get_if<std::string>(&node)) return *message;
    std::optional<double>& capacity = std::get<NodeSpec*>(node)->switching_capacity_bps;
    if (!capacity) capacity = 0;  // given a value below
    return SettingSlot{&*capacity, Quantity::rate, false};
  }
  return unknown_path(path);
}

[[nodiscard]] std::variant<SettingSlot, std::string> demand_setting(Scenario& scenario, const std::vector<Step>& steps,
                                                                    std::string_view path) {
  if (steps.size() < 3 || !steps[1].name || steps[2].name) return unknown_path(path);
  if (steps[1].key == "classes" && steps.size() == 3) {
    auto found = find_named(scenario.demand.classes, *steps[1].name, "class",
                            [](const SubscriberClass& c) -> std::string_view { return c.name; });
    if (auto* message = std::get_if<std::string>(&found)) return *message;
    SubscriberClass& subscriber_class = *std::get<SubscriberClass*>(found);
    if (steps[2].key == "down") return SettingSlot{&subscriber_class.down_bps, Quantity::rate, false};
    if (steps[2].key == "up") return SettingSlot{&subscriber_class.up_bps, Quantity::rate, false};
    return unknown_path(path);
  }
  if (steps[1].key != "applications") return unknown_path(path);
  auto found = find_named(scenario.demand.applications, *steps[1].name, "application",
                          [](const Application& a) -> std::string_view { return a.name; });
  if (auto* message = std::get_if<std::string>(&found)) return *message;
  Application& application = *std::get<Application*>(found);
  if (steps.size() == 3 && steps[2].key == "sessions_per_day") {
    return SettingSlot{&application.sessions_per_subscriber_day, Quantity::fraction, true};
  }
  if (steps.size() == 4 && steps[2].key == "destinations" && !steps[3].name) {
    DestinationMix& mix = application.destinations;
    if (steps[3].key == "internet") return SettingSlot{&mix.internet, Quantity::fraction, true};
    if (steps[3].key == "idc") return SettingSlot{&mix.idc, Quantity::fraction, true};
    if (steps[3].key == "p2p") return SettingSlot{&mix.p2p, Quantity::fraction, true};
  }
  return unknown_path(path);
}

}  // namespace

std::variant<SettingSlot, std::string> find_setting(Scenario& scenario, std::string_view path) {
  const std::optional<std::vector<Step>> steps = split_path(path);
  if (!steps || steps->empty()) return unknown_path(path);
  const Step& top = steps->front();
  if (top.name) return unknown_path(path);
  if (top.key == "network") return network_setting(scenario, *steps, path);
  if (top.key == "demand") return demand_setting(scenario, *steps, path);
  if (top.key == "simulation" && steps->size() == 2 && !(*steps)[1].name && (*steps)[1].key == "streaming_guard") {
    return SettingSlot{&scenario.simulation.streaming_guard_share, Quantity::fraction, true};
  }
  return unknown_path(path);
}

void apply_settings(Scenario& scenario, const Plan& plan) {
  const PlanChange* last_destination_change = nullptr;
  for (const PlanChange& change : plan.changes) {
    const auto* set = std::get_if<SetValue>(&change.change);
    if (set == nullptr) continue;
    auto slot = find_setting(scenario, set->path);
    if (auto* message = std::get_if<std::string>(&slot)) {
      throw InputError(change.place, fmt::format("{}.path: {}", change.key_path, *message));
    }
    *std::get<SettingSlot>(slot).value = set->value;
    if (set->path.find(".destinations.") != std::string::npos) last_destination_change = &change;
  }
  if (last_destination_change == nullptr) return;
  for (const Application& application : scenario.demand.applications) {
    const DestinationMix& mix = application.destinations;
    const double sum = mix.internet + mix.idc + mix.p2p;
    if (std::fabs(sum - 1.0) > kFractionSumTolerance) {
      throw InputError(last_destination_change->place,
                       fmt::format("{}: the destinations of application \"{}\" sum to {} after plan \"{}\"; expected "
                                   "internet + idc + p2p = 1 (set the others too)",
                                   last_destination_change->key_path, application.name, format_number(sum),
                                   plan.name));
    }
  }
}

}  // namespace citynet::scenario
