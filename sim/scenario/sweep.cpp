#include "scenario/sweep.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <new>
#include <set>

#include <fmt/core.h>

#include "scenario/yaml_reader.hpp"

namespace citynet::scenario {
namespace {

using yaml::Field;
using yaml::MapView;

// Bounds that keep a sweep file from asking for a run that never ends.
constexpr std::int64_t kMaxReplications = 10'000;
constexpr std::size_t kMaxPoints = 100'000;
constexpr std::int64_t kMaxClassTotal = 1'000'000'000;  // subscribers, as scenario counts
// A range's last step may land a rounding error short of `to`; values are also rounded to
// this many significant digits, so 0.1-steps print as 0.3, not 0.30000000000000004.
constexpr double kRangeSlack = 1e-9;
constexpr int kRangeDigits = 12;
// The kinds of quantity an axis can step through, in the order they are tried.
constexpr std::array<Quantity, 4> kAxisQuantities{Quantity::rate, Quantity::length, Quantity::duration,
                                                  Quantity::size};

[[nodiscard]] SourcePlace place_here(const Field& field) {
  SourcePlace place = yaml::place_of(*field.file, field.node);
  return place.line == 0 ? field.place : place;
}

[[nodiscard]] std::string_view unit_suffix(Quantity quantity) {
  switch (quantity) {
    case Quantity::rate: return "_bps";
    case Quantity::length: return "_km";
    case Quantity::duration: return "_s";
    case Quantity::size: return "_bytes";
    case Quantity::fraction: break;
  }
  return "";
}

[[nodiscard]] std::optional<double> parse_as(std::optional<Quantity> quantity, std::string_view text) {
  return quantity ? parse_quantity(*quantity, text) : parse_number(text);
}

// The kind shared by every value: none (plain numbers) first, then the quantities; empty
// when the values are words or mixed.
struct ValueKind {
  bool numeric = false;
  std::optional<Quantity> quantity;
};

[[nodiscard]] ValueKind kind_of(const std::vector<std::string>& values) {
  const auto all = [&](std::optional<Quantity> quantity) {
    return std::all_of(values.begin(), values.end(), [&](const std::string& v) { return parse_as(quantity, v).has_value(); });
  };
  if (all(std::nullopt)) return {true, std::nullopt};
  for (const Quantity quantity : kAxisQuantities) {
    if (all(quantity)) return {true, quantity};
  }
  return {};
}

[[nodiscard]] double rounded(double value) {
  if (value == 0) return 0;
  return std::stod(fmt::format("{:.{}g}", value, kRangeDigits));
}

// from/to/step: the values in the unit kind of `from`.
[[nodiscard]] std::vector<std::string> read_range(const MapView& map, bool whole_numbers) {
  const Field from = map.at("from", "the first value of the range");
  const Field to = map.at("to", "the last value of the range");
  const Field step = map.at("step", "the step between values");
  const std::string from_text = yaml::read_string(from);
  std::optional<Quantity> quantity;
  if (!parse_number(from_text)) {
    for (const Quantity q : kAxisQuantities) {
      if (parse_quantity(q, from_text)) {
        quantity = q;
        break;
      }
    }
    if (!quantity) {
      yaml::fail(from, fmt::format("\"{}\" is neither a number nor a quantity; expected a value such as 20Gbps",
                                   yaml::shown(from_text)));
    }
  }
  const auto value_of = [&](const Field& field) {
    const std::string text = yaml::read_string(field);
    const std::optional<double> value = parse_as(quantity, text);
    if (!value) {
      yaml::fail(field, quantity ? describe_quantity_error(*quantity, text) + fmt::format("; expected {} like from",
                                                                                           quantity_example(*quantity))
                                 : fmt::format("\"{}\" is not a number; expected a number like from", yaml::shown(text)));
    }
    return *value;
  };
  const double first = value_of(from);
  const double last = value_of(to);
  const double stride = value_of(step);
  if (!(stride > 0)) yaml::fail(step, "the step is not above zero; expected a positive step");
  if (last < first) yaml::fail(to, "the range ends before it starts; expected to at least from");
  const double steps = std::floor((last - first) / stride + kRangeSlack);
  if (steps + 1 > static_cast<double>(kMaxPoints)) {
    yaml::fail(step, fmt::format("the range has more than {} values; expected a larger step", kMaxPoints));
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i <= static_cast<std::size_t>(steps); ++i) {
    const double value = rounded(first + static_cast<double>(i) * stride);
    if (whole_numbers && value != std::floor(value)) {
      yaml::fail(step, "the range has a value that is not whole; expected whole numbers of subscribers");
    }
    values.push_back(quantity ? format_quantity(*quantity, value) : format_number(value));
  }
  return values;
}

struct AxisValues {
  SweepAxis axis;
  std::vector<std::string> values;
  std::vector<SourcePlace> places;
};

[[nodiscard]] AxisValues read_axis(const Field& field) {
  static constexpr std::array<std::string_view, 7> kKeys{"key", "name", "class_total", "values", "from", "to", "step"};
  const MapView map(field, kKeys);
  AxisValues result;
  SweepAxis& axis = result.axis;
  axis.place = place_here(field);
  if (map.has("key") == map.has("class_total")) {
    yaml::fail(field, "an axis sets either a key or a class_total; expected one of them, such as "
                      "key: network.generate.egress");
  }
  if (auto f = map.get("key")) axis.key_path = yaml::read_name(*f);
  if (auto f = map.get("class_total")) {
    std::set<std::string> seen;
    for (const Field& item : yaml::read_list(*f)) {
      std::string name = yaml::read_name(item);
      if (!seen.insert(name).second) yaml::fail(item, fmt::format("class \"{}\" is given twice; expected it once", yaml::shown(name)));
      axis.class_total.push_back(std::move(name));
    }
    if (axis.class_total.empty()) yaml::fail(*f, "no classes; expected the names of the classes whose total is swept");
  }
  axis.name = map.has("name") ? yaml::read_name(*map.get("name"))
                              : (axis.key_path.empty() ? std::string("subscribers") : axis.key_path);
  const bool ranged = map.has("from") || map.has("to") || map.has("step");
  if (map.has("values") == ranged) {
    yaml::fail(field, "an axis has either values or from, to and step; expected one of them");
  }
  const bool counts = !axis.class_total.empty();
  if (auto f = map.get("values")) {
    for (const Field& item : yaml::read_list(*f)) {
      if (counts) {
        const std::int64_t total = yaml::read_count(item);
        if (total > kMaxClassTotal) {
          yaml::fail(item, fmt::format("{} is more than any city holds; expected at most {}", total, kMaxClassTotal));
        }
        result.values.push_back(std::to_string(total));
      } else {
        result.values.push_back(yaml::read_string(item));
      }
      result.places.push_back(place_here(item));
    }
    if (result.values.empty()) yaml::fail(*f, "the list is empty; expected at least one value");
  } else {
    result.values = read_range(map, counts);
    result.places.assign(result.values.size(), place_here(*map.get("from")));
    if (counts) {
      for (const std::string& value : result.values) {
        if (*parse_number(value) > static_cast<double>(kMaxClassTotal)) {
          yaml::fail(*map.get("to"), fmt::format("more subscribers than any city holds; expected at most {}", kMaxClassTotal));
        }
      }
    }
  }
  const ValueKind kind = kind_of(result.values);
  axis.numeric = kind.numeric;
  axis.quantity = kind.quantity;
  return result;
}

void read_grid(const Field& field, Sweep& sweep) {
  std::vector<AxisValues> axes;
  std::set<std::string> names;
  double combinations = 1;
  for (const Field& item : yaml::read_list(field)) {
    AxisValues axis = read_axis(item);
    if (!names.insert(axis_column(axis.axis)).second) {
      yaml::fail(item, fmt::format("a second axis named \"{}\"; expected one axis per key (or a name to tell them apart)",
                                   yaml::shown(axis.axis.name)));
    }
    combinations *= static_cast<double>(axis.values.size());
    if (combinations > static_cast<double>(kMaxPoints)) {
      yaml::fail(item, fmt::format("the grid has more than {} points; expected fewer values", kMaxPoints));
    }
    axes.push_back(std::move(axis));
  }
  if (axes.empty()) yaml::fail(field, "the grid is empty; expected at least one axis");
  for (const AxisValues& axis : axes) {
    sweep.axes.push_back(axis.axis);
    sweep.grid_sizes.push_back(axis.values.size());
  }
  // Odometer order: the last axis varies fastest.
  std::vector<std::size_t> at(axes.size(), 0);
  for (std::size_t count = static_cast<std::size_t>(combinations); count > 0; --count) {
    SweepPoint point;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      point.values.push_back(axes[a].values[at[a]]);
      point.places.push_back(axes[a].places[at[a]]);
    }
    sweep.points.push_back(std::move(point));
    for (std::size_t a = axes.size(); a-- > 0;) {
      if (++at[a] < axes[a].values.size()) break;
      at[a] = 0;
    }
  }
}

void read_points(const Field& field, Sweep& sweep) {
  const std::vector<Field> items = yaml::read_list(field);
  if (items.empty()) yaml::fail(field, "the list is empty; expected at least one point");
  if (items.size() > kMaxPoints) yaml::fail(field, fmt::format("more than {} points; expected fewer", kMaxPoints));
  for (std::size_t p = 0; p < items.size(); ++p) {
    const auto entries = yaml::read_named_entries(items[p]);
    if (entries.empty()) yaml::fail(items[p], "the point sets nothing; expected keys such as network.generate.egress: 40Gbps");
    if (p == 0) {
      for (const auto& [key, value] : entries) {
        SweepAxis axis;
        axis.name = key;
        axis.key_path = key;
        axis.place = value.place;
        sweep.axes.push_back(std::move(axis));
      }
    }
    if (entries.size() != sweep.axes.size()) {
      yaml::fail(items[p], fmt::format("the point sets {} keys, the first point {}; expected every point to set the "
                                       "same keys",
                                       entries.size(), sweep.axes.size()));
    }
    SweepPoint point;
    for (const SweepAxis& axis : sweep.axes) {
      const auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == axis.key_path; });
      if (it == entries.end()) {
        yaml::fail(items[p], fmt::format("missing key \"{}\"; expected every point to set the same keys as the first",
                                         yaml::shown(axis.key_path)));
      }
      point.values.push_back(yaml::read_string(it->second));
      point.places.push_back(place_here(it->second));
    }
    sweep.points.push_back(std::move(point));
  }
  for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
    std::vector<std::string> values;
    for (const SweepPoint& point : sweep.points) values.push_back(point.values[a]);
    const ValueKind kind = kind_of(values);
    sweep.axes[a].numeric = kind.numeric;
    sweep.axes[a].quantity = kind.quantity;
  }
}

[[nodiscard]] Sweep read_sweep(const YAML::Node& root, const std::string& file, const std::filesystem::path& base_dir,
                               bool check_files) {
  const Field top{&file, root, "", SourcePlace{file, 1, 1}};
  if (root.IsNull() || !root.IsDefined()) {
    yaml::fail(top, "the file is empty; expected a mapping with scenario, replications and grid or points");
  }
  static constexpr std::array<std::string_view, 6> kKeys{"description", "scenario", "replications", "set", "grid",
                                                         "points"};
  const MapView map(top, kKeys);
  Sweep sweep;
  sweep.source_file = file;
  if (auto f = map.get("description")) (void)yaml::read_string(*f);
  if (auto f = map.get("scenario")) {
    std::filesystem::path path(yaml::read_name(*f));
    if (path.is_relative() && !base_dir.empty()) path = (base_dir / path).lexically_normal();
    std::error_code error;
    if (check_files && !std::filesystem::is_regular_file(path, error)) {
      yaml::fail(*f, fmt::format("\"{}\" is not a readable file; expected a scenario file (a path relative to the "
                                 "sweep file's folder)",
                                 yaml::shown(path.string())));
    }
    sweep.scenario_path = path.string();
  }
  if (auto f = map.get("replications")) {
    const std::int64_t replications = yaml::read_count(*f);
    if (replications < 1 || replications > kMaxReplications) {
      yaml::fail(*f, fmt::format("{} is out of range; expected a whole number from 1 to {}", replications, kMaxReplications));
    }
    sweep.replications = static_cast<std::uint64_t>(replications);
  }
  if (auto f = map.get("set")) {
    for (const auto& [key, value] : yaml::read_named_entries(*f)) {
      sweep.fixed.push_back(ScenarioOverride{key, yaml::read_string(value), place_here(value)});
    }
  }
  if (map.has("grid") == map.has("points")) {
    yaml::fail(top, "a sweep has either a grid or points; expected one of them");
  }
  if (auto f = map.get("grid")) read_grid(*f, sweep);
  if (auto f = map.get("points")) read_points(*f, sweep);
  return sweep;
}

[[nodiscard]] Sweep load(std::string_view text, const std::string& file, const std::filesystem::path& base_dir,
                         bool check_files) {
  try {
    return read_sweep(yaml::parse_document(text, file), file, base_dir, check_files);
  } catch (const InputError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const YAML::Exception& e) {
    throw InputError(SourcePlace{file, 0, 0}, fmt::format("cannot read the YAML ({}); expected a valid sweep", e.msg));
  }
}

}  // namespace

Sweep load_sweep_file(const std::string& path) {
  const std::string text = yaml::read_text_file(path);
  return load(text, path, std::filesystem::path(path).parent_path(), true);
}

Sweep load_sweep_text(std::string_view yaml_text, const std::string& file_name) {
  return load(yaml_text, file_name, {}, false);
}

std::vector<std::int64_t> share_in_proportion(std::int64_t total, const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> shares(weights.size(), 0);
  if (weights.empty()) return shares;
  std::int64_t weight_sum = 0;
  for (const std::int64_t w : weights) weight_sum += w;
  std::vector<std::int64_t> used = weights;
  if (weight_sum == 0) {
    used.assign(weights.size(), 1);
    weight_sum = static_cast<std::int64_t>(weights.size());
  }
  // Exact in integers: totals and counts are at most 1e9 (kMaxClassTotal, the scenario's
  // kMaxPeople), so total * w stays below 2^63.
  std::vector<std::pair<std::int64_t, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < used.size(); ++i) {
    const std::int64_t product = total * used[i];
    shares[i] = static_cast<std::int64_t>(product / weight_sum);
    given += shares[i];
    remainders.emplace_back(product % weight_sum, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given) ++shares[remainders[k].second];
  return shares;
}

std::vector<ScenarioOverride> point_overrides(const Sweep& sweep, std::size_t point, const Scenario& base) {
  std::vector<ScenarioOverride> overrides = sweep.fixed;
  const SweepPoint& values = sweep.points.at(point);
  for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
    const SweepAxis& axis = sweep.axes[a];
    if (!axis.key_path.empty()) {
      overrides.push_back(ScenarioOverride{axis.key_path, values.values[a], values.places[a]});
      continue;
    }
    std::vector<std::size_t> positions;
    std::vector<std::int64_t> weights;
    std::vector<std::string_view> known;
    for (const SubscriberClass& c : base.demand.classes) known.push_back(c.name);
    for (const std::string& name : axis.class_total) {
      const auto it = std::find(known.begin(), known.end(), name);
      if (it == known.end()) {
        throw InputError(axis.place, fmt::format("{}.class_total: unknown class \"{}\"{}", axis.name, yaml::shown(name),
                                                 yaml::suggestion(name, known)));
      }
      positions.push_back(static_cast<std::size_t>(it - known.begin()));
      weights.push_back(base.demand.classes[positions.back()].count);
    }
    const std::vector<std::int64_t> counts = share_in_proportion(std::stoll(values.values[a]), weights);
    for (std::size_t c = 0; c < positions.size(); ++c) {
      overrides.push_back(ScenarioOverride{fmt::format("demand.classes.{}.count", positions[c]),
                                           std::to_string(counts[c]), values.places[a]});
    }
  }
  return overrides;
}

std::string axis_column(const SweepAxis& axis) {
  std::string column = axis.name;
  std::replace(column.begin(), column.end(), '.', '_');
  std::replace(column.begin(), column.end(), '-', '_');
  if (axis.quantity) {
    const std::string_view suffix = unit_suffix(*axis.quantity);
    if (!column.ends_with(suffix)) column += suffix;
  }
  return column;
}

std::string axis_value_cell(const SweepAxis& axis, const std::string& value) {
  if (axis.quantity) return format_number(*parse_quantity(*axis.quantity, value));
  if (axis.numeric) return format_number(*parse_number(value));
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace citynet::scenario
