// Every CSV file `citynet run` writes has the header of sim/output/csv_schema.txt and rows
// of its width and types, even where the scenario's names hold commas, quotes and spaces:
// such names are quoted per RFC 4180 and read back whole. A failure event's links and
// nodes are rows of event_elements.csv, not a list in one cell. The cut analysis CSV too.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "citynet_process.hpp"
#include "output/csv_schema.hpp"
#include "results_table.hpp"

namespace {

namespace fs = std::filesystem;
using citynet::output::csv_columns;
using citynet::output::CsvColumn;
using citynet::output::CsvColumns;
using citynet::output::CsvType;
using citynet::testing::read_all;
using citynet::test_support::ResultsTable;

const std::string kNode = "access, \"riverside\"";
const std::string kDistrict = "Riverside, old town";
const std::string kClass = "adsl, 1m";

// The small town with names a careless writer would break, and a cut of the riverside
// link at 01:30 for an hour.
std::string awkward_town() {
  std::string text = read_all(fs::path(CITYNET_SOURCE_DIR) / "scenarios" / "small-town.yaml");
  const auto replace_all = [&text](const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  };
  replace_all("access-riverside", "\"access, \\\"riverside\\\"\"");
  replace_all("name: Riverside", "name: \"Riverside, old town\"");
  replace_all("district: Riverside", "district: \"Riverside, old town\"");
  replace_all("adsl-1m", "\"adsl, 1m\"");
  return text + "\nfailures:\n  events:\n    - {name: \"cut, riverside\", at: \"01:30\", duration: 1h, "
                "cut: {link: core-riverside}}\n";
}

bool is_integer(const std::string& cell) {
  return !cell.empty() && std::all_of(cell.begin(), cell.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool is_number(const std::string& cell) {
  if (cell.empty()) return true;  // a value that does not exist
  std::size_t used = 0;
  try {
    (void)std::stod(cell, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == cell.size();
}

void expect_file_follows_schema(const fs::path& folder, CsvColumns columns) {
  const std::string file(columns.front().file);
  const ResultsTable table((folder / file).string());
  ASSERT_EQ(table.header().size(), columns.size()) << file;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const CsvColumn& column = columns[c];
    EXPECT_EQ(table.header()[c], column.name) << file;
    for (std::size_t row = 0; row < table.size(); ++row) {
      const std::string& cell = table.text(row, std::string(column.name));
      if (column.type == CsvType::integer) {
        EXPECT_TRUE(is_integer(cell)) << file << " " << column.name << ": " << cell;
      } else if (column.type == CsvType::number) {
        EXPECT_TRUE(is_number(cell)) << file << " " << column.name << ": " << cell;
      }
    }
  }
}

class CsvFilesTest : public citynet::testing::CitynetProcessTest {};

TEST_F(CsvFilesTest, EveryRunFileFollowsTheSchemaWithCommasAndQuotesInNames) {
  const fs::path scenario = directory_ / "awkward-town.yaml";
  std::ofstream(scenario) << awkward_town();
  const fs::path out = directory_ / "out";
  const auto result = citynet("run " + scenario.string() + " --duration 3h --quiet --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const CsvColumns columns :
       {csv_columns("topology_nodes.csv"), csv_columns("topology_links.csv"), csv_columns("link_timeseries.csv"),
        csv_columns("link_summary.csv"), csv_columns("class_summary.csv"), csv_columns("app_summary.csv"),
        csv_columns("class_throughput_histogram.csv"), csv_columns("class_line_rate_share_histogram.csv"),
        csv_columns("summary.csv"), csv_columns("events.csv"), csv_columns("event_elements.csv")}) {
    SCOPED_TRACE(columns.front().file);
    expect_file_follows_schema(out, columns);
  }
  const ResultsTable nodes((out / "topology_nodes.csv").string());
  const auto riverside = nodes.find("node_id", kNode);
  ASSERT_TRUE(riverside.has_value());
  EXPECT_EQ(nodes.text(*riverside, "district"), kDistrict);
  // The classes' counts spread over the sites in proportion to their `subscribers`: 300 ADSL
  // and 100 LAN over 300 and 150 (LAN in the centre only) leave the riverside 101.
  EXPECT_EQ(nodes.text(*riverside, "subscribers"), "101");
  EXPECT_TRUE(ResultsTable((out / "class_summary.csv").string()).find("class", kClass).has_value());
  EXPECT_TRUE(ResultsTable((out / "link_summary.csv").string()).find("to", kNode).has_value());
}

TEST_F(CsvFilesTest, AnEventsLinksAreRowsOfEventElementsAndItsRowCountsThem) {
  const fs::path scenario = directory_ / "awkward-town.yaml";
  std::ofstream(scenario) << awkward_town();
  const fs::path out = directory_ / "out";
  ASSERT_EQ(citynet("run " + scenario.string() + " --duration 3h --quiet --out " + out.string()).exit_code, 0);
  const ResultsTable events((out / "events.csv").string());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events.text(0, "event"), "0");
  EXPECT_EQ(events.text(0, "name"), "cut, riverside");
  EXPECT_EQ(events.number(0, "start_s"), 5400.0);
  EXPECT_EQ(events.text(0, "links_down"), "1");
  EXPECT_EQ(events.text(0, "nodes_down"), "0");
  const ResultsTable elements((out / "event_elements.csv").string());
  ASSERT_EQ(elements.size(), 1u);
  EXPECT_EQ(elements.text(0, "event"), "0");
  EXPECT_EQ(elements.text(0, "change"), "link_down");
  EXPECT_EQ(elements.text(0, "element"), "core-riverside");
}

TEST_F(CsvFilesTest, TheCutAnalysisFollowsTheSchemaWithCommasAndQuotesInNames) {
  const fs::path scenario = directory_ / "awkward-town.yaml";
  std::ofstream(scenario) << awkward_town();
  const fs::path out = directory_ / "cuts" / "cut_analysis.csv";
  fs::create_directories(out.parent_path());
  const auto result = citynet("topo " + scenario.string() + " --cut-analysis --out " + out.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  expect_file_follows_schema(out.parent_path(), csv_columns("cut_analysis.csv"));
  const ResultsTable cuts(out.string());
  EXPECT_TRUE(cuts.find("element", kNode).has_value());
}

}  // namespace
