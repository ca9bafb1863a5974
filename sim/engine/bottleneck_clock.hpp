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
#include <vector>

namespace citynet::engine {

class BottleneckClock {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] double level() const { return level_; }
  [[nodiscard]] double v() const { return v_; }
  [[nodiscard]] bool holds(std::uint32_t group) const {
    return group < position_.size() && position_[group] != kAbsent;
  }
  // The group whose finish point in V comes first (ties: the lower group index), and that point.
  [[nodiscard]] std::uint32_t first_group() const { return heap_.front().group; }
  [[nodiscard]] double first_finish_v() const { return heap_.front().finish_v; }

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
    if (heap_.empty() || level_ <= 0) return kNever;
    const double left = heap_.front().finish_v - v_;
    return at_s_ + (left > 0 ? left / level_ : 0.0);
  }

  // Adds `group` (not held) or moves its finish point (held).
  void place(std::uint32_t group, double finish_v) {
    if (group >= position_.size()) position_.resize(group + 1, kAbsent);
    if (position_[group] == kAbsent) {
      heap_.push_back({finish_v, group});
      sift_up(heap_.size() - 1);
      return;
    }
    const std::size_t at = position_[group];
    heap_[at].finish_v = finish_v;
    sift_up(at);
    sift_down(position_[group]);
  }

  void remove(std::uint32_t group) {
    const std::size_t at = position_[group];
    position_[group] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;
    heap_[at] = last;
    position_[last.group] = static_cast<std::uint32_t>(at);
    sift_up(at);
    sift_down(position_[last.group]);
  }

  // Moves V and every finish point `by` back (the caller moves its groups' v0 likewise).
  void shift_back(double by) {
    v_ -= by;
    for (Entry& e : heap_) e.finish_v -= by;
  }

  template <class Visit>
  void for_each_group(Visit visit) const {
    for (const Entry& e : heap_) visit(e.group);
  }

  // With no group left V restarts at 0, so that it never grows large enough to cost the
  // finish points their precision.
  void restart_if_empty() {
    if (heap_.empty()) v_ = 0;
  }

 private:
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
  struct Entry {
    double finish_v = 0;
    std::uint32_t group = 0;
  };
  [[nodiscard]] static bool before(const Entry& a, const Entry& b) {
    return a.finish_v != b.finish_v ? a.finish_v < b.finish_v : a.group < b.group;
  }

  void sift_up(std::size_t at) {
    const Entry moving = heap_[at];
    while (at > 0 && before(moving, heap_[(at - 1) / 2])) {
      heap_[at] = heap_[(at - 1) / 2];
      position_[heap_[at].group] = static_cast<std::uint32_t>(at);
      at = (at - 1) / 2;
    }
    heap_[at] = moving;
    position_[moving.group] = static_cast<std::uint32_t>(at);
  }

  void sift_down(std::size_t at) {
    const Entry moving = heap_[at];
    while (true) {
      std::size_t child = 2 * at + 1;
      if (child >= heap_.size()) break;
      if (child + 1 < heap_.size() && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], moving)) break;
      heap_[at] = heap_[child];
      position_[heap_[at].group] = static_cast<std::uint32_t>(at);
      at = child;
    }
    heap_[at] = moving;
    position_[moving.group] = static_cast<std::uint32_t>(at);
  }

  double level_ = 0;
  double v_ = 0;
  double at_s_ = 0;
  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;  // by group: where it sits in heap_, or kAbsent
};

}  // namespace citynet::engine
