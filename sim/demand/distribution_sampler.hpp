#pragma once
// Samplers for the scenario's size and duration distributions, each truncated at `max`
// when one is given. Truncation conditions on the value being at most `max` (the tail
// above it is cut off and the rest rescaled), not clipping: a truncated Pareto is the
// bounded Pareto of the literature, whose mean has the closed form used below.
//
//   fixed        x = mean (min(mean, max) when truncated)
//   exponential  F(x) = 1 - exp(-x/mean)
//   lognormal    ln x ~ N(mu, sigma^2) with sigma^2 = ln(1 + sd^2/mean^2),
//                mu = ln(mean) - sigma^2/2, so that E[x] = mean and sd(x) = sd untruncated
//   pareto       F(x) = 1 - (min/x)^alpha for x >= min
//
// Every sampler is an inverse transform of exactly one uniform draw, so a stream's later
// draws never depend on which distribution an earlier one used.
#include "core/rng.hpp"
#include "scenario/scenario.hpp"

namespace citynet::demand {

class DistributionSampler {
 public:
  explicit DistributionSampler(const scenario::Distribution& distribution);

  [[nodiscard]] double operator()(RandomStream& random) const { return quantile(random.uniform01()); }

  // The inverse of the (truncated) distribution function, for u in (0, 1).
  [[nodiscard]] double quantile(double u) const;

 private:
  scenario::Distribution::Kind kind_;
  double fixed_value_ = 0;
  double scale_ = 0;          // exponential mean, pareto min
  double mu_ = 0;             // lognormal
  double sigma_ = 0;          // lognormal
  double inverse_alpha_ = 0;  // pareto
  double kept_mass_ = 1;      // F(max) of the untruncated distribution: draws use u * F(max)
};

// The mean of the (truncated) distribution; +infinity for an untruncated Pareto with
// alpha <= 1.
[[nodiscard]] double distribution_mean(const scenario::Distribution& distribution);

// Standard normal distribution function and its inverse (Acklam's rational approximation,
// relative error below 1.15e-9: no refinement step, which would cost an erfc per draw).
[[nodiscard]] double standard_normal_cdf(double z);
[[nodiscard]] double standard_normal_quantile(double p);

}  // namespace citynet::demand
