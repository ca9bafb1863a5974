#pragma once
// What a city model simulates, as text: two models give the same text exactly when they
// have the same network as built (nodes, their subscribers class by class, links), the same
// city, demand, simulation settings and failures. Names, descriptions, plans and costs, and
// the network as written (a site's `subscribers` weigh a spread; the built sites are what
// counts) are left out. Used to refuse a sweep axis or a plan that changes nothing: such a
// setting would be reported as a result while every run is the same.
#include <string>

#include "cli/city_model.hpp"

namespace citynet::cli {

[[nodiscard]] std::string model_text(const CityModel& model);

}  // namespace citynet::cli
