#pragma once
// A sweep whose axis changes nothing that is simulated reports the same runs under
// different values, as if the value made no difference (a class_total axis on a network
// that ignored class counts once did exactly that). Such an axis is refused before any row
// runs.
#include <cstddef>
#include <functional>

#include "scenario/scenario.hpp"
#include "scenario/sweep.hpp"

namespace citynet::cli {

// For a grid, each axis's values with the other axes at their first values; for a list of
// points, every point: two that build the same model (cli/model_text.hpp) are an InputError
// at the later value, naming the axis (or point) and both values.
void check_sweep_changes_the_model(const scenario::Sweep& sweep,
                                   const std::function<scenario::Scenario(std::size_t point)>& scenario_at);

}  // namespace citynet::cli
