#pragma once
// The report a run prints when it ends: the busy hour, the egress and the core, the ten
// most congested link directions with layer and district, and each subscriber class's
// experience. Where arrivals offer a resource its capacity or more (offered load >= 1) the
// report says overload: its utilization then shows only that the link was full, not how
// far demand exceeded it.
#include <string>

#include "output/run_report.hpp"
#include "topology/network.hpp"

namespace citynet::output {

inline constexpr std::size_t kReportedLinks = 10;

struct RunTiming {
  double wall_s = 0;
  double simulated_s = 0;
  double warmup_s = 0;
};

// "overload (offered load 1.32, utilization 99.8%)" or "utilization 72.1%, offered load 0.81".
[[nodiscard]] std::string describe_load(const metrics::WindowLoad& load);

[[nodiscard]] std::string format_terminal_report(const RunReport& report, const RunTiming& timing,
                                                 const topology::Network& network);

}  // namespace citynet::output
