#pragma once
// A min-heap of items (small integers, such as group slots) by a key, where an item's key
// can be moved and an item removed in O(log n): the heap remembers where each item sits.
// Ties go to the smaller item, so the order is deterministic.
#include <cstdint>
#include <limits>
#include <vector>

namespace citynet::engine {

class IndexedMinHeap {
 public:
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] bool holds(std::uint32_t item) const { return item < position_.size() && position_[item] != kAbsent; }
  [[nodiscard]] std::uint32_t first_item() const { return heap_.front().item; }
  [[nodiscard]] double first_key() const { return heap_.front().key; }

  // Adds `item` (not held) or moves its key (held).
  void place(std::uint32_t item, double key) {
    if (item >= position_.size()) position_.resize(item + 1, kAbsent);
    if (position_[item] == kAbsent) {
      heap_.push_back({key, item});
      sift_up(heap_.size() - 1);
      return;
    }
    const std::size_t at = position_[item];
    heap_[at].key = key;
    sift_up(at);
    sift_down(position_[item]);
  }

  void remove(std::uint32_t item) {
    const std::size_t at = position_[item];
    position_[item] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;
    heap_[at] = last;
    position_[last.item] = static_cast<std::uint32_t>(at);
    sift_up(at);
    sift_down(position_[last.item]);
  }

  // Subtracts `by` from every key (the order does not change).
  void shift_keys_back(double by) {
    for (Entry& e : heap_) e.key -= by;
  }

  template <class Visit>
  void for_each_item(Visit visit) const {
    for (const Entry& e : heap_) visit(e.item);
  }

 private:
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
  struct Entry {
    double key = 0;
    std::uint32_t item = 0;
  };
  [[nodiscard]] static bool before(const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.item < b.item;
  }

  void sift_up(std::size_t at) {
    const Entry moving = heap_[at];
    while (at > 0 && before(moving, heap_[(at - 1) / 2])) {
      heap_[at] = heap_[(at - 1) / 2];
      position_[heap_[at].item] = static_cast<std::uint32_t>(at);
      at = (at - 1) / 2;
    }
    heap_[at] = moving;
    position_[moving.item] = static_cast<std::uint32_t>(at);
  }

  void sift_down(std::size_t at) {
    const Entry moving = heap_[at];
    while (true) {
      std::size_t child = 2 * at + 1;
      if (child >= heap_.size()) break;
      if (child + 1 < heap_.size() && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], moving)) break;
      heap_[at] = heap_[child];
      position_[heap_[at].item] = static_cast<std::uint32_t>(at);
      at = child;
    }
    heap_[at] = moving;
    position_[moving.item] = static_cast<std::uint32_t>(at);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;  // by item: where it sits in heap_, or kAbsent
};

}  // namespace citynet::engine
