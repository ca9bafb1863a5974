#pragma once
// Fast mode's shared clock for the groups that one saturated resource holds at its fair
// level L: each such group of weight w serves each of its flows at w * L, so all of their
// services are read off one integral V(t) = integral of L dt (bits per unit of weight). A
// group joins at V = v0 with per-flow service s0; its service at V is s0 + w * (V - v0),
// and its first flow finishes when V reaches the group's finish point in V. The groups wait
// in a heap on those points, so a change of L moves one event, the clock's next finish,
// instead of one per group: with line-rate caps a solve typically changes the level of
// hundreds of groups at the egress.
#include <cstdint>
#include <limits>

#include "engine/indexed_heap.hpp"

namespace citynet::engine {

class BottleneckClock {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  [[nodiscard]] bool empty() const { return finish_.empty(); }
  [[nodiscard]] std::size_t size() const { return finish_.size(); }
  [[nodiscard]] double level() const { return level_; }
  [[nodiscard]] double v() const { return v_; }
  [[nodiscard]] bool holds(std::uint32_t group) const { return finish_.holds(group); }
  // The group whose finish point in V comes first (ties: the lower group index), and that point.
  [[nodiscard]] std::uint32_t first_group() const { return finish_.first_item(); }
  [[nodiscard]] double first_finish_v() const { return finish_.first_key(); }

  // Brings V up to `now_s` at the current level.
  void advance(double now_s) {
    if (now_s > at_s_) v_ += level_ * (now_s - at_s_);
    at_s_ = now_s;
  }
  // From now on (call advance() first).
  void set_level(double level) { level_ = level; }

  // When V reaches the first finish point at the current level; kNever with no group or a
  // level of 0 (the flows wait for a solve).
  [[nodiscard]] double first_finish_s() const {
    if (finish_.empty() || level_ <= 0) return kNever;
    const double left = finish_.first_key() - v_;
    return at_s_ + (left > 0 ? left / level_ : 0.0);
  }

  // Adds `group` (not held) or moves its finish point (held).
  void place(std::uint32_t group, double finish_v) { finish_.place(group, finish_v); }
  void remove(std::uint32_t group) { finish_.remove(group); }

  // Moves V and every finish point `by` back (the caller moves its groups' v0 likewise).
  void shift_back(double by) {
    v_ -= by;
    finish_.shift_keys_back(by);
  }

  template <class Visit>
  void for_each_group(Visit visit) const {
    finish_.for_each_item(visit);
  }

  // With no group left V restarts at 0, so that it never grows large enough to cost the
  // finish points their precision.
  void restart_if_empty() {
    if (finish_.empty()) v_ = 0;
  }

 private:
  double level_ = 0;
  double v_ = 0;
  double at_s_ = 0;
  IndexedMinHeap finish_;
};

}  // namespace citynet::engine
