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
// The calendar's buckets are about one mean gap between the city's sessions wide, and
// its ring reaches 2^16 such gaps ahead: streams slower than that wait in its heap.
inline constexpr double kSessionsPerBucket = 1.0;
inline constexpr std::size_t kCalendarBuckets = std::size_t{1} << 16;
inline constexpr double kBucketWidthWithoutSessionsS = 1.0;

[[nodiscard]] double bucket_width_s(const SessionPlan& plan) {
  double sessions_per_day = 0;
  for (const auto& stream : plan.streams) sessions_per_day += stream.sessions_per_day;
  if (sessions_per_day <= 0) return kBucketWidthWithoutSessionsS;
  return kSessionsPerBucket * kSecondsPerDay / sessions_per_day;
}

[[nodiscard]] double destination_total(const scenario::DestinationMix& mix) { return mix.internet + mix.idc + mix.p2p; }

}  // namespace

ArrivalGenerator::ApplicationModel ArrivalGenerator::make_application_model(const scenario::Demand& demand,
                                                                            const scenario::Application& application,
                                                                            const std::vector<Site>& sites) {
  const bool elastic = application.kind == scenario::FlowKind::elastic;
  ApplicationModel model{application.kind,
                         application.direction,
                         DistributionSampler(elastic ? application.size_bytes : application.duration_s),
                         application.stream_rate_bps,
                         1.0,
                         0.0,
                         std::nullopt};
  const double total = destination_total(application.destinations);
  if (total <= 0) return model;  // no mix given: the internet
  model.internet_share = application.destinations.internet / total;
  model.idc_share = application.destinations.idc / total;
  if (application.destinations.p2p > 0) model.peers.emplace(sites, peer_attraction(demand, application, sites));
  return model;
}

ArrivalGenerator::ArrivalGenerator(const scenario::Demand& demand, std::vector<Site> sites, std::uint64_t seed,
                                   double duration_s)
    : ArrivalGenerator(demand, plan_sessions(demand, sites), std::move(sites), seed, duration_s) {}

ArrivalGenerator::ArrivalGenerator(const scenario::Demand& demand, const SessionPlan& plan, std::vector<Site>&& sites,
                                   std::uint64_t seed, double duration_s)
    : sites_(std::move(sites)),
      queue_(bucket_width_s(plan), kCalendarBuckets, plan.streams.size()),
      duration_s_(duration_s) {
  profiles_ = plan.profiles;
  for (const auto& multipliers : profiles_) {
    slot_s_by_profile_.push_back(kSecondsPerDay / static_cast<double>(multipliers.size()));
  }
  for (const auto& application : demand.applications) {
    applications_.push_back(make_application_model(demand, application, sites_));
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
    // The stream's name, not its position in the plan, keys its randomness.
    const std::uint64_t stream_key =
        derive_seed(hash_name(sites_[stream_plan.site].id), {hash_name(demand.classes[stream_plan.subscriber_class].name),
                                                              hash_name(demand.applications[stream_plan.application].name)});
    streams_.push_back(make_stream(stream_plan, stream_key, seed));
    peer_randoms_.emplace_back(derive_seed(seed, {hash_name(kPeersKey), stream_key}));
  }
  for (std::uint32_t i = 0; i < streams_.size(); ++i) {
    if (advance(streams_[i])) queue_.push({streams_[i].next_start_s, i});
  }
}

ArrivalGenerator::StreamState ArrivalGenerator::make_stream(const SessionStream& plan, std::uint64_t stream_key,
                                                            std::uint64_t seed) const {
  const auto& multipliers = profiles_[plan.profile];
  double multiplier_sum = 0;
  for (double m : multipliers) multiplier_sum += m;
  StreamState stream{RandomStream(derive_seed(seed, {hash_name(kSessionsKey), stream_key}))};
  stream.sessions_per_weight_s = plan.sessions_per_day / (multiplier_sum * slot_s_by_profile_[plan.profile]);
  stream.site = plan.site;
  stream.subscriber_class = plan.subscriber_class;
  stream.application = plan.application;
  stream.profile = plan.profile;
  return stream;
}

bool ArrivalGenerator::advance(StreamState& stream) {
  const auto& multipliers = profiles_[stream.profile];
  const double slot_s = slot_s_by_profile_[stream.profile];
  double integrated_rate_left = -std::log(stream.sessions.uniform01());  // Exp(1)
  double t = stream.next_start_s;
  std::uint32_t slot = stream.slot;
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
  const ApplicationModel& application = applications_[stream.application];
  Arrival arrival;
  arrival.start_s = stream.next_start_s;
  arrival.source_site = sites_[stream.site].index;
  arrival.application = stream.application;
  arrival.subscriber_class = stream.subscriber_class;
  arrival.kind = application.kind;

  const double destination_u = stream.sessions.uniform01();
  const double quantity = application.quantity(stream.sessions);
  if (destination_u < application.internet_share) {
    arrival.destination = Destination{DestinationKind::internet, 0};
  } else if (destination_u < application.internet_share + application.idc_share || !application.peers) {
    arrival.destination = Destination{DestinationKind::idc, 0};
  } else {
    const auto position = static_cast<std::size_t>(&stream - streams_.data());
    const std::uint32_t peer = application.peers->draw_peer(stream.site, peer_randoms_[position]);
    arrival.destination = Destination{DestinationKind::site, sites_[peer].index};
  }

  const double down_bps = down_bps_by_class_[stream.subscriber_class];
  const double up_bps = up_bps_by_class_[stream.subscriber_class];
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
  if (queue_.empty()) return std::nullopt;
  const std::uint32_t index = queue_.top().stream;
  queue_.pop();
  StreamState& stream = streams_[index];
  const Arrival arrival = draw_session(stream);
  if (advance(stream)) queue_.push({stream.next_start_s, index});
  return arrival;
}

}  // namespace citynet::demand
