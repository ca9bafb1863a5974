#pragma once
// Elastic throughput as a share of the line rate, per hour of the run, subscriber class and
// direction, for busy-hour percentiles that never mix download and upload: an observer that
// runs beside the run's metrics. A flow counts in the hour it arrives in, once it completes,
// when it arrives after the warm-up (as the metrics' own class figures).
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/simulator.hpp"
#include "metrics/histogram.hpp"
#include "metrics/run_metrics.hpp"

namespace citynet::planning {

class ClassHourRates final : public engine::Observer {
 public:
  ClassHourRates(std::vector<metrics::ClassDescription> classes, double warmup_s);

  void on_elastic_completed(const engine::ElasticCompletion& completion) override;

  // The q-quantile (nearest rank, within the histogram's bin) of the shares of class
  // `subscriber_class`'s flows arriving in `hour`, one direction; empty when it had none.
  [[nodiscard]] std::optional<double> percentile(std::size_t hour, std::uint32_t subscriber_class, bool up,
                                                 double q) const;

 private:
  [[nodiscard]] std::size_t slot(std::size_t hour, std::uint32_t subscriber_class, bool up) const;

  std::vector<metrics::ClassDescription> classes_;
  double warmup_s_;
  // [(hour × classes + class) × 2 + up], made on the first flow: most hours see every
  // class, but a histogram is 32 kB.
  std::vector<std::unique_ptr<metrics::ShareHistogram>> shares_;
};

}  // namespace citynet::planning
