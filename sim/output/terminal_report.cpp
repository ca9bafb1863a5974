#include "output/terminal_report.hpp"

#include <fmt/format.h>

#include "core/units.hpp"

namespace citynet::output {
namespace {

constexpr double kPercent = 100.0;
constexpr std::size_t kHoursPerDay = 24;

[[nodiscard]] std::string percent(const std::optional<double>& share) {
  return share ? fmt::format("{:.1f}%", *share * kPercent) : std::string("-");
}

[[nodiscard]] std::string rate(const std::optional<double>& bps) {
  if (!bps) return "-";
  if (*bps >= kGbps) return fmt::format("{:.4g} Gbps", *bps / kGbps);
  if (*bps >= kMbps) return fmt::format("{:.4g} Mbps", *bps / kMbps);
  return fmt::format("{:.4g} kbps", *bps / kKbps);  // .3g would print 999,999 bps as 1e+03
}

[[nodiscard]] std::string seconds(const std::optional<double>& value_s) {
  return value_s ? fmt::format("{:.3g} s", *value_s) : std::string("-");
}

[[nodiscard]] std::string bytes(double value) {
  constexpr double kGB = 1e9;
  constexpr double kTB = 1e12;
  if (value >= kTB) return fmt::format("{:.3g} TB", value / kTB);
  return fmt::format("{:.3g} GB", value / kGB);
}

[[nodiscard]] std::string busy_hour_text(const RunReport& report) {
  if (!report.busy_hour) return "none (no whole hour after the warm-up)";
  const std::size_t hour = *report.busy_hour;
  return fmt::format("{:02}:00-{:02}:00 (hour {} of the run)", hour % kHoursPerDay, (hour + 1) % kHoursPerDay, hour);
}

void append_links(std::string& out, const RunReport& report, const topology::Network& network) {
  const std::vector<const LinkReport*> links = most_congested(report, kReportedLinks);
  fmt::format_to(std::back_inserter(out), "\nMost congested link directions in the busy hour:\n");
  fmt::format_to(std::back_inserter(out), "  {:<28} {:<34} {:<11} {:<12} {}\n", "link", "direction", "layer",
                 "district", "busy hour");
  for (const LinkReport* link : links) {
    const topology::Link& l = network.links.at(topology::index(link->direction.link));
    const std::string direction = fmt::format("{} > {}", network.nodes.at(topology::index(link->direction.from)).id,
                                              network.nodes.at(topology::index(link->direction.to)).id);
    const metrics::WindowLoad load{link->summary.busy_hour_utilization, link->summary.busy_hour_offered_load};
    fmt::format_to(std::back_inserter(out), "  {:<28} {:<34} {:<11} {:<12} {}; {:.2g} h congested\n", l.id, direction,
                   to_string(link->layer), link->district.empty() ? "-" : link->district, describe_load(load),
                   link->summary.hours_congested);
  }
}

void append_classes(std::string& out, const RunReport& report) {
  fmt::format_to(std::back_inserter(out),
                 "\nExperience per subscriber class (flows after the warm-up; elastic throughput as a share of "
                 "the line rate):\n");
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>10} {:>12} {:>8} {:>8} {:>8} {:>12} {:>10} {:>11}\n", "class",
                 "flows", "median rate", "p5", "p50", "p95", "mean time", "blocked", "under half");
  for (const metrics::FlowSummary& c : report.classes) {
    fmt::format_to(std::back_inserter(out), "  {:<14} {:>10} {:>12} {:>8} {:>8} {:>8} {:>12} {:>10} {:>11}\n", c.name,
                   c.flows, rate(c.throughput_p50_bps), percent(c.line_rate_share_p5), percent(c.line_rate_share_p50),
                   percent(c.line_rate_share_p95), seconds(c.mean_completion_s), percent(c.blocking_probability),
                   percent(c.share_of_subscribers_under_half_line_rate));
  }
}

}  // namespace

std::string describe_load(const metrics::WindowLoad& load) {
  if (load.offered_load && *load.offered_load >= 1.0) {
    return fmt::format("OVERLOAD: offered load {:.2f} (carried {})", *load.offered_load, percent(load.utilization));
  }
  const std::string offered = load.offered_load ? fmt::format("{:.2f}", *load.offered_load) : std::string("-");
  return fmt::format("utilization {}, offered load {}", percent(load.utilization), offered);
}

std::string format_terminal_report(const RunReport& report, const RunTiming& timing, const topology::Network& network) {
  std::string out;
  const auto flows = report.stats.elastic_arrivals + report.stats.streams_admitted + report.stats.streams_blocked;
  const double flows_per_s = timing.wall_s > 0 ? static_cast<double>(flows) / timing.wall_s : 0.0;
  fmt::format_to(std::back_inserter(out), "citynet run: {}: {:.3g} h simulated ({:.3g} h warm-up), {} flows in {:.1f} s "
                 "({:.0f} flows/s)\n",
                 report.scenario_name, timing.simulated_s / kSecondsPerHour, timing.warmup_s / kSecondsPerHour, flows,
                 timing.wall_s, flows_per_s);
  fmt::format_to(std::back_inserter(out), "Busy hour: {}\n", busy_hour_text(report));
  fmt::format_to(std::back_inserter(out), "Egress {} ({}): {}\n", rate(report.egress_capacity_bps),
                 report.egress_inbound ? "inbound" : "outbound", describe_load(report.egress));
  fmt::format_to(std::back_inserter(out), "Core {}: {}\n", rate(report.core_capacity_bps), describe_load(report.core));
  fmt::format_to(std::back_inserter(out), "Congested link directions in the busy hour:");
  for (std::size_t layer = 0; layer < kLayerCount; ++layer) {
    fmt::format_to(std::back_inserter(out), " {} {}", kLayerNames[layer], report.congested_links_by_layer[layer]);
  }
  const metrics::BytesNotServed& unserved = report.bytes_not_served;
  fmt::format_to(std::back_inserter(out), "\nStreaming blocking: {}\n", percent(report.total.blocking_probability));
  fmt::format_to(std::back_inserter(out),
                 "Bytes not served by the end: {} still in flight at the end, {} failed (no path), {} dropped "
                 "(streams dropped), {} blocked (streams blocked); {} in all\n",
                 bytes(unserved.in_flight_at_end_bytes), bytes(unserved.failed_bytes), bytes(unserved.dropped_bytes),
                 bytes(unserved.blocked_bytes), bytes(unserved.total_bytes()));
  fmt::format_to(std::back_inserter(out), "Subscribers whose busy-hour median throughput is under half their line rate: {}\n",
                 percent(report.share_of_subscribers_under_half_line_rate));
  if (!report.failure_events.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "Failures: {} events; {:.0f} subscriber-minutes disconnected; {} flows rerouted, {} streams "
                   "dropped, {} elastic flows failed, {} sessions failed; peak microwave utilization {}\n",
                   report.failure_events.size(), report.subscriber_minutes_disconnected, report.flows_rerouted,
                   report.streams_dropped, report.elastic_flows_failed, report.sessions_failed,
                   percent(report.peak_microwave_utilization));
  }
  append_links(out, report, network);
  append_classes(out, report);
  return out;
}

}  // namespace citynet::output
