#include "planning/class_hour_rates.hpp"

#include "core/units.hpp"
#include "metrics/flow_label.hpp"

namespace citynet::planning {

ClassHourRates::ClassHourRates(std::vector<metrics::ClassDescription> classes, double warmup_s)
    : classes_(std::move(classes)), warmup_s_(warmup_s) {}

std::size_t ClassHourRates::slot(std::size_t hour, std::uint32_t subscriber_class, bool up) const {
  return (hour * classes_.size() + subscriber_class) * 2 + (up ? 1 : 0);
}

void ClassHourRates::on_elastic_completed(const engine::ElasticCompletion& completion) {
  if (completion.start_s < warmup_s_ || completion.flow_class >= classes_.size()) return;
  const double completion_s = completion.end_s - completion.start_s;
  const bool up = metrics::decode_tag(completion.tag).up;
  const metrics::ClassDescription& description = classes_[completion.flow_class];
  const double line_bps = up ? description.up_bps : description.down_bps;
  if (!(completion_s > 0) || !(line_bps > 0)) return;
  const auto hour = static_cast<std::size_t>(completion.start_s / kSecondsPerHour);
  const std::size_t index = slot(hour, completion.flow_class, up);
  if (index >= shares_.size()) shares_.resize(slot(hour + 1, 0, false));
  if (!shares_[index]) shares_[index] = std::make_unique<metrics::ShareHistogram>();
  shares_[index]->add(completion.size_bits / completion_s / line_bps);
}

std::optional<double> ClassHourRates::percentile(std::size_t hour, std::uint32_t subscriber_class, bool up,
                                                 double q) const {
  const std::size_t index = slot(hour, subscriber_class, up);
  if (index >= shares_.size() || !shares_[index]) return std::nullopt;
  return shares_[index]->percentile(q);
}

}  // namespace citynet::planning
