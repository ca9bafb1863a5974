#pragma once
// Whole counts in proportion to weights (subscribers over districts, sites, classes).
#include <cstdint>
#include <vector>

namespace citynet::topology {

// Largest-remainder (Hamilton) apportionment: the parts sum to `total` exactly, each is
// within one of its exact share, and ties go to the lower index, so the result is
// deterministic. All-zero (or no positive) weights share equally.
[[nodiscard]] std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights);

}  // namespace citynet::topology
