#include "cli/cut_report.hpp"

#include <ostream>
#include <vector>

#include <fmt/core.h>

#include "cli/city_model.hpp"
#include "core/error.hpp"
#include "demand/busy_hour_load.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_rows.hpp"
#include "output/csv_schema.hpp"
#include "routing/cut_analysis.hpp"

namespace citynet::cli {
namespace {

using routing::FailureHarm;
using topology::Network;
using topology::NodeId;

// The terminal shows the most harmful failures; the CSV has them all.
constexpr std::size_t kTerminalRows = 20;

[[nodiscard]] std::vector<routing::SiteTraffic> site_traffic(const CityModel& model,
                                                             const demand::BusyHourLoads& loads) {
  std::vector<routing::SiteTraffic> traffic;
  for (const demand::BusyHourLoad& load : loads.loads) {
    routing::SiteTraffic flow;
    flow.site = NodeId{model.sites[load.site].index};
    switch (load.kind) {
      case demand::DestinationKind::internet: flow.far_end = *model.internet; break;
      case demand::DestinationKind::idc:
        if (!model.idc) {
          throw InputError(fmt::format("{}: demand goes to the data center (idc) but the network has no node of role "
                                       "idc; expected an idc node or no idc destinations",
                                       model.scenario.source_file));
        }
        flow.far_end = *model.idc;
        break;
      case demand::DestinationKind::site: flow.far_end = NodeId{model.sites[load.peer].index}; break;
    }
    flow.down_bps = load.down_bps;
    flow.up_bps = load.up_bps;
    traffic.push_back(flow);
  }
  return traffic;
}

[[nodiscard]] std::string element_id(const Network& network, const FailureHarm& harm) {
  return harm.kind == FailureHarm::Kind::link ? network.links[harm.index].id : network.nodes[harm.index].id;
}

[[nodiscard]] std::string direction_text(const Network& network, const routing::LinkLoad& load) {
  if (!load.link) return "-";
  const topology::Link& link = network.links[topology::index(*load.link)];
  const NodeId to = link.a == load.from ? link.b : link.a;
  return fmt::format("{} ({} > {})", link.id, network.nodes[topology::index(load.from)].id,
                     network.nodes[topology::index(to)].id);
}

void print_table(const Network& network, const routing::CutAnalysis& analysis, int busy_hour) {
  fmt::print("cut analysis of {}: {} single failures at the busy hour ({:02}:00), mean offered load\n", network.name,
             analysis.failures.size(), busy_hour);
  fmt::print("nothing failed: {} subscribers disconnected, worst utilization {:.3f} on {}\n",
             analysis.subscribers_disconnected, analysis.worst.utilization, direction_text(network, analysis.worst));
  fmt::print("{:>4}  {:<5} {:<28} {:>12} {:>12} {:>9}  {}\n", "rank", "kind", "element", "subscribers", "unrouted",
             "worst", "on link");
  for (std::size_t i = 0; i < analysis.failures.size() && i < kTerminalRows; ++i) {
    const FailureHarm& harm = analysis.failures[i];
    fmt::print("{:>4}  {:<5} {:<28} {:>12} {:>7.1f} Mbps {:>9.3f}  {}\n", i + 1,
               harm.kind == FailureHarm::Kind::link ? "link" : "node", element_id(network, harm),
               harm.subscribers_disconnected, harm.unrouted_bps / 1e6, harm.worst.utilization,
               direction_text(network, harm.worst));
  }
}

// Every cut-analysis file citynet writes begins with its header; one that does not is not replaced.
[[nodiscard]] output::FileMark cut_csv_mark() {
  static const std::string header_line = output::csv_header(output::csv_columns("cut_analysis.csv"));
  return {header_line, "a cut-analysis CSV"};
}

void write_csv(const Network& network, const routing::CutAnalysis& analysis, const std::string& path) {
  output::write_user_file_atomically(path, cut_csv_mark(), [&](std::ostream& out) {
    constexpr output::CsvColumns kColumns = output::csv_columns("cut_analysis.csv");
    output::CsvRows csv(output::csv_width(kColumns));
    csv.append_raw(output::csv_header(kColumns));
    for (std::size_t i = 0; i < analysis.failures.size(); ++i) {
      const FailureHarm& harm = analysis.failures[i];
      std::string link;
      std::string from;
      std::string to;
      if (harm.worst.link) {
        const topology::Link& l = network.links[topology::index(*harm.worst.link)];
        link = l.id;
        from = network.nodes[topology::index(harm.worst.from)].id;
        to = network.nodes[topology::index(l.a == harm.worst.from ? l.b : l.a)].id;
      }
      csv.number(std::uint64_t{i + 1}).text(harm.kind == FailureHarm::Kind::link ? "link" : "node");
      csv.text(element_id(network, harm)).number(static_cast<std::uint64_t>(harm.subscribers_disconnected));
      csv.number(harm.unrouted_bps).number(harm.worst.utilization).text(link).text(from).text(to).end_row();
    }
    out.write(csv.view().data(), static_cast<std::streamsize>(csv.view().size()));
  });
}

}  // namespace

void run_cut_analysis(scenario::Scenario scenario, const std::string& csv_path) {
  if (!csv_path.empty()) output::check_citynet_may_replace_file(csv_path, cut_csv_mark());
  const CityModel model = build_city_model(std::move(scenario));
  if (!model.internet) {
    throw InputError(fmt::format("{}: the network has no node of role internet; expected one, for the cut analysis "
                                 "counts subscribers cut off from it",
                                 model.scenario.source_file));
  }
  const demand::BusyHourLoads loads = demand::busy_hour_loads(model.scenario.demand, model.sites);
  const std::vector<routing::SiteTraffic> traffic = site_traffic(model, loads);
  const routing::CutAnalysis analysis = routing::analyze_single_failures(model.network, *model.internet, traffic);
  print_table(model.network, analysis, loads.busy_hour);
  if (!csv_path.empty()) write_csv(model.network, analysis, csv_path);
}

}  // namespace citynet::cli
