#include "routing/cut_analysis.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "topology/analysis.hpp"

namespace citynet::routing {
namespace {

using topology::Network;

// One site's traffic, grouped so that its tree is walked once.
struct SourceTraffic {
  NodeId site{};
  std::vector<SiteTraffic> flows;
};

// What one site's traffic puts on the links along its tree.
struct SourceLoad {
  std::vector<std::pair<std::uint32_t, double>> by_direction;  // (2 * link + direction, bps)
  double unrouted_bps = 0;
  std::vector<char> tree_uses_link;  // by link index
};

[[nodiscard]] std::uint32_t direction_index(const Network& network, LinkId link, NodeId from) {
  return 2 * topology::index(link) + (network.links[topology::index(link)].a == from ? 0 : 1);
}

// Sums the site's flows up its tree: each node carries the traffic of the far ends below
// it, so every tree link is visited once whatever the number of far ends.
class TreeLoader {
 public:
  explicit TreeLoader(const Network& network)
      : network_(network), down_(network.nodes.size(), 0.0), up_(network.nodes.size(), 0.0) {}

  [[nodiscard]] SourceLoad load(const ShortestPathTree& tree, const SourceTraffic& source) {
    SourceLoad result;
    result.tree_uses_link.assign(network_.links.size(), 0);
    for (const SiteTraffic& flow : source.flows) {
      if (!tree.reaches(flow.far_end)) {
        result.unrouted_bps += flow.down_bps + flow.up_bps;
        continue;
      }
      down_[topology::index(flow.far_end)] += flow.down_bps;
      up_[topology::index(flow.far_end)] += flow.up_bps;
    }
    order_.clear();
    for (std::uint32_t v = 0; v < network_.nodes.size(); ++v) {
      if (const auto hops = tree.hops(NodeId{v}); hops && *hops > 0) order_.emplace_back(*hops, v);
    }
    std::sort(order_.begin(), order_.end(), std::greater<>());  // leaves first
    for (const auto& [hops, v] : order_) {
      const auto [parent, link] = *tree.last_step(NodeId{v});
      result.tree_uses_link[topology::index(link)] = 1;
      const double down = down_[v];
      const double up = up_[v];
      if (down > 0) result.by_direction.emplace_back(direction_index(network_, link, NodeId{v}), down);
      if (up > 0) result.by_direction.emplace_back(direction_index(network_, link, parent), up);
      down_[topology::index(parent)] += down;
      up_[topology::index(parent)] += up;
      down_[v] = 0;
      up_[v] = 0;
    }
    down_[topology::index(tree.source())] = 0;
    up_[topology::index(tree.source())] = 0;
    return result;
  }

 private:
  const Network& network_;
  std::vector<double> down_;
  std::vector<double> up_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order_;  // (hops, node)
};

void add_load(std::vector<double>& totals, const SourceLoad& load, double sign) {
  for (const auto& [direction, bps] : load.by_direction) totals[direction] += sign * bps;
}

[[nodiscard]] LinkLoad worst_load(const Network& network, const std::vector<double>& totals,
                                  const std::vector<char>& excluded) {
  LinkLoad worst;
  for (std::uint32_t l = 0; l < network.links.size(); ++l) {
    const topology::Link& link = network.links[l];
    if (excluded[l] || !(link.capacity_bps > 0)) continue;
    for (std::uint32_t d = 0; d < 2; ++d) {
      const double utilization = totals[2 * l + d] / link.capacity_bps;
      if (utilization > worst.utilization) worst = LinkLoad{utilization, LinkId{l}, d == 0 ? link.a : link.b};
    }
  }
  return worst;
}

// Subscribers of the nodes the internet node cannot reach.
[[nodiscard]] std::int64_t disconnected(const Network& network, const RoutingGraph& graph, NodeId internet) {
  std::vector<char> seen(network.nodes.size(), 0);
  std::vector<NodeId> stack{internet};
  seen[topology::index(internet)] = 1;
  while (!stack.empty()) {
    const NodeId node = stack.back();
    stack.pop_back();
    for (const RoutingGraph::Arc& arc : graph.arcs_from(node)) {
      if (!seen[topology::index(arc.to)]) {
        seen[topology::index(arc.to)] = 1;
        stack.push_back(arc.to);
      }
    }
  }
  std::int64_t subscribers = 0;
  for (std::uint32_t v = 0; v < network.nodes.size(); ++v) {
    if (!seen[v]) subscribers += network.nodes[v].subscribers;
  }
  return subscribers;
}

[[nodiscard]] bool more_harmful(const FailureHarm& x, const FailureHarm& y) {
  return std::make_tuple(-x.subscribers_disconnected, -x.worst.utilization, -x.unrouted_bps, x.kind, x.index) <
         std::make_tuple(-y.subscribers_disconnected, -y.worst.utilization, -y.unrouted_bps, y.kind, y.index);
}

}  // namespace

CutAnalysis analyze_single_failures(const Network& network, NodeId internet, std::span<const SiteTraffic> traffic,
                                    RoutePreference preference) {
  std::map<std::uint32_t, SourceTraffic> by_site;
  for (const SiteTraffic& flow : traffic) {
    if (topology::index(flow.site) >= network.nodes.size() || topology::index(flow.far_end) >= network.nodes.size()) {
      throw std::out_of_range("cut analysis: traffic names a node outside the network");
    }
    SourceTraffic& source = by_site[topology::index(flow.site)];
    source.site = flow.site;
    source.flows.push_back(flow);
  }
  std::vector<SourceTraffic> sources;
  for (auto& [site, source] : by_site) sources.push_back(std::move(source));

  TreeLoader loader(network);
  const RoutingGraph intact_graph(network, {}, preference);
  std::vector<SourceLoad> base;
  std::vector<double> base_totals(2 * network.links.size(), 0.0);
  double base_unrouted_bps = 0;
  for (const SourceTraffic& source : sources) {
    base.push_back(loader.load(shortest_path_tree(intact_graph, source.site), source));
    add_load(base_totals, base.back(), 1);
    base_unrouted_bps += base.back().unrouted_bps;
  }
  const std::vector<char> nothing_excluded(network.links.size(), 0);
  CutAnalysis analysis;
  analysis.subscribers_disconnected = disconnected(network, intact_graph, internet);
  analysis.worst = worst_load(network, base_totals, nothing_excluded);

  // Who a failure disconnects comes from the block-cut tree (one pass for all failures),
  // not from a search per failure.
  const topology::SingleFailureCutOffs cut_offs = topology::cut_off_by_single_failures(network, {internet});
  const auto analyze = [&](FailureHarm harm, const std::vector<LinkId>& links_down, std::optional<NodeId> node_down,
                           const topology::CutOff& cut_off) {
    std::vector<char> excluded(network.links.size(), 0);
    for (LinkId link : links_down) excluded[topology::index(link)] = 1;
    const RoutingGraph graph(network, links_down, preference);
    std::vector<double> totals = base_totals;
    double unrouted_bps = base_unrouted_bps;
    for (std::size_t s = 0; s < sources.size(); ++s) {
      const bool site_down = node_down && *node_down == sources[s].site;
      const bool rerouted = std::any_of(links_down.begin(), links_down.end(), [&](LinkId link) {
        return base[s].tree_uses_link[topology::index(link)] != 0;
      });
      if (!site_down && !rerouted) continue;
      add_load(totals, base[s], -1);
      unrouted_bps -= base[s].unrouted_bps;
      if (site_down) {
        for (const SiteTraffic& flow : sources[s].flows) unrouted_bps += flow.down_bps + flow.up_bps;
        continue;
      }
      const SourceLoad load = loader.load(shortest_path_tree(graph, sources[s].site), sources[s]);
      add_load(totals, load, 1);
      unrouted_bps += load.unrouted_bps;
    }
    harm.subscribers_disconnected = analysis.subscribers_disconnected + cut_off.subscribers;
    harm.unrouted_bps = std::max(0.0, unrouted_bps);
    harm.worst = worst_load(network, totals, excluded);
    analysis.failures.push_back(harm);
  };

  for (std::uint32_t l = 0; l < network.links.size(); ++l) {
    analyze(FailureHarm{FailureHarm::Kind::link, l, 0, 0, {}}, {LinkId{l}}, std::nullopt, cut_offs.by_link[l]);
  }
  std::vector<std::vector<LinkId>> incident(network.nodes.size());
  for (std::uint32_t l = 0; l < network.links.size(); ++l) {
    incident[topology::index(network.links[l].a)].push_back(LinkId{l});
    if (network.links[l].b != network.links[l].a) incident[topology::index(network.links[l].b)].push_back(LinkId{l});
  }
  for (std::uint32_t v = 0; v < network.nodes.size(); ++v) {
    if (NodeId{v} == internet) continue;
    analyze(FailureHarm{FailureHarm::Kind::node, v, 0, 0, {}}, incident[v], NodeId{v}, cut_offs.by_node[v]);
  }
  std::sort(analysis.failures.begin(), analysis.failures.end(), more_harmful);
  return analysis;
}

}  // namespace citynet::routing
