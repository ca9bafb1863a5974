#include "topology/apportion.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace citynet::topology {

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  if (weights.empty() || total <= 0) return parts;
  std::vector<double> w(weights.size());
  std::transform(weights.begin(), weights.end(), w.begin(), [](double x) { return x > 0 ? x : 0.0; });
  double sum = std::accumulate(w.begin(), w.end(), 0.0);
  if (sum <= 0) {
    std::fill(w.begin(), w.end(), 1.0);
    sum = static_cast<double>(w.size());
  }
  std::vector<double> remainders(w.size());
  std::int64_t given = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double exact = static_cast<double>(total) * (w[i] / sum);
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    remainders[i] = exact - static_cast<double>(parts[i]);
    given += parts[i];
  }
  std::vector<std::size_t> order(w.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  // Rounding of the shares can leave the floor sum off by more than the count of parts in
  // extreme cases; cycling keeps the total exact whatever happens.
  for (std::size_t k = 0; given < total; ++k, ++given) ++parts[order[k % order.size()]];
  for (std::size_t k = 0; given > total; ++k) {
    std::size_t i = order[order.size() - 1 - (k % order.size())];
    if (parts[i] > 0) {
      --parts[i];
      --given;
    }
  }
  return parts;
}

}  // namespace citynet::topology
