#include "scenario/growth_reader.hpp"

#include <array>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/core.h>

#include "scenario/growth_year.hpp"

namespace citynet::scenario {
namespace {

using yaml::Field;
using yaml::MapView;

// Years a forecast can be asked for: the horizon runs a city day per year and replication.
constexpr int kEarliestYear = 1900;
constexpr int kLatestYear = 2200;
constexpr int kMaxHorizonYears = 30;
// A yearly rate above this is a typing error (30 meant as 3000%), and one of -100% or less
// leaves nothing.
constexpr double kMaxYearlyRate = 10;  // 1000% a year
constexpr double kPercent = 100;
// The limits of the scenario's own keys (load.cpp), reached by growth within the horizon.
constexpr std::int64_t kMaxSubscribers = 1'000'000'000;
constexpr double kMaxSessionsPerDay = 100'000;
// A flow size or stream rate growing more than this over the horizon is a typing error.
constexpr double kMaxGrowthFactor = 1000;

[[nodiscard]] std::vector<std::string_view> names_of(const auto& items) {
  std::vector<std::string_view> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

void check_name(const Field& field, const std::string& name, std::span<const std::string_view> known,
                std::string_view what) {
  if (std::find(known.begin(), known.end(), name) != known.end()) return;
  if (known.empty()) yaml::fail(field, fmt::format("unknown {} \"{}\"; none are defined", what, yaml::shown(name)));
  yaml::fail(field, fmt::format("unknown {} \"{}\"{}", what, yaml::shown(name), yaml::suggestion(name, known)));
}

// "30%" or "-12.5%": a yearly change, in percent only, so that `30` is never read as 3000%.
[[nodiscard]] double read_yearly_rate(const Field& field) {
  const std::string text = yaml::read_string(field);
  const std::string expected = "expected a yearly rate such as 30% or -10%";
  if (text.empty() || text.back() != '%') {
    yaml::fail(field, fmt::format("\"{}\" is not a percentage; {}", yaml::shown(text), expected));
  }
  const std::optional<double> percent = parse_number(std::string_view(text).substr(0, text.size() - 1));
  if (!percent) yaml::fail(field, fmt::format("\"{}\" is not a number; {}", yaml::shown(text), expected));
  const double rate = *percent / kPercent;
  if (rate <= -1 || rate > kMaxYearlyRate) {
    yaml::fail(field, fmt::format("{} is out of range; expected a yearly rate above -100% and at most {}%",
                                  yaml::shown(text), format_number(kMaxYearlyRate * kPercent)));
  }
  return rate;
}

[[nodiscard]] int read_year(const Field& field) {
  const std::int64_t year = yaml::read_count(field);
  if (year < kEarliestYear || year > kLatestYear) {
    yaml::fail(field, fmt::format("{} is out of range; expected a year from {} to {}", year, kEarliestYear, kLatestYear));
  }
  return static_cast<int>(year);
}

// A year within (first, last] of the horizon, or [first, last] when the first may be named.
[[nodiscard]] int read_year_in(const Field& field, const Growth& growth, bool first_allowed) {
  const int year = read_year(field);
  const int earliest = first_allowed ? growth.first_year : growth.first_year + 1;
  if (year < earliest || year > growth.last_year) {
    yaml::fail(field, fmt::format("{} is outside the horizon; expected a year from {} to {}", year, earliest,
                                  growth.last_year));
  }
  return year;
}

// `{2006: 1200, 2007: 1500}`: every year after the first, each once.
[[nodiscard]] std::vector<std::int64_t> read_counts_by_year(const Field& field, const Growth& growth) {
  std::vector<std::optional<std::int64_t>> counts(static_cast<std::size_t>(growth.last_year - growth.first_year));
  for (const auto& [name, value] : yaml::read_named_entries(field)) {
    const Field key{value.file, YAML::Node(name), value.path, value.place};
    const int year = read_year_in(key, growth, false);
    const std::int64_t count = yaml::read_count(value);
    if (count > kMaxSubscribers) {
      yaml::fail(value, fmt::format("{} is more than any city holds; expected at most {}", count, kMaxSubscribers));
    }
    std::optional<std::int64_t>& slot = counts[static_cast<std::size_t>(year - growth.first_year - 1)];
    if (slot) yaml::fail(key, fmt::format("{} is given twice; expected each year once", year));
    slot = count;
  }
  std::vector<std::int64_t> by_year;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    if (!counts[k]) {
      yaml::fail(field, fmt::format("no count for {}; expected the count of every year from {} to {}",
                                    growth.first_year + 1 + static_cast<int>(k), growth.first_year + 1,
                                    growth.last_year));
    }
    by_year.push_back(*counts[k]);
  }
  return by_year;
}

[[nodiscard]] ClassGrowth read_class_growth(const std::string& name, const Field& field, const Growth& growth) {
  static constexpr std::array<std::string_view, 1> kKeys{"count"};
  const MapView map(field, kKeys);
  ClassGrowth class_growth;
  class_growth.name = name;
  class_growth.place = field.place;
  const Field count = map.at("count", "a yearly rate such as 30%, or the count of each year such as {2006: 1200}");
  if (count.node.IsMap()) {
    class_growth.count_by_year = read_counts_by_year(count, growth);
  } else {
    class_growth.count_yearly_rate = read_yearly_rate(count);
  }
  return class_growth;
}

[[nodiscard]] Migration read_migration(const Field& field, std::span<const std::string_view> classes) {
  static constexpr std::array<std::string_view, 3> kKeys{"from", "to", "share"};
  const MapView map(field, kKeys);
  Migration migration;
  migration.place = field.place;
  const Field from = map.at("from", "the class the subscribers leave");
  const Field to = map.at("to", "the class they join");
  migration.from_class = yaml::read_name(from);
  check_name(from, migration.from_class, classes, "class");
  migration.to_class = yaml::read_name(to);
  check_name(to, migration.to_class, classes, "class");
  if (migration.from_class == migration.to_class) yaml::fail(to, "the same class as `from`; expected another class");
  migration.yearly_share = yaml::read_quantity(map.at("share", "a yearly share such as 20%"), Quantity::fraction);
  return migration;
}

[[nodiscard]] double read_bounded_rate(const Field& field, const Growth& growth) {
  const double rate = read_yearly_rate(field);
  const double factor = std::pow(1 + rate, growth.last_year - growth.first_year);
  if (factor > kMaxGrowthFactor) {
    yaml::fail(field, fmt::format("grows {}-fold by {}; expected at most {}-fold over the horizon",
                                  format_number(std::round(factor)), growth.last_year, format_number(kMaxGrowthFactor)));
  }
  return rate;
}

[[nodiscard]] ApplicationGrowth read_application_growth(const std::string& name, const Field& field,
                                                        const Application& application, const Growth& growth) {
  static constexpr std::array<std::string_view, 4> kKeys{"sessions_per_day", "size", "rate", "start"};
  const MapView map(field, kKeys);
  ApplicationGrowth application_growth;
  application_growth.name = name;
  application_growth.place = field.place;
  if (auto f = map.get("start")) application_growth.start_year = read_year_in(*f, growth, false);
  if (auto f = map.get("sessions_per_day")) {
    application_growth.sessions_yearly_rate = read_yearly_rate(*f);
    const int years = growth.last_year - application_growth.start_year.value_or(growth.first_year);
    const double last = application.sessions_per_subscriber_day *
                        std::pow(1 + application_growth.sessions_yearly_rate, std::max(years, 0));
    if (last > kMaxSessionsPerDay) {
      yaml::fail(*f, fmt::format("reaches {} sessions a day by {}; expected at most {}", format_number(std::round(last)),
                                 growth.last_year, format_number(kMaxSessionsPerDay)));
    }
  }
  const bool streaming = application.kind == FlowKind::streaming;
  if (auto f = map.get("size")) {
    if (streaming) yaml::fail(*f, "a streaming application has no flow size; expected `rate` for its streams' rate");
    application_growth.size_yearly_rate = read_bounded_rate(*f, growth);
  }
  if (auto f = map.get("rate")) {
    if (!streaming) yaml::fail(*f, "an elastic application has no stream rate; expected `size` for its flow size");
    application_growth.rate_yearly_rate = read_bounded_rate(*f, growth);
  }
  return application_growth;
}

[[nodiscard]] PlanFromYear read_plan_from_year(const Field& field, const Scenario& scenario, const Growth& growth) {
  static constexpr std::array<std::string_view, 2> kKeys{"plan", "from"};
  const MapView map(field, kKeys);
  PlanFromYear in_force;
  in_force.place = field.place;
  const Field plan = map.at("plan", "the name of a plan of `plans:`");
  in_force.plan = yaml::read_name(plan);
  check_name(plan, in_force.plan, names_of(scenario.plans), "plan");
  in_force.from_year = read_year_in(map.at("from", "the first year it is in force, such as 2008"), growth, true);
  return in_force;
}

void read_horizon(const MapView& map, Growth& growth) {
  growth.first_year = read_year(map.at("first_year", "the scenario's own year, such as 2005"));
  const Field last = map.at("last_year", "the last year to forecast, such as 2010");
  growth.last_year = read_year(last);
  if (growth.last_year <= growth.first_year || growth.last_year - growth.first_year > kMaxHorizonYears) {
    yaml::fail(last, fmt::format("{} is out of range; expected a year from {} to {}", growth.last_year,
                                 growth.first_year + 1, growth.first_year + kMaxHorizonYears));
  }
}

// A class's shares out, summed over its migrations, may not exceed all of it.
void check_shares_out(const std::vector<Migration>& migrations, const std::vector<Field>& items) {
  std::unordered_map<std::string, double> share_out;
  for (std::size_t m = 0; m < migrations.size(); ++m) {
    double& sum = share_out[migrations[m].from_class];
    sum += migrations[m].yearly_share;
    if (sum > 1 + 1e-9) {
      yaml::fail(items[m], fmt::format("the migrations from \"{}\" move {:.4g}% of it a year; expected 100% or less",
                                       migrations[m].from_class, sum * kPercent));
    }
  }
}

// A class with stated counts has them whatever moves; it cannot also migrate.
void check_counted_classes_stay(const Growth& growth, const std::vector<Field>& items) {
  for (std::size_t m = 0; m < growth.migrations.size(); ++m) {
    for (const ClassGrowth& c : growth.classes) {
      const Migration& migration = growth.migrations[m];
      if (c.count_by_year.empty() || (c.name != migration.from_class && c.name != migration.to_class)) continue;
      yaml::fail(items[m], fmt::format("class \"{}\" has a count for every year; expected migrations only between "
                                       "classes that grow by a rate",
                                       c.name));
    }
  }
}

void check_counts_held(const Scenario& scenario, const Growth& growth, const Field& field) {
  Scenario trial = scenario;
  trial.growth = growth;
  std::vector<std::int64_t> counts;
  for (const SubscriberClass& c : scenario.demand.classes) counts.push_back(c.count);
  for (int year = growth.first_year + 1; year <= growth.last_year; ++year) {
    counts = class_counts_next_year(trial, counts, year);
    for (std::size_t c = 0; c < counts.size(); ++c) {
      if (counts[c] <= kMaxSubscribers) continue;
      yaml::fail(field, fmt::format("class \"{}\" reaches {} subscribers in {}; expected at most {}",
                                    scenario.demand.classes[c].name, counts[c], year, kMaxSubscribers));
    }
  }
}

}  // namespace

Growth read_growth(const Field& field, const Scenario& scenario) {
  static constexpr std::array<std::string_view, 6> kKeys{"first_year", "last_year",    "classes",
                                                         "migrations", "applications", "plans"};
  const MapView map(field, kKeys);
  Growth growth;
  growth.place = field.place;
  read_horizon(map, growth);
  const std::vector<std::string_view> classes = names_of(scenario.demand.classes);
  if (auto f = map.get("classes")) {
    for (const auto& [name, value] : yaml::read_named_entries(*f)) {
      check_name(Field{value.file, YAML::Node(name), value.path, value.place}, name, classes, "class");
      growth.classes.push_back(read_class_growth(name, value, growth));
    }
  }
  if (auto f = map.get("migrations")) {
    const std::vector<Field> items = yaml::read_list(*f);
    for (const Field& item : items) growth.migrations.push_back(read_migration(item, classes));
    check_shares_out(growth.migrations, items);
    check_counted_classes_stay(growth, items);
  }
  if (auto f = map.get("applications")) {
    const std::vector<std::string_view> applications = names_of(scenario.demand.applications);
    for (const auto& [name, value] : yaml::read_named_entries(*f)) {
      check_name(Field{value.file, YAML::Node(name), value.path, value.place}, name, applications, "application");
      const auto position = std::find(applications.begin(), applications.end(), name) - applications.begin();
      growth.applications.push_back(read_application_growth(
          name, value, scenario.demand.applications[static_cast<std::size_t>(position)], growth));
    }
  }
  if (auto f = map.get("plans")) {
    for (const Field& item : yaml::read_list(*f)) growth.plans.push_back(read_plan_from_year(item, scenario, growth));
  }
  check_counts_held(scenario, growth, map.get("classes").value_or(field));
  return growth;
}

}  // namespace citynet::scenario
