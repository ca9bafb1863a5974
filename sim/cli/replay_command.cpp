// `citynet replay`: the network of a topology file carries the flows of a recorded trace;
// the completion time of every flow is written to a CSV. Propagation delay is ignored: a
// flow transfers from its start until all its bits are delivered at the max-min fair rate.
//
// Everything that can be wrong with the input (a malformed row, an unknown node, a pair
// with no route) is found before the simulation starts; the output, written while the
// simulation runs, appears only once it is whole, so an error leaves no file behind.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/progress_line.hpp"
#include "cli/replay_routes.hpp"
#include "core/error.hpp"
#include "core/huge_pages.hpp"
#include "core/parallel.hpp"
#include "core/units.hpp"
#include "demand/flow_trace.hpp"
#include "engine/simulator.hpp"
#include "output/atomic_file.hpp"
#include "output/fct_csv.hpp"
#include "output/fct_csv_stream.hpp"
#include "routing/shortest_paths.hpp"
#include "scenario/load.hpp"
#include "topology/build.hpp"

namespace citynet::cli {
namespace {

using demand::FlowTrace;
using demand::TraceFlow;

struct ReplayOptions {
  std::string topology_path;
  std::string flows_path;
  std::string out_path;
  std::string mode = "exact";
  // Fast mode: at 0.1 s its completion times stay within a mean 1% and a p99 5% of exact
  // mode's on the replay benchmark's traces (0.26% and 2.9% on 1,000,000 flows); at the
  // engine's 0.5 s the p99 reaches 14%, too far for a tool that reports completion times.
  double recompute_interval_s = 0.1;
  bool quiet = false;
};

[[nodiscard]] bool looks_like_graphml(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char first = 0;
  while (in.get(first)) {
    if (first != ' ' && first != '\t' && first != '\r' && first != '\n') return first == '<';
  }
  return false;
}

// A topology file is YAML with `nodes:` and `links:`, or GraphML (told apart by content,
// since both may carry any extension).
[[nodiscard]] topology::Network load_network(const std::string& path) {
  scenario::Scenario scenario;
  scenario.source_file = path;
  if (looks_like_graphml(path)) {
    scenario.network.import_graphml = std::filesystem::absolute(path).string();
    scenario.network.place = SourcePlace{path, 0, 0};
  } else {
    scenario.network = scenario::load_topology_file(path);
  }
  return topology::build_bare_network(scenario);
}

// Hands the trace to the engine in start order without copying it; the tag of an arrival
// is the flow's index in the file.
class TraceArrivals final : public engine::ArrivalSource {
 public:
  TraceArrivals(const FlowTrace& trace, const std::vector<engine::PathId>& paths) : trace_(trace), paths_(paths) {
    const auto starts_earlier = [&trace](std::uint32_t x, std::uint32_t y) {
      return trace.flows[x].start_s < trace.flows[y].start_s;
    };
    // Recorded traces usually come in start order already: their rows are handed over in
    // file order, with no order to keep (4 MB a million flows).
    const auto starts_in_order = [](const TraceFlow& a, const TraceFlow& b) { return a.start_s < b.start_s; };
    if (std::is_sorted(trace.flows.begin(), trace.flows.end(), starts_in_order)) return;
    order_.resize(trace.flows.size());
    for (std::uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), starts_earlier);
  }

  std::optional<engine::Arrival> next() override {
    if (next_ == trace_.flows.size()) return std::nullopt;
    const auto i = order_.empty() ? static_cast<std::uint32_t>(next_) : order_[next_];
    ++next_;
    const TraceFlow& flow = trace_.flows[i];
    engine::ElasticFlow elastic;
    elastic.path = paths_[i];
    elastic.size_bits = flow.size_bytes * kBitsPerByte;
    elastic.rate_cap_bps = flow.max_rate_bps;
    engine::Arrival arrival;
    arrival.start_s = flow.start_s;
    arrival.tag = i;
    arrival.flow = elastic;
    return arrival;
  }

 private:
  const FlowTrace& trace_;
  const std::vector<engine::PathId>& paths_;
  std::vector<std::uint32_t> order_;  // flow indices by start time; empty when that is file order
  std::size_t next_ = 0;
};

// Keeps each flow's completion time in `end_s` (by flow index), tells the file being
// written that the flow's row is final, and, unless quiet, says on stderr how far the
// replay is: during a long one, and once at the end.
class CompletionRecorder final : public engine::Observer {
 public:
  CompletionRecorder(std::vector<double>& end_s, output::FctCsvStream& rows, bool show_progress)
      : end_s_(end_s), rows_(rows), progress_(show_progress) {}
  void on_arrival(const engine::Arrival& arrival) override {
    ++started_;
    if (++steps_ % kStepsPerClockCheck == 0) report_progress(arrival.start_s);
  }
  void on_elastic_completed(const engine::ElasticCompletion& completion) override {
    end_s_[completion.tag] = completion.end_s;
    rows_.row_completed(completion.tag);
    ++completed_;
    if (++steps_ % kStepsPerClockCheck == 0) report_progress(completion.end_s);
  }
  void finish(double simulated_s) {
    progress_.print(report(simulated_s, progress_.wall_s()));
    progress_.finish();
  }

 private:
  static constexpr std::uint64_t kStepsPerClockCheck = 4096;  // arrivals and completions

  void report_progress(double simulated_s) {
    if (const std::optional<double> wall_s = progress_.due()) progress_.print(report(simulated_s, *wall_s));
  }
  [[nodiscard]] std::string report(double simulated_s, double wall_s) const {
    return fmt::format("replay: simulated {:.1f} s, {} of {} flows started, {} completed, {:.0f} s", simulated_s,
                       started_, end_s_.size(), completed_, wall_s);
  }

  std::vector<double>& end_s_;
  output::FctCsvStream& rows_;
  ProgressLine progress_;
  std::uint64_t started_ = 0;
  std::uint64_t completed_ = 0;
  std::uint64_t steps_ = 0;
};

[[nodiscard]] engine::EngineConfig engine_config(const ReplayOptions& options) {
  engine::EngineConfig config;
  config.mode = options.mode == "fast" ? engine::SharingMode::fast : engine::SharingMode::exact;
  config.recompute_interval_s = options.recompute_interval_s;
  return config;
}

// Every completion-time file citynet writes begins with its header: one that does not is
// the user's own and is not replaced.
[[nodiscard]] output::FileMark fct_csv_mark() {
  static const std::string header_line = output::fct_csv_header();
  return {header_line, "a completion-time CSV"};
}

// Found before a long run rather than after it.
void check_output_file(const std::string& out_path) {
  output::check_citynet_may_replace_file(out_path, fct_csv_mark());
  const std::filesystem::path parent = std::filesystem::path(out_path).parent_path();
  std::error_code ignored;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ignored)) {
    throw InputError(SourcePlace{out_path, 0, 0},
                     fmt::format("the directory \"{}\" does not exist; expected an existing directory",
                                 parent.string()));
  }
}

// Runs `simulate`, which fills `end_s` (by flow index) and reports each flow to the stream
// as it completes, while writing the completion times: the engine keeps one core, another
// formats each flow's row as soon as it completes (most of the writing time is formatting
// numbers) and writes the rows in flow order as far as every earlier row is formatted;
// the rest are written at the end. The file is the same whatever the number of cores.
void write_completion_times(const ReplayOptions& options, const FlowTrace& trace, const std::vector<double>& end_s,
                            const std::function<void(output::FctCsvStream&)>& simulate) {
  const auto format_rows = [&](std::size_t first, std::size_t last, output::FctRowBuffer& rows) {
    for (std::size_t i = first; i < last; ++i) {
      const TraceFlow& flow = trace.flows[i];
      rows.append_row(trace.id(flow), flow.start_s, end_s[i], flow.size_bytes);
    }
  };
  output::write_user_file_atomically(options.out_path, fct_csv_mark(), [&](std::ostream& out) {
    // On a failure the stream stops its thread and the temporary file is removed.
    output::FctCsvStream rows(out, trace.flows.size(), format_rows, available_cores());
    simulate(rows);
    rows.finish();
  });
}

struct ReplayInput {
  topology::Network network;
  FlowTrace trace;
};

// The topology and the trace are read at the same time, the trace itself in parts on every
// core (it takes about three times as long as the topology). What the user sees
// is what reading one after the other shows: the topology's error if it has one, else its
// warnings, then the trace's error if it has one.
[[nodiscard]] ReplayInput load_network_and_trace(const ReplayOptions& options) {
  ReplayInput input;
  std::exception_ptr network_failure;
  std::exception_ptr trace_failure;
  run_in_parallel(2, [&](std::size_t part) {
    try {
      if (part == 0) {
        input.network = load_network(options.topology_path);
      } else {
        input.trace = demand::read_flow_trace_file(options.flows_path, demand::kTraceReadBytes, available_cores());
      }
    } catch (...) {
      (part == 0 ? network_failure : trace_failure) = std::current_exception();
    }
  });
  if (network_failure) std::rethrow_exception(network_failure);
  for (const std::string& warning : input.network.warnings) fmt::print(stderr, "warning: {}\n", warning);
  if (trace_failure) std::rethrow_exception(trace_failure);
  return input;
}

void replay(const ReplayOptions& options) {
  check_output_file(options.out_path);
  const ReplayInput input = load_network_and_trace(options);
  const topology::Network& network = input.network;
  const FlowTrace& trace = input.trace;

  routing::Router router(network);
  engine::Simulator simulator(router.resources().capacities_bps(), engine_config(options));
  const std::vector<engine::PathId> paths =
      route_flows(network, trace, router, options.topology_path, simulator);

  TraceArrivals arrivals(trace, paths);
  // By flow index; NaN until the flow completes.
  std::vector<double> end_s;
  end_s.reserve(trace.flows.size());
  advise_huge_pages(end_s.data(), trace.flows.size() * sizeof(double));
  end_s.assign(trace.flows.size(), std::numeric_limits<double>::quiet_NaN());
  engine::RunStats stats;
  write_completion_times(options, trace, end_s, [&](output::FctCsvStream& rows) {
    CompletionRecorder recorder(end_s, rows, !options.quiet);
    stats = simulator.run(arrivals, recorder);
    recorder.finish(stats.end_s);
    for (std::size_t i = 0; i < trace.flows.size(); ++i) {
      if (std::isnan(end_s[i])) {
        throw InputError(demand::place_of(trace, trace.flows[i]),
                         "the flow never completes; expected a route whose links all have capacity");
      }
    }
  });
  fmt::print("citynet replay: {} flows, mode {}, simulated {} s, peak {} concurrent flows, {} events, {} solves\n",
             trace.flows.size(), options.mode, stats.end_s, stats.peak_active_elastic_flows, stats.events_processed,
             stats.recomputations);
  if (stats.one_bottleneck_solves > 0) {
    fmt::print("citynet replay: {} of the solves found one saturated resource and needed no solver\n",
               stats.one_bottleneck_solves);
  }
  if (stats.recomputations > 0 && options.mode == "exact") {
    fmt::print("citynet replay: {} solves of every group; {:.1f} groups solved per solve on average (rounds included)\n",
               stats.full_solves, static_cast<double>(stats.groups_solved) / static_cast<double>(stats.recomputations));
  }
}

}  // namespace

void add_replay_command(CLI::App& app) {
  auto options = std::make_shared<ReplayOptions>();
  auto* sub = app.add_subcommand("replay", "Replay a flow trace on a topology and write flow completion times");
  sub->add_option("--topology", options->topology_path, "YAML (nodes:, links:) or GraphML topology")->required();
  sub->add_option("--flows", options->flows_path, "CSV: id,start_s,src,dst,size_bytes,max_rate_bps")->required();
  sub->add_option("--out", options->out_path, "CSV of completion times to write")->required();
  sub->add_option("--mode", options->mode, "exact: re-solve at every event; fast: at bounded intervals")
      ->check(CLI::IsMember({"exact", "fast"}))
      ->capture_default_str();
  sub->add_option("--recompute-interval-s", options->recompute_interval_s,
                  "fast mode: longest time between solves, in seconds")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  sub->add_flag("--quiet", options->quiet, "print no progress on stderr");
  sub->callback([options] { replay(*options); });
}

}  // namespace citynet::cli
