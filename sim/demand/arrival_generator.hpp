#pragma once
// Session arrivals of a whole city, drawn lazily in time order.
//
// Each (site, subscriber class, application) of the session plan is a non-homogeneous
// Poisson process whose rate is constant within each slot of the diurnal profile (the
// profile repeats every day). Arrivals are generated exactly by time change: an Exp(1)
// amount of integrated rate is spent across slots, so no thinning and no approximation.
// The streams are merged by a calendar queue that holds one pending session per stream;
// memory is O(streams), whatever the duration or the number of sessions.
//
// Randomness: every stream has its own generators, seeded from (scenario seed, site id,
// class name, application name): one for the times, destination kinds and sizes of its
// sessions, which depend on nothing else, and one for P2P peers, the only draw that
// depends on the rest of the city. A plan that changes the network, other sites'
// subscribers or adds sites therefore sees the very same sessions from an unchanged
// stream (common random numbers); only the peers of its P2P sessions may differ.
//
// Each session draws, in order: its destination kind (internet, idc, p2p by the
// application's mix), its size (elastic) or duration (streaming), its peer if P2P, and
// then the time of the stream's next session. A streaming rate above the subscriber's
// line rate is carried at the line rate: a stream cannot exceed its access line.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/rng.hpp"
#include "demand/arrival.hpp"
#include "demand/calendar_queue.hpp"
#include "demand/distribution_sampler.hpp"
#include "demand/gravity_model.hpp"
#include "demand/session_plan.hpp"
#include "demand/site.hpp"
#include "scenario/scenario.hpp"

namespace citynet::demand {

class ArrivalGenerator {
 public:
  // Sessions that start in [0, duration_s). InputError as plan_sessions, and when an
  // application sends to other subscribers from a site that has no other site to reach.
  ArrivalGenerator(const scenario::Demand& demand, std::vector<Site> sites, std::uint64_t seed, double duration_s);

  // The next flow in nondecreasing start time; empty when the duration is exhausted.
  [[nodiscard]] std::optional<Arrival> next();

  [[nodiscard]] std::size_t stream_count() const { return streams_.size(); }
  // Sessions drawn but not yet handed out: at most one per live stream, plus the up flow
  // of a two-way session whose down flow was just returned.
  [[nodiscard]] std::size_t pending_count() const { return queue_.size() + (pending_up_ ? 1 : 0); }
  [[nodiscard]] const std::vector<Site>& sites() const { return sites_; }

 private:
  struct ApplicationModel {
    scenario::FlowKind kind = scenario::FlowKind::elastic;
    scenario::Direction direction = scenario::Direction::down;
    DistributionSampler quantity;  // size_bytes (elastic) or duration_s (streaming)
    double stream_rate_bps = 0;
    double internet_share = 1;  // of the destination mix, normalised
    double idc_share = 0;
    std::optional<GravityModel> peers;  // when the application has P2P sessions
  };

  // What one draw touches, in one cache line: the merge visits streams in time order,
  // which is random order in memory.
  struct alignas(64) StreamState {
    RandomStream sessions;
    double next_start_s = 0;
    double sessions_per_weight_s = 0;  // rate per unit of multiplier
    std::uint32_t slot = 0;            // slot of next_start_s, counted from time 0
    std::uint32_t site = 0;            // position in sites_
    std::uint16_t subscriber_class = 0;
    std::uint16_t application = 0;
    std::uint32_t profile = 0;
  };

  [[nodiscard]] static ApplicationModel make_application_model(const scenario::Demand& demand,
                                                               const scenario::Application& application,
                                                               const std::vector<Site>& sites);
  // `sites` is bound by reference so that the plan is drawn from it before it is moved.
  ArrivalGenerator(const scenario::Demand& demand, const SessionPlan& plan, std::vector<Site>&& sites,
                   std::uint64_t seed, double duration_s);
  [[nodiscard]] StreamState make_stream(const SessionStream& plan, std::uint64_t stream_key,
                                        std::uint64_t seed) const;
  // Advances the stream to its next session; false when that falls beyond the duration.
  bool advance(StreamState& stream);
  [[nodiscard]] Arrival draw_session(StreamState& stream);

  std::vector<Site> sites_;
  std::vector<std::vector<double>> profiles_;
  std::vector<double> slot_s_by_profile_;
  std::vector<ApplicationModel> applications_;
  std::vector<double> down_bps_by_class_;
  std::vector<double> up_bps_by_class_;
  std::vector<StreamState> streams_;
  std::vector<RandomStream> peer_randoms_;  // aligned with streams_; drawn only for P2P sessions
  CalendarQueue queue_;  // the next session of every live stream
  std::optional<Arrival> pending_up_;
  double duration_s_;
};

}  // namespace citynet::demand
