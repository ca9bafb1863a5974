#include "output/run_report.hpp"

#include <algorithm>
#include <tuple>

namespace citynet::output {
namespace {

[[nodiscard]] bool reaches(const std::optional<double>& value, double threshold) {
  return value && *value >= threshold;
}

[[nodiscard]] double pressure(const LinkReport& link) {
  return std::max(link.summary.busy_hour_offered_load.value_or(0.0), link.summary.busy_hour_utilization.value_or(0.0));
}

}  // namespace

RunReport make_run_report(const RunContext& context, const metrics::RunMetrics& metrics,
                          const engine::RunStats& stats) {
  RunReport report;
  report.scenario_name = context.scenario.name;
  report.busy_hour = metrics.busy_hour();
  report.stats = stats;
  const double threshold = metrics.config().congestion_threshold;
  const std::vector<double>& capacity_bps = metrics.config().capacity_bps;

  std::vector<std::uint32_t> egress_inbound;  // from the internet into the city
  std::vector<std::uint32_t> egress_outbound;
  std::vector<std::uint32_t> core_links;
  for (const LinkDirection& direction : context.link_directions) {
    const topology::Link& link = context.network.links.at(topology::index(direction.link));
    LinkReport row{direction, link_layer(context.network, link), std::string(link_district(context.network, link)),
                   metrics.resource_summary(direction.resource), false};
    row.congested_in_busy_hour = reaches(row.summary.busy_hour_utilization, threshold) ||
                                 reaches(row.summary.busy_hour_offered_load, 1.0);
    if (row.congested_in_busy_hour) ++report.congested_links_by_layer[static_cast<std::size_t>(row.layer)];
    if (row.layer == Layer::egress) {
      const bool inbound = context.network.nodes.at(topology::index(direction.from)).role == topology::Role::internet;
      (inbound ? egress_inbound : egress_outbound).push_back(direction.resource);
      if (inbound) report.egress_capacity_bps += capacity_bps.at(direction.resource);
    }
    if (row.layer == Layer::core) core_links.push_back(direction.resource);
    report.links.push_back(std::move(row));
  }
  // The egress is as busy as its busier way: downloads make that the inbound one in a
  // residential city, uploads (P2P seeding) could turn it round.
  const metrics::WindowLoad inbound = metrics.busy_hour_load(egress_inbound);
  const metrics::WindowLoad outbound = metrics.busy_hour_load(egress_outbound);
  report.egress_inbound = outbound.offered_load.value_or(0.0) <= inbound.offered_load.value_or(0.0);
  report.egress = report.egress_inbound ? inbound : outbound;
  const std::vector<std::uint32_t>& core =
      context.core_switching_resources.empty() ? core_links : context.core_switching_resources;
  for (const std::uint32_t resource : core) report.core_capacity_bps += capacity_bps.at(resource);
  // Core links carry their capacity each way; the city counts a link once.
  if (context.core_switching_resources.empty()) report.core_capacity_bps /= 2;
  report.core = metrics.busy_hour_load(core);

  for (const LinkReport& row : report.links) {
    const topology::Link& link = context.network.links.at(topology::index(row.direction.link));
    if (link.medium != topology::Medium::microwave || !row.summary.max_utilization) continue;
    report.peak_microwave_utilization =
        std::max(report.peak_microwave_utilization.value_or(0.0), *row.summary.max_utilization);
  }
  report.elastic_flows_failed = stats.elastic_failed;
  report.streams_dropped = stats.streams_dropped;
  report.flows_rerouted = stats.flows_rerouted;
  report.bytes_not_served = metrics.bytes_not_served();
  report.share_of_subscribers_under_half_line_rate = metrics.share_of_subscribers_under_half_line_rate();
  report.classes = metrics.class_summaries();
  report.applications = metrics.application_summaries();
  report.total = metrics.total_summary();
  return report;
}

std::vector<const LinkReport*> most_congested(const RunReport& report, std::size_t count) {
  std::vector<const LinkReport*> links;
  for (const LinkReport& link : report.links) links.push_back(&link);
  std::sort(links.begin(), links.end(), [](const LinkReport* x, const LinkReport* y) {
    return std::make_tuple(-pressure(*x), -x->summary.hours_congested, x->direction.resource) <
           std::make_tuple(-pressure(*y), -y->summary.hours_congested, y->direction.resource);
  });
  if (links.size() > count) links.resize(count);
  return links;
}

}  // namespace citynet::output
