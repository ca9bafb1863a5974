#include "demand/arrival_generator.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/core.h>

#include "core/error.hpp"
#include "core/units.hpp"

namespace citynet::demand {
namespace {

// Keys of the two generators of a stream, so that they never coincide.
inline constexpr std::string_view kSessionsKey = "demand.sessions";
inline constexpr std::string_view kPeersKey = "demand.peers";

[[nodiscard]] bool heap_before(double a_s, std::uint32_t a_stream, double b_s, std::uint32_t b_stream) {
  return a_s < b_s || (a_s == b_s && a_stream < b_stream);
}

[[nodiscard]] double destination_total(const scenario::DestinationMix& mix) { return mix.internet + mix.idc + mix.p2p; }

[[nodiscard]] std::vector<double> attraction_for(const scenario::Demand& demand, const scenario::Application& application,
                                                 const std::vector<Site>& sites) {
  std::vector<double> attraction(sites.size(), 0.0);
  for (std::size_t s = 0; s < sites.size(); ++s) {
    for (std::size_t c = 0; c < demand.classes.size(); ++c) {
      if (application_serves(application, demand.classes[c])) {
        attraction[s] += static_cast<double>(std::max<std::int64_t>(sites[s].subscribers_by_class[c], 0));
      }
    }
  }
  return attraction;
}

}  // namespace

ArrivalGenerator::ArrivalGenerator(const scenario::Demand& demand, std::vector<Site> sites, std::uint64_t seed,
                                   double duration_s)
    : sites_(std::move(sites)), duration_s_(duration_s) {
  const SessionPlan plan = plan_sessions(demand, sites_);
  profiles_ = plan.profiles;
  for (const auto& multipliers : profiles_) {
    slot_s_by_profile_.push_back(kSecondsPerDay / static_cast<double>(multipliers.size()));
  }
  for (const auto& application : demand.applications) {
    const bool elastic = application.kind == scenario::FlowKind::elastic;
    ApplicationModel model{application.kind,
                           application.direction,
                           DistributionSampler(elastic ? application.size_bytes : application.duration_s),
                           application.stream_rate_bps,
                           1.0,
                           0.0,
                           std::nullopt};
    const double total = destination_total(application.destinations);
    if (total > 0) {
      model.internet_share = application.destinations.internet / total;
      model.idc_share = application.destinations.idc / total;
    }
    if (total > 0 && application.destinations.p2p > 0) {
      model.peers.emplace(sites_, attraction_for(demand, application, sites_));
    }
    applications_.push_back(std::move(model));
  }
  for (const auto& subscriber_class : demand.classes) {
    down_bps_by_class_.push_back(subscriber_class.down_bps);
    up_bps_by_class_.push_back(subscriber_class.up_bps);
  }
  streams_.reserve(plan.streams.size());
  for (const auto& stream_plan : plan.streams) {
    const auto& model = applications_[stream_plan.application];
    if (model.peers && !model.peers->has_peer(stream_plan.site)) {
      const auto& application = demand.applications[stream_plan.application];
      throw InputError(application.place,
                       fmt::format("application \"{}\": sends to other subscribers (p2p) from site \"{}\", "
                                   "but no other site has subscribers of its classes",
                                   application.name, sites_[stream_plan.site].id));
    }
    streams_.push_back(make_stream(demand, stream_plan, seed));
  }
  for (std::uint32_t i = 0; i < streams_.size(); ++i) {
    if (advance(streams_[i])) heap_.push_back(HeapEntry{streams_[i].next_start_s, i});
  }
  for (std::size_t i = heap_.size() / 2; i-- > 0;) sift_down(i);
}

ArrivalGenerator::StreamState ArrivalGenerator::make_stream(const scenario::Demand& demand, const SessionStream& plan,
                                                            std::uint64_t seed) const {
  const std::uint64_t site_key = hash_name(sites_[plan.site].id);
  const std::uint64_t class_key = hash_name(demand.classes[plan.subscriber_class].name);
  const std::uint64_t application_key = hash_name(demand.applications[plan.application].name);
  const auto& multipliers = profiles_[plan.profile];
  double multiplier_sum = 0;
  for (double m : multipliers) multiplier_sum += m;
  return StreamState{
      RandomStream(derive_seed(seed, {hash_name(kSessionsKey), site_key, class_key, application_key})),
      RandomStream(derive_seed(seed, {hash_name(kPeersKey), site_key, class_key, application_key})),
      0.0,
      plan.sessions_per_day / (multiplier_sum * slot_s_by_profile_[plan.profile]),
      0,
      plan};
}

bool ArrivalGenerator::advance(StreamState& stream) {
  const auto& multipliers = profiles_[stream.plan.profile];
  const double slot_s = slot_s_by_profile_[stream.plan.profile];
  double integrated_rate_left = -std::log(stream.sessions.uniform01());  // Exp(1)
  double t = stream.next_start_s;
  std::uint64_t slot = stream.slot;
  while (true) {
    const double slot_end_s = static_cast<double>(slot + 1) * slot_s;
    const double rate_per_s = stream.sessions_per_weight_s * multipliers[slot % multipliers.size()];
    const double slot_integral = rate_per_s * (slot_end_s - t);
    if (rate_per_s > 0 && integrated_rate_left <= slot_integral) {
      t = std::min(t + integrated_rate_left / rate_per_s, slot_end_s);
      break;
    }
    integrated_rate_left -= slot_integral;
    t = slot_end_s;
    ++slot;
    if (t >= duration_s_) return false;
  }
  if (t >= duration_s_) return false;
  stream.next_start_s = t;
  stream.slot = slot;
  return true;
}

Arrival ArrivalGenerator::draw_session(StreamState& stream) {
  const SessionStream& plan = stream.plan;
  const ApplicationModel& application = applications_[plan.application];
  Arrival arrival;
  arrival.start_s = stream.next_start_s;
  arrival.source_site = sites_[plan.site].index;
  arrival.application = plan.application;
  arrival.subscriber_class = plan.subscriber_class;
  arrival.kind = application.kind;

  const double destination_u = stream.sessions.uniform01();
  const double quantity = application.quantity(stream.sessions);
  if (destination_u < application.internet_share) {
    arrival.destination = Destination{DestinationKind::internet, 0};
  } else if (destination_u < application.internet_share + application.idc_share || !application.peers) {
    arrival.destination = Destination{DestinationKind::idc, 0};
  } else {
    const std::uint32_t peer = application.peers->draw_peer(plan.site, stream.peers);
    arrival.destination = Destination{DestinationKind::site, sites_[peer].index};
  }

  const double down_bps = down_bps_by_class_[plan.subscriber_class];
  const double up_bps = up_bps_by_class_[plan.subscriber_class];
  const auto set_direction = [&](Arrival& flow, FlowDirection direction) {
    flow.direction = direction;
    flow.line_rate_bps = direction == FlowDirection::down ? down_bps : up_bps;
    if (application.kind == scenario::FlowKind::streaming) {
      flow.rate_bps = std::min(application.stream_rate_bps, flow.line_rate_bps);
      flow.duration_s = quantity;
    } else {
      flow.size_bytes = quantity;
    }
  };
  set_direction(arrival, application.direction == scenario::Direction::up ? FlowDirection::up : FlowDirection::down);
  if (application.direction == scenario::Direction::both) {
    Arrival up_flow = arrival;
    set_direction(up_flow, FlowDirection::up);
    pending_up_ = up_flow;
  }
  return arrival;
}

std::optional<Arrival> ArrivalGenerator::next() {
  if (pending_up_) {
    const Arrival up_flow = *pending_up_;
    pending_up_.reset();
    return up_flow;
  }
  if (heap_.empty()) return std::nullopt;
  StreamState& stream = streams_[heap_.front().stream];
  const Arrival arrival = draw_session(stream);
  if (advance(stream)) {
    heap_.front().start_s = stream.next_start_s;
  } else {
    heap_.front() = heap_.back();
    heap_.pop_back();
  }
  if (!heap_.empty()) sift_down(0);
  return arrival;
}

void ArrivalGenerator::sift_down(std::size_t position) {
  const HeapEntry moving = heap_[position];
  const std::size_t size = heap_.size();
  while (true) {
    std::size_t child = 2 * position + 1;
    if (child >= size) break;
    if (child + 1 < size &&
        heap_before(heap_[child + 1].start_s, heap_[child + 1].stream, heap_[child].start_s, heap_[child].stream)) {
      ++child;
    }
    if (!heap_before(heap_[child].start_s, heap_[child].stream, moving.start_s, moving.stream)) break;
    heap_[position] = heap_[child];
    position = child;
  }
  heap_[position] = moving;
}

}  // namespace citynet::demand
