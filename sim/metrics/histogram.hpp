#pragma once
// Fixed-bin histograms for flow rates, so that percentiles over tens of millions of flows
// cost constant memory and come out the same whatever the order flows finish in.
//
// RateHistogram: log-spaced bins, kRateBinsPerDecade per decade from kMinRate_bps to
// kMaxRate_bps (values outside are put in the end bins): a relative width of 1.2%.
// ShareHistogram: linear bins of kShareBinWidth over [0, kMaxShare] for rates as a share of
// the line rate.
// A percentile is the mean of the values in its bin: within a bin's width of the exact
// value, and exact where the values in the bin are all equal (flows at their line rate).
// Percentiles use the nearest-rank rule: the smallest value with at least q·n values at or
// below it.
#include <cstdint>
#include <optional>
#include <vector>

namespace citynet::metrics {

inline constexpr double kMinRate_bps = 1.0;
inline constexpr double kMaxRate_bps = 1e12;
inline constexpr int kRateBinsPerDecade = 200;
inline constexpr double kShareBinWidth = 0.001;
inline constexpr double kMaxShare = 2.0;  // fast mode may overbook a line for one interval

class Histogram {
 public:
  [[nodiscard]] std::uint64_t count() const { return count_; }
  // Empty when no value was added; q in [0, 1].
  [[nodiscard]] std::optional<double> percentile(double q) const;
  // The bins, for writing the distribution out; a subclass says where each bin lies.
  [[nodiscard]] std::size_t bin_count() const { return counts_.size(); }
  [[nodiscard]] std::uint64_t count_in_bin(std::size_t bin) const { return counts_[bin]; }

 protected:
  explicit Histogram(std::size_t bins) : counts_(bins, 0), sums_(bins, 0.0) {}
  void add_to_bin(std::size_t bin, double value);

 private:
  std::vector<std::uint64_t> counts_;
  std::vector<double> sums_;
  std::uint64_t count_ = 0;
};

class RateHistogram : public Histogram {
 public:
  RateHistogram();
  void add(double rate_bps);
  // Bin edges; the first and last bins also hold the values below and above the range.
  [[nodiscard]] static double bin_low_bps(std::size_t bin);
  [[nodiscard]] static double bin_high_bps(std::size_t bin) { return bin_low_bps(bin + 1); }
};

class ShareHistogram : public Histogram {
 public:
  ShareHistogram();
  void add(double share);
  // Bin edges; the last bin also holds the shares above kMaxShare.
  [[nodiscard]] static double bin_low(std::size_t bin) { return static_cast<double>(bin) * kShareBinWidth; }
  [[nodiscard]] static double bin_high(std::size_t bin) { return bin_low(bin + 1); }
};

}  // namespace citynet::metrics
