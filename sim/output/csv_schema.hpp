#pragma once
// The columns of every CSV file citynet writes, in order, with their type and unit. The
// one definition is sim/output/csv_schema.txt (scripts/plot.py and the tests read it too);
// CMake turns it into the table below, so a writer's header is the schema's by construction
// and a file the schema lacks does not compile.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace citynet::output {

enum class CsvType {
  text,
  integer,
  number,   // empty: a value that does not exist
  columns,  // stands for columns the run decides (a sweep's axes)
};

struct CsvColumn {
  std::string_view file;
  std::string_view name;
  CsvType type = CsvType::text;
  std::string_view unit;  // "-": none (text, counts, ratios)
  std::string_view meaning;
};

inline constexpr CsvColumn kCsvSchema[] = {
#include "output/csv_schema_table.inc"
};

using CsvColumns = std::span<const CsvColumn>;

// The columns of `file`, which are one block of the schema.
[[nodiscard]] consteval CsvColumns csv_columns(std::string_view file) {
  const std::span<const CsvColumn> all(kCsvSchema);
  std::size_t first = 0;
  while (first < all.size() && all[first].file != file) ++first;
  if (first == all.size()) throw "not a file of sim/output/csv_schema.txt";
  std::size_t end = first;
  while (end < all.size() && all[end].file == file) ++end;
  return all.subspan(first, end - first);
}

// The header line with its newline; `expanded` are the names that stand in for a `columns`
// placeholder.
[[nodiscard]] std::string csv_header(CsvColumns columns, std::span<const std::string> expanded = {});
// The cells of a row of `columns` when a placeholder stands for `expanded` columns.
[[nodiscard]] std::size_t csv_width(CsvColumns columns, std::size_t expanded = 0);

}  // namespace citynet::output
