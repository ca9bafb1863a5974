#pragma once
// A synthetic city-sized workload for the engine's benchmarks and accuracy checks: a grid
// of nodes joined by links in both directions, a few hub nodes (the gateways and the data
// center of a city) whose switching capacity is a resource of its own, paths routed along
// the grid, and Poisson arrivals drawn lazily. It stands in for a real city network where
// only the size and shape matter (about 1,000 nodes, 4,000 directed links, paths of 5-15
// hops, most traffic converging on the hubs).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "core/rng.hpp"
#include "engine/simulator.hpp"

namespace citynet::engine {

struct SyntheticCitySpec {
  std::uint32_t side = 32;              // side x side grid nodes
  double link_bps = 1e9;                // every link, each direction
  double hub_switching_bps = 20e9;      // each hub node
  std::uint32_t hubs = 4;
  double hub_share = 0.7;               // of paths that end at a hub
  std::uint32_t min_hops = 5;
  std::uint32_t max_hops = 15;
  std::uint32_t path_count = 2000;      // distinct candidate paths (sites x destinations)
  std::uint64_t seed = 1;
};

struct SyntheticCity {
  std::vector<double> capacity_bps;
  std::vector<std::vector<std::uint32_t>> paths;
};

namespace synthetic_detail {

// Resource ids: 4 directed links per node (east, west, north, south), then one switching
// resource per hub.
[[nodiscard]] inline std::uint32_t link(std::uint32_t side, std::uint32_t x, std::uint32_t y, std::uint32_t dir) {
  return 4 * (y * side + x) + dir;
}

// Dimension-order route (x first, then y) from (x0, y0) to (x1, y1).
[[nodiscard]] inline std::vector<std::uint32_t> route(std::uint32_t side, std::uint32_t x0, std::uint32_t y0,
                                                      std::uint32_t x1, std::uint32_t y1) {
  constexpr std::uint32_t kEast = 0, kWest = 1, kNorth = 2, kSouth = 3;
  std::vector<std::uint32_t> path;
  std::uint32_t x = x0, y = y0;
  while (x != x1) {
    path.push_back(link(side, x, y, x < x1 ? kEast : kWest));
    x = x < x1 ? x + 1 : x - 1;
  }
  while (y != y1) {
    path.push_back(link(side, x, y, y < y1 ? kNorth : kSouth));
    y = y < y1 ? y + 1 : y - 1;
  }
  return path;
}

}  // namespace synthetic_detail

[[nodiscard]] inline SyntheticCity make_synthetic_city(const SyntheticCitySpec& spec) {
  using synthetic_detail::route;
  SyntheticCity city;
  const std::uint32_t nodes = spec.side * spec.side;
  city.capacity_bps.assign(4 * nodes, spec.link_bps);
  RandomStream rng(derive_seed(spec.seed, {hash_name("synthetic-city")}));
  std::vector<std::uint32_t> hub_nodes;
  for (std::uint32_t h = 0; h < spec.hubs; ++h) {
    // Hubs spread over the quarters, as a city's core sites serve districts.
    const std::uint32_t x = (spec.side / 4 + (h % 2) * (spec.side / 2) + h / 4) % spec.side;
    const std::uint32_t y = spec.side / 4 + ((h / 2) % 2) * (spec.side / 2);
    hub_nodes.push_back(y * spec.side + x);
    city.capacity_bps.push_back(spec.hub_switching_bps);
  }
  while (city.paths.size() < spec.path_count) {
    const auto src = static_cast<std::uint32_t>(rng() % nodes);
    const std::uint32_t sx = src % spec.side, sy = src / spec.side;
    std::uint32_t dst = 0;
    std::optional<std::uint32_t> hub;
    if (rng.uniform01() < spec.hub_share) {
      hub = static_cast<std::uint32_t>(rng() % spec.hubs);
      dst = hub_nodes[*hub];
    } else {
      dst = static_cast<std::uint32_t>(rng() % nodes);
    }
    const std::uint32_t dx = dst % spec.side, dy = dst / spec.side;
    const auto hops = static_cast<std::uint32_t>(std::abs(static_cast<int>(sx) - static_cast<int>(dx)) +
                                                 std::abs(static_cast<int>(sy) - static_cast<int>(dy)));
    if (hops < spec.min_hops || hops > spec.max_hops) continue;
    // Downloads: from the destination (hub or peer) to the subscriber.
    std::vector<std::uint32_t> path = route(spec.side, dx, dy, sx, sy);
    if (hub) path.insert(path.begin(), 4 * nodes + *hub);
    city.paths.push_back(std::move(path));
  }
  return city;
}

struct SyntheticTrafficSpec {
  double arrivals_per_s = 1000;
  double mean_size_bits = 8e6;
  std::vector<std::optional<double>> caps_bps{2e6, 10e6, std::nullopt};  // drawn uniformly
  std::uint64_t flows = 100000;
  std::uint64_t seed = 2;
};

// Poisson arrivals of elastic flows with exponential sizes on uniformly drawn paths,
// generated one at a time.
class SyntheticArrivals final : public ArrivalSource {
 public:
  SyntheticArrivals(std::vector<PathId> paths, SyntheticTrafficSpec spec)
      : paths_(std::move(paths)), spec_(std::move(spec)), rng_(derive_seed(spec_.seed, {hash_name("arrivals")})) {}

  std::optional<Arrival> next() override {
    if (issued_ == spec_.flows) return std::nullopt;
    now_s_ += -std::log(rng_.uniform01()) / spec_.arrivals_per_s;
    ElasticFlow flow;
    flow.path = paths_[rng_() % paths_.size()];
    flow.size_bits = -std::log(rng_.uniform01()) * spec_.mean_size_bits;
    flow.rate_cap_bps = spec_.caps_bps[rng_() % spec_.caps_bps.size()];
    return Arrival{now_s_, issued_++, 0, flow};
  }

 private:
  std::vector<PathId> paths_;
  SyntheticTrafficSpec spec_;
  RandomStream rng_;
  std::uint64_t issued_ = 0;
  double now_s_ = 0;
};

}  // namespace citynet::engine
