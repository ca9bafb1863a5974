#include "output/csv_schema.hpp"

#include "output/csv_rows.hpp"

namespace citynet::output {

std::string csv_header(CsvColumns columns, std::span<const std::string> expanded) {
  std::string header;
  const auto add = [&header](std::string_view name) {
    if (!header.empty()) header.push_back(',');
    append_csv_field(header, name);
  };
  for (const CsvColumn& column : columns) {
    if (column.type != CsvType::columns) {
      add(column.name);
      continue;
    }
    for (const std::string& name : expanded) add(name);
  }
  return header + "\n";
}

std::size_t csv_width(CsvColumns columns, std::size_t expanded) {
  std::size_t width = 0;
  for (const CsvColumn& column : columns) width += column.type == CsvType::columns ? expanded : 1;
  return width;
}

}  // namespace citynet::output
