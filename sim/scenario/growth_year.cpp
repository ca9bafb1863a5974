#include "scenario/growth_year.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include <fmt/core.h>

namespace citynet::scenario {
namespace {

[[nodiscard]] std::size_t class_position(const Scenario& scenario, const std::string& name) {
  const auto& classes = scenario.demand.classes;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (classes[c].name == name) return c;
  }
  assert(false && "the growth reader checks class names");
  return 0;
}

[[nodiscard]] std::int64_t grown_count(const ClassGrowth& growth, std::int64_t count, int year, int first_year) {
  if (!growth.count_by_year.empty()) return growth.count_by_year.at(static_cast<std::size_t>(year - first_year - 1));
  return std::llround(static_cast<double>(count) * (1 + growth.count_yearly_rate));
}

[[nodiscard]] double growth_factor(double yearly_rate, int years) {
  return years <= 0 ? 1.0 : std::pow(1 + yearly_rate, years);
}

void scale(Distribution& distribution, double factor) {
  distribution.mean *= factor;
  distribution.sd *= factor;
  distribution.min *= factor;
  if (distribution.max) *distribution.max *= factor;
}

void grow_application(Application& application, const ApplicationGrowth& growth, int year, int first_year) {
  const int start_year = growth.start_year.value_or(first_year);
  if (year < start_year) {
    application.sessions_per_subscriber_day = 0;
    return;
  }
  application.sessions_per_subscriber_day *= growth_factor(growth.sessions_yearly_rate, year - start_year);
  scale(application.size_bytes, growth_factor(growth.size_yearly_rate, year - first_year));
  application.stream_rate_bps *= growth_factor(growth.rate_yearly_rate, year - first_year);
}

}  // namespace

std::vector<std::int64_t> class_counts_next_year(const Scenario& scenario, const std::vector<std::int64_t>& counts,
                                                 int year) {
  const Growth& growth = *scenario.growth;
  std::vector<std::int64_t> next = counts;
  for (const ClassGrowth& class_growth : growth.classes) {
    const std::size_t c = class_position(scenario, class_growth.name);
    next[c] = grown_count(class_growth, counts[c], year, growth.first_year);
  }
  const std::vector<std::int64_t> before_migrations = next;
  for (const Migration& migration : growth.migrations) {
    const std::size_t from = class_position(scenario, migration.from_class);
    const std::size_t to = class_position(scenario, migration.to_class);
    // The reader keeps each class's shares at 100% or less, so `from` never goes negative.
    const std::int64_t moved = std::min<std::int64_t>(
        next[from], std::llround(static_cast<double>(before_migrations[from]) * migration.yearly_share));
    next[from] -= moved;
    next[to] += moved;
  }
  return next;
}

std::vector<std::int64_t> class_counts_in_year(const Scenario& scenario, int year) {
  std::vector<std::int64_t> counts;
  for (const SubscriberClass& c : scenario.demand.classes) counts.push_back(c.count);
  for (int y = scenario.growth->first_year + 1; y <= year; ++y) counts = class_counts_next_year(scenario, counts, y);
  return counts;
}

Scenario scenario_in_year(const Scenario& scenario, int year) {
  assert(scenario.growth && year >= scenario.growth->first_year && year <= scenario.growth->last_year);
  const Growth& growth = *scenario.growth;
  Scenario grown = scenario;
  grown.growth.reset();
  grown.name = fmt::format("{}-{}", scenario.name, year);
  const std::vector<std::int64_t> counts = class_counts_in_year(scenario, year);
  for (std::size_t c = 0; c < counts.size(); ++c) grown.demand.classes[c].count = counts[c];
  for (const ApplicationGrowth& application_growth : growth.applications) {
    for (Application& application : grown.demand.applications) {
      if (application.name == application_growth.name) {
        grow_application(application, application_growth, year, growth.first_year);
      }
    }
  }
  return grown;
}

std::vector<const Plan*> plans_in_year(const Scenario& scenario, int year) {
  std::vector<const Plan*> plans;
  for (const PlanFromYear& in_force : scenario.growth->plans) {
    if (in_force.from_year > year) continue;
    for (const Plan& plan : scenario.plans) {
      if (plan.name == in_force.plan) plans.push_back(&plan);
    }
  }
  return plans;
}

}  // namespace citynet::scenario
