#include "demand/distribution_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

namespace citynet::demand {
namespace {

using Kind = scenario::Distribution::Kind;

struct LognormalParameters {
  double mu = 0;
  double sigma = 0;
};

[[nodiscard]] LognormalParameters lognormal_parameters(double mean, double sd) {
  const double variance_of_log = std::log1p((sd * sd) / (mean * mean));
  return {std::log(mean) - variance_of_log / 2, std::sqrt(variance_of_log)};
}

// A lognormal with no spread is a fixed value; the formulas below would divide by zero.
[[nodiscard]] bool is_degenerate_lognormal(const scenario::Distribution& d) { return d.sd <= 0; }

[[nodiscard]] double fixed_value(const scenario::Distribution& d) {
  return d.max ? std::min(d.mean, *d.max) : d.mean;
}

[[nodiscard]] double exponential_mean(double mean, std::optional<double> max) {
  if (!max) return mean;
  const double tail = std::exp(-*max / mean);
  return mean - *max * tail / (1 - tail);
}

[[nodiscard]] double lognormal_mean(double mean, double sd, std::optional<double> max) {
  if (!max) return mean;
  const auto [mu, sigma] = lognormal_parameters(mean, sd);
  const double log_max = std::log(*max);
  return mean * standard_normal_cdf((log_max - mu - sigma * sigma) / sigma) /
         standard_normal_cdf((log_max - mu) / sigma);
}

[[nodiscard]] double pareto_mean(double alpha, double min, std::optional<double> max) {
  if (!max) {
    return alpha > 1 ? alpha * min / (alpha - 1) : std::numeric_limits<double>::infinity();
  }
  const double ratio = min / *max;
  if (alpha == 1) return min * std::log(*max / min) / (1 - ratio);
  return std::pow(min, alpha) / (1 - std::pow(ratio, alpha)) * alpha / (alpha - 1) *
         (std::pow(min, 1 - alpha) - std::pow(*max, 1 - alpha));
}

}  // namespace

DistributionSampler::DistributionSampler(const scenario::Distribution& d) : kind_(d.kind) {
  switch (d.kind) {
    case Kind::fixed:
      fixed_value_ = fixed_value(d);
      break;
    case Kind::exponential:
      scale_ = d.mean;
      if (d.max) kept_mass_ = -std::expm1(-*d.max / d.mean);
      break;
    case Kind::lognormal:
      if (is_degenerate_lognormal(d)) {
        kind_ = Kind::fixed;
        fixed_value_ = fixed_value(d);
        break;
      }
      mu_ = lognormal_parameters(d.mean, d.sd).mu;
      sigma_ = lognormal_parameters(d.mean, d.sd).sigma;
      if (d.max) kept_mass_ = standard_normal_cdf((std::log(*d.max) - mu_) / sigma_);
      break;
    case Kind::pareto:
      scale_ = d.min;
      inverse_alpha_ = 1 / d.alpha;
      if (d.max) kept_mass_ = 1 - std::pow(d.min / *d.max, d.alpha);
      break;
  }
}

double DistributionSampler::quantile(double u) const {
  const double p = u * kept_mass_;
  switch (kind_) {
    case Kind::fixed:
      return fixed_value_;
    case Kind::exponential:
      return -scale_ * std::log1p(-p);
    case Kind::lognormal:
      return std::exp(mu_ + sigma_ * standard_normal_quantile(p));
    case Kind::pareto:
      return scale_ * std::pow(1 - p, -inverse_alpha_);
  }
  return fixed_value_;
}

double distribution_mean(const scenario::Distribution& d) {
  switch (d.kind) {
    case Kind::fixed:
      return fixed_value(d);
    case Kind::exponential:
      return exponential_mean(d.mean, d.max);
    case Kind::lognormal:
      return is_degenerate_lognormal(d) ? fixed_value(d) : lognormal_mean(d.mean, d.sd, d.max);
    case Kind::pareto:
      return pareto_mean(d.alpha, d.min, d.max);
  }
  return d.mean;
}

double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double standard_normal_quantile(double p) {
  // Acklam's coefficients (P. J. Acklam, "An algorithm for computing the inverse normal
  // cumulative distribution function", 2003): relative error below 1.15e-9, far below what sampling can see.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  static constexpr double kLowerRegion = 0.02425;  // below it (and above 1 - it) the tail form
  if (p < kLowerRegion) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - kLowerRegion) {
    const double q = std::sqrt(-2 * std::log1p(-p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace citynet::demand
