#include "cli/sweep_effect.hpp"

#include <string>
#include <unordered_map>

#include <fmt/core.h>

#include "cli/city_model.hpp"
#include "cli/model_text.hpp"
#include "core/error.hpp"

namespace citynet::cli {
namespace {

[[nodiscard]] std::string text_at(const std::function<scenario::Scenario(std::size_t)>& scenario_at, std::size_t point) {
  return model_text(build_city_model(scenario_at(point)));
}

void check_grid(const scenario::Sweep& sweep, const std::function<scenario::Scenario(std::size_t)>& scenario_at) {
  // Odometer order: the last axis varies fastest, so axis a's value i with every other axis
  // at its first value is point i * stride[a].
  std::vector<std::size_t> stride(sweep.grid_sizes.size(), 1);
  for (std::size_t a = stride.size() - 1; a-- > 0;) stride[a] = stride[a + 1] * sweep.grid_sizes[a + 1];
  for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
    std::unordered_map<std::string, std::size_t> first_point_of;
    for (std::size_t i = 0; i < sweep.grid_sizes[a]; ++i) {
      const std::size_t point = i * stride[a];
      const auto [seen, added] = first_point_of.emplace(text_at(scenario_at, point), point);
      if (added) continue;
      const scenario::SweepPoint& values = sweep.points[point];
      throw InputError(values.places[a],
                       fmt::format("{}: {} builds the same model as {} (the network, demand and simulation do not "
                                   "change); expected values that change what is simulated",
                                   sweep.axes[a].name, values.values[a], sweep.points[seen->second].values[a]));
    }
  }
}

void check_points(const scenario::Sweep& sweep, const std::function<scenario::Scenario(std::size_t)>& scenario_at) {
  std::unordered_map<std::string, std::size_t> first_point_of;
  for (std::size_t point = 0; point < sweep.points.size(); ++point) {
    const auto [seen, added] = first_point_of.emplace(text_at(scenario_at, point), point);
    if (added) continue;
    const scenario::SweepPoint& values = sweep.points[point];
    throw InputError(values.places.empty() ? SourcePlace{sweep.source_file, 0, 0} : values.places.front(),
                     fmt::format("point {} builds the same model as point {} (the network, demand and simulation do "
                                 "not change); expected points that change what is simulated",
                                 point + 1, seen->second + 1));
  }
}

}  // namespace

void check_sweep_changes_the_model(const scenario::Sweep& sweep,
                                   const std::function<scenario::Scenario(std::size_t)>& scenario_at) {
  if (sweep.grid_sizes.empty()) {
    check_points(sweep, scenario_at);
  } else {
    check_grid(sweep, scenario_at);
  }
}

}  // namespace citynet::cli
