// Statistics over replications: Student's t against tabulated quantiles, intervals of
// known data, and pairing by replication.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/replication_statistics.hpp"

namespace citynet::metrics {
namespace {

constexpr double kTableTolerance = 1e-5;  // tables give 5-6 significant digits

struct TQuantileCase {
  std::size_t degrees_of_freedom;
  double quantile;  // t(0.975, ν), NIST/SEMATECH table and R's qt(0.975, ν)
};

TEST(StudentT, MatchesTabulatedQuantilesInTheTableAndBeyond) {
  const std::vector<TQuantileCase> cases{{1, 12.706205}, {2, 4.302653},   {4, 2.776445},  {9, 2.262157},
                                         {30, 2.042272}, {31, 2.039513},  {40, 2.021075}, {60, 2.000298},
                                         {120, 1.979930}, {1000, 1.962339}};
  for (const TQuantileCase& c : cases) {
    EXPECT_NEAR(student_t_975(c.degrees_of_freedom), c.quantile, kTableTolerance) << "ν = " << c.degrees_of_freedom;
  }
}

TEST(StudentT, DecreasesTowardsTheNormalQuantile) {
  for (std::size_t v = 1; v < 500; ++v) EXPECT_GT(student_t_975(v), student_t_975(v + 1)) << v;
  EXPECT_NEAR(student_t_975(1'000'000), 1.959964, kTableTolerance);
}

TEST(EstimateMean, IntervalIsTTimesTheStandardError) {
  // Mean 3, sample sd sqrt(2.5), n = 5: half-width t(0.975, 4) · sqrt(2.5 / 5).
  const std::vector<double> values{1, 2, 3, 4, 5};
  const MeanEstimate estimate = estimate_mean(values);
  const double half_width = 2.776445 * std::sqrt(0.5);
  EXPECT_EQ(estimate.replications, 5U);
  EXPECT_DOUBLE_EQ(estimate.mean, 3);
  ASSERT_TRUE(estimate.ci95_low && estimate.ci95_high);
  EXPECT_NEAR(*estimate.ci95_low, 3 - half_width, kTableTolerance);
  EXPECT_NEAR(*estimate.ci95_high, 3 + half_width, kTableTolerance);
}

TEST(EstimateMean, OneReplicationHasNoInterval) {
  const std::vector<double> values{0.7};
  const MeanEstimate estimate = estimate_mean(values);
  EXPECT_DOUBLE_EQ(estimate.mean, 0.7);
  EXPECT_FALSE(estimate.ci95_low);
  EXPECT_FALSE(estimate.ci95_high);
}

TEST(PairedDifference, IdenticalRunsDifferByExactlyZero) {
  const std::vector<double> runs{0.31, 0.47, 0.29, 0.52};
  const MeanEstimate difference = estimate_paired_difference(runs, runs);
  EXPECT_EQ(difference.mean, 0.0);
  EXPECT_EQ(*difference.ci95_low, 0.0);
  EXPECT_EQ(*difference.ci95_high, 0.0);
}

TEST(PairedDifference, AConstantShiftHasAnIntervalOfWidthZeroWhateverTheSpread) {
  // Pairing removes what both runs of a replication share: here everything but the shift.
  const std::vector<double> baseline{0.2, 0.9, 0.4, 0.6};
  const std::vector<double> plan{0.1, 0.8, 0.3, 0.5};
  const MeanEstimate difference = estimate_paired_difference(plan, baseline);
  EXPECT_NEAR(difference.mean, -0.1, 1e-12);
  EXPECT_NEAR(*difference.ci95_high - *difference.ci95_low, 0.0, 1e-12);
  const MeanEstimate unpaired = estimate_mean(plan);
  EXPECT_GT(*unpaired.ci95_high - *unpaired.ci95_low, 0.5);
}

TEST(EstimateMean, AShareIntervalNeverLeavesZeroToOne) {
  // Shares of a few replications, near the edges and far apart: the t interval of each
  // reaches past 0 or 1 (two replications of 0.43 and 1.0: 0.715 ± 3.6) and is cut there.
  const std::vector<std::vector<double>> cases{
      {0.43, 1.0}, {0.0, 0.02}, {0.97, 1.0, 0.99}, {0.0, 1.0}, {0.0, 0.0, 0.01}, {0.5, 0.5}, {0.2, 0.8, 0.5, 0.1}};
  for (const std::vector<double>& shares : cases) {
    const MeanEstimate estimate = estimate_mean(shares, kShare);
    ASSERT_TRUE(estimate.ci95_low && estimate.ci95_high);
    EXPECT_GE(*estimate.ci95_low, 0.0) << shares.front();
    EXPECT_LE(*estimate.ci95_high, 1.0) << shares.front();
    EXPECT_LE(*estimate.ci95_low, estimate.mean);
    EXPECT_GE(*estimate.ci95_high, estimate.mean);
  }
}

TEST(EstimateMean, AnIntervalIsCutOnlyWhereItLeavesTheRangeAndSaysSo) {
  // 0.43 and 1.0: mean 0.715, half-width t(0.975, 1) · 0.285 = 3.62 both ways: cut to the
  // whole of [0, 1]. Unbounded, the same values keep their symmetric t interval.
  const std::vector<double> apart{0.43, 1.0};
  const MeanEstimate cut = estimate_mean(apart, kShare);
  EXPECT_TRUE(cut.ci95_clipped);
  EXPECT_EQ(*cut.ci95_low, 0.0);
  EXPECT_EQ(*cut.ci95_high, 1.0);
  const MeanEstimate free = estimate_mean(apart);
  EXPECT_FALSE(free.ci95_clipped);
  EXPECT_NEAR(*free.ci95_high - free.mean, 12.706205 * 0.285, kTableTolerance);
  // A count near 0 is cut below only; the upper bound stays the t bound.
  const std::vector<double> counts{0, 0, 3};
  const MeanEstimate count = estimate_mean(counts, kNonNegative);
  EXPECT_TRUE(count.ci95_clipped);
  EXPECT_EQ(*count.ci95_low, 0.0);
  EXPECT_DOUBLE_EQ(*count.ci95_high, *estimate_mean(counts).ci95_high);
  // 1..5 as shares of 10: well inside [0, 1], not cut.
  const std::vector<double> inside{0.1, 0.2, 0.3, 0.4, 0.5};
  const MeanEstimate kept = estimate_mean(inside, kShare);
  EXPECT_FALSE(kept.ci95_clipped);
  EXPECT_NEAR(*kept.ci95_low, 0.3 - 2.776445 * std::sqrt(0.005), kTableTolerance);
}

TEST(PairedDifference, OfSharesStaysWithinMinusOneToOne) {
  const std::vector<double> baseline{0.0, 1.0};
  const std::vector<double> plan{1.0, 0.9};
  const MeanEstimate difference = estimate_paired_difference(plan, baseline, kShare);
  EXPECT_TRUE(difference.ci95_clipped);
  EXPECT_GE(*difference.ci95_low, -1.0);
  EXPECT_LE(*difference.ci95_high, 1.0);
}

TEST(PairedDifference, OfIdenticalRunsIsNotSignificant) {
  // An interval of exactly [0, 0] does not exclude 0: no gain to put a cost on.
  const std::vector<double> runs{0.31, 0.47, 0.29, 0.52};
  EXPECT_FALSE(significant(estimate_paired_difference(runs, runs, kShare)));
}

TEST(PairedDifference, IsSignificantWhenItsIntervalExcludesZero) {
  const std::vector<double> baseline{0.2, 0.9, 0.4, 0.6};
  const std::vector<double> lower{0.1, 0.8, 0.3, 0.5};   // every replication 0.1 lower
  const std::vector<double> mixed{0.3, 0.8, 0.5, 0.5};   // up and down by 0.1: mean 0
  const std::vector<double> one{0.5};
  const std::vector<double> one_baseline{0.7};
  EXPECT_TRUE(significant(estimate_paired_difference(lower, baseline)));
  EXPECT_TRUE(significant(estimate_paired_difference(baseline, lower)));
  EXPECT_FALSE(significant(estimate_paired_difference(mixed, baseline)));
  // One replication has no interval, so no difference is significant.
  EXPECT_FALSE(significant(estimate_paired_difference(one, one_baseline)));
}

}  // namespace
}  // namespace citynet::metrics
