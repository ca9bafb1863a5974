// Fast mode's bottleneck clock: V integrates the level over time, and the groups come out
// in the order of their finish points whatever is placed, moved and removed in between.
#include "engine/bottleneck_clock.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <utility>

namespace citynet::engine {
namespace {

TEST(BottleneckClock, VIsTheIntegralOfTheLevel) {
  BottleneckClock clock;
  clock.set_level(2.0);
  clock.advance(3.0);  // 2 * 3
  clock.set_level(0.5);
  clock.advance(7.0);  // + 0.5 * 4
  EXPECT_DOUBLE_EQ(clock.v(), 8.0);
  clock.advance(6.0);  // time never runs back
  EXPECT_DOUBLE_EQ(clock.v(), 8.0);
}

TEST(BottleneckClock, TheFirstFinishComesWhenVReachesItsPoint) {
  BottleneckClock clock;
  EXPECT_EQ(clock.first_finish_s(), BottleneckClock::kNever);
  clock.set_level(4.0);
  clock.advance(1.0);            // V = 4
  clock.place(7, 24.0);          // 20 more at 4 per second
  clock.place(3, 12.0);          // 8 more
  EXPECT_EQ(clock.first_group(), 3u);
  EXPECT_DOUBLE_EQ(clock.first_finish_s(), 3.0);
  clock.set_level(2.0);          // a solve halves the level: one finish moves, not each group's
  EXPECT_DOUBLE_EQ(clock.first_finish_s(), 5.0);
  clock.set_level(0.0);          // nothing moves until capacity returns
  EXPECT_EQ(clock.first_finish_s(), BottleneckClock::kNever);
  clock.remove(3);
  EXPECT_EQ(clock.first_group(), 7u);
}

TEST(BottleneckClock, ShiftingBackKeepsWhatIsLeftOfEachGroup) {
  BottleneckClock clock;
  clock.set_level(1.0);
  clock.advance(100.0);
  clock.place(1, 150.0);
  clock.place(2, 120.0);
  clock.shift_back(clock.v());
  EXPECT_DOUBLE_EQ(clock.v(), 0.0);
  EXPECT_DOUBLE_EQ(clock.first_finish_v(), 20.0);
  EXPECT_DOUBLE_EQ(clock.first_finish_s(), 120.0);
}

TEST(BottleneckClock, RandomPlacesMovesAndRemovesComeOutInFinishOrder) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 40; ++trial) {
    BottleneckClock clock;
    std::map<std::uint32_t, double> reference;  // group -> finish point
    const std::uint32_t groups = 1 + static_cast<std::uint32_t>(rng() % 50);
    for (int step = 0; step < 3000; ++step) {
      const auto group = static_cast<std::uint32_t>(rng() % groups);
      const double finish_v = static_cast<double>(rng() % 30);  // ties are common
      if (rng() % 3 != 0) {
        clock.place(group, finish_v);
        reference[group] = finish_v;
      } else if (reference.contains(group)) {
        clock.remove(group);
        reference.erase(group);
      }
      ASSERT_EQ(clock.size(), reference.size());
      for (std::uint32_t g = 0; g < groups; ++g) ASSERT_EQ(clock.holds(g), reference.contains(g));
      if (reference.empty()) continue;
      const auto first = std::min_element(reference.begin(), reference.end(), [](const auto& a, const auto& b) {
        return std::pair(a.second, a.first) < std::pair(b.second, b.first);
      });
      ASSERT_EQ(clock.first_group(), first->first) << "trial " << trial << " step " << step;
      ASSERT_EQ(clock.first_finish_v(), first->second);
    }
  }
}

}  // namespace
}  // namespace citynet::engine
