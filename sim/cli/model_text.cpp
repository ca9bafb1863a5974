#include "cli/model_text.hpp"

#include <fmt/core.h>

#include "scenario/resolved.hpp"

namespace citynet::cli {

std::string model_text(const CityModel& model) {
  scenario::Scenario simulated = model.scenario;
  simulated.name.clear();
  simulated.description.clear();
  simulated.city.name.clear();
  simulated.network = scenario::NetworkSpec{};
  simulated.plans.clear();
  simulated.costs = scenario::CostModel{};
  std::string text = scenario::to_resolved_yaml(simulated);
  // Numbers in shortest round-trip form: equal text, equal values.
  for (const topology::Node& node : model.network.nodes) {
    text += fmt::format("node {} {} {} {} {} {} [", node.id, static_cast<int>(node.role), node.district, node.x_km,
                        node.y_km, node.switching_capacity_bps);
    for (const std::int64_t count : node.subscribers_by_class) text += fmt::format(" {}", count);
    text += " ]\n";
  }
  for (const topology::Link& link : model.network.links) {
    text += fmt::format("link {} {} {} {} {} {}\n", link.id, topology::index(link.a), topology::index(link.b),
                        static_cast<int>(link.medium), link.length_km, link.capacity_bps);
  }
  return text;
}

}  // namespace citynet::cli
