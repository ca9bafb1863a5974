#include "metrics/replication_statistics.hpp"

#include <array>
#include <cassert>
#include <cmath>
#include <vector>

namespace citynet::metrics {
namespace {

// t(0.975, ν) for ν = 1..30 (any statistics table, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
constexpr std::array<double, 30> kStudentT975{
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
    2.262157163,  2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299,
    2.109815578,  2.100922040, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456};

constexpr double kNormal975 = 1.959963984540054;  // the standard normal's 97.5% quantile

}  // namespace

double student_t_975(std::size_t degrees_of_freedom) {
  assert(degrees_of_freedom >= 1);
  if (degrees_of_freedom <= kStudentT975.size()) return kStudentT975[degrees_of_freedom - 1];
  // Cornish-Fisher expansion of t in powers of 1/ν (Abramowitz & Stegun 26.7.5).
  const double z = kNormal975;
  const double v = static_cast<double>(degrees_of_freedom);
  const double z3 = z * z * z;
  const double z5 = z3 * z * z;
  const double z7 = z5 * z * z;
  const double z9 = z7 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

MeanEstimate estimate_mean(std::span<const double> values, MetricRange range) {
  assert(!values.empty());
  MeanEstimate estimate;
  estimate.replications = values.size();
  double sum = 0;
  for (const double value : values) sum += value;
  const double n = static_cast<double>(values.size());
  estimate.mean = sum / n;
  if (values.size() < 2) return estimate;
  double squares = 0;
  for (const double value : values) squares += (value - estimate.mean) * (value - estimate.mean);
  const double half_width = student_t_975(values.size() - 1) * std::sqrt(squares / (n - 1) / n);
  double low = estimate.mean - half_width;
  double high = estimate.mean + half_width;
  if (range.low && low < *range.low) {
    low = *range.low;
    estimate.ci95_clipped = true;
  }
  if (range.high && high > *range.high) {
    high = *range.high;
    estimate.ci95_clipped = true;
  }
  estimate.ci95_low = low;
  estimate.ci95_high = high;
  return estimate;
}

MeanEstimate estimate_paired_difference(std::span<const double> plan, std::span<const double> baseline,
                                        MetricRange range) {
  assert(plan.size() == baseline.size());
  std::vector<double> differences(plan.size());
  for (std::size_t r = 0; r < plan.size(); ++r) differences[r] = plan[r] - baseline[r];
  MetricRange difference_range;
  if (range.low && range.high) difference_range = MetricRange{*range.low - *range.high, *range.high - *range.low};
  return estimate_mean(differences, difference_range);
}

bool significant(const MeanEstimate& difference) {
  return (difference.ci95_low && *difference.ci95_low > 0) || (difference.ci95_high && *difference.ci95_high < 0);
}

}  // namespace citynet::metrics
