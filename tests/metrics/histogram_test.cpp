// The histogram bins as written out: a value lands in the bin whose edges hold it, the bins
// tile the range, and the counts per bin add up to the count.
#include <cmath>
#include <cstdint>

#include <gtest/gtest.h>

#include "metrics/histogram.hpp"

namespace citynet::metrics {
namespace {

template <typename H, typename Low, typename High>
std::size_t bin_of_only_value(const H& histogram, Low low, High high, double value) {
  std::size_t found = histogram.bin_count();
  std::uint64_t total = 0;
  for (std::size_t bin = 0; bin < histogram.bin_count(); ++bin) {
    total += histogram.count_in_bin(bin);
    if (histogram.count_in_bin(bin) > 0) found = bin;
  }
  EXPECT_EQ(total, histogram.count());
  EXPECT_LT(found, histogram.bin_count());
  EXPECT_LE(low(found), value);
  EXPECT_GT(high(found), value);
  return found;
}

TEST(RateHistogram, AValueLandsInTheBinWhoseEdgesHoldIt) {
  for (const double rate_bps : {1.5, 56e3, 1.01e6, 2.048e6, 7.3e8}) {
    RateHistogram histogram;
    histogram.add(rate_bps);
    bin_of_only_value(histogram, RateHistogram::bin_low_bps, RateHistogram::bin_high_bps, rate_bps);
  }
}

TEST(RateHistogram, BinsTileFromTheLeastToTheGreatestRate) {
  const RateHistogram histogram;
  EXPECT_DOUBLE_EQ(RateHistogram::bin_low_bps(0), kMinRate_bps);
  EXPECT_NEAR(RateHistogram::bin_high_bps(histogram.bin_count() - 1) / kMaxRate_bps, 1.0, 1e-9);
  for (std::size_t bin = 0; bin + 1 < histogram.bin_count(); ++bin) {
    ASSERT_EQ(RateHistogram::bin_high_bps(bin), RateHistogram::bin_low_bps(bin + 1));
  }
  // A bin is 1/kRateBinsPerDecade of a decade wide: about 1.2%.
  EXPECT_NEAR(RateHistogram::bin_high_bps(600) / RateHistogram::bin_low_bps(600), std::pow(10.0, 1.0 / 200), 1e-12);
}

TEST(ShareHistogram, AShareLandsInTheBinWhoseEdgesHoldIt) {
  for (const double share : {0.0004, 0.2503, 0.5005, 0.9994, 1.5007}) {
    ShareHistogram histogram;
    histogram.add(share);
    bin_of_only_value(histogram, ShareHistogram::bin_low, ShareHistogram::bin_high, share);
  }
  const ShareHistogram histogram;
  EXPECT_NEAR(ShareHistogram::bin_high(histogram.bin_count() - 1), kMaxShare, 1e-12);
}

}  // namespace
}  // namespace citynet::metrics
