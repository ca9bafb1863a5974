#pragma once
// A results CSV read back for tests: the header and the rows as text, columns by name.
// Fields are read per RFC 4180, as any CSV reader reads them: a quoted field may hold
// commas, doubled quotes and line breaks.
#include <cstddef>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace citynet::test_support {

// The records of a CSV text; std::runtime_error for a quote that is never closed or text
// after a closing quote.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  const auto end_field = [&] {
    record.push_back(field);
    field.clear();
  };
  while (i < text.size()) {
    if (text[i] == '"' && field.empty()) {
      const std::size_t open = i++;
      for (;; ++i) {
        if (i >= text.size()) throw std::runtime_error("a quote opened at byte " + std::to_string(open) + " is never closed");
        if (text[i] != '"') {
          field.push_back(text[i]);
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          break;
        }
      }
      ++i;
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        throw std::runtime_error("text after a closing quote at byte " + std::to_string(i));
      }
      continue;
    }
    if (text[i] == ',') {
      end_field();
    } else if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_field();
      records.push_back(std::move(record));
      record.clear();
    } else {
      field.push_back(text[i]);
    }
    ++i;
  }
  if (!field.empty() || !record.empty()) {
    end_field();
    records.push_back(std::move(record));
  }
  return records;
}

class ResultsTable {
 public:
  explicit ResultsTable(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<std::vector<std::string>> records = parse_csv(text.str());
    if (records.empty()) throw std::runtime_error(path + ": no header");
    header_ = std::move(records.front());
    for (std::size_t i = 0; i < header_.size(); ++i) column_[header_[i]] = i;
    for (std::size_t r = 1; r < records.size(); ++r) {
      if (records[r].size() != header_.size()) {
        throw std::runtime_error(path + ": record " + std::to_string(r + 1) + " has " +
                                 std::to_string(records[r].size()) + " fields under a header of " +
                                 std::to_string(header_.size()));
      }
      rows_.push_back(std::move(records[r]));
    }
  }

  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
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
  std::vector<std::string> header_;
  std::map<std::string, std::size_t> column_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace citynet::test_support
