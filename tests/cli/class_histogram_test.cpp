// The class throughput distributions a run writes (class_throughput_histogram.csv,
// class_line_rate_share_histogram.csv) are those behind class_summary.csv: each class's
// bins hold exactly its completed elastic flows, ascend without overlap, and their
// cumulative share rises to 1; the percentiles in class_summary.csv lie in the bins the
// histogram puts them in.
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "results_table.hpp"

namespace {

namespace fs = std::filesystem;
using citynet::test_support::ResultsTable;

struct HistogramColumns {
  std::string file;
  std::string low;
  std::string high;
  std::string p5, p50, p95;  // the matching percentiles in class_summary.csv
};

const HistogramColumns kThroughput{"class_throughput_histogram.csv", "bin_low_bps", "bin_high_bps",
                                   "throughput_p5_bps", "throughput_p50_bps", "throughput_p95_bps"};
const HistogramColumns kLineRateShare{"class_line_rate_share_histogram.csv", "bin_low", "bin_high",
                                      "line_rate_share_p5", "line_rate_share_p50", "line_rate_share_p95"};

class ClassHistogramTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = fs::temp_directory_path() / ("citynet-class-histogram-" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    // Four hours of the small town: a whole busy hour after its warm-up, flows in every class.
    const std::string command = std::string(CITYNET_BINARY) + " run " + CITYNET_SOURCE_DIR +
                                "/scenarios/small-town.yaml --quiet --duration 4h --out " + directory_.string() +
                                " > /dev/null 2>&1";
    const int status = std::system(command.c_str());
    ran_ = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  static void TearDownTestSuite() { fs::remove_all(directory_); }

  void check(const HistogramColumns& columns) const {
    ASSERT_TRUE(ran_) << "citynet run failed";
    const ResultsTable classes((directory_ / "class_summary.csv").string());
    const ResultsTable bins((directory_ / columns.file).string());
    std::size_t classes_with_flows = 0;
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const std::string& name = classes.text(c, "class");
      SCOPED_TRACE(columns.file + ", class " + name);
      double flows = 0;
      double previous_share = 0;
      double previous_high = -1;
      std::size_t rows = 0;
      std::optional<double> p5_bin_low, p50_bin_low, p95_bin_low;  // the bins the percentiles fall in
      const double p5 = classes.number(c, columns.p5).value_or(-1);
      const double p50 = classes.number(c, columns.p50).value_or(-1);
      const double p95 = classes.number(c, columns.p95).value_or(-1);
      for (std::size_t row = 0; row < bins.size(); ++row) {
        if (bins.text(row, "class") != name) continue;
        ++rows;
        const double low = *bins.number(row, columns.low);
        const double high = *bins.number(row, columns.high);
        const double share = *bins.number(row, "cumulative_share");
        EXPECT_LT(low, high);
        EXPECT_GE(low, previous_high) << "bins ascend without overlap";
        EXPECT_GT(*bins.number(row, "flows"), 0) << "only non-empty bins are written";
        EXPECT_GT(share, previous_share);
        flows += *bins.number(row, "flows");
        // The nearest-rank percentile is the mean of its bin: inside the first bin whose
        // cumulative share reaches q.
        for (auto [q, value, bin_low] : {std::tuple{0.05, p5, &p5_bin_low}, std::tuple{0.5, p50, &p50_bin_low},
                                         std::tuple{0.95, p95, &p95_bin_low}}) {
          if (!*bin_low && share >= q - 1e-12) {
            *bin_low = low;
            EXPECT_GE(value, low * (1 - 1e-12)) << "percentile " << q;
            EXPECT_LE(value, high * (1 + 1e-12)) << "percentile " << q;
          }
        }
        previous_share = share;
        previous_high = high;
      }
      EXPECT_EQ(flows, *classes.number(c, "elastic_completed")) << "the bins hold the class's completed flows";
      if (rows == 0) continue;
      ++classes_with_flows;
      EXPECT_DOUBLE_EQ(previous_share, 1.0) << "the cumulative share ends at 1";
    }
    EXPECT_GT(classes_with_flows, 1u) << "a run whose classes all have flows";
  }

  static inline fs::path directory_;
  static inline bool ran_ = false;
};

TEST_F(ClassHistogramTest, ThroughputBinsHoldEachClassesCompletedFlows) { check(kThroughput); }

TEST_F(ClassHistogramTest, LineRateShareBinsHoldEachClassesCompletedFlows) { check(kLineRateShare); }

}  // namespace
