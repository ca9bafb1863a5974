#pragma once
// An independent, deliberately simple flow-level simulator used only to check the engine.
// It shares no code with it: rates come from progressive filling by increments (raise
// every unfrozen flow by the largest common step, freeze what saturates, repeat), redone
// from scratch at every event, and flows keep their remaining bits in a plain list.
// Quadratic and slow on purpose: it must be obviously right, not fast.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace citynet::engine::reference {

struct Flow {
  double start_s = 0;
  std::vector<std::uint32_t> resources;
  double size_bits = 0;               // > 0
  std::optional<double> cap_bps;      // empty: only the resources limit it
  double weight = 1;
};

struct CapacityStep {
  double at_s = 0;
  std::uint32_t resource = 0;
  double capacity_bps = 0;
};

// A resource or cap within this share of its limit counts as reached.
inline constexpr double kReachedShare = 1e-12;
// A flow with at most this share of its size left has finished.
inline constexpr double kFinishedShare = 1e-9;

inline std::vector<double> fair_rates(const std::vector<double>& capacity_bps, const std::vector<Flow>& flows,
                                      const std::vector<std::size_t>& active) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> rate(flows.size(), 0.0);
  std::vector<double> left = capacity_bps;
  std::vector<bool> frozen(flows.size(), true);
  for (std::size_t f : active) frozen[f] = false;
  // A flow on a resource that has nothing left is stuck at 0 from the start.
  for (std::size_t f : active) {
    for (std::uint32_t r : flows[f].resources) {
      if (left[r] <= 0) frozen[f] = true;
    }
  }
  while (true) {
    std::vector<double> weight_on(capacity_bps.size(), 0.0);
    bool any = false;
    for (std::size_t f : active) {
      if (frozen[f]) continue;
      any = true;
      for (std::uint32_t r : flows[f].resources) weight_on[r] += flows[f].weight;
    }
    if (!any) break;
    double step = inf;  // per unit of weight
    for (std::size_t r = 0; r < capacity_bps.size(); ++r) {
      if (weight_on[r] > 0) step = std::min(step, std::max(0.0, left[r]) / weight_on[r]);
    }
    for (std::size_t f : active) {
      if (!frozen[f] && flows[f].cap_bps) step = std::min(step, (*flows[f].cap_bps - rate[f]) / flows[f].weight);
    }
    for (std::size_t f : active) {
      if (frozen[f]) continue;
      rate[f] += flows[f].weight * step;
      for (std::uint32_t r : flows[f].resources) left[r] -= flows[f].weight * step;
    }
    for (std::size_t f : active) {
      if (frozen[f]) continue;
      if (flows[f].cap_bps && rate[f] >= *flows[f].cap_bps * (1 - kReachedShare)) frozen[f] = true;
      for (std::uint32_t r : flows[f].resources) {
        if (left[r] <= capacity_bps[r] * kReachedShare) frozen[f] = true;
      }
    }
  }
  return rate;
}

// Completion time of every flow (infinity for one that never finishes).
inline std::vector<double> completion_times(std::vector<double> capacity_bps, const std::vector<Flow>& flows,
                                            std::vector<CapacityStep> steps = {}) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::size_t> order(flows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return flows[a].start_s < flows[b].start_s; });
  std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
  std::vector<double> end(flows.size(), inf);
  std::vector<double> remaining(flows.size(), 0.0);
  std::vector<std::size_t> active;
  std::size_t next_flow = 0;
  std::size_t next_step = 0;
  double now = 0;
  while (true) {
    while (next_step < steps.size() && steps[next_step].at_s <= now) {
      capacity_bps[steps[next_step].resource] = steps[next_step].capacity_bps;
      ++next_step;
    }
    while (next_flow < order.size() && flows[order[next_flow]].start_s <= now) {
      active.push_back(order[next_flow]);
      remaining[order[next_flow]] = flows[order[next_flow]].size_bits;
      ++next_flow;
    }
    const std::vector<double> rate = fair_rates(capacity_bps, flows, active);
    double next = inf;
    for (std::size_t f : active) {
      if (rate[f] > 0) next = std::min(next, now + remaining[f] / rate[f]);
    }
    if (next_flow < order.size()) next = std::min(next, flows[order[next_flow]].start_s);
    if (next_step < steps.size()) next = std::min(next, steps[next_step].at_s);
    if (next == inf) break;
    const double dt = next - now;
    std::vector<std::size_t> still;
    for (std::size_t f : active) {
      remaining[f] -= rate[f] * dt;
      if (remaining[f] <= flows[f].size_bits * kFinishedShare) {
        end[f] = next;
      } else {
        still.push_back(f);
      }
    }
    active = still;
    now = next;
  }
  return end;
}

}  // namespace citynet::engine::reference
