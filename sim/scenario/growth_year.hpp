#pragma once
// A year of the growth horizon as a scenario of its own: a pure function of the scenario and
// the year, so that every year can be built, run and compared on its own (planning above the
// pipeline, design.md). Only demand values change: class counts, sessions per subscriber,
// flow sizes and stream rates. The network is the scenario's; plans in force in a year are
// named by plans_in_year and applied to the network by whoever builds it.
//
// Class counts go forward one year at a time: each class grows by its rate (rounded to whole
// subscribers) or takes its stated count, then each migration moves its share of the `from`
// class as it stood before that year's migrations (rounded), in the order written. Migrations
// move subscribers and never make or lose one.
//
// An application's sessions per subscriber-day, flow size and stream rate are the scenario's
// times (1 + rate)^k, k the years since the first year or since the application starts;
// before its start it has no sessions.
#include <cstdint>
#include <vector>

#include "scenario/scenario.hpp"

namespace citynet::scenario {

// The class counts (in the order of demand.classes) one year after `counts` of year - 1.
[[nodiscard]] std::vector<std::int64_t> class_counts_next_year(const Scenario& scenario,
                                                               const std::vector<std::int64_t>& counts, int year);

// The class counts of `year`, in [first_year, last_year] of the scenario's growth.
[[nodiscard]] std::vector<std::int64_t> class_counts_in_year(const Scenario& scenario, int year);

// The scenario of `year`: demand grown as above, named "<name>-<year>", without growth.
// The scenario must have a growth section and the year must be in its horizon.
[[nodiscard]] Scenario scenario_in_year(const Scenario& scenario, int year);

// The plans of the growth section in force in `year`, in the order written.
[[nodiscard]] std::vector<const Plan*> plans_in_year(const Scenario& scenario, int year);

}  // namespace citynet::scenario
