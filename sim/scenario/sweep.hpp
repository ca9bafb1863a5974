#pragma once
// A sweep: one scenario run at many points of a grid or a list of values, each point
// replicated with its own seeds (citynet sweep). The file:
//
//   scenario: tianjin-2005.yaml   # relative to the sweep file; omitted: the built-in Tianjin 2005
//   replications: 3               # runs per point, seeds replication_seed(seed, 0..R-1)
//   set: {simulation.duration: 6h}  # optional: overrides at every point (no column)
//   grid:                         # every combination of the axes, the last one varying fastest
//     - {key: network.generate.egress, from: 20Gbps, to: 160Gbps, step: 20Gbps}
//     - {key: simulation.mode, values: [exact, fast]}
//     - {name: broadband_subscribers, class_total: [adsl-512k, adsl-1m], values: [100000, 200000]}
//   points:                       # or instead of grid: a list, every point setting the same keys
//     - {network.generate.egress: 40Gbps, network.generate.core_switching: 1000Gbps}
//
// An axis sets a scenario key path (scenario/overrides.hpp), or with `class_total` the
// number of subscribers of a group of classes: the total is shared among the classes in the
// proportion of their counts in the scenario (largest remainder), so "broadband
// subscribers from 100,000 to 1.2 million" keeps the scenario's mix of access kinds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "scenario/overrides.hpp"
#include "scenario/scenario.hpp"
#include "scenario/units.hpp"

namespace citynet::scenario {

struct SweepAxis {
  std::string name;                  // the column of sweep.csv (a key path unless named)
  std::string key_path;              // empty for a class_total axis
  std::vector<std::string> class_total;  // the classes whose total the axis sets
  std::optional<Quantity> quantity;  // when every value is a quantity of one kind
  bool numeric = false;              // every value a plain number (or a quantity)
  SourcePlace place;
};

struct SweepPoint {
  std::vector<std::string> values;   // YAML text, one per axis
  std::vector<SourcePlace> places;   // where each value was written, for its errors
};

struct Sweep {
  std::string source_file;
  std::optional<std::string> scenario_path;  // resolved against the sweep file's folder
  std::uint64_t replications = 1;
  std::vector<ScenarioOverride> fixed;  // `set:`, before each point's values
  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;
  // A grid's number of values per axis (points in odometer order); empty for a list of points.
  std::vector<std::size_t> grid_sizes;
};

// Reads and validates a sweep file; InputError with FILE:LINE:COL for any mistake.
[[nodiscard]] Sweep load_sweep_file(const std::string& path);
[[nodiscard]] Sweep load_sweep_text(std::string_view yaml, const std::string& file_name);

// The overrides that set point `point` on `base` (the scenario as written, whose class counts
// a class_total axis shares out). InputError at the axis for a class the scenario lacks.
[[nodiscard]] std::vector<ScenarioOverride> point_overrides(const Sweep& sweep, std::size_t point,
                                                            const Scenario& base);

// A value as sweep.csv shows it: SI number for quantities (column name with its unit), the
// text otherwise.
[[nodiscard]] std::string axis_value_cell(const SweepAxis& axis, const std::string& value);
[[nodiscard]] std::string axis_column(const SweepAxis& axis);

// `total` shared among `weights` in proportion (largest remainder, earlier first on ties);
// equal shares when every weight is 0. Sums to `total`.
[[nodiscard]] std::vector<std::int64_t> share_in_proportion(std::int64_t total, const std::vector<std::int64_t>& weights);

}  // namespace citynet::scenario
