#pragma once
// What a flow is, for attributing it: the engine hands back a 64-bit tag and a 32-bit class
// with every observation, and a city run packs into them the subscriber site, the
// application and the direction (tag) and the subscriber class (flow_class). Nothing else
// is needed to place a flow in the class, application and site-class statistics, so
// metrics keeps no per-flow table.
//
//   tag = site | application << 32 | up << 48
#include <cstdint>

namespace citynet::metrics {

struct FlowLabel {
  std::uint32_t site = 0;         // the subscriber's site (its node index)
  std::uint16_t application = 0;  // index into the applications of MetricsConfig
  bool up = false;                // subscriber → far end; else far end → subscriber
};

inline constexpr unsigned kApplicationShift = 32;
inline constexpr unsigned kDirectionShift = 48;
inline constexpr std::uint64_t kSiteMask = 0xFFFF'FFFFULL;
inline constexpr std::uint64_t kApplicationMask = 0xFFFFULL;

[[nodiscard]] constexpr std::uint64_t encode_tag(const FlowLabel& label) {
  return std::uint64_t{label.site} | (std::uint64_t{label.application} << kApplicationShift) |
         (std::uint64_t{label.up ? 1U : 0U} << kDirectionShift);
}

[[nodiscard]] constexpr FlowLabel decode_tag(std::uint64_t tag) {
  return FlowLabel{static_cast<std::uint32_t>(tag & kSiteMask),
                   static_cast<std::uint16_t>((tag >> kApplicationShift) & kApplicationMask),
                   ((tag >> kDirectionShift) & 1U) != 0};
}

}  // namespace citynet::metrics
