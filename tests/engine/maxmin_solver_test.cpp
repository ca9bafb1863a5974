// The max-min solver against hand-solved allocations and against the definition itself.
#include "engine/maxmin_solver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/rng.hpp"

namespace citynet::engine {
namespace {

// Rates are sums and quotients of a few capacities: agreement to this relative error.
constexpr double kRelativeTolerance = 1e-12;

void expect_rates(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], kRelativeTolerance * std::max(1.0, std::abs(expected[i]))) << "flow " << i;
  }
}

TEST(MaxMinSolver, TwoFlowsOnOneLinkGetHalfEach) {
  const SharingProblem problem{{10e6}, {{{0}, {}, 1}, {{0}, {}, 1}}};
  expect_rates(solve_max_min(problem), {5e6, 5e6});
}

TEST(MaxMinSolver, CappedFlowKeepsItsCapAndTheOtherGetsTheRest) {
  // The cap (2) is below the fair share (5), so the uncapped flow takes 10 - 2.
  const SharingProblem problem{{10}, {{{0}, 2.0, 1}, {{0}, {}, 1}}};
  expect_rates(solve_max_min(problem), {2, 8});
}

TEST(MaxMinSolver, CapAboveTheFairShareDoesNotBind) {
  const SharingProblem problem{{10}, {{{0}, 7.0, 1}, {{0}, {}, 1}}};
  expect_rates(solve_max_min(problem), {5, 5});
}

TEST(MaxMinSolver, ParkingLotGivesEveryFlowOneHalf) {
  // L unit links; one long flow crosses all, one short flow each link: each link carries
  // exactly two flows, so each flow's fair share is 1/2 on every link.
  for (std::uint32_t links = 1; links <= 6; ++links) {
    SharingProblem problem;
    problem.capacity_bps.assign(links, 1.0);
    SharedFlow long_flow;
    for (std::uint32_t r = 0; r < links; ++r) long_flow.resources.push_back(r);
    problem.flows.push_back(long_flow);
    for (std::uint32_t r = 0; r < links; ++r) problem.flows.push_back({{r}, {}, 1});
    expect_rates(solve_max_min(problem), std::vector<double>(links + 1, 0.5));
  }
}

TEST(MaxMinSolver, FlowWithTwiceTheWeightGetsTwiceTheRate) {
  const SharingProblem problem{{9}, {{{0}, {}, 1}, {{0}, {}, 2}}};
  expect_rates(solve_max_min(problem), {3, 6});
}

TEST(MaxMinSolver, SwitchingCapacityIsAResourceSharedByThePathsThroughTheNode) {
  // Two 10 bit/s links into a node that switches 5 bit/s: the node is the bottleneck.
  const SharingProblem problem{{10, 10, 5}, {{{0, 2}, {}, 1}, {{1, 2}, {}, 1}}};
  expect_rates(solve_max_min(problem), {2.5, 2.5});
}

TEST(MaxMinSolver, CapacityLeftByABottleneckedFlowGoesToTheOthers) {
  // Link 0 (1) is shared by A and B; link 1 (10) by B and C. B is held to 1/2 on link 0,
  // so C takes 10 - 1/2.
  const SharingProblem problem{{1, 10}, {{{0}, {}, 1}, {{0, 1}, {}, 1}, {{1}, {}, 1}}};
  expect_rates(solve_max_min(problem), {0.5, 0.5, 9.5});
}

TEST(MaxMinSolver, ResourceOfCapacityZeroGivesItsFlowsRateZero) {
  const SharingProblem problem{{0, 10}, {{{0, 1}, {}, 1}, {{1}, {}, 1}}};
  expect_rates(solve_max_min(problem), {0, 10});
}

TEST(MaxMinSolver, FlowWithoutResourcesGetsItsCapOrIsUnbounded) {
  const SharingProblem problem{{10}, {{{}, 3.0, 1}, {{}, {}, 1}}};
  const auto rates = solve_max_min(problem);
  EXPECT_EQ(rates[0], 3.0);
  EXPECT_EQ(rates[1], kUnbounded);
}

TEST(MaxMinSolver, GroupOfIdenticalFlowsSolvesLikeTheFlowsThemselves) {
  // Three identical flows (weight 1, cap 4) and one other flow on a 10 bit/s link; as a
  // group of weight 3 they must get the same per-flow rate: min(4, 10/4) = 2.5.
  MaxMinSolver solver;
  const std::vector<std::uint32_t> path{0};
  const std::vector<MaxMinSolver::Group> groups{{path, 3.0, 4.0}, {path, 1.0, kUnbounded}};
  const std::vector<double> capacity{10};
  solver.solve(capacity, groups);
  EXPECT_NEAR(solver.level(0), 2.5, kRelativeTolerance);
  EXPECT_NEAR(solver.level(1), 2.5, kRelativeTolerance);
  EXPECT_FALSE(solver.capped(0));
  EXPECT_NEAR(solver.saturation_level(0), 2.5, kRelativeTolerance);
}

// The definition: feasible, and every flow has a bottleneck (its cap, or a saturated
// resource on which its normalised rate is the largest).
TEST(MaxMinSolver, RandomProblemsSatisfyTheBottleneckDefinition) {
  constexpr int kProblems = 300;
  constexpr double kSlack = 1e-9;
  RandomStream rng(derive_seed(7, {hash_name("maxmin-definition")}));
  for (int p = 0; p < kProblems; ++p) {
    SharingProblem problem;
    const std::uint32_t resources = 1 + rng() % 12;
    for (std::uint32_t r = 0; r < resources; ++r) problem.capacity_bps.push_back(1 + 99 * rng.uniform01());
    const int flows = 1 + static_cast<int>(rng() % 25);
    for (int f = 0; f < flows; ++f) {
      SharedFlow flow;
      for (std::uint32_t r = 0; r < resources; ++r) {
        if (rng.uniform01() < 0.3) flow.resources.push_back(r);
      }
      if (flow.resources.empty()) flow.resources.push_back(static_cast<std::uint32_t>(rng() % resources));
      if (rng.uniform01() < 0.4) flow.rate_cap_bps = 1 + 30 * rng.uniform01();
      flow.weight = 1 + static_cast<double>(rng() % 3);
      problem.flows.push_back(flow);
    }
    const auto rates = solve_max_min(problem);
    std::vector<double> load(resources, 0.0);
    for (int f = 0; f < flows; ++f) {
      for (auto r : problem.flows[f].resources) load[r] += rates[f];
    }
    for (std::uint32_t r = 0; r < resources; ++r) {
      EXPECT_LE(load[r], problem.capacity_bps[r] * (1 + kSlack)) << "problem " << p;
    }
    for (int f = 0; f < flows; ++f) {
      const SharedFlow& flow = problem.flows[f];
      if (flow.rate_cap_bps) {
        EXPECT_LE(rates[f], *flow.rate_cap_bps * (1 + kSlack));
      }
      bool bottleneck = flow.rate_cap_bps && rates[f] >= *flow.rate_cap_bps * (1 - kSlack);
      for (auto r : flow.resources) {
        if (load[r] < problem.capacity_bps[r] * (1 - kSlack)) continue;
        bool largest = true;
        for (int g = 0; g < flows; ++g) {
          const auto& other = problem.flows[g].resources;
          if (std::find(other.begin(), other.end(), r) == other.end()) continue;
          largest = largest &&
                    rates[g] / problem.flows[g].weight <= rates[f] / flow.weight * (1 + kSlack);
        }
        bottleneck = bottleneck || largest;
      }
      EXPECT_TRUE(bottleneck) << "problem " << p << " flow " << f;
    }
  }
}

}  // namespace
}  // namespace citynet::engine
