// The `failures:` section: scheduled events and random failure rates (scenario/failure.hpp).
#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>
#include <unordered_map>

#include <fmt/core.h>

#include "core/units.hpp"
#include "scenario/names.hpp"
#include "scenario/plan_reader.hpp"

namespace citynet::scenario {
namespace {

using yaml::Field;
using yaml::MapView;

constexpr double kSecondsPerYear = 365 * kSecondsPerDay;
// Far above any real network (a city sees a few fiber cuts per 1,000 km a year) but low
// enough that a typo cannot ask for millions of events.
constexpr double kMaxFiberCutsPer1000KmYear = 10'000;
constexpr double kMaxNodeFailuresPerYear = 10'000;

[[nodiscard]] SourcePlace place_here(const Field& field) {
  SourcePlace place = yaml::place_of(*field.file, field.node);
  return place.line == 0 ? field.place : place;
}

// "21:00" or "9:30": a time of day on the run's first day.
[[nodiscard]] std::optional<double> parse_clock_s(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) return std::nullopt;
  int hours = 0;
  int minutes = 0;
  const auto hours_end = text.data() + colon;
  if (std::from_chars(text.data(), hours_end, hours).ptr != hours_end) return std::nullopt;
  if (std::from_chars(hours_end + 1, text.data() + text.size(), minutes).ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
  return hours * kSecondsPerHour + minutes * kSecondsPerMinute;
}

[[nodiscard]] double read_start_s(const Field& field, double run_s) {
  const std::string text = yaml::read_string(field);
  double start_s = 0;
  if (text.find(':') != std::string::npos) {
    const auto clock_s = parse_clock_s(text);
    if (!clock_s) {
      yaml::fail(field, fmt::format("\"{}\" is not a time of day; expected HH:MM from 00:00 to 23:59, or a duration "
                                    "from the start such as 21h",
                                    yaml::shown(text)));
    }
    start_s = *clock_s;
  } else {
    start_s = yaml::read_non_negative_quantity(field, Quantity::duration);
  }
  if (start_s >= run_s) {
    yaml::fail(field, fmt::format("{} is not within the run ({}); expected a time before its end",
                                  format_duration(start_s), format_duration(run_s)));
  }
  return start_s;
}

[[nodiscard]] PlanePoint read_point(const Field& field) {
  const std::vector<Field> items = yaml::read_list(field);
  if (items.size() != 2) {
    yaml::fail(field, fmt::format("{} numbers; expected a point [x_km, y_km]", items.size()));
  }
  return PlanePoint{yaml::read_number(items[0]), yaml::read_number(items[1])};
}

[[nodiscard]] CircleSpec read_circle(const MapView& map) {
  CircleSpec circle;
  circle.around = read_point(map.at("around", "the centre [x_km, y_km]"));
  circle.radius_km = yaml::read_positive_quantity(map.at("radius", "a radius such as 2km"), Quantity::length);
  return circle;
}

void read_cut(const Field& field, FailureEventSpec& event) {
  static constexpr std::array<std::string_view, 4> kKeys{"link", "corridor", "radius", "around"};
  const MapView map(field, kKeys);
  const int ways = int{map.has("link")} + int{map.has("corridor")} + int{map.has("radius") || map.has("around")};
  if (ways != 1) {
    yaml::fail(field, "expected exactly one of link, corridor, or radius with around");
  }
  if (auto f = map.get("link")) {
    event.kind = FailureEventSpec::Kind::cut_link;
    event.element_id = yaml::read_name(*f);
    event.element_place = place_here(*f);
    event.element_path = f->path;
  } else if (auto f = map.get("corridor")) {
    static constexpr std::array<std::string_view, 3> kCorridorKeys{"from", "to", "width"};
    const MapView corridor(*f, kCorridorKeys);
    event.kind = FailureEventSpec::Kind::cut_corridor;
    event.corridor.from = read_point(corridor.at("from", "the corridor's start [x_km, y_km]"));
    event.corridor.to = read_point(corridor.at("to", "the corridor's end [x_km, y_km]"));
    event.corridor.width_km =
        yaml::read_positive_quantity(corridor.at("width", "the corridor's width such as 500m"), Quantity::length);
  } else {
    event.kind = FailureEventSpec::Kind::cut_radius;
    event.circle = read_circle(map);
  }
}

void read_fade(const Field& field, const Scenario& scenario, FailureEventSpec& event) {
  static constexpr std::array<std::string_view, 3> kKeys{"districts", "area", "to"};
  const MapView map(field, kKeys);
  event.kind = FailureEventSpec::Kind::fade;
  if (map.has("districts") == map.has("area")) yaml::fail(field, "expected exactly one of districts or area");
  if (auto f = map.get("districts")) {
    std::vector<std::string_view> known;
    for (const District& district : scenario.city.districts) known.push_back(district.name);
    for (const Field& item : yaml::read_list(*f)) {
      const std::string name = yaml::read_name(item);
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        yaml::fail(item, fmt::format("unknown district \"{}\"{}", yaml::shown(name), yaml::suggestion(name, known)));
      }
      event.fade.districts.push_back(name);
    }
    if (event.fade.districts.empty()) yaml::fail(*f, "the list is empty; expected at least one district");
  }
  if (auto f = map.get("area")) {
    static constexpr std::array<std::string_view, 2> kAreaKeys{"around", "radius"};
    event.fade.area = read_circle(MapView(*f, kAreaKeys));
  }
  const Field to = map.at("to", "the capacity left, a fraction such as 30%");
  event.fade.capacity_fraction = yaml::read_quantity(to, Quantity::fraction);
  if (event.fade.capacity_fraction <= 0 || event.fade.capacity_fraction >= 1) {
    yaml::fail(to, fmt::format("{} is not a fade; expected a fraction above 0 and below 1 (a cut is `cut`)",
                               format_number(event.fade.capacity_fraction)));
  }
}

[[nodiscard]] FailureEventSpec read_event(const Field& field, const Scenario& scenario) {
  static constexpr std::array<std::string_view, 6> kKeys{"name", "at", "duration", "cut", "node_down", "fade"};
  const MapView map(field, kKeys);
  const double run_s = scenario.simulation.duration_s;
  FailureEventSpec event;
  event.place = place_here(field);
  event.name = yaml::read_name(map.at("name", "the event's name"));
  if (auto f = map.get("at")) event.start_s = read_start_s(*f, run_s);
  event.end_s = run_s;
  if (auto f = map.get("duration")) event.end_s = event.start_s + yaml::read_positive_quantity(*f, Quantity::duration);
  const int ways = int{map.has("cut")} + int{map.has("node_down")} + int{map.has("fade")};
  if (ways != 1) yaml::fail(field, "expected exactly one of cut, node_down or fade");
  if (auto f = map.get("cut")) read_cut(*f, event);
  if (auto f = map.get("node_down")) {
    event.kind = FailureEventSpec::Kind::node_down;
    event.element_id = yaml::read_name(*f);
    event.element_place = place_here(*f);
    event.element_path = f->path;
  }
  if (auto f = map.get("fade")) read_fade(*f, scenario, event);
  return event;
}

[[nodiscard]] double read_rate(const Field& field, double largest) {
  const double value = yaml::read_number(field);
  if (value < 0 || value > largest) {
    yaml::fail(field, fmt::format("{} is out of range; expected a rate from 0 to {}", format_number(value),
                                  format_number(largest)));
  }
  return value;
}

[[nodiscard]] RandomFailureSpec read_random(const Field& field) {
  static constexpr std::array<std::string_view, 5> kKeys{"fiber_cuts_per_1000km_year", "mean_repair",
                                                         "node_failures_per_year", "mean_node_repair", "node_roles"};
  const MapView map(field, kKeys);
  RandomFailureSpec random;
  random.place = place_here(field);
  if (auto f = map.get("fiber_cuts_per_1000km_year")) {
    random.fiber_cuts_per_1000km_year = read_rate(*f, kMaxFiberCutsPer1000KmYear);
  }
  if (auto f = map.get("mean_repair")) random.mean_fiber_repair_s = yaml::read_positive_quantity(*f, Quantity::duration);
  if (auto f = map.get("node_failures_per_year")) random.node_failures_per_year = read_rate(*f, kMaxNodeFailuresPerYear);
  if (auto f = map.get("mean_node_repair")) random.mean_node_repair_s = yaml::read_positive_quantity(*f, Quantity::duration);
  if (auto f = map.get("node_roles")) {
    random.node_roles.clear();
    for (const Field& item : yaml::read_list(*f)) {
      const std::string name(kRoleNames[yaml::read_choice(item, kRoleNames)]);
      if (std::find(random.node_roles.begin(), random.node_roles.end(), name) != random.node_roles.end()) {
        yaml::fail(item, fmt::format("\"{}\" is given twice; expected each role once", name));
      }
      random.node_roles.push_back(name);
    }
  }
  return random;
}

}  // namespace

FailureSpec read_failures(const yaml::Field& field, const Scenario& scenario_so_far) {
  static constexpr std::array<std::string_view, 2> kKeys{"events", "random"};
  const MapView map(field, kKeys);
  FailureSpec spec;
  spec.place = place_here(field);
  if (auto f = map.get("events")) {
    std::unordered_map<std::string, std::size_t> first_line;
    for (const Field& item : yaml::read_list(*f)) {
      FailureEventSpec event = read_event(item, scenario_so_far);
      const auto [it, inserted] = first_line.emplace(event.name, event.place.line);
      if (!inserted) {
        yaml::fail(item, fmt::format("the name \"{}\" is already used at line {}; expected unique event names",
                                     yaml::shown(event.name), it->second));
      }
      spec.events.push_back(std::move(event));
    }
  }
  if (auto f = map.get("random")) spec.random = read_random(*f);
  return spec;
}

}  // namespace citynet::scenario
