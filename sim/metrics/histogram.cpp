#include "metrics/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace citynet::metrics {
namespace {

const double kRateDecades = std::log10(kMaxRate_bps / kMinRate_bps);
const auto kRateBins = static_cast<std::size_t>(std::lround(kRateDecades * kRateBinsPerDecade));
const auto kShareBins = static_cast<std::size_t>(std::lround(kMaxShare / kShareBinWidth));

[[nodiscard]] std::size_t clamp_bin(double position, std::size_t bins) {
  if (!(position > 0)) return 0;  // also NaN
  return std::min(static_cast<std::size_t>(position), bins - 1);
}

}  // namespace

void Histogram::add_to_bin(std::size_t bin, double value) {
  ++counts_[bin];
  sums_[bin] += value;
  ++count_;
}

std::optional<double> Histogram::percentile(double q) const {
  if (count_ == 0) return std::nullopt;
  // Nearest rank: the rank-th smallest value, rank = ceil(q n), at least 1.
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t bin = 0; bin < counts_.size(); ++bin) {
    seen += counts_[bin];
    if (seen >= rank) return sums_[bin] / static_cast<double>(counts_[bin]);
  }
  return std::nullopt;  // unreachable: the counts sum to count_
}

RateHistogram::RateHistogram() : Histogram(kRateBins) {}

double RateHistogram::bin_low_bps(std::size_t bin) {
  return kMinRate_bps * std::pow(10.0, static_cast<double>(bin) / kRateBinsPerDecade);
}

void RateHistogram::add(double rate_bps) {
  add_to_bin(clamp_bin(std::log10(rate_bps / kMinRate_bps) * kRateBinsPerDecade, kRateBins), rate_bps);
}

ShareHistogram::ShareHistogram() : Histogram(kShareBins) {}

void ShareHistogram::add(double share) { add_to_bin(clamp_bin(share / kShareBinWidth, kShareBins), share); }

}  // namespace citynet::metrics
