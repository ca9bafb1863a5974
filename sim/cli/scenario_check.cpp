#include "cli/scenario_check.hpp"

#include <utility>

#include "cli/plan_model.hpp"
#include "topology/failure_events.hpp"

namespace citynet::cli {

CityModel check_scenario(scenario::Scenario scenario) {
  CityModel model = build_city_model(std::move(scenario));
  // Failure events name links and nodes that exist only once the network is built.
  (void)topology::resolve_failures(model.network, model.scenario.failures, model.scenario.simulation.seed,
                                   model.scenario.simulation.duration_s);
  // Each plan's changes name nodes and links that only the built network has.
  for (const scenario::Plan& plan : model.scenario.plans) (void)build_plan_model(model, plan);
  // A generated network grows access sites with its classes; each year must still build.
  if (model.scenario.growth) {
    for (int year = model.scenario.growth->first_year + 1; year <= model.scenario.growth->last_year; ++year) {
      (void)build_year_model(model.scenario, year);
    }
  }
  return model;
}

}  // namespace citynet::cli
