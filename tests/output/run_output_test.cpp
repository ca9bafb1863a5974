// The pieces of a run's output: link layers from the roles of their ends, the results
// folder that appears whole or not at all, overload said as overload, CSV headers.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <unistd.h>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "output/link_layer.hpp"
#include "output/results_csv.hpp"
#include "output/results_folder.hpp"
#include "output/terminal_report.hpp"
#include "scenario/names.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using topology::Role;

topology::Network chain(std::initializer_list<Role> roles) {
  topology::Network network;
  for (const Role role : roles) {
    topology::Node node;
    node.id = fmt::format("{}{}", scenario::to_string(role), network.nodes.size());
    node.role = role;
    node.district = fmt::format("D{}", network.nodes.size());
    network.nodes.push_back(node);
  }
  for (std::uint32_t i = 0; i + 1 < network.nodes.size(); ++i) {
    network.links.push_back(topology::Link{fmt::format("l{}", i), topology::NodeId{i}, topology::NodeId{i + 1},
                                           scenario::Medium::fiber, 1.0, 1e9});
  }
  return network;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct LayerCase {
  Role a;
  Role b;
  Layer layer;
};

TEST(LinkLayer, LayerIsThatOfTheLowerEnd) {
  const LayerCase cases[] = {
      {Role::gateway, Role::internet, Layer::egress},   {Role::core, Role::gateway, Layer::core},
      {Role::core, Role::core, Layer::core},            {Role::core, Role::aggregation, Layer::aggregation},
      {Role::aggregation, Role::access, Layer::access}, {Role::access, Role::access, Layer::access},
      {Role::core, Role::idc, Layer::idc},              {Role::ras, Role::core, Layer::ras},
  };
  for (const LayerCase& c : cases) {
    const topology::Network network = chain({c.a, c.b});
    EXPECT_EQ(link_layer(network, network.links[0]), c.layer)
        << scenario::to_string(c.a) << "-" << scenario::to_string(c.b);
  }
}

TEST(LinkLayer, DistrictIsThatOfTheLowerEnd) {
  const topology::Network network = chain({Role::aggregation, Role::access});
  EXPECT_EQ(link_district(network, network.links[0]), "D1");
}

TEST(DescribeLoad, OverloadIsSaidAsOverloadNotAsFullUtilization) {
  const std::string text = describe_load(metrics::WindowLoad{1.0, 1.32});
  EXPECT_THAT(text, HasSubstr("OVERLOAD"));
  EXPECT_THAT(text, HasSubstr("1.32"));
  EXPECT_THAT(describe_load(metrics::WindowLoad{0.5, 0.6}), Not(HasSubstr("OVERLOAD")));
}

LinkReport link_report(std::uint32_t resource, std::optional<double> utilization, std::optional<double> offered_load,
                       double hours_congested) {
  LinkReport report;
  report.direction.resource = resource;
  report.summary.busy_hour_utilization = utilization;
  report.summary.busy_hour_offered_load = offered_load;
  report.summary.hours_congested = hours_congested;
  return report;
}

TEST(MostCongested, OverloadRanksAboveFullUtilizationThenHoursCongestedBreakTies) {
  RunReport report;
  report.links = {link_report(0, 0.5, 0.5, 0), link_report(1, 1.0, 1.4, 3), link_report(2, 0.95, 0.9, 1),
                  link_report(3, 0.95, 0.9, 2), link_report(4, std::nullopt, std::nullopt, 0)};
  const std::vector<const LinkReport*> top = most_congested(report, 3);
  ASSERT_EQ(top.size(), 3U);
  EXPECT_EQ(top[0]->direction.resource, 1U);  // offered load 1.4: overload first
  EXPECT_EQ(top[1]->direction.resource, 3U);  // 0.95 like resource 2, but congested longer
  EXPECT_EQ(top[2]->direction.resource, 2U);
}

TEST(TopologyCsv, NodesAndLinksHaveHeadersWithUnits) {
  const topology::Network network = chain({Role::gateway, Role::internet});
  std::ostringstream nodes, links;
  write_topology_nodes_csv(nodes, network);
  write_topology_links_csv(links, network);
  EXPECT_EQ(nodes.str(),
            "node_id,role,district,x_km,y_km,switching_capacity_bps,subscribers\n"
            "gateway0,gateway,D0,0,0,,0\n"
            "internet1,internet,D1,0,0,,0\n");
  EXPECT_EQ(links.str(), "link_id,a,b,layer,medium,length_km,capacity_bps\nl0,gateway0,internet1,egress,fiber,1,1000000000\n");
}

class ResultsFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("citynet-results-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

// Results of an earlier run: a folder citynet wrote, holding one file.
void write_old_results(const fs::path& target, const std::string& file, const std::string& content) {
  ResultsFolder folder(target, "run");
  folder.write(file, [&](std::ostream& out) { out << content; });
  folder.commit();
}

TEST_F(ResultsFolderTest, CommitReplacesTheOldFolderAsAWhole) {
  const fs::path target = root_ / "town";
  write_old_results(target, "stale.csv", "old\n");
  {
    ResultsFolder folder(target, "run");
    folder.write("summary.csv", [](std::ostream& out) { out << "new\n"; });
    EXPECT_TRUE(fs::exists(target / "stale.csv"));  // untouched until the commit
    folder.commit();
  }
  EXPECT_FALSE(fs::exists(target / "stale.csv"));
  EXPECT_EQ(read_all(target / "summary.csv"), "new\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 1);  // no leftovers
}

TEST_F(ResultsFolderTest, AFolderNeverCommittedLeavesNothingAndTheOldResultsStay) {
  const fs::path target = root_ / "town";
  write_old_results(target, "summary.csv", "old\n");
  {
    ResultsFolder folder(target, "run");
    folder.write("summary.csv", [](std::ostream& out) { out << "partial"; });
  }
  EXPECT_EQ(read_all(target / "summary.csv"), "old\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 1);
}

TEST_F(ResultsFolderTest, CommitCreatesAFolderThatDidNotExist) {
  const fs::path target = root_ / "results" / "town";
  ResultsFolder folder(target, "run");
  folder.write("summary.csv", [](std::ostream& out) { out << "x\n"; });
  folder.commit();
  EXPECT_EQ(read_all(target / "summary.csv"), "x\n");
}

}  // namespace
}  // namespace citynet::output
