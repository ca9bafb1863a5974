#pragma once
// Where subscribers sit, as the demand model sees it: a point in the city with a count of
// subscribers per class. The caller builds sites from the network (access nodes, and the
// RAS for dial-up); the demand model does not know the graph.
#include <cstdint>
#include <string>
#include <vector>

namespace citynet::demand {

struct Site {
  std::uint32_t index = 0;  // the caller's id for the site (its node index); arrivals name sites by it
  std::string id;           // stable name (the node id): keys the site's random streams
  std::string district;     // groups sites for the gravity model of P2P traffic
  double x_km = 0;          // east of the city centre
  double y_km = 0;          // north of the city centre
  // Aligned with scenario::Demand::classes.
  std::vector<std::int64_t> subscribers_by_class;
};

}  // namespace citynet::demand
