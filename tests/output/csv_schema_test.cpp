// The one schema of citynet's CSV files (sim/output/csv_schema.txt) and the rows written to
// it: units named in the column names, each file one block of unique columns, the compiled
// table the same as the file that plot.py reads, names quoted per RFC 4180 only when they
// must be, and a row of the wrong width refused.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../cli/results_table.hpp"
#include "output/csv_rows.hpp"
#include "output/csv_schema.hpp"
#include "output/link_layer.hpp"

namespace citynet::output {
namespace {

using test_support::parse_csv;

// design.md: SI units in column names; hours and minutes are accepted with SI.
const std::set<std::string> kUnitSymbols = {"bps", "s", "km", "bytes", "h", "min"};

std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in{std::string(name)};
  while (std::getline(in, part, '_')) parts.push_back(part);
  return parts;
}

TEST(CsvSchema, EveryUnitIsAnSiSymbolThatTheColumnNameSays) {
  for (const CsvColumn& column : kCsvSchema) {
    if (column.unit == "-") continue;
    EXPECT_TRUE(kUnitSymbols.contains(std::string(column.unit))) << column.file << " " << column.name;
    const std::vector<std::string> parts = words(column.name);
    EXPECT_NE(std::find(parts.begin(), parts.end(), column.unit), parts.end())
        << column.file << ": " << column.name << " does not say its unit " << column.unit;
  }
}

TEST(CsvSchema, AColumnNamedWithAUnitHasThatUnit) {
  // The last word of a name is its unit whenever it is a unit symbol ("x_km", "congested_h").
  for (const CsvColumn& column : kCsvSchema) {
    const std::string last = words(column.name).back();
    if (kUnitSymbols.contains(last)) {
      EXPECT_EQ(column.unit, last) << column.file << " " << column.name;
    }
  }
}

TEST(CsvSchema, EachFileIsOneBlockOfUniqueColumns) {
  std::set<std::string_view> files_seen;
  std::string_view previous;
  std::set<std::string_view> columns;
  for (const CsvColumn& column : kCsvSchema) {
    if (column.file != previous) {
      EXPECT_TRUE(files_seen.insert(column.file).second) << column.file << " is split in two blocks";
      previous = column.file;
      columns.clear();
    }
    EXPECT_TRUE(columns.insert(column.name).second) << column.file << ": " << column.name << " twice";
    EXPECT_TRUE(column.file.ends_with(".csv")) << column.file;
  }
}

TEST(CsvSchema, TheCompiledTableIsTheSchemaFileLineForLine) {
  // plot.py reads the file as it is; the writers use the table CMake made from it.
  std::ifstream in(std::string(CITYNET_SOURCE_DIR) + "/sim/output/csv_schema.txt");
  ASSERT_TRUE(in);
  std::size_t row = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    std::istringstream fields(line);
    std::string file;
    std::string name;
    std::string type;
    std::string unit;
    fields >> file >> name >> type >> unit;
    ASSERT_LT(row, std::size(kCsvSchema));
    EXPECT_EQ(kCsvSchema[row].file, file);
    EXPECT_EQ(kCsvSchema[row].name, name);
    EXPECT_EQ(kCsvSchema[row].unit, unit);
    ++row;
  }
  EXPECT_EQ(row, std::size(kCsvSchema));
}

TEST(CsvSchema, SummaryAndSweepCountCongestedLinksInEveryLayer) {
  for (const CsvColumns columns : {csv_columns("summary.csv"), csv_columns("sweep.csv")}) {
    for (const std::string_view layer : kLayerNames) {
      const std::string name = "congested_links_" + std::string(layer);
      EXPECT_TRUE(std::any_of(columns.begin(), columns.end(), [&](const CsvColumn& c) { return c.name == name; }))
          << columns.front().file << " lacks " << name;
    }
  }
}

TEST(CsvSchema, APlaceholderStandsForTheColumnsGivenInItsPlace) {
  const std::vector<std::string> axes = {"egress_bps", "district, name"};
  const std::string header = csv_header(csv_columns("sweep.csv"), axes);
  EXPECT_TRUE(header.starts_with("point,replication,seed,egress_bps,\"district, name\",busy_hour_of_day,"));
  const auto records = parse_csv(header);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].size(), csv_width(csv_columns("sweep.csv"), axes.size()));
}

TEST(CsvRows, ANameWithACommaQuoteOrLineBreakIsQuotedAndReadsBackWhole) {
  const std::vector<std::string> names = {"Riverside, north", "the \"old\" town", "two\nlines", "cr\rhere",
                                          "\"", ",", ""};
  CsvRows rows(2);
  for (const std::string& name : names) rows.text(name).number(1.5).end_row();
  const auto records = parse_csv(std::string(rows.view()));
  ASSERT_EQ(records.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    ASSERT_EQ(records[i].size(), 2u) << names[i];
    EXPECT_EQ(records[i][0], names[i]);
    EXPECT_EQ(records[i][1], "1.5");
  }
}

TEST(CsvRows, PlainNamesAreWrittenAsTheyAre) {
  // Files of plain names keep the bytes they had before quoting existed.
  CsvRows rows(3);
  rows.text("access-centre").text("Centre").text("it's 5 o'clock; fine").end_row();
  EXPECT_EQ(rows.view(), "access-centre,Centre,it's 5 o'clock; fine\n");
  EXPECT_EQ(csv_field("a b"), "a b");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
}

TEST(CsvRows, ARowOfAnotherWidthThanTheHeaderIsRefused) {
  CsvRows rows(csv_width(csv_columns("topology_links.csv")));
  rows.text("uplink").text("gateway").text("internet");
  EXPECT_THROW(rows.end_row(), std::logic_error);
  CsvRows wide(1);
  wide.number(1.0).number(2.0);
  EXPECT_THROW(wide.end_row(), std::logic_error);
}

}  // namespace
}  // namespace citynet::output
