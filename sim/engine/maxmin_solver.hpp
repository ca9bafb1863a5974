#pragma once
// Weighted max-min fair sharing of resources with rate caps: the leaf of the engine. It
// knows nothing of networks; a "resource" is an index into a capacity vector and a flow is
// the list of resources it crosses.
//
// The problem. Resources r = 0..R-1 with capacity c_r >= 0 (bit/s). Flows f with a
// resource set P_f, a weight w_f > 0 and an optional cap b_f (bit/s). A rate vector x is
// feasible when
//
//     sum_{f : r in P_f} x_f <= c_r   for every resource r,
//     0 <= x_f <= b_f                 for every capped flow f.
//
// It is weighted max-min fair when no x_f / w_f can grow without shrinking some x_g / w_g
// that is not larger. Equivalently every flow has a bottleneck: either x_f = b_f, or a
// resource r in P_f that is saturated (the sum equals c_r) and on which x_f / w_f is the
// largest normalised rate. That vector exists and is unique.
//
// The method is progressive filling (water-filling). A common level L rises from 0; every
// unfrozen flow has rate w_f * L. A resource saturates when its remaining capacity divided
// by the weight of its unfrozen flows equals L; its flows freeze at w_f * L. A capped flow
// freezes at b_f when L reaches b_f / w_f. Resources sit in a heap keyed by the level at
// which they would saturate; keys only rise, so they are mended lazily at the top. One
// solve costs O(F*H log R) at worst for F flows of H hops, plus ordering the caps (a
// counting sort over the few distinct cap levels, O(F)); in practice most keys are never
// mended.
//
// Flows that share resources, cap and weight get identical rates, so the solver takes
// flow groups: a group of n identical flows has weight n*w and per-flow cap b, and
// freezes at level b / w. This aggregation is exact, not an approximation.
//
// Limitations: capacities and caps are finite; a flow with no resources and no cap has an
// unbounded rate (reported as +infinity). Rounding makes a saturated resource's load equal
// its capacity only to within a few ulps.
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace citynet::engine {

struct SharedFlow {
  std::vector<std::uint32_t> resources;  // indices into SharingProblem::capacity_bps, no repeats
  std::optional<double> rate_cap_bps;    // empty: only the resources limit it
  double weight = 1;                     // > 0
};

struct SharingProblem {
  std::vector<double> capacity_bps;  // one per resource, >= 0
  std::vector<SharedFlow> flows;
};

// The max-min fair rates, one per flow of the problem, in bit/s.
[[nodiscard]] std::vector<double> solve_max_min(const SharingProblem& problem);

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// The solver behind solve_max_min, with its buffers kept between solves so that the
// engine's hot loop allocates nothing.
class MaxMinSolver {
 public:
  struct Group {
    std::span<const std::uint32_t> resources;
    double total_weight = 1;        // flows in the group times the per-flow weight, > 0
    double cap_level = kUnbounded;  // per-flow cap / per-flow weight; kUnbounded: no cap
  };

  // Solves for the given groups; afterwards level(g) is group g's normalised rate (a flow
  // of the group gets weight * level(g), and exactly its cap when capped()), and
  // saturation_level(r) is the level at which resource r saturated (kUnbounded: it did
  // not). `capacity_bps` must cover every resource the groups name.
  void solve(std::span<const double> capacity_bps, std::span<const Group> groups);

  [[nodiscard]] double level(std::size_t group) const { return group_level_[group]; }
  [[nodiscard]] bool capped(std::size_t group) const { return group_capped_[group] != 0; }
  // Resources no group crosses report kUnbounded.
  [[nodiscard]] double saturation_level(std::uint32_t resource) const {
    return resource < stamp_.size() && stamp_[resource] == epoch_ ? saturation_level_[resource] : kUnbounded;
  }
  // The resources the groups of the last solve cross, each once.
  [[nodiscard]] std::span<const std::uint32_t> touched() const { return touched_; }

 private:
  void prepare(std::span<const double> capacity_bps, std::span<const Group> groups);
  void order_caps(std::span<const Group> groups);
  void freeze(std::span<const Group> groups, std::uint32_t group, double level, bool at_cap);
  void heap_remove(std::uint32_t resource);
  void refresh_top();
  void sift_up(std::size_t position);
  void sift_down(std::size_t position);
  [[nodiscard]] double key(std::uint32_t resource) const { return key_[resource]; }

  // Per resource (sized to the capacity vector, valid where stamp_ == epoch_).
  std::vector<std::uint64_t> stamp_;
  std::vector<double> remaining_bps_;
  std::vector<double> unfrozen_weight_;
  std::vector<std::uint32_t> unfrozen_groups_;
  std::vector<double> key_;
  std::vector<double> saturation_level_;
  std::vector<std::uint32_t> heap_position_;
  std::vector<std::uint32_t> adjacency_begin_;
  std::uint64_t epoch_ = 0;

  std::vector<std::uint32_t> touched_;      // resources crossed by some group, this solve
  std::vector<std::uint32_t> adjacency_;    // groups by resource (CSR over touched_)
  std::vector<std::uint32_t> fill_;         // CSR fill cursor per touched resource
  std::vector<std::uint32_t> heap_;         // resources, min-heap on key_
  std::vector<std::uint32_t> cap_order_;    // capped groups by cap level
  std::vector<double> distinct_levels_;     // order_caps(): the cap levels, as first seen
  std::vector<std::uint32_t> cap_bucket_;   // order_caps(): each capped group's level
  std::vector<std::uint32_t> bucket_rank_;
  std::vector<std::uint32_t> bucket_start_;
  std::vector<std::uint32_t> cap_sorted_;
  std::vector<std::pair<double, std::uint32_t>> cap_pairs_;
  std::vector<double> group_level_;
  std::vector<std::uint8_t> group_capped_;
  std::vector<std::uint8_t> group_frozen_;
  std::size_t unfrozen_count_ = 0;
  double current_level_ = 0;
};

}  // namespace citynet::engine
