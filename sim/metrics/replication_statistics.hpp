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
//
// Range. A metric may have a range its values, and so its mean, cannot leave: a share lies
// in [0, 1], a count, a duration or a utilization is at or above 0. The t interval knows
// nothing of it: with few replications, or a share near 0 or 1, it reaches past the range
// (two replications of 0.43 and 1.0 give 0.715 ± 3.6). The interval is then cut at the
// range and marked clipped. Cutting keeps the 95% coverage: the true mean lies in the
// range, so an interval misses it after the cut only if it missed it before. A clipped
// interval is still wide; it says that the replications are too few to tell more, which
// the report shows by printing the interval itself rather than a ± half-width. The paired
// difference of a metric in [low, high] lies in [low − high, high − low] and is cut there.
//
// Significance: a paired difference is significant at 95% when its interval excludes 0
// (the two-sided paired t test at 5%); with one replication nothing is.
#include <cstddef>
#include <optional>
#include <span>

namespace citynet::metrics {

// The 97.5% quantile of Student's t with `degrees_of_freedom` ≥ 1 (the half-width factor of
// a two-sided 95% interval).
[[nodiscard]] double student_t_975(std::size_t degrees_of_freedom);

// The values a metric can take; an empty bound: none that way.
struct MetricRange {
  std::optional<double> low;
  std::optional<double> high;
};

inline constexpr MetricRange kUnbounded{};
inline constexpr MetricRange kNonNegative{0.0, std::nullopt};
inline constexpr MetricRange kShare{0.0, 1.0};

struct MeanEstimate {
  std::size_t replications = 0;
  double mean = 0;
  std::optional<double> ci95_low;   // empty with fewer than two replications
  std::optional<double> ci95_high;
  bool ci95_clipped = false;        // the t interval reached past the metric's range and was cut there
};

// `values` must not be empty and lie in `range`.
[[nodiscard]] MeanEstimate estimate_mean(std::span<const double> values, MetricRange range = kUnbounded);

// Replication r of `plan` paired with replication r of `baseline` (same length, not empty),
// both of a metric in `range`.
[[nodiscard]] MeanEstimate estimate_paired_difference(std::span<const double> plan, std::span<const double> baseline,
                                                      MetricRange range = kUnbounded);

// The interval excludes 0 (see the header comment); false without an interval.
[[nodiscard]] bool significant(const MeanEstimate& difference);

}  // namespace citynet::metrics
