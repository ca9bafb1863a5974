#pragma once
// The CSV files of a run (design.md, Outputs): long format, a header, SI units in column
// names, names quoted per RFC 4180 where they hold a comma, a quote or a line break. Numbers are printed in the shortest form that reads back to the same double, so
// equal runs give byte-identical files; an empty field is a value that does not exist (a
// utilization of a link without capacity, a percentile of no flows).
#include <ostream>

#include "metrics/run_metrics.hpp"
#include "output/run_report.hpp"
#include "topology/network.hpp"

namespace citynet::output {

// Each file's columns, in order, with their type and unit: sim/output/csv_schema.txt.
void write_topology_nodes_csv(std::ostream& out, const topology::Network& network);
void write_topology_links_csv(std::ostream& out, const topology::Network& network);
// Per link direction, then per interval.
void write_link_timeseries_csv(std::ostream& out, const RunContext& context, const metrics::RunMetrics& metrics);
void write_link_summary_csv(std::ostream& out, const RunContext& context, const RunReport& report);
void write_class_summary_csv(std::ostream& out, const RunReport& report);
void write_app_summary_csv(std::ostream& out, const RunReport& report);
// The elastic throughput distribution of each class: its non-empty bins, ascending (the
// first and last bins also hold the rates outside the histogram's range); 1 at its last bin.
void write_class_throughput_histogram_csv(std::ostream& out, const metrics::RunMetrics& metrics);
// The same for throughput as a share of the flow's line rate.
void write_class_line_rate_share_histogram_csv(std::ostream& out, const metrics::RunMetrics& metrics);
// One row.
void write_summary_csv(std::ostream& out, const RunReport& report);
// One row per failure event with the counts of what it takes down (the header alone without
// failures); which links and nodes they are is event_elements.csv, one row per (event,
// element), so that no cell holds a list.
void write_events_csv(std::ostream& out, const RunReport& report);
void write_event_elements_csv(std::ostream& out, const RunReport& report);

}  // namespace citynet::output
