#include "output/results_csv.hpp"

#include <optional>
#include <utility>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/units.hpp"
#include "output/csv_rows.hpp"
#include "output/csv_schema.hpp"
#include "scenario/names.hpp"

namespace citynet::output {
namespace {

// A whole CSV is built in memory and handed to the stream at once: the largest file (the
// time series of a city) has about a million rows.
class CsvBuffer : public CsvRows {
 public:
  CsvBuffer(std::ostream& out, CsvColumns columns) : CsvRows(csv_width(columns)), out_(out) {
    append_raw(csv_header(columns));
  }
  CsvBuffer(const CsvBuffer&) = delete;
  CsvBuffer& operator=(const CsvBuffer&) = delete;
  ~CsvBuffer() { out_.write(view().data(), static_cast<std::streamsize>(view().size())); }

 private:
  std::ostream& out_;
};

constexpr std::size_t kHoursPerDay = 24;

[[nodiscard]] const topology::Node& node(const topology::Network& network, topology::NodeId id) {
  return network.nodes.at(topology::index(id));
}

void flow_summary_fields(CsvRows& csv, const metrics::FlowSummary& summary) {
  csv.number(summary.flows)
      .number(summary.offered_bytes)
      .number(summary.elastic_flows)
      .number(summary.elastic_completed)
      .number(summary.throughput_p5_bps)
      .number(summary.throughput_p50_bps)
      .number(summary.throughput_p95_bps)
      .number(summary.line_rate_share_p5)
      .number(summary.line_rate_share_p50)
      .number(summary.line_rate_share_p95)
      .number(summary.mean_completion_s)
      .number(summary.streams)
      .number(summary.streams_blocked)
      .number(summary.blocking_probability);
}

// The non-empty bins of one class's histogram; edges(bin) gives {low, high}.
template <typename Edges>
void histogram_rows(CsvRows& csv, const std::string& name, const metrics::Histogram& histogram, Edges edges) {
  const auto total = static_cast<double>(histogram.count());
  std::uint64_t at_or_below = 0;
  for (std::size_t bin = 0; bin < histogram.bin_count(); ++bin) {
    const std::uint64_t flows = histogram.count_in_bin(bin);
    if (flows == 0) continue;
    at_or_below += flows;
    const auto [low, high] = edges(bin);
    csv.text(name).number(low).number(high).number(flows).number(static_cast<double>(at_or_below) / total).end_row();
  }
}

}  // namespace

void write_topology_nodes_csv(std::ostream& out, const topology::Network& network) {
  CsvBuffer csv(out, csv_columns("topology_nodes.csv"));
  for (const topology::Node& n : network.nodes) {
    csv.text(n.id).text(scenario::to_string(n.role)).text(n.district).number(n.x_km).number(n.y_km);
    csv.number(n.switching_capacity_bps > 0 ? std::optional<double>(n.switching_capacity_bps) : std::nullopt);
    csv.number(static_cast<std::uint64_t>(n.subscribers)).end_row();
  }
}

void write_topology_links_csv(std::ostream& out, const topology::Network& network) {
  CsvBuffer csv(out, csv_columns("topology_links.csv"));
  for (const topology::Link& link : network.links) {
    csv.text(link.id).text(node(network, link.a).id).text(node(network, link.b).id);
    csv.text(to_string(link_layer(network, link))).text(scenario::to_string(link.medium));
    csv.number(link.length_km).number(link.capacity_bps).end_row();
  }
}

void write_link_timeseries_csv(std::ostream& out, const RunContext& context, const metrics::RunMetrics& metrics) {
  CsvBuffer csv(out, csv_columns("link_timeseries.csv"));
  for (const LinkDirection& direction : context.link_directions) {
    const std::string& link_id = context.network.links.at(topology::index(direction.link)).id;
    const std::string& from = node(context.network, direction.from).id;
    const std::string& to = node(context.network, direction.to).id;
    for (std::size_t k = 0; k < metrics.interval_count(); ++k) {
      csv.text(link_id).text(from).text(to).number(metrics.interval_start_s(k)).number(metrics.interval_end_s(k));
      csv.number(metrics.carried_bps(k, direction.resource))
          .number(metrics.offered_load(k, direction.resource))
          .number(metrics.utilization(k, direction.resource))
          .number(std::uint64_t{metrics.active_flows(k, direction.resource)})
          .number(std::uint64_t{metrics.blocked_streams(k, direction.resource)})
          .end_row();
    }
  }
}

void write_link_summary_csv(std::ostream& out, const RunContext& context, const RunReport& report) {
  CsvBuffer csv(out, csv_columns("link_summary.csv"));
  for (const LinkReport& row : report.links) {
    const topology::Link& link = context.network.links.at(topology::index(row.direction.link));
    csv.text(link.id).text(node(context.network, row.direction.from).id).text(node(context.network, row.direction.to).id);
    csv.text(to_string(row.layer)).text(scenario::to_string(link.medium)).text(row.district).number(link.capacity_bps);
    csv.number(row.summary.busy_hour_utilization)
        .number(row.summary.busy_hour_offered_load)
        .number(row.summary.p95_utilization)
        .number(row.summary.max_utilization)
        .number(row.summary.max_offered_load)
        .number(row.summary.hours_congested)
        .end_row();
  }
}

void write_class_summary_csv(std::ostream& out, const RunReport& report) {
  CsvBuffer csv(out, csv_columns("class_summary.csv"));
  for (const metrics::FlowSummary& summary : report.classes) {
    csv.text(summary.name);
    flow_summary_fields(csv, summary);
    csv.number(summary.share_of_subscribers_under_half_line_rate)
        .number(summary.subscribers)
        .number(summary.busy_hour_offered_down_bps)
        .number(summary.busy_hour_offered_up_bps)
        .number(summary.busy_hour_offered_down_bps_per_subscriber)
        .end_row();
  }
}

void write_app_summary_csv(std::ostream& out, const RunReport& report) {
  CsvBuffer csv(out, csv_columns("app_summary.csv"));
  for (const metrics::FlowSummary& summary : report.applications) {
    csv.text(summary.name);
    flow_summary_fields(csv, summary);
    csv.end_row();
  }
}

void write_class_throughput_histogram_csv(std::ostream& out, const metrics::RunMetrics& metrics) {
  CsvBuffer csv(out, csv_columns("class_throughput_histogram.csv"));
  for (std::uint32_t c = 0; c < metrics.config().classes.size(); ++c) {
    histogram_rows(csv, metrics.config().classes[c].name, metrics.class_throughput(c), [](std::size_t bin) {
      return std::pair{metrics::RateHistogram::bin_low_bps(bin), metrics::RateHistogram::bin_high_bps(bin)};
    });
  }
}

void write_class_line_rate_share_histogram_csv(std::ostream& out, const metrics::RunMetrics& metrics) {
  CsvBuffer csv(out, csv_columns("class_line_rate_share_histogram.csv"));
  for (std::uint32_t c = 0; c < metrics.config().classes.size(); ++c) {
    histogram_rows(csv, metrics.config().classes[c].name, metrics.class_line_rate_share(c), [](std::size_t bin) {
      return std::pair{metrics::ShareHistogram::bin_low(bin), metrics::ShareHistogram::bin_high(bin)};
    });
  }
}

void write_summary_csv(std::ostream& out, const RunReport& report) {
  CsvBuffer csv(out, csv_columns("summary.csv"));
  csv.text(report.scenario_name);
  if (report.busy_hour) {
    csv.number(static_cast<double>(*report.busy_hour) * kSecondsPerHour).number(std::uint64_t{*report.busy_hour % kHoursPerDay});
  } else {
    csv.text("").text("");
  }
  csv.number(report.egress_capacity_bps).text(report.egress_inbound ? "inbound" : "outbound");
  csv.number(report.egress.utilization).number(report.egress.offered_load);
  csv.number(report.core_capacity_bps).number(report.core.utilization).number(report.core.offered_load);
  for (const std::uint32_t count : report.congested_links_by_layer) csv.number(std::uint64_t{count});
  const metrics::BytesNotServed& unserved = report.bytes_not_served;
  csv.number(report.total.flows).number(report.total.offered_bytes).number(unserved.total_bytes());
  csv.number(unserved.in_flight_at_end_bytes)
      .number(unserved.failed_bytes)
      .number(unserved.dropped_bytes)
      .number(unserved.blocked_bytes);
  csv.number(report.total.blocking_probability).number(report.share_of_subscribers_under_half_line_rate);
  csv.number(report.subscriber_minutes_disconnected)
      .number(report.elastic_flows_failed)
      .number(report.sessions_failed)
      .number(report.streams_dropped)
      .number(report.flows_rerouted)
      .number(report.peak_microwave_utilization)
      .end_row();
}

void write_events_csv(std::ostream& out, const RunReport& report) {
  CsvBuffer csv(out, csv_columns("events.csv"));
  for (std::size_t e = 0; e < report.failure_events.size(); ++e) {
    const FailureEventReport& event = report.failure_events[e];
    csv.number(std::uint64_t{e}).text(event.name).number(event.start_s).number(event.end_s);
    csv.number(std::uint64_t{event.links_down.size()})
        .number(std::uint64_t{event.nodes_down.size()})
        .number(std::uint64_t{event.links_faded.size()});
    csv.number(event.subscribers_disconnected)
        .number(event.flows_rerouted)
        .number(event.streams_dropped)
        .number(event.elastic_flows_failed)
        .number(event.sessions_failed)
        .end_row();
  }
}

void write_event_elements_csv(std::ostream& out, const RunReport& report) {
  CsvBuffer csv(out, csv_columns("event_elements.csv"));
  for (std::size_t e = 0; e < report.failure_events.size(); ++e) {
    const FailureEventReport& event = report.failure_events[e];
    for (const auto& [change, ids] : {std::pair{"link_down", &event.links_down}, std::pair{"node_down", &event.nodes_down},
                                      std::pair{"link_faded", &event.links_faded}}) {
      for (const std::string& id : *ids) csv.number(std::uint64_t{e}).text(change).text(id).end_row();
    }
  }
}

}  // namespace citynet::output
