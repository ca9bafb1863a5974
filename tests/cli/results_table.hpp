#pragma once
// A results CSV read back for tests: the header and the rows as text, columns by name.
// citynet's CSV files quote nothing (ids and names carry no commas), so a line splits at
// every comma.
#include <cstddef>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace citynet::test_support {

class ResultsTable {
 public:
  explicit ResultsTable(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error(path + ": no header");
    const std::vector<std::string> header = split(line);
    for (std::size_t i = 0; i < header.size(); ++i) column_[header[i]] = i;
    while (std::getline(in, line)) {
      rows_.push_back(split(line));
      if (rows_.back().size() != header.size()) throw std::runtime_error(path + ": a ragged row: " + line);
    }
  }

  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  [[nodiscard]] const std::string& text(std::size_t row, const std::string& column) const {
    const auto found = column_.find(column);
    if (found == column_.end()) throw std::runtime_error("no column " + column);
    return rows_.at(row).at(found->second);
  }
  // Empty when the cell is empty (a value that does not exist).
  [[nodiscard]] std::optional<double> number(std::size_t row, const std::string& column) const {
    const std::string& cell = text(row, column);
    if (cell.empty()) return std::nullopt;
    return std::stod(cell);
  }
  // The first row whose `column` is `value`; empty when none is.
  [[nodiscard]] std::optional<std::size_t> find(const std::string& column, const std::string& value) const {
    for (std::size_t row = 0; row < rows_.size(); ++row) {
      if (text(row, column) == value) return row;
    }
    return std::nullopt;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
  }

  std::map<std::string, std::size_t> column_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace citynet::test_support
