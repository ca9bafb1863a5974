#include "topology/graphml.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "topology/analysis.hpp"
#include "topology/generator.hpp"
#include "test_city.hpp"

namespace citynet::topology {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr double kDefaultCapacityBps = 1e9;
constexpr double kEarthRadiusKm = 6371.0088;
// Coordinates and lengths from the files are compared to hand-computed values.
constexpr double kKmTolerance = 1e-6;

[[nodiscard]] std::string zoo_file(const std::string& name) {
  return std::string(CITYNET_TEST_DATA) + "/topology/zoo/" + name;
}

[[nodiscard]] std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

[[nodiscard]] const Node& node_named(const Network& network, const std::string& id) {
  for (const Node& node : network.nodes) {
    if (node.id == id) return node;
  }
  throw std::out_of_range(id);
}

[[nodiscard]] std::pair<std::uint32_t, std::uint32_t> ends(const Link& link) {
  return {std::min(index(link.a), index(link.b)), std::max(index(link.a), index(link.b))};
}

// Links beyond the first between the same two nodes.
[[nodiscard]] int parallel_links(const Network& network) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  int parallel = 0;
  for (const Link& link : network.links) parallel += seen.insert(ends(link)).second ? 0 : 1;
  return parallel;
}

[[nodiscard]] std::string graphml(const std::string& keys, const std::string& body) {
  return "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n" + keys +
         "<graph edgedefault=\"undirected\">\n" + body + "</graph>\n</graphml>\n";
}

const std::string kGeoKeys =
    "<key attr.name=\"Latitude\" attr.type=\"double\" for=\"node\" id=\"d0\"/>\n"
    "<key attr.name=\"Longitude\" attr.type=\"double\" for=\"node\" id=\"d1\"/>\n"
    "<key attr.name=\"label\" attr.type=\"string\" for=\"node\" id=\"d2\"/>\n"
    "<key attr.name=\"LinkSpeed\" attr.type=\"string\" for=\"edge\" id=\"d3\"/>\n"
    "<key attr.name=\"LinkSpeedUnits\" attr.type=\"string\" for=\"edge\" id=\"d4\"/>\n";

[[nodiscard]] std::string geo_node(int id, const std::string& label, std::optional<std::pair<double, double>> lat_lon) {
  std::string text = "<node id=\"" + std::to_string(id) + "\"><data key=\"d2\">" + label + "</data>";
  if (lat_lon) {
    text += "<data key=\"d0\">" + std::to_string(lat_lon->first) + "</data><data key=\"d1\">" +
            std::to_string(lat_lon->second) + "</data>";
  }
  return text + "</node>\n";
}

TEST(GraphmlRoundTrip, OurExportImportsBackToTheSameGraph) {
  const Network original = generate_network(testing::tianjin_like(5));
  const Network back = import_graphml_text(export_graphml(original), "export.graphml", kDefaultCapacityBps);
  ASSERT_EQ(back.nodes.size(), original.nodes.size());
  ASSERT_EQ(back.links.size(), original.links.size());
  EXPECT_EQ(back.name, original.name);
  EXPECT_TRUE(back.warnings.empty());
  for (std::size_t i = 0; i < original.nodes.size(); ++i) {
    const Node& a = original.nodes[i];
    const Node& b = back.nodes[i];
    EXPECT_EQ(std::tie(a.id, a.role, a.district, a.x_km, a.y_km, a.switching_capacity_bps, a.subscribers),
              std::tie(b.id, b.role, b.district, b.x_km, b.y_km, b.switching_capacity_bps, b.subscribers))
        << a.id;
  }
  for (std::size_t i = 0; i < original.links.size(); ++i) {
    const Link& a = original.links[i];
    const Link& b = back.links[i];
    EXPECT_EQ(std::tie(a.id, a.a, a.b, a.medium, a.length_km, a.capacity_bps),
              std::tie(b.id, b.a, b.b, b.medium, b.length_km, b.capacity_bps))
        << a.id;
  }
  // And the text is a fixed point: exporting the import gives the same file.
  EXPECT_EQ(export_graphml(back), export_graphml(original));
}

TEST(GraphmlRoundTrip, NamesWithMarkupCharactersSurvive) {
  Network network;
  network.name = "a <b> & \"c\"";
  Node internet;
  internet.id = "in<ter>net & 'co'";
  internet.role = Role::internet;
  Node site;
  site.id = "site\"1\"";
  site.district = "Hé & Píng";
  network.nodes = {internet, site};
  Link link;
  link.id = "l&1";
  link.a = NodeId{0};
  link.b = NodeId{1};
  link.length_km = 0.1;
  link.capacity_bps = 1e9;
  network.links = {link};
  const Network back = import_graphml_text(export_graphml(network), "x.graphml", kDefaultCapacityBps);
  EXPECT_EQ(back.name, network.name);
  EXPECT_EQ(back.nodes[0].id, internet.id);
  EXPECT_EQ(back.nodes[1].id, site.id);
  EXPECT_EQ(back.nodes[1].district, site.district);
  EXPECT_EQ(back.links[0].id, link.id);
}

TEST(GraphmlImport, LatitudeAndLongitudeBecomeKmAroundTheCentroidAndGreatCircleLengths) {
  // Two points on the equator one degree apart: 111.195 km, centred on longitude 0.5.
  const std::string text = graphml(kGeoKeys, geo_node(0, "West", {{0, 0}}) + geo_node(1, "East", {{0, 1}}) +
                                                  geo_node(2, "Quarter", {{0, 90}}) +
                                                  "<edge source=\"0\" target=\"1\"/><edge source=\"0\" target=\"2\"/>");
  const Network network = import_graphml_text(text, "geo.graphml", kDefaultCapacityBps);
  const double degree_km = kEarthRadiusKm * std::numbers::pi / 180;
  EXPECT_NEAR(network.links[0].length_km, degree_km, kKmTolerance);
  EXPECT_NEAR(network.links[1].length_km, kEarthRadiusKm * std::numbers::pi / 2, kKmTolerance);
  // Centroid longitude (0 + 1 + 90) / 3; on the equator x is R·Δλ.
  EXPECT_NEAR(node_named(network, "East").x_km - node_named(network, "West").x_km, degree_km, kKmTolerance);
  EXPECT_NEAR(node_named(network, "West").x_km, -degree_km * 91.0 / 3, kKmTolerance);
  EXPECT_NEAR(node_named(network, "West").y_km, 0.0, kKmTolerance);
  EXPECT_EQ(node_named(network, "West").role, Role::core);
}

TEST(GraphmlImport, ANodeWithoutCoordinatesSitsAtTheMeanOfItsPlacedNeighboursAndIsReported) {
  // B has no coordinates; its neighbours A and C do. D hangs off B only: placed next round.
  const std::string text =
      graphml(kGeoKeys, geo_node(0, "A", {{0, 0}}) + geo_node(1, "B", std::nullopt) + geo_node(2, "C", {{0, 2}}) +
                            geo_node(3, "D", std::nullopt) +
                            "<edge source=\"0\" target=\"1\"/><edge source=\"1\" target=\"2\"/>"
                            "<edge source=\"1\" target=\"3\"/>");
  const Network network = import_graphml_text(text, "gap.graphml", kDefaultCapacityBps);
  const Node& a = node_named(network, "A");
  const Node& b = node_named(network, "B");
  const Node& c = node_named(network, "C");
  const Node& d = node_named(network, "D");
  EXPECT_NEAR(b.x_km, (a.x_km + c.x_km) / 2, kKmTolerance);
  EXPECT_NEAR(b.y_km, (a.y_km + c.y_km) / 2, kKmTolerance);
  EXPECT_NEAR(d.x_km, b.x_km, kKmTolerance);
  // Links to a placed node are measured on the plane.
  EXPECT_NEAR(network.links[0].length_km, b.x_km - a.x_km, kKmTolerance);
  ASSERT_FALSE(network.warnings.empty());
  EXPECT_THAT(network.warnings[0], HasSubstr("2 nodes have no coordinates and were placed at the mean of their placed neighbours: B, D"));
}

TEST(GraphmlImport, LinkSpeedsWithUnitsBecomeCapacitiesAndMissingOnesGetTheDefault) {
  const std::string text =
      graphml(kGeoKeys, geo_node(0, "A", {{0, 0}}) + geo_node(1, "B", {{0, 1}}) +
                            "<edge source=\"0\" target=\"1\"><data key=\"d3\">2.5</data><data key=\"d4\">G</data></edge>"
                            "<edge source=\"0\" target=\"1\"><data key=\"d3\">155</data><data key=\"d4\">M</data></edge>"
                            "<edge source=\"0\" target=\"1\"><data key=\"d3\">64</data><data key=\"d4\">K</data></edge>"
                            "<edge source=\"0\" target=\"1\"/>");
  const Network network = import_graphml_text(text, "speeds.graphml", 7e6);
  ASSERT_EQ(network.links.size(), 4u);  // parallel edges stay separate links
  EXPECT_EQ(network.links[0].capacity_bps, 2.5e9);
  EXPECT_EQ(network.links[1].capacity_bps, 155e6);
  EXPECT_EQ(network.links[2].capacity_bps, 64e3);
  EXPECT_EQ(network.links[3].capacity_bps, 7e6);
  EXPECT_THAT(network.warnings, ::testing::Contains(HasSubstr("1 of 4 links have no speed; they get the default capacity of 7 Mbps")));
}

TEST(GraphmlZoo, CernetHasItsSpeedsAndPlacesItsFourNodesWithoutCoordinates) {
  const Network network = import_graphml_file(zoo_file("Cernet.graphml"), kDefaultCapacityBps);
  EXPECT_EQ(network.nodes.size(), 41u);  // <node> elements in the file
  EXPECT_EQ(network.links.size(), 59u);  // <edge> elements
  // LinkSpeedRaw in the file: 29 links of 155000000.0, 16 of 2500000000.0, 6 with none.
  EXPECT_EQ(std::count_if(network.links.begin(), network.links.end(), [](const Link& l) { return l.capacity_bps == 155e6; }), 29);
  EXPECT_EQ(std::count_if(network.links.begin(), network.links.end(), [](const Link& l) { return l.capacity_bps == 2.5e9; }), 16);
  EXPECT_GE(parallel_links(network), 1);
  EXPECT_THAT(network.warnings, ::testing::Contains(HasSubstr("4 nodes have no coordinates and were placed")));
  EXPECT_THAT(network.warnings, ::testing::Contains(HasSubstr("6 of 59 links have no speed")));
  EXPECT_EQ(take_inventory(network).component_sizes, std::vector<std::size_t>{41});
  EXPECT_EQ(node_named(network, "Tianjing").role, Role::core);
}

TEST(GraphmlZoo, EunetworksIsDisconnectedAndKeepsItsParallelEdges) {
  const Network network = import_graphml_file(zoo_file("Eunetworks.graphml"), kDefaultCapacityBps);
  EXPECT_EQ(network.nodes.size(), 15u);
  EXPECT_EQ(network.links.size(), 19u);
  EXPECT_EQ(take_inventory(network).component_sizes, (std::vector<std::size_t>{14, 1}));
  EXPECT_EQ(parallel_links(network), 3);
  EXPECT_THAT(network.warnings, ::testing::Contains(HasSubstr("19 of 19 links have no speed")));
}

TEST(GraphmlZoo, HeanetIsAMultigraphAndParallelLinksAreNotBridges) {
  const Network network = import_graphml_file(zoo_file("Heanet.graphml"), kDefaultCapacityBps);
  EXPECT_EQ(network.nodes.size(), 7u);
  EXPECT_EQ(network.links.size(), 13u);
  EXPECT_GT(parallel_links(network), 0);
  for (const SinglePointOfFailure& failure : find_single_points_of_failure(network)) {
    if (failure.kind != SinglePointOfFailure::Kind::link) continue;
    const Link& bridge = network.links[failure.index];
    for (std::size_t i = 0; i < network.links.size(); ++i) {
      const Link& other = network.links[i];
      if (i == failure.index) continue;
      EXPECT_NE(ends(other), ends(bridge)) << bridge.id;
    }
  }
}

TEST(GraphmlZoo, Ai3HasNoCoordinatesAtAllSoItsLinksAreZeroKmAndItSaysSo) {
  const Network network = import_graphml_file(zoo_file("Ai3.graphml"), kDefaultCapacityBps);
  EXPECT_EQ(network.nodes.size(), 10u);
  EXPECT_EQ(network.links.size(), 9u);
  for (const Link& link : network.links) EXPECT_EQ(link.length_km, 0.0);
  EXPECT_THAT(network.warnings, ::testing::Contains(HasSubstr("10 nodes have no coordinates and no placed neighbour")));
}

struct Malformed {
  std::string text;
  std::string message;
};

// Every kind of file the importer refuses, with (part of) its message.
[[nodiscard]] std::vector<Malformed> malformed_files() {
  return {
      {"", "bad.graphml:1:1: malformed XML: no element; expected an XML document"},
      {"<graphml><graph>", "bad.graphml:1:10: malformed XML: element <graph> is never closed"},
      {"<graphml>\n<graph></grph></graphml>", "bad.graphml:2:8: malformed XML: end tag </grph> does not match <graph>"},
      {"<graphml><graph><node id=\"a\"/></graph>", "bad.graphml:1:1: malformed XML: element <graphml> is never closed"},
      {"<graphml><node id=a/></graphml>", "bad.graphml:1:19: malformed XML: attribute id has no quoted value"},
      {"<graphml><node id=\"a/></graphml>", "malformed XML: attribute id is never closed"},
      {"<graphml/><graphml/>", "bad.graphml:1:11: malformed XML: a second root element <graphml>"},
      {"junk<graphml/>", "bad.graphml:1:1: malformed XML: text \"junk\" outside the document element"},
      {"<graphml><!-- never closed </graphml>", "malformed XML: a comment is never closed"},
      {"<html/>", "bad.graphml:1:1: the document element is <html>; expected a GraphML file (<graphml>)"},
      {"<graphml></graphml>", "bad.graphml:1:1: no <graph> element; expected <graph> inside <graphml>"},
      {"<graphml><graph/></graphml>", "bad.graphml:1:10: the graph has no nodes; expected <node> elements"},
      {"<graphml><graph>\n  <node/></graph></graphml>", "bad.graphml:2:3: a node has no id; expected <node id=\"...\">"},
      {"<graphml><graph><node id=\"a\"/>\n<node id=\"a\"/></graph></graphml>",
       "bad.graphml:2:1: node id \"a\" is used twice; expected unique node ids"},
      {"<graphml><graph><node id=\"a\"/>\n<edge source=\"a\" target=\"b\"/></graph></graphml>",
       "bad.graphml:2:1: edge names unknown node \"b\"; expected the id of a <node>"},
      {"<graphml><graph><node id=\"a\"/><edge source=\"a\"/></graph></graphml>", "an edge lacks source or target"},
      {"<graphml><key id=\"r\" for=\"node\" attr.name=\"role\"/><graph><node id=\"a\"><data key=\"r\">router</data></node>"
       "</graph></graphml>",
       "node 'a': role \"router\" is not a role; expected one of internet, gateway, core"},
      {"<graphml/>\n  </graph>", "bad.graphml:2:3: malformed XML: end tag </graph> closes nothing"},
      {"<graphml><graph><node id=\"<\"/></graph></graphml>", "malformed XML: attribute id contains '<'"},
      {"<graphml>< graph/></graphml>", "bad.graphml:1:11: malformed XML: got \" graph/></graphml>\"; expected a name"},
      {"<graphml><graph", "bad.graphml:1:10: malformed XML: tag <graph> is never closed"},
      {"<graphml><graph></graph></graphml", "malformed XML: end tag </graphml> is not closed"},
      {"<graphml><!DOCTYPE x [ </graphml>", "malformed XML: a declaration is never closed"},
      {"<graphml><node id/></graphml>", "malformed XML: attribute id has no value"},
      {"<graphml><graph><node id=\"a\x01" "b\"/></graph></graphml>",
       "bad.graphml:1:28: malformed XML: a control character \"\\x01\"; expected XML text"},
  };
}

TEST(GraphmlImport, RefusesWhatItCannotRepairWithThePlace) {
  for (const Malformed& c : malformed_files()) {
    EXPECT_THAT([&] { (void)import_graphml_text(c.text, "bad.graphml", kDefaultCapacityBps); },
                ThrowsMessage<InputError>(HasSubstr(c.message)))
        << c.text;
  }
}

TEST(GraphmlImport, EveryRefusalNamesLineColumnAndWhatWasExpectedOnOnePrintableLine) {
  const std::regex placed_and_expected(R"(^bad\.graphml:[0-9]+:[0-9]+: [^\n]*; expected .+)");
  for (const Malformed& c : malformed_files()) {
    try {
      (void)import_graphml_text(c.text, "bad.graphml", kDefaultCapacityBps);
      ADD_FAILURE() << "imported: " << c.text;
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_TRUE(std::regex_match(message, placed_and_expected)) << message;
      EXPECT_TRUE(std::none_of(message.begin(), message.end(), [](char ch) {
        return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F;
      })) << message;
    }
  }
}

TEST(GraphmlImport, ControlCharactersInValuesAreShownEscaped) {
  // A tab is XML text, so the value reaches the importer; a role is checked by name.
  const std::string text =
      "<graphml><key id=\"r\" for=\"node\" attr.name=\"role\"/><graph>\n  <node id=\"a\"><data key=\"r\">co\tre"
      "</data></node></graph></graphml>";
  EXPECT_THAT([&] { (void)import_graphml_text(text, "bad.graphml", kDefaultCapacityBps); },
              ThrowsMessage<InputError>(::testing::StartsWith(
                  "bad.graphml:2:3: node 'a': role \"co\\tre\" is not a role; expected one of internet")));
  const std::string escape = "<graphml><graph>\n<node id=\"a\"><data key=\"label\">\x1b[2J</data></node></graph></graphml>";
  EXPECT_THAT([&] { (void)import_graphml_text(escape, "bad.graphml", kDefaultCapacityBps); },
              ThrowsMessage<InputError>(::testing::StartsWith(
                  "bad.graphml:2:32: malformed XML: a control character \"\\x1b\"; expected XML text")));
}

TEST(GraphmlImport, AReferenceToAControlCharacterIsKeptAsWrittenAndOthersAreDecoded) {
  const Network network = import_graphml_text(
      "<graphml><graph><node id=\"a&#1;b&#x1B;c&#9;d&#x5929;\"/></graph></graphml>", "refs.graphml", kDefaultCapacityBps);
  ASSERT_EQ(network.nodes.size(), 1U);
  EXPECT_EQ(network.nodes[0].id, "a&#1;b&#x1B;c\td\u5929");
}

TEST(GraphmlImport, RefusesNestingDeeperThanTheLimitWithoutRecursing) {
  std::string deep = "<graphml>";
  for (std::size_t i = 0; i < 100'000; ++i) deep += "<a>";
  EXPECT_THAT([&] { (void)import_graphml_text(deep, "deep.graphml", kDefaultCapacityBps); },
              ThrowsMessage<InputError>(HasSubstr("elements nested deeper than 256")));
}

TEST(GraphmlImport, AMissingFileIsAnInputErrorNamingIt) {
  EXPECT_THAT([] { (void)import_graphml_file("/nonexistent/x.graphml", kDefaultCapacityBps); },
              ThrowsMessage<InputError>(HasSubstr("/nonexistent/x.graphml: cannot be read")));
}

// Any prefix of a real file, and the file with random bytes overwritten, is either imported
// or refused with an InputError: never a crash, never another exception.
TEST(GraphmlImport, TruncatedOrCorruptedFilesAreImportedOrRefusedNeverCrash) {
  constexpr std::size_t kPrefixStep = 37;
  constexpr int kCorruptions = 300;
  constexpr int kBytesPerCorruption = 4;
  const std::string text = read_file(zoo_file("Cernet.graphml"));
  ASSERT_FALSE(text.empty());
  const auto try_import = [](const std::string& candidate) {
    try {
      (void)import_graphml_text(candidate, "fuzz.graphml", kDefaultCapacityBps);
    } catch (const InputError&) {
    }
  };
  for (std::size_t length = 0; length < text.size(); length += kPrefixStep) {
    EXPECT_NO_THROW(try_import(text.substr(0, length))) << length;
  }
  RandomStream random(derive_seed(11, {}));
  for (int k = 0; k < kCorruptions; ++k) {
    std::string corrupted = text;
    for (int b = 0; b < kBytesPerCorruption; ++b) {
      corrupted[random() % corrupted.size()] = static_cast<char>(random() % 256);
    }
    EXPECT_NO_THROW(try_import(corrupted)) << k;
  }
}

TEST(GraphmlExport, DotHasEveryNodeAndLinkWithMicrowaveDashed) {
  const Network network = generate_network(testing::tianjin_like());
  const std::string dot = export_dot(network);
  EXPECT_TRUE(dot.starts_with("graph \"tianjin-like\" {"));
  const auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = dot.find(needle); at != std::string::npos; at = dot.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(" -- "), network.links.size());
  EXPECT_EQ(count("style=dashed"), take_inventory(network).microwave_links);
  EXPECT_EQ(count(" [shape="), network.nodes.size());
}

}  // namespace
}  // namespace citynet::topology
