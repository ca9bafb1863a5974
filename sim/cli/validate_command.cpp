// `citynet validate SCENARIO`: load and check a scenario, build its network (which checks
// that every access site reaches the egress), each plan's and each growth year's, write
// nothing, print one line.
#include <memory>
#include <string>

#include <fmt/core.h>

#include "cli/city_model.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_check.hpp"
#include "core/error.hpp"
#include "core/units.hpp"
#include "scenario/load.hpp"
#include "topology/build.hpp"

namespace citynet::cli {
namespace {

struct NetworkTotals {
  double fiber_length_km = 0;
  double egress_bps = 0;
};

[[nodiscard]] NetworkTotals totals_of(const topology::Network& network) {
  NetworkTotals totals;
  for (const topology::Link& link : network.links) {
    if (link.medium == topology::Medium::fiber) totals.fiber_length_km += link.length_km;
    const bool to_internet = network.nodes.at(topology::index(link.a)).role == topology::Role::internet ||
                             network.nodes.at(topology::index(link.b)).role == topology::Role::internet;
    if (to_internet) totals.egress_bps += link.capacity_bps;
  }
  return totals;
}

// The subscribers the run simulates: those the network placed at its sites, class by class.
[[nodiscard]] std::int64_t subscriber_count(const topology::Network& network) {
  std::int64_t count = 0;
  for (const topology::Node& node : network.nodes) {
    for (const std::int64_t subscribers : node.subscribers_by_class) count += subscribers;
  }
  return count;
}

void validate(const std::string& path) {
  const CityModel model = check_scenario(scenario::load_scenario_file(path));
  const scenario::Scenario& scenario = model.scenario;
  const topology::Network& network = model.network;
  const NetworkTotals totals = totals_of(network);
  fmt::print("{}: OK: \"{}\": {} districts, {} nodes, {} links, {:.0f} km of fiber, {:g} Gbps egress, "
             "{} subscribers in {} classes, {} applications{}{}\n",
             path, scenario.name, scenario.city.districts.size(), network.nodes.size(), network.links.size(),
             totals.fiber_length_km, totals.egress_bps / kGbps, subscriber_count(network),
             scenario.demand.classes.size(), scenario.demand.applications.size(),
             scenario.plans.empty() ? "" : fmt::format(", {} plans", scenario.plans.size()),
             scenario.growth ? fmt::format(", growth {} to {}", scenario.growth->first_year, scenario.growth->last_year)
                             : "");
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto* sub = app.add_subcommand("validate", "Check a scenario file without running it (writes nothing)");
  auto path = std::make_shared<std::string>();
  sub->add_option("SCENARIO", *path, "the scenario YAML file")->required();
  sub->callback([path] { validate(*path); });
}

}  // namespace citynet::cli
