#pragma once
// Statistics over independent replications of a run: the mean with its 95% confidence
// interval, and the paired difference of a plan from the baseline when replication r of
// both used the same random numbers (common random numbers): d_r = plan_r − baseline_r,
// mean(d) ± t(0.975, R−1) · sd(d) / √R. Pairing removes the demand's variation that both
// runs share, so the paired interval is much narrower than the difference of two means.
//
// Student's t quantile: a table for 1..30 degrees of freedom, then the Cornish-Fisher
// expansion around the normal quantile (error below 1e-5 beyond 30). With one replication
// there is no spread to estimate: the interval is empty.
#include <cstddef>
#include <optional>
#include <span>

namespace citynet::metrics {

// The 97.5% quantile of Student's t with `degrees_of_freedom` ≥ 1 (the half-width factor of
// a two-sided 95% interval).
[[nodiscard]] double student_t_975(std::size_t degrees_of_freedom);

struct MeanEstimate {
  std::size_t replications = 0;
  double mean = 0;
  std::optional<double> ci95_low;   // empty with fewer than two replications
  std::optional<double> ci95_high;
};

// `values` must not be empty.
[[nodiscard]] MeanEstimate estimate_mean(std::span<const double> values);

// Replication r of `plan` paired with replication r of `baseline` (same length, not empty).
[[nodiscard]] MeanEstimate estimate_paired_difference(std::span<const double> plan, std::span<const double> baseline);

}  // namespace citynet::metrics
