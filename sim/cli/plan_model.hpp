#pragma once
// A capacity plan made into a city model: the baseline with the plan's changes (see
// scenario/plan.hpp for their kinds and order), and the plan's cost from the cost model.
//
// Cost, when the plan does not state one: egress capacity added (Gbps, links to the
// internet node) × egress_per_gbps, core switching added (Gbps, core nodes) ×
// core_switching_per_gbps, length of new fiber links × fiber_per_km, new microwave links ×
// microwave_link, fiber link capacity added away from the egress (Gbps: a new link's
// whole capacity, an existing link's increase) × link_capacity_per_gbps, subscribers added
// to a class (moved or grown) × access_port. Capacity taken away saves nothing.
#include <optional>

#include "cli/city_model.hpp"
#include "scenario/scenario.hpp"

namespace citynet::cli {

// InputError at the change's place for an unknown node or link id (with a "did you mean"),
// a duplicate id, a selection that matches no link, or a plan that cuts a subscriber site
// off the internet.
[[nodiscard]] CityModel build_plan_model(const CityModel& baseline, const scenario::Plan& plan);

// A year of the scenario's growth horizon (scenario/growth_year.hpp) with the plans in force
// that year applied in order, named "<scenario>-<year>"; the errors of build_plan_model.
[[nodiscard]] CityModel build_year_model(const scenario::Scenario& scenario, int year);

// Empty when a unit cost the plan needs is missing from the cost model.
[[nodiscard]] std::optional<double> plan_cost(const scenario::CostModel& costs, const CityModel& baseline,
                                              const CityModel& plan_model, const scenario::Plan& plan);

}  // namespace citynet::cli
