#pragma once
// The CSV files of a run (design.md, Outputs): long format, a header, SI units in column
// names. Numbers are printed in the shortest form that reads back to the same double, so
// equal runs give byte-identical files; an empty field is a value that does not exist (a
// utilization of a link without capacity, a percentile of no flows).
#include <ostream>

#include "metrics/run_metrics.hpp"
#include "output/run_report.hpp"
#include "topology/network.hpp"

namespace citynet::output {

// node_id,role,district,x_km,y_km,switching_capacity_bps,subscribers
void write_topology_nodes_csv(std::ostream& out, const topology::Network& network);
// link_id,a,b,layer,medium,length_km,capacity_bps
void write_topology_links_csv(std::ostream& out, const topology::Network& network);
// link_id,from,to,interval_start_s,interval_end_s,carried_bps,offered_load,utilization,
// active_flows,blocked_streams — per link direction, then per interval
void write_link_timeseries_csv(std::ostream& out, const RunContext& context, const metrics::RunMetrics& metrics);
// link_id,from,to,layer,medium,district,capacity_bps,busy_hour_utilization,
// busy_hour_offered_load,p95_utilization,max_utilization,max_offered_load,hours_congested
void write_link_summary_csv(std::ostream& out, const RunContext& context, const RunReport& report);
// class,flows,offered_bytes,elastic_flows,elastic_completed,throughput_p5_bps,
// throughput_p50_bps,throughput_p95_bps,line_rate_share_p5,line_rate_share_p50,
// line_rate_share_p95,mean_completion_s,streams,streams_blocked,blocking_probability,
// share_of_subscribers_under_half_line_rate
void write_class_summary_csv(std::ostream& out, const RunReport& report);
// The same with `application` first and without the subscriber share.
void write_app_summary_csv(std::ostream& out, const RunReport& report);
// class,bin_low_bps,bin_high_bps,flows,cumulative_share — the elastic throughput
// distribution of each class (its non-empty bins, ascending; the first and last bins also
// hold the rates outside the histogram's range). cumulative_share: the class's flows at or
// below the bin, over its flows; 1 at its last bin.
void write_class_throughput_histogram_csv(std::ostream& out, const metrics::RunMetrics& metrics);
// class,bin_low,bin_high,flows,cumulative_share — the same for throughput as a share of
// the flow's line rate.
void write_class_line_rate_share_histogram_csv(std::ostream& out, const metrics::RunMetrics& metrics);
// One row: see kSummaryColumns in results_csv.cpp.
void write_summary_csv(std::ostream& out, const RunReport& report);
// name,start_s,end_s,links_down,nodes_down,links_faded,subscribers_disconnected,
// flows_rerouted,streams_dropped,elastic_flows_failed,sessions_failed — one row per
// failure event (ids joined by spaces); the header alone without failures.
void write_events_csv(std::ostream& out, const RunReport& report);

}  // namespace citynet::output
