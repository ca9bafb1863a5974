// The event queue against a plain list searched from end to end: the same events come
// out in the same order, whatever is scheduled, moved and cancelled in between.
#include "engine/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <vector>

namespace citynet::engine {
namespace {

// The reference: every pending event in a list; the earliest found by scanning it.
struct PlainQueue {
  std::vector<Event> pending;

  void schedule(const Event& e) {
    cancel(e.kind, e.index);
    pending.push_back(e);
  }
  void cancel(EventKind kind, std::uint32_t index) {
    if (kind == EventKind::capacity_change || kind == EventKind::reroute) return;  // never moved
    std::erase_if(pending, [&](const Event& p) { return p.kind == kind && p.index == index; });
  }
  [[nodiscard]] std::optional<Event> pop() {
    if (pending.empty()) return std::nullopt;
    const auto first = std::min_element(pending.begin(), pending.end(), earlier);
    const Event e = *first;
    pending.erase(first);
    return e;
  }
};

bool same(const Event& a, const Event& b) {
  return a.time_s == b.time_s && a.sequence == b.sequence && a.index == b.index && a.kind == b.kind;
}

TEST(EventQueue, TiesGoToCapacityChangesThenScheduleOrderThenReroutes) {
  EventQueue q;
  q.schedule(Event{1.0, 0, 0, EventKind::reroute});
  q.schedule(Event{1.0, 1, 7, EventKind::stream_end});
  q.schedule(Event{1.0, 2, 0, EventKind::clock_finish});
  q.schedule(Event{1.0, 3, 3, EventKind::completion});
  q.schedule(Event{1.0, 4, 0, EventKind::capacity_change});
  q.schedule(Event{0.5, 5, 9, EventKind::completion});
  std::vector<EventKind> order;
  while (!q.empty()) {
    order.push_back(q.top().kind);
    q.pop();
  }
  EXPECT_EQ(order, (std::vector{EventKind::completion, EventKind::capacity_change, EventKind::stream_end,
                                EventKind::clock_finish, EventKind::completion, EventKind::reroute}));
}

TEST(EventQueue, SchedulingAGroupAgainMovesItsOneCompletion) {
  EventQueue q;
  q.schedule(Event{5.0, 0, 2, EventKind::completion});
  q.schedule(Event{1.0, 1, 2, EventKind::completion});
  q.schedule(Event{3.0, 2, 2, EventKind::stream_end});    // slot 2 is not group 2
  q.schedule(Event{4.0, 3, 2, EventKind::clock_finish});  // nor is clock 2
  q.cancel(EventKind::clock_finish, 2);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q.top().time_s, 1.0);
  q.cancel(EventKind::completion, 2);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q.top().kind, EventKind::stream_end);
  q.cancel(EventKind::completion, 2);  // nothing pending: no effect
  q.cancel(EventKind::completion, 1000);
  EXPECT_EQ(q.size(), 1u);
}

TEST(EventQueue, RandomSchedulesMovesAndCancelsComeOutAsFromAPlainList) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 50; ++trial) {
    EventQueue q;
    PlainQueue reference;
    std::uint64_t sequence = 0;
    const std::uint32_t owners = 1 + static_cast<std::uint32_t>(rng() % 40);
    for (int step = 0; step < 2000; ++step) {
      const auto index = static_cast<std::uint32_t>(rng() % owners);
      const auto kind = static_cast<EventKind>(rng() % 5);
      // Few distinct times, so that ties are common.
      const double time_s = static_cast<double>(rng() % 20) / 4;
      switch (rng() % 4) {
        case 0:
        case 1:
          q.schedule(Event{time_s, sequence, index, kind});
          reference.schedule(Event{time_s, sequence, index, kind});
          ++sequence;
          break;
        case 2:
          q.cancel(kind, index);
          reference.cancel(kind, index);
          break;
        default: {
          const std::optional<Event> expected = reference.pop();
          ASSERT_EQ(q.empty(), !expected.has_value());
          if (expected) {
            ASSERT_TRUE(same(q.top(), *expected)) << "trial " << trial << " step " << step;
            q.pop();
          }
        }
      }
      ASSERT_EQ(q.size(), reference.pending.size());
    }
    while (const std::optional<Event> expected = reference.pop()) {
      ASSERT_TRUE(same(q.top(), *expected));
      q.pop();
    }
    EXPECT_TRUE(q.empty());
  }
}

}  // namespace
}  // namespace citynet::engine
