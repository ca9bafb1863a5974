#include "demand/calendar_queue.hpp"

#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/rng.hpp"

namespace citynet::demand {
namespace {

struct QueueShape {
  double bucket_width_s;
  std::size_t bucket_count;
};

// Streams of very different rates (gaps from 0.01 s to ~1000 s mean), each re-queued when
// popped, as the arrival generator does; the reference is an ordered set of (time, stream).
std::vector<std::pair<double, std::uint32_t>> drain_against_reference(QueueShape shape, std::size_t pops) {
  constexpr std::uint32_t kStreams = 500;
  RandomStream random(99);
  std::vector<double> mean_gap_s(kStreams);
  for (std::uint32_t s = 0; s < kStreams; ++s) mean_gap_s[s] = 0.01 * std::pow(10.0, 5.0 * s / kStreams);
  CalendarQueue queue(shape.bucket_width_s, shape.bucket_count, kStreams);
  std::set<std::pair<double, std::uint32_t>> reference;
  for (std::uint32_t s = 0; s < kStreams; ++s) {
    const double t = -mean_gap_s[s] * std::log(random.uniform01());
    queue.push({t, s});
    reference.emplace(t, s);
  }
  std::vector<std::pair<double, std::uint32_t>> mismatches;
  for (std::size_t i = 0; i < pops; ++i) {
    EXPECT_EQ(queue.size(), reference.size());
    const auto expected = *reference.begin();
    reference.erase(reference.begin());
    const auto got = queue.top();
    queue.pop();
    if (got.time_s != expected.first || got.stream != expected.second) mismatches.emplace_back(got.time_s, got.stream);
    const double next = got.time_s - mean_gap_s[got.stream] * std::log(random.uniform01());
    queue.push({next, got.stream});
    reference.emplace(next, got.stream);
  }
  return mismatches;
}

class CalendarQueueOrder : public ::testing::TestWithParam<QueueShape> {};

TEST_P(CalendarQueueOrder, PopsInTimeThenStreamOrderLikeAnOrderedSet) {
  EXPECT_TRUE(drain_against_reference(GetParam(), 100'000).empty());
}

// Narrow buckets and a short ring (most entries wait beyond the horizon), a balanced
// shape, and one bucket wider than the whole run (the queue degenerates to a sorted list).
INSTANTIATE_TEST_SUITE_P(CalendarQueue, CalendarQueueOrder,
                         ::testing::Values(QueueShape{1e-4, 16}, QueueShape{0.002, 1024}, QueueShape{1e9, 4}));

TEST(CalendarQueue, EqualTimesComeOutInStreamOrder) {
  CalendarQueue queue(1.0, 8, 4);
  for (std::uint32_t s : {3U, 1U, 2U, 0U}) queue.push({5.0, s});
  for (std::uint32_t s = 0; s < 4; ++s) {
    ASSERT_FALSE(queue.empty());
    EXPECT_EQ(queue.top().stream, s);
    queue.pop();
  }
  EXPECT_TRUE(queue.empty());
}

TEST(CalendarQueue, ReachesEntriesFarBeyondTheHorizon) {
  // Entries a million buckets ahead wait in the heap; the queue jumps to them.
  CalendarQueue queue(1e-3, 64, 2);
  queue.push({1e3, 1});
  queue.push({2e3, 0});
  EXPECT_EQ(queue.top().time_s, 1e3);
  queue.pop();
  EXPECT_EQ(queue.top().time_s, 2e3);
  queue.pop();
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace citynet::demand
