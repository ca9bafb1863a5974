#pragma once
// The words scenarios use for the enumerations of scenario.hpp, in enum order, so that
// every stage prints a role or a medium the way the user wrote it.
#include <array>
#include <cstddef>
#include <string_view>

#include "scenario/scenario.hpp"

namespace citynet::scenario {

inline constexpr std::array<std::string_view, 7> kRoleNames{"internet", "gateway", "core",  "idc",
                                                            "ras",      "aggregation", "access"};
inline constexpr std::array<std::string_view, 2> kMediumNames{"fiber", "microwave"};
inline constexpr std::array<std::string_view, 2> kCoreTopologyNames{"ring", "mesh"};
inline constexpr std::array<std::string_view, 6> kAccessKindNames{"adsl",   "lan",    "cable",
                                                                  "dialup", "school", "enterprise"};
inline constexpr std::array<std::string_view, 2> kFlowKindNames{"elastic", "streaming"};
inline constexpr std::array<std::string_view, 3> kDirectionNames{"down", "up", "both"};
inline constexpr std::array<std::string_view, 2> kSharingModeNames{"exact", "fast"};
inline constexpr std::array<std::string_view, 4> kDistributionNames{"fixed", "exponential", "lognormal",
                                                                    "pareto"};
// The city's own zoning (District::ring).
inline constexpr std::array<std::string_view, 4> kRingNames{"central", "binhai", "suburban", "outer"};

[[nodiscard]] constexpr std::string_view to_string(Role value) { return kRoleNames[static_cast<std::size_t>(value)]; }
[[nodiscard]] constexpr std::string_view to_string(Medium value) {
  return kMediumNames[static_cast<std::size_t>(value)];
}
[[nodiscard]] constexpr std::string_view to_string(CoreTopology value) {
  return kCoreTopologyNames[static_cast<std::size_t>(value)];
}
[[nodiscard]] constexpr std::string_view to_string(AccessKind value) {
  return kAccessKindNames[static_cast<std::size_t>(value)];
}
[[nodiscard]] constexpr std::string_view to_string(FlowKind value) {
  return kFlowKindNames[static_cast<std::size_t>(value)];
}
[[nodiscard]] constexpr std::string_view to_string(Direction value) {
  return kDirectionNames[static_cast<std::size_t>(value)];
}
[[nodiscard]] constexpr std::string_view to_string(SharingMode value) {
  return kSharingModeNames[static_cast<std::size_t>(value)];
}
[[nodiscard]] constexpr std::string_view to_string(Distribution::Kind value) {
  return kDistributionNames[static_cast<std::size_t>(value)];
}

}  // namespace citynet::scenario
