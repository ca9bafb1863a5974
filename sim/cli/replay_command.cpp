// `citynet replay`: the network of a topology file carries the flows of a recorded trace;
// the completion time of every flow is written to a CSV. Propagation delay is ignored: a
// flow transfers from its start until all its bits are delivered at the max-min fair rate.
//
// Everything that can be wrong with the input (a malformed row, an unknown node, a pair
// with no route) is found before the simulation starts, and the output is written whole
// at the end, so an error leaves no file behind.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/units.hpp"
#include "demand/flow_trace.hpp"
#include "engine/simulator.hpp"
#include "output/atomic_file.hpp"
#include "output/fct_csv.hpp"
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

// Each (src, dst) pair of trace sites that flows use, numbered in order of first use;
// empty until a flow uses it. A table indexed by the pair when the sites are few enough
// (a million flows look it up once each), a hash map otherwise.
class PairBySites {
 public:
  explicit PairBySites(std::size_t site_count, std::size_t flow_count) : site_count_(site_count) {
    if (site_count * site_count <= kMaxDenseSitePairs) {
      dense_.resize(site_count * site_count);
    } else {
      sparse_.reserve(flow_count);
    }
  }

  [[nodiscard]] std::optional<std::uint32_t>& operator()(std::uint32_t src_site, std::uint32_t dst_site) {
    if (!dense_.empty()) return dense_[src_site * site_count_ + dst_site];
    return sparse_[(std::uint64_t{src_site} << 32U) | dst_site];
  }

 private:
  // 32 MB of table at most (2048 sites); beyond, most pairs would never be used.
  static constexpr std::size_t kMaxDenseSitePairs = std::size_t{1} << 22;

  std::size_t site_count_;
  std::vector<std::optional<std::uint32_t>> dense_;
  std::unordered_map<std::uint64_t, std::optional<std::uint32_t>> sparse_;
};

// The route of every flow as an engine path. Flows are checked in input order so that the
// first bad row is the one reported; then each source's tree is computed once and dropped
// after its pairs are routed, and the paths reach the engine in order of first use.
class FlowRouter {
 public:
  FlowRouter(const topology::Network& network, const FlowTrace& trace, routing::Router& router,
             const std::string& topology_path, engine::Simulator& simulator)
      : trace_(trace),
        router_(router),
        topology_path_(topology_path),
        simulator_(simulator),
        node_of_site_(nodes_of_sites(network, trace)),
        component_(routing::connected_components(router.graph())),
        pair_by_sites_(trace.sites.size(), trace.flows.size()) {}

  [[nodiscard]] std::vector<engine::PathId> paths() {
    std::vector<std::uint32_t> pair_of_flow;
    pair_of_flow.reserve(trace_.flows.size());
    for (const TraceFlow& flow : trace_.flows) pair_of_flow.push_back(pair(flow));
    const std::vector<engine::PathId> path_of_pair = add_paths();
    std::vector<engine::PathId> paths;
    paths.reserve(pair_of_flow.size());
    for (const std::uint32_t pair : pair_of_flow) paths.push_back(path_of_pair[pair]);
    return paths;
  }

 private:
  struct NodePair {
    topology::NodeId src{};
    topology::NodeId dst{};
  };

  // The node each site names; empty for a name the topology does not have.
  [[nodiscard]] static std::vector<std::optional<topology::NodeId>> nodes_of_sites(const topology::Network& network,
                                                                                   const FlowTrace& trace) {
    std::unordered_map<std::string_view, topology::NodeId> node_by_id;
    for (std::size_t i = 0; i < network.nodes.size(); ++i) {
      node_by_id.emplace(network.nodes[i].id, topology::NodeId{static_cast<std::uint32_t>(i)});
    }
    std::vector<std::optional<topology::NodeId>> nodes;
    nodes.reserve(trace.sites.size());
    for (const std::string& site : trace.sites) {
      const auto it = node_by_id.find(site);
      nodes.push_back(it == node_by_id.end() ? std::nullopt : std::optional(it->second));
    }
    return nodes;
  }

  [[nodiscard]] topology::NodeId node(const TraceFlow& flow, std::uint32_t site, const char* field) const {
    if (!node_of_site_[site]) {
      throw InputError(demand::place_of(trace_, flow),
                       fmt::format("{}: unknown node \"{}\"; expected a node id of {}", field, trace_.sites[site],
                                   topology_path_));
    }
    return *node_of_site_[site];
  }

  // The number of the flow's pair, after checking that its nodes exist and are connected.
  [[nodiscard]] std::uint32_t pair(const TraceFlow& flow) {
    const topology::NodeId src = node(flow, flow.src_site, "src");
    const topology::NodeId dst = node(flow, flow.dst_site, "dst");
    std::optional<std::uint32_t>& known = pair_by_sites_(flow.src_site, flow.dst_site);
    if (known) return *known;
    if (component_[topology::index(src)] != component_[topology::index(dst)]) {
      throw InputError(demand::place_of(trace_, flow),
                       fmt::format("no route from \"{}\" to \"{}\" in {}; expected nodes that links connect",
                                   trace_.sites[flow.src_site], trace_.sites[flow.dst_site], topology_path_));
    }
    known = static_cast<std::uint32_t>(pairs_.size());
    pairs_.push_back({src, dst});
    return *known;
  }

  // One tree alive at a time: a thousand cached trees of a few thousand nodes would take
  // tens of megabytes, visited at random.
  [[nodiscard]] std::vector<std::vector<routing::ResourceId>> resources_of_pairs() const {
    std::vector<std::uint32_t> by_source(pairs_.size());
    std::iota(by_source.begin(), by_source.end(), 0U);
    std::stable_sort(by_source.begin(), by_source.end(), [this](std::uint32_t x, std::uint32_t y) {
      return topology::index(pairs_[x].src) < topology::index(pairs_[y].src);
    });
    std::vector<std::vector<routing::ResourceId>> resources(pairs_.size());
    for (std::size_t first = 0; first < by_source.size();) {
      const topology::NodeId src = pairs_[by_source[first]].src;
      const routing::ShortestPathTree tree = routing::shortest_path_tree(router_.graph(), src);
      std::size_t last = first;
      for (; last < by_source.size() && pairs_[by_source[last]].src == src; ++last) {
        const std::uint32_t pair = by_source[last];
        resources[pair] = router_.path(tree, pairs_[pair].dst).value().resources;  // connected: checked in pair()
      }
      first = last;
    }
    return resources;
  }

  // In order of first use, as the engine numbered them when each flow was routed in turn.
  [[nodiscard]] std::vector<engine::PathId> add_paths() {
    const std::vector<std::vector<routing::ResourceId>> resources = resources_of_pairs();
    std::vector<engine::PathId> paths;
    paths.reserve(resources.size());
    for (const std::vector<routing::ResourceId>& path : resources) paths.push_back(simulator_.add_path(path));
    return paths;
  }

  const FlowTrace& trace_;
  routing::Router& router_;
  const std::string& topology_path_;
  engine::Simulator& simulator_;
  std::vector<std::optional<topology::NodeId>> node_of_site_;  // by trace site
  std::vector<std::uint32_t> component_;                       // by node index
  PairBySites pair_by_sites_;
  std::vector<NodePair> pairs_;  // by pair number
};

// Hands the trace to the engine in start order without copying it; the tag of an arrival
// is the flow's index in the file.
class TraceArrivals final : public engine::ArrivalSource {
 public:
  TraceArrivals(const FlowTrace& trace, const std::vector<engine::PathId>& paths) : trace_(trace), paths_(paths) {
    order_.resize(trace.flows.size());
    for (std::uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
    const auto starts_earlier = [&trace](std::uint32_t x, std::uint32_t y) {
      return trace.flows[x].start_s < trace.flows[y].start_s;
    };
    // Recorded traces usually come in start order already; sorting would not move a row.
    if (!std::is_sorted(order_.begin(), order_.end(), starts_earlier)) {
      std::stable_sort(order_.begin(), order_.end(), starts_earlier);
    }
  }

  std::optional<engine::Arrival> next() override {
    if (next_ == order_.size()) return std::nullopt;
    const std::uint32_t i = order_[next_++];
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
  std::vector<std::uint32_t> order_;
  std::size_t next_ = 0;
};

class CompletionRecorder final : public engine::Observer {
 public:
  explicit CompletionRecorder(std::size_t flows) : end_s_(flows, std::numeric_limits<double>::quiet_NaN()) {}
  void on_elastic_completed(const engine::ElasticCompletion& completion) override {
    end_s_[completion.tag] = completion.end_s;
  }
  [[nodiscard]] const std::vector<double>& end_s() const { return end_s_; }

 private:
  std::vector<double> end_s_;  // by flow index; NaN until the flow completes
};

[[nodiscard]] engine::EngineConfig engine_config(const ReplayOptions& options) {
  engine::EngineConfig config;
  config.mode = options.mode == "fast" ? engine::SharingMode::fast : engine::SharingMode::exact;
  config.recompute_interval_s = options.recompute_interval_s;
  return config;
}

// Found before a long run rather than after it.
void check_output_directory(const std::string& out_path) {
  const std::filesystem::path parent = std::filesystem::path(out_path).parent_path();
  std::error_code ignored;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ignored)) {
    throw InputError(SourcePlace{out_path, 0, 0},
                     fmt::format("the directory \"{}\" does not exist; expected an existing directory",
                                 parent.string()));
  }
}

void write_completion_times(const ReplayOptions& options, const FlowTrace& trace, const std::vector<double>& end_s) {
  output::write_file_atomically(options.out_path, [&](std::ostream& out) {
    output::FctCsvWriter writer(out);
    for (std::size_t i = 0; i < trace.flows.size(); ++i) {
      const TraceFlow& flow = trace.flows[i];
      writer.write_row(flow.id, flow.start_s, end_s[i], flow.size_bytes);
    }
    writer.finish();
  });
}

void replay(const ReplayOptions& options) {
  check_output_directory(options.out_path);
  const topology::Network network = load_network(options.topology_path);
  for (const std::string& warning : network.warnings) fmt::print(stderr, "warning: {}\n", warning);
  const FlowTrace trace = demand::read_flow_trace_file(options.flows_path);

  routing::Router router(network);
  engine::Simulator simulator(router.resources().capacities_bps(), engine_config(options));
  const std::vector<engine::PathId> paths =
      FlowRouter(network, trace, router, options.topology_path, simulator).paths();

  TraceArrivals arrivals(trace, paths);
  CompletionRecorder recorder(trace.flows.size());
  const engine::RunStats stats = simulator.run(arrivals, recorder);
  for (std::size_t i = 0; i < trace.flows.size(); ++i) {
    if (std::isnan(recorder.end_s()[i])) {
      throw InputError(demand::place_of(trace, trace.flows[i]),
                       "the flow never completes; expected a route whose links all have capacity");
    }
  }
  write_completion_times(options, trace, recorder.end_s());
  fmt::print("citynet replay: {} flows, mode {}, simulated {} s, peak {} concurrent flows, {} events, {} solves\n",
             trace.flows.size(), options.mode, stats.end_s, stats.peak_active_elastic_flows, stats.events_processed,
             stats.recomputations);
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
  sub->callback([options] { replay(*options); });
}

}  // namespace citynet::cli
