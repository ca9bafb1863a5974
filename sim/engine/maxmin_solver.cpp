#include "engine/maxmin_solver.hpp"

#include <algorithm>
#include <cassert>

namespace citynet::engine {
namespace {

constexpr std::uint32_t kNotInHeap = std::numeric_limits<std::uint32_t>::max();

}  // namespace

std::vector<double> solve_max_min(const SharingProblem& problem) {
  std::vector<MaxMinSolver::Group> groups;
  groups.reserve(problem.flows.size());
  for (const SharedFlow& flow : problem.flows) {
    const double cap_level = flow.rate_cap_bps ? *flow.rate_cap_bps / flow.weight : kUnbounded;
    groups.push_back({flow.resources, flow.weight, cap_level});
  }
  MaxMinSolver solver;
  solver.solve(problem.capacity_bps, groups);
  std::vector<double> rates_bps(problem.flows.size());
  for (std::size_t f = 0; f < problem.flows.size(); ++f) {
    const SharedFlow& flow = problem.flows[f];
    // The cap itself rather than weight * (cap / weight), so a capped flow gets its cap exactly.
    rates_bps[f] = solver.capped(f) ? *flow.rate_cap_bps : flow.weight * solver.level(f);
  }
  return rates_bps;
}

void MaxMinSolver::solve(std::span<const double> capacity_bps, std::span<const Group> groups) {
  prepare(capacity_bps, groups);
  std::size_t next_cap = 0;
  // Once every group is frozen the resources left in the heap cannot saturate: draining
  // it would cost a sift per resource for nothing.
  while (unfrozen_count_ > 0) {
    while (next_cap < cap_order_.size() && group_frozen_[cap_order_[next_cap]]) ++next_cap;
    const bool have_cap = next_cap < cap_order_.size();
    const double cap_level = have_cap ? groups[cap_order_[next_cap]].cap_level : kUnbounded;
    // A stale key is a lower bound of the fresh one, so a cap at or below the top's comes
    // first without mending the heap (most groups of a solve freeze at their cap).
    if (!have_cap || (!heap_.empty() && cap_level > key(heap_.front()))) refresh_top();
    if (!have_cap && heap_.empty()) break;
    const double resource_level = heap_.empty() ? kUnbounded : key(heap_.front());
    if (have_cap && cap_level <= resource_level) {
      current_level_ = std::max(current_level_, cap_level);
      freeze(groups, cap_order_[next_cap], cap_level, true);
      continue;
    }
    const std::uint32_t resource = heap_.front();
    current_level_ = std::max(current_level_, resource_level);
    saturation_level_[resource] = current_level_;
    heap_remove(resource);
    const std::uint32_t begin = adjacency_begin_[resource];
    const std::uint32_t end = fill_[resource];
    for (std::uint32_t i = begin; i < end; ++i) {
      const std::uint32_t group = adjacency_[i];
      if (!group_frozen_[group]) freeze(groups, group, current_level_, false);
    }
  }
}

void MaxMinSolver::prepare(std::span<const double> capacity_bps, std::span<const Group> groups) {
  const std::size_t resource_count = capacity_bps.size();
  if (stamp_.size() < resource_count) {
    stamp_.resize(resource_count, 0);
    remaining_bps_.resize(resource_count);
    unfrozen_weight_.resize(resource_count);
    unfrozen_groups_.resize(resource_count);
    key_.resize(resource_count);
    saturation_level_.resize(resource_count);
    heap_position_.resize(resource_count, kNotInHeap);
    adjacency_begin_.resize(resource_count);
    fill_.resize(resource_count);
  }
  ++epoch_;
  current_level_ = 0;
  touched_.clear();
  heap_.clear();
  cap_order_.clear();
  const std::size_t group_count = groups.size();
  group_level_.assign(group_count, 0.0);
  group_capped_.assign(group_count, 0);
  group_frozen_.assign(group_count, 0);
  unfrozen_count_ = group_count;

  for (std::size_t g = 0; g < group_count; ++g) {
    for (std::uint32_t r : groups[g].resources) {
      assert(r < resource_count);
      if (stamp_[r] != epoch_) {
        stamp_[r] = epoch_;
        remaining_bps_[r] = capacity_bps[r];
        unfrozen_weight_[r] = 0;
        unfrozen_groups_[r] = 0;
        saturation_level_[r] = kUnbounded;
        touched_.push_back(r);
      }
      unfrozen_weight_[r] += groups[g].total_weight;
      ++unfrozen_groups_[r];
    }
  }
  std::uint32_t offset = 0;
  for (std::uint32_t r : touched_) {
    adjacency_begin_[r] = offset;
    fill_[r] = offset;
    offset += unfrozen_groups_[r];
  }
  adjacency_.resize(offset);
  for (std::size_t g = 0; g < group_count; ++g) {
    for (std::uint32_t r : groups[g].resources) adjacency_[fill_[r]++] = static_cast<std::uint32_t>(g);
  }
  // Built bottom-up: O(R) rather than R pushes.
  heap_.assign(touched_.begin(), touched_.end());
  for (std::size_t i = 0; i < heap_.size(); ++i) {
    const std::uint32_t r = heap_[i];
    key_[r] = remaining_bps_[r] / unfrozen_weight_[r];
    heap_position_[r] = static_cast<std::uint32_t>(i);
  }
  for (std::size_t i = heap_.size() / 2; i-- > 0;) sift_down(i);
  for (std::size_t g = 0; g < group_count; ++g) {
    if (groups[g].cap_level < kUnbounded) {
      cap_order_.push_back(static_cast<std::uint32_t>(g));
    } else if (groups[g].resources.empty()) {
      group_level_[g] = kUnbounded;  // nothing limits it
      group_frozen_[g] = 1;
      --unfrozen_count_;
    }
  }
  order_caps(groups);
}

// Orders the capped groups by (cap level, index). Caps are line rates, so a solve has few
// distinct cap levels: a stable counting sort over them costs O(G) where a comparison sort
// over every capped group would cost O(G log G) with scattered reads. Many distinct levels
// fall back to the comparison sort, on (level, index) pairs held contiguously.
void MaxMinSolver::order_caps(std::span<const Group> groups) {
  constexpr std::size_t kMaxDistinctLevels = 64;
  distinct_levels_.clear();
  cap_bucket_.resize(cap_order_.size());
  std::size_t last = 0;
  bool few = true;
  for (std::size_t i = 0; i < cap_order_.size() && few; ++i) {
    const double level = groups[cap_order_[i]].cap_level;
    if (last < distinct_levels_.size() && distinct_levels_[last] == level) {
      cap_bucket_[i] = static_cast<std::uint32_t>(last);
      continue;
    }
    const auto found = std::find(distinct_levels_.begin(), distinct_levels_.end(), level);
    last = static_cast<std::size_t>(found - distinct_levels_.begin());
    if (found == distinct_levels_.end()) {
      if (distinct_levels_.size() == kMaxDistinctLevels) {
        few = false;
        break;
      }
      distinct_levels_.push_back(level);
    }
    cap_bucket_[i] = static_cast<std::uint32_t>(last);
  }
  if (!few) {
    cap_pairs_.clear();
    for (std::uint32_t g : cap_order_) cap_pairs_.emplace_back(groups[g].cap_level, g);
    std::sort(cap_pairs_.begin(), cap_pairs_.end());
    for (std::size_t i = 0; i < cap_pairs_.size(); ++i) cap_order_[i] = cap_pairs_[i].second;
    return;
  }
  // Bucket b's rank among the sorted levels, then each bucket's first slot.
  const std::size_t buckets = distinct_levels_.size();
  bucket_rank_.resize(buckets);
  for (std::size_t b = 0; b < buckets; ++b) bucket_rank_[b] = static_cast<std::uint32_t>(b);
  std::sort(bucket_rank_.begin(), bucket_rank_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return distinct_levels_[a] < distinct_levels_[b]; });
  bucket_start_.assign(buckets + 1, 0);
  for (std::uint32_t b : cap_bucket_) ++bucket_start_[b + 1];
  // Prefix sums in level order: start[b] = slots taken by the buckets of lower levels.
  std::uint32_t offset = 0;
  for (std::uint32_t b : bucket_rank_) {
    const std::uint32_t size = bucket_start_[b + 1];
    bucket_start_[b + 1] = offset;  // reused below as the fill cursor of bucket b
    offset += size;
  }
  cap_sorted_.resize(cap_order_.size());
  for (std::size_t i = 0; i < cap_order_.size(); ++i) cap_sorted_[bucket_start_[cap_bucket_[i] + 1]++] = cap_order_[i];
  cap_order_.swap(cap_sorted_);
}

void MaxMinSolver::freeze(std::span<const Group> groups, std::uint32_t group, double level, bool at_cap) {
  const Group& g = groups[group];
  group_frozen_[group] = 1;
  --unfrozen_count_;
  group_level_[group] = level;
  group_capped_[group] = at_cap ? 1 : 0;
  const double taken_bps = g.total_weight * level;
  for (std::uint32_t r : g.resources) {
    remaining_bps_[r] -= taken_bps;
    unfrozen_weight_[r] -= g.total_weight;
    --unfrozen_groups_[r];
    // The key of r is now stale, but only too low: refresh_top() mends it when it matters.
  }
}

// Keys only rise as groups freeze (a group freezing at the current level takes no more
// than its share), so a stale key is a lower bound and the heap needs mending only at its
// top: pop resources nobody crosses any more, re-key and sink a top whose key rose.
void MaxMinSolver::refresh_top() {
  while (!heap_.empty()) {
    const std::uint32_t r = heap_.front();
    if (unfrozen_groups_[r] == 0) {
      heap_remove(r);
      continue;
    }
    // Rounding may push the quotient a hair below the current level; the level never falls.
    const double fresh = std::max(current_level_, remaining_bps_[r] / unfrozen_weight_[r]);
    if (fresh <= key_[r]) return;
    key_[r] = fresh;
    sift_down(0);
  }
}

void MaxMinSolver::heap_remove(std::uint32_t resource) {
  const std::size_t position = heap_position_[resource];
  heap_position_[resource] = kNotInHeap;
  const std::uint32_t last = heap_.back();
  heap_.pop_back();
  if (position == heap_.size()) return;
  heap_[position] = last;
  heap_position_[last] = static_cast<std::uint32_t>(position);
  sift_up(position);
  sift_down(heap_position_[last]);
}

void MaxMinSolver::sift_up(std::size_t position) {
  const std::uint32_t item = heap_[position];
  const double item_key = key_[item];
  while (position > 0) {
    const std::size_t parent = (position - 1) / 2;
    if (key_[heap_[parent]] <= item_key) break;
    heap_[position] = heap_[parent];
    heap_position_[heap_[position]] = static_cast<std::uint32_t>(position);
    position = parent;
  }
  heap_[position] = item;
  heap_position_[item] = static_cast<std::uint32_t>(position);
}

void MaxMinSolver::sift_down(std::size_t position) {
  const std::uint32_t item = heap_[position];
  const double item_key = key_[item];
  const std::size_t size = heap_.size();
  while (true) {
    std::size_t child = 2 * position + 1;
    if (child >= size) break;
    if (child + 1 < size && key_[heap_[child + 1]] < key_[heap_[child]]) ++child;
    if (key_[heap_[child]] >= item_key) break;
    heap_[position] = heap_[child];
    heap_position_[heap_[position]] = static_cast<std::uint32_t>(position);
    position = child;
  }
  heap_[position] = item;
  heap_position_[item] = static_cast<std::uint32_t>(position);
}

}  // namespace citynet::engine
