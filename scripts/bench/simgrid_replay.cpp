// Replays a flow trace in SimGrid, so that citynet's completion times and speed can be
// compared with an established flow-level simulator on the same network and the same flows.
//
//   simgrid_replay LINKS.csv FLOWS.csv OUT_FCT.csv [SimGrid --cfg options]
//
// LINKS.csv: id,a,b,capacity_bps,length_km (full duplex: one SimGrid link per direction,
// each with the full capacity, latency 0). FLOWS.csv is citynet's trace format; flows must
// be uncapped and of a whole number of bytes (SimGrid's sizes are integers). Routes are
// the shortest paths by total length_km, ties broken by fewer hops and then by the
// lexicographically smaller sequence of node ids: the rule citynet routes by. Only the
// routes the trace uses are declared. Each flow is an actor created at its start time on
// the source host, which sends its bytes straight to the destination host (Comm::sendto)
// and records the end time.
//
// Prints on stderr one line: "simgrid_replay: flows=N run_s=T flows_per_s=R" where run_s
// is the wall time of Engine::run() alone.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <queue>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace {

// A host must have a speed, though no flow computes.
constexpr double kHostSpeedFlops = 1e9;
constexpr double kBitsPerByte = 8.0;

// citynet compares route lengths in whole millimetres, so that equal routes tie whatever
// order their lengths were summed in; the comparison must do the same.
constexpr double kMillimetresPerKm = 1e6;

[[nodiscard]] std::int64_t to_millimetres(double length_km) {
  return static_cast<std::int64_t>(std::llround(length_km * kMillimetresPerKm));
}

struct Edge {
  int to;
  std::int64_t length_mm;
  sg4::Link* link;  // the direction from this node to `to`
};

struct Flow {
  std::string id;
  double start_s = 0;
  int src = 0;
  int dst = 0;
  std::uint64_t size_bytes = 0;
  double end_s = std::numeric_limits<double>::quiet_NaN();
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

class Network {
 public:
  int node(const std::string& name) {
    auto [it, inserted] = index_.try_emplace(name, static_cast<int>(names_.size()));
    if (inserted) {
      names_.push_back(name);
      adjacency_.emplace_back();
    }
    return it->second;
  }
  [[nodiscard]] int find(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) throw std::runtime_error("unknown node " + name);
    return it->second;
  }
  void add_link(int a, int b, double length_km, sg4::Link* a_to_b, sg4::Link* b_to_a) {
    adjacency_[a].push_back(Edge{b, to_millimetres(length_km), a_to_b});
    adjacency_[b].push_back(Edge{a, to_millimetres(length_km), b_to_a});
  }
  [[nodiscard]] const std::string& name(int node) const { return names_[node]; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }

  // Shortest paths from `source` under (length, hops, node-id sequence): each settled
  // node keeps its whole path, which is affordable for a thousand nodes and makes the
  // lexicographic tie-break exact. Returns, per node, the links of its path (empty when
  // unreachable or the source itself).
  [[nodiscard]] std::vector<std::vector<sg4::Link*>> routes_from(int source) const {
    struct Label {
      std::int64_t length_mm = std::numeric_limits<std::int64_t>::max();
      std::size_t hops = 0;
      std::vector<std::string> nodes;
      std::vector<sg4::Link*> links;
    };
    auto better = [](const Label& x, const Label& y) {
      return std::tie(x.length_mm, x.hops, x.nodes) < std::tie(y.length_mm, y.hops, y.nodes);
    };
    std::vector<Label> best(size());
    std::vector<bool> settled(size(), false);
    best[source].length_mm = 0;
    best[source].nodes = {names_[source]};
    for (std::size_t round = 0; round < size(); ++round) {
      int u = -1;
      for (std::size_t v = 0; v < size(); ++v) {
        if (settled[v] || best[v].length_mm == std::numeric_limits<std::int64_t>::max()) continue;
        if (u < 0 || better(best[v], best[u])) u = static_cast<int>(v);
      }
      if (u < 0) break;
      settled[u] = true;
      for (const Edge& e : adjacency_[u]) {
        if (settled[e.to]) continue;
        Label candidate;
        candidate.length_mm = best[u].length_mm + e.length_mm;
        candidate.hops = best[u].hops + 1;
        candidate.nodes = best[u].nodes;
        candidate.nodes.push_back(names_[e.to]);
        if (!better(candidate, best[e.to])) continue;
        candidate.links = best[u].links;
        candidate.links.push_back(e.link);
        best[e.to] = std::move(candidate);
      }
    }
    std::vector<std::vector<sg4::Link*>> routes(size());
    for (std::size_t v = 0; v < size(); ++v) routes[v] = std::move(best[v].links);
    return routes;
  }

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> names_;
  std::vector<std::vector<Edge>> adjacency_;
};

struct LinkRow {
  std::string id;
  std::string a;
  std::string b;
  double capacity_bps;
  double length_km;
};

std::vector<LinkRow> read_links(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<LinkRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto f = split(line);
    if (f.size() != 5) throw std::runtime_error(path + ": expected 5 fields: " + line);
    rows.push_back(LinkRow{f[0], f[1], f[2], std::stod(f[3]), std::stod(f[4])});
  }
  return rows;
}

std::vector<Flow> read_flows(const std::string& path, const Network& network) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<Flow> flows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto f = split(line);
    if (f.size() != 6) throw std::runtime_error(path + ": expected 6 fields: " + line);
    if (!f[5].empty()) throw std::runtime_error(path + ": capped flows are not supported: " + line);
    const double size_bytes = std::stod(f[4]);
    if (size_bytes != std::floor(size_bytes) || size_bytes <= 0)
      throw std::runtime_error(path + ": sizes must be whole positive bytes: " + line);
    flows.push_back(Flow{f[0], std::stod(f[1]), network.find(f[2]), network.find(f[3]),
                         static_cast<std::uint64_t>(size_bytes)});
  }
  return flows;
}

void write_fct(const std::string& path, const std::vector<Flow>& flows) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) throw std::runtime_error("cannot write " + path);
  std::fprintf(out, "id,start_s,end_s,fct_s,size_bytes,mean_rate_bps\n");
  for (const Flow& f : flows) {
    const double fct_s = f.end_s - f.start_s;
    std::fprintf(out, "%s,%.17g,%.17g,%.17g,%llu,%.17g\n", f.id.c_str(), f.start_s, f.end_s, fct_s,
                 static_cast<unsigned long long>(f.size_bytes), static_cast<double>(f.size_bytes) * kBitsPerByte / fct_s);
  }
  std::fclose(out);
}

}  // namespace

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s LINKS.csv FLOWS.csv OUT_FCT.csv [--cfg=...]\n", argv[0]);
    return 2;
  }
  try {
    const std::vector<LinkRow> link_rows = read_links(argv[1]);
    auto* zone = sg4::create_full_zone("city");
    Network network;
    std::vector<sg4::Host*> hosts;
    for (const LinkRow& row : link_rows) {
      for (const std::string& end : {row.a, row.b}) {
        const int before = static_cast<int>(network.size());
        if (network.node(end) == before) hosts.push_back(zone->create_host(end, kHostSpeedFlops));
      }
    }
    for (const LinkRow& row : link_rows) {
      // Capacities are in bit/s; SimGrid's bandwidths are in bytes per second.
      const double bandwidth_bytes_per_s = row.capacity_bps / kBitsPerByte;
      auto* forward = zone->create_link(row.id + ">", bandwidth_bytes_per_s)->set_latency(0)->seal();
      auto* backward = zone->create_link(row.id + "<", bandwidth_bytes_per_s)->set_latency(0)->seal();
      network.add_link(network.find(row.a), network.find(row.b), row.length_km, forward, backward);
    }
    std::vector<Flow> flows = read_flows(argv[2], network);
    std::map<int, std::vector<int>> destinations_by_source;
    for (const Flow& f : flows) destinations_by_source[f.src].push_back(f.dst);
    for (auto& [source, destinations] : destinations_by_source) {
      std::sort(destinations.begin(), destinations.end());
      destinations.erase(std::unique(destinations.begin(), destinations.end()), destinations.end());
      const auto routes = network.routes_from(source);
      for (int destination : destinations) {
        if (routes[destination].empty()) throw std::runtime_error("no route " + network.name(source) + " -> " + network.name(destination));
        std::vector<sg4::LinkInRoute> links;
        for (sg4::Link* link : routes[destination]) links.emplace_back(link);
        zone->add_route(hosts[source]->get_netpoint(), hosts[destination]->get_netpoint(), nullptr, nullptr, links, false);
      }
    }
    zone->seal();

    std::vector<std::size_t> order(flows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return flows[x].start_s < flows[y].start_s; });
    sg4::Actor::create("launcher", hosts.front(), [&flows, &hosts, &order] {
      for (std::size_t i : order) {
        sg4::this_actor::sleep_until(flows[i].start_s);
        Flow* flow = &flows[i];
        sg4::Actor::create("flow", hosts[flow->src], [flow, &hosts] {
          sg4::Comm::sendto(hosts[flow->src], hosts[flow->dst], flow->size_bytes);
          flow->end_s = sg4::Engine::get_clock();
        });
      }
    });
    const auto started = std::chrono::steady_clock::now();
    engine.run();
    const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    write_fct(argv[3], flows);
    std::fprintf(stderr, "simgrid_replay: flows=%zu run_s=%.3f flows_per_s=%.1f\n", flows.size(), run_s,
                 static_cast<double>(flows.size()) / run_s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "simgrid_replay: %s\n", e.what());
    return 2;
  }
  return 0;
}
