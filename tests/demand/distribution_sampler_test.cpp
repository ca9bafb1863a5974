#include "demand/distribution_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace citynet::demand {
namespace {

using Kind = scenario::Distribution::Kind;

// A sample mean lies within this many standard errors of the true mean except with
// probability ~6e-7; the seeds are fixed, so the tests are deterministic anyway.
constexpr double kStandardErrors = 5.0;
constexpr int kSamples = 400'000;
constexpr double kQuantileTolerance = 1e-12;

scenario::Distribution fixed(double value, std::optional<double> max = std::nullopt) {
  scenario::Distribution d;
  d.kind = Kind::fixed;
  d.mean = value;
  d.max = max;
  return d;
}

scenario::Distribution exponential(double mean, std::optional<double> max = std::nullopt) {
  scenario::Distribution d;
  d.kind = Kind::exponential;
  d.mean = mean;
  d.max = max;
  return d;
}

scenario::Distribution lognormal(double mean, double sd, std::optional<double> max = std::nullopt) {
  scenario::Distribution d;
  d.kind = Kind::lognormal;
  d.mean = mean;
  d.sd = sd;
  d.max = max;
  return d;
}

scenario::Distribution pareto(double alpha, double min, std::optional<double> max = std::nullopt) {
  scenario::Distribution d;
  d.kind = Kind::pareto;
  d.alpha = alpha;
  d.min = min;
  d.max = max;
  return d;
}

struct SampleMoments {
  double mean = 0;
  double standard_error = 0;
  double smallest = std::numeric_limits<double>::infinity();
  double largest = 0;
};

SampleMoments sample(const scenario::Distribution& d, std::uint64_t seed) {
  const DistributionSampler sampler(d);
  RandomStream random(seed);
  double sum = 0;
  double sum_squares = 0;
  SampleMoments moments;
  for (int i = 0; i < kSamples; ++i) {
    const double x = sampler(random);
    sum += x;
    sum_squares += x * x;
    moments.smallest = std::min(moments.smallest, x);
    moments.largest = std::max(moments.largest, x);
  }
  moments.mean = sum / kSamples;
  const double variance = sum_squares / kSamples - moments.mean * moments.mean;
  moments.standard_error = std::sqrt(std::max(variance, 0.0) / kSamples);
  return moments;
}

struct MeanCase {
  std::string name;
  scenario::Distribution distribution;
  double theoretical_mean;  // computed by hand from the formulas in the header
};

class SampleMeanMatchesTheory : public ::testing::TestWithParam<MeanCase> {};

TEST_P(SampleMeanMatchesTheory, WithinFiveStandardErrorsAndTheClosedForm) {
  const MeanCase& c = GetParam();
  EXPECT_NEAR(distribution_mean(c.distribution), c.theoretical_mean, 1e-9 * c.theoretical_mean)
      << "distribution_mean disagrees with the hand-computed value";
  const SampleMoments moments = sample(c.distribution, hash_name(c.name));
  EXPECT_NEAR(moments.mean, c.theoretical_mean, kStandardErrors * moments.standard_error + 1e-12);
  if (c.distribution.max) {
    EXPECT_LE(moments.largest, *c.distribution.max) << "truncation keeps every value <= max";
  }
}

// Hand computations:
//  exponential(10) truncated at 20: 10 - 20 e^-2 / (1 - e^-2) = 6.869637...
//  lognormal(10710, 25032) truncated at 1e6: mean * Phi((ln M - mu - s^2)/s) / Phi((ln M - mu)/s)
//    with s^2 = ln(1 + (25032/10710)^2) = 1.8676..., mu = ln 10710 - s^2/2
//  pareto(1.5, 1) untruncated: 1.5 / 0.5 = 3
//  pareto(1.5, 1, 100): 1/(1 - 0.001) * 3 * (1 - 0.1) = 2.7027027...
//  pareto(1, 1, 100): ln(100) / (1 - 0.01) = 4.6517...
//  pareto(1.1, 2, 55): the 3GPP objects-per-page law
INSTANTIATE_TEST_SUITE_P(
    DistributionSampler, SampleMeanMatchesTheory,
    ::testing::Values(
        MeanCase{"fixed", fixed(1500), 1500}, MeanCase{"fixed_truncated", fixed(1500, 1000), 1000},
        MeanCase{"exponential", exponential(30), 30},
        MeanCase{"exponential_truncated", exponential(10, 20), 10 - 20 * std::exp(-2.0) / (1 - std::exp(-2.0))},
        MeanCase{"lognormal", lognormal(10710, 25032), 10710},
        MeanCase{"lognormal_truncated", lognormal(10710, 25032, 1e5),
                 [] {
                   const double s2 = std::log1p((25032.0 / 10710) * (25032.0 / 10710));
                   const double mu = std::log(10710.0) - s2 / 2;
                   const double s = std::sqrt(s2);
                   const double lm = std::log(1e5);
                   return 10710 * 0.5 * std::erfc(-((lm - mu - s2) / s) / std::sqrt(2.0)) /
                          (0.5 * std::erfc(-((lm - mu) / s) / std::sqrt(2.0)));
                 }()},
        MeanCase{"pareto_light", pareto(2.5, 1), 2.5 / 1.5},
        MeanCase{"pareto_truncated", pareto(1.5, 1, 100), 3 * 0.9 / 0.999},
        MeanCase{"pareto_alpha_one_truncated", pareto(1, 1, 100), std::log(100.0) / 0.99},
        MeanCase{"pareto_heavy_truncated", pareto(1.1, 2, 55),
                 std::pow(2, 1.1) / (1 - std::pow(2.0 / 55, 1.1)) * 1.1 / 0.1 *
                     (std::pow(2, -0.1) - std::pow(55, -0.1))}),
    [](const auto& info) { return info.param.name; });

TEST(DistributionSampler, UntruncatedParetoWithAlphaAtMostOneHasNoMean) {
  EXPECT_TRUE(std::isinf(distribution_mean(pareto(1.0, 1))));
  EXPECT_TRUE(std::isinf(distribution_mean(pareto(0.8, 1))));
}

TEST(DistributionSampler, ParetoNeverFallsBelowItsMinimum) {
  EXPECT_GE(sample(pareto(1.2, 5000, 1e9), 7).smallest, 5000.0);
}

TEST(DistributionSampler, LognormalWithoutSpreadIsItsMean) {
  EXPECT_EQ(DistributionSampler(lognormal(42, 0)).quantile(0.9), 42.0);
  EXPECT_EQ(distribution_mean(lognormal(42, 0)), 42.0);
}

TEST(DistributionSampler, QuantileIsTheInverseOfTheDistributionFunction) {
  // F(x) = 1 - exp(-x/mean) for the exponential, (1 - (min/x)^alpha) for the Pareto.
  for (double u : {1e-9, 0.01, 0.3, 0.5, 0.9, 0.999999}) {
    const double x = DistributionSampler(exponential(7)).quantile(u);
    EXPECT_NEAR(-std::expm1(-x / 7), u, kQuantileTolerance);
    const double y = DistributionSampler(pareto(1.3, 2)).quantile(u);
    EXPECT_NEAR(1 - std::pow(2 / y, 1.3), u, kQuantileTolerance);
  }
}

TEST(StandardNormal, QuantileInvertsTheDistributionFunction) {
  // Acklam's approximation is within 1.15e-9 of z relatively; through the density that is
  // an error in p of at most ~z^2 * 1.15e-9 relative to the nearer tail's mass (Mills'
  // ratio), below 1e-7 for p down to 1e-12.
  constexpr double kTailRelativeTolerance = 1e-7;
  constexpr double kRoundingNearOne = 1e-15;
  for (double p : {1e-12, 1e-6, 0.001, 0.02425, 0.2, 0.5, 0.8, 0.97575, 0.999, 1 - 1e-9}) {
    const double tail = std::min(p, 1 - p);
    EXPECT_NEAR(standard_normal_cdf(standard_normal_quantile(p)), p, kTailRelativeTolerance * tail + kRoundingNearOne)
        << "p = " << p;
  }
}

TEST(StandardNormal, QuantileMatchesTabulatedValues) {
  constexpr double kAcklamRelativeError = 1.15e-9;
  // z_0.975 = 1.959963984540054, z_0.999 = 3.090232306167814, z_0.5 = 0 (by symmetry).
  EXPECT_NEAR(standard_normal_quantile(0.975), 1.959963984540054, 1.959963984540054 * kAcklamRelativeError);
  EXPECT_NEAR(standard_normal_quantile(0.001), -3.090232306167814, 3.090232306167814 * kAcklamRelativeError);
  EXPECT_EQ(standard_normal_quantile(0.5), 0.0);
}

}  // namespace
}  // namespace citynet::demand
