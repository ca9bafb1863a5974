#pragma once
// The city network generated from the city description and sized to the scenario's targets
// (design.md: fiber length, core switching capacity, egress capacity). From the subscribers up:
//
//   access sites  one per `subscribers_per_access_site` broadband subscribers of a district
//                 (rounded up), scattered over the district's area (seeded), fiber to the
//                 district's aggregation site;
//   aggregation   one per district at its centre, fiber to the two nearest core sites;
//   core          `core_nodes` sites placed by household-weighted k-means over the districts,
//                 joined in a ring (by angle around the centre) or a full mesh; they share
//                 the core switching target;
//   gateways      at the core sites nearest the centre of households, each with one egress
//                 link to the internet node; they share the egress target;
//   idc           at the most central core site, fiber to the two most central cores;
//   ras           one per core site for dial-up, fiber to its core and the nearest other
//                 one: dial-up classes' subscribers go to the RAS of the core nearest their
//                 district;
//   microwave     every access site of an urban district gets a radio path to an aggregation
//                 or core site other than its own aggregation (so it backs up that site too),
//                 chosen so that the route to the internet over it is longer than the fiber
//                 route: shortest-length routing keeps fiber first, the radio is the
//                 supplement. Hops longer than the maximum get relay sites (role aggregation,
//                 no subscribers) evenly along the way.
//
// Fiber sizing: every fiber link is the straight distance times a route factor (cables follow
// streets), at least an in-building patch. The rest of the fiber target is the access sites'
// distribution plant to their households, added to each access uplink in proportion to the
// site's served area (one calibrating factor). A target below the backbone alone is refused.
//
// Deterministic for a scenario seed. Switching capacity is given to core nodes only: the
// other boxes are non-blocking for the links they terminate, so their links limit them.
#include "scenario/scenario.hpp"
#include "topology/network.hpp"

namespace citynet::topology {

inline constexpr double kCableRouteFactor = 1.25;  // cable km per straight km in a street grid
inline constexpr double kMinimumCableKm = 0.1;     // a patch between racks of one site

// Requires scenario.network.generate.
[[nodiscard]] Network generate_network(const scenario::Scenario& scenario);

}  // namespace citynet::topology
