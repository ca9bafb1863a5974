#pragma once
// One flow of a session, as the demand model hands it to the engine. A session whose
// application sends `both` ways yields two arrivals at the same instant, the down flow
// first, then the up flow; they share destination, size (or rate and duration).
#include <cstdint>

#include "scenario/scenario.hpp"

namespace citynet::demand {

// Where the far end of a flow is: the internet (through the egress), the city's data
// center (local exchange), or another subscriber site in the city (P2P).
enum class DestinationKind : std::uint8_t { internet, idc, site };

// The direction of one flow: `down` travels from the destination to the subscriber, `up`
// from the subscriber to the destination.
enum class FlowDirection : std::uint8_t { down, up };

struct Destination {
  DestinationKind kind = DestinationKind::internet;
  std::uint32_t site = 0;  // Site::index of the peer; meaningful only when kind == site
};

struct Arrival {
  double start_s = 0;
  std::uint32_t source_site = 0;  // Site::index of the subscriber who opens the session
  Destination destination;
  std::uint16_t application = 0;       // index into scenario::Demand::applications
  std::uint16_t subscriber_class = 0;  // index into scenario::Demand::classes
  scenario::FlowKind kind = scenario::FlowKind::elastic;
  FlowDirection direction = FlowDirection::down;
  double size_bytes = 0;    // elastic flows; 0 for streaming
  double rate_bps = 0;      // streaming flows; 0 for elastic
  double duration_s = 0;    // streaming flows; 0 for elastic
  double line_rate_bps = 0; // the subscriber's line rate in this flow's direction: its cap
};

}  // namespace citynet::demand
