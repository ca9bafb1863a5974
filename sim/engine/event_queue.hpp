#pragma once
// The engine's pending events, earliest first, with ties at one instant in a fixed order.
//
// A group's completion moves every time its rate changes (fast mode's solves move
// thousands at once). A heap that only grows would pile up the dead entries and pay a
// logarithmic pop for each, so a completion or a stream end is kept as the single pending
// event of its group or stream, moved in place when it is scheduled again and removed when
// it is cancelled. Capacity changes and reroute points are never moved.
#include <cstdint>
#include <limits>
#include <vector>

namespace citynet::engine {

// clock_finish: the next finish of the groups on fast mode's bottleneck clock
// (bottleneck_clock.hpp), which counts as their completion.
enum class EventKind : std::uint8_t { capacity_change, completion, stream_end, clock_finish, reroute };

// Ties at one instant: capacity changes first, then completions, stream ends and clock
// finishes in the order they were scheduled (one rank, so `sequence` alone orders them),
// then reroute points.
[[nodiscard]] constexpr int rank(EventKind kind) {
  switch (kind) {
    case EventKind::capacity_change: return 0;
    case EventKind::reroute: return 2;
    default: return 1;
  }
}

struct Event {
  double time_s = 0;
  std::uint64_t sequence = 0;  // when it was scheduled; orders ties of one rank
  std::uint32_t index = 0;     // change, group or stream slot
  EventKind kind = EventKind::completion;
};

[[nodiscard]] inline bool earlier(const Event& a, const Event& b) {
  if (a.time_s != b.time_s) return a.time_s < b.time_s;
  if (rank(a.kind) != rank(b.kind)) return rank(a.kind) < rank(b.kind);
  return a.sequence < b.sequence;
}

class EventQueue {
 public:
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] Event top() const { return event_of(heap_.front()); }

  // Schedules `e`; a completion, stream end or clock finish replaces the pending one of its
  // group, slot or clock.
  void schedule(const Event& event) {
    const Entry e = entry_of(event);
    const std::uint32_t owner = owner_of(e);
    if (owner != kNoOwner && owner < position_.size() && position_[owner] != kAbsent) {
      const std::uint32_t at = position_[owner];
      heap_[at] = e;
      if (at > 0 && precedes(e, heap_[parent(at)])) {
        sift_up(at);
      } else {
        sift_down(at);
      }
      return;
    }
    if (owner != kNoOwner && owner >= position_.size()) position_.resize(owner + 1, kAbsent);
    heap_.push_back(e);
    place(static_cast<std::uint32_t>(heap_.size() - 1));
    sift_up(static_cast<std::uint32_t>(heap_.size() - 1));
  }

  // Removes the pending completion, stream end or clock finish of a group, stream slot or
  // clock, if any.
  void cancel(EventKind kind, std::uint32_t index) {
    const std::uint32_t owner = owner_of(entry_of(Event{0, 0, index, kind}));
    if (owner >= position_.size() || position_[owner] == kAbsent) return;
    remove_at(position_[owner]);
  }

  // The hole left at the top sinks to a leaf along the earlier child (one comparison per
  // level rather than two), and the last event fills it from there: it nearly always
  // belongs near the bottom.
  void pop() {
    const std::uint32_t owner = owner_of(heap_.front());
    if (owner != kNoOwner) position_[owner] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return;
    const auto n = static_cast<std::uint32_t>(heap_.size());
    std::uint32_t hole = 0;
    while (true) {
      std::uint32_t child = 2 * hole + 1;
      if (child >= n) break;
      if (child + 1 < n && precedes(heap_[child + 1], heap_[child])) ++child;
      heap_[hole] = heap_[child];
      place(hole);
      hole = child;
    }
    heap_[hole] = last;
    sift_up(hole);
  }

 private:
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kNoOwner = std::numeric_limits<std::uint32_t>::max();

  // An event as the heap keeps it: its rank and sequence in one number, so that ordering two
  // events at one instant is one comparison (sequences stay below 2^62: a run schedules
  // far fewer events).
  static constexpr unsigned kRankShift = 62;
  static constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << kRankShift) - 1;
  struct Entry {
    double time_s = 0;
    std::uint64_t rank_and_sequence = 0;
    std::uint32_t index = 0;
    EventKind kind = EventKind::completion;
  };
  [[nodiscard]] static Entry entry_of(const Event& e) {
    const auto rank_bits = static_cast<std::uint64_t>(rank(e.kind)) << kRankShift;
    return Entry{e.time_s, rank_bits | (e.sequence & kSequenceMask), e.index, e.kind};
  }
  [[nodiscard]] static Event event_of(const Entry& e) {
    return Event{e.time_s, e.rank_and_sequence & kSequenceMask, e.index, e.kind};
  }
  // earlier() of the events.
  [[nodiscard]] static bool precedes(const Entry& a, const Entry& b) {
    if (a.time_s != b.time_s) return a.time_s < b.time_s;
    return a.rank_and_sequence < b.rank_and_sequence;
  }

  // Completions, stream ends and clock finishes interleave in one position table: group g
  // at 3g, slot s at 3s+1, clock c at 3c+2.
  // Computed without a branch per kind: it runs at every level an event moves.
  static_assert(static_cast<int>(EventKind::stream_end) == static_cast<int>(EventKind::completion) + 1 &&
                static_cast<int>(EventKind::clock_finish) == static_cast<int>(EventKind::completion) + 2);
  [[nodiscard]] static std::uint32_t owner_of(const Entry& e) {
    const std::uint32_t k = static_cast<std::uint32_t>(e.kind) - static_cast<std::uint32_t>(EventKind::completion);
    return k < 3 ? 3 * e.index + k : kNoOwner;
  }
  [[nodiscard]] static std::uint32_t parent(std::uint32_t at) { return (at - 1) / 2; }

  void place(std::uint32_t at) {
    const std::uint32_t owner = owner_of(heap_[at]);
    if (owner != kNoOwner) position_[owner] = at;
  }

  void remove_at(std::uint32_t at) {
    const std::uint32_t owner = owner_of(heap_[at]);
    if (owner != kNoOwner) position_[owner] = kAbsent;
    const auto last = static_cast<std::uint32_t>(heap_.size() - 1);
    if (at != last) {
      heap_[at] = heap_[last];
      heap_.pop_back();
      place(at);
      if (at > 0 && precedes(heap_[at], heap_[parent(at)])) {
        sift_up(at);
      } else {
        sift_down(at);
      }
    } else {
      heap_.pop_back();
    }
  }

  void sift_up(std::uint32_t at) {
    const Entry moving = heap_[at];
    while (at > 0 && precedes(moving, heap_[parent(at)])) {
      heap_[at] = heap_[parent(at)];
      place(at);
      at = parent(at);
    }
    heap_[at] = moving;
    place(at);
  }

  void sift_down(std::uint32_t at) {
    const Entry moving = heap_[at];
    const auto n = static_cast<std::uint32_t>(heap_.size());
    while (true) {
      std::uint32_t child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && precedes(heap_[child + 1], heap_[child])) ++child;
      if (!precedes(heap_[child], moving)) break;
      heap_[at] = heap_[child];
      place(at);
      at = child;
    }
    heap_[at] = moving;
    place(at);
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;  // by owner: where its event sits in heap_, or kAbsent
};

}  // namespace citynet::engine
