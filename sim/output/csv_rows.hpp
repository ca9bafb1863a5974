#pragma once
// Rows of a CSV file built in memory: cells separated by commas, numbers in the shortest
// form that reads back to the same double (equal runs give equal bytes), text quoted per
// RFC 4180. Every row must have the width of its file's header: a row of another width is
// a bug in the writer (std::logic_error), caught before a shifted file leaves citynet.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace citynet::output {

// `value` as one CSV field: as it is, or in double quotes with its quotes doubled when it
// holds a comma, a quote, CR or LF. Only then, so files of plain names keep their bytes.
void append_csv_field(std::string& out, std::string_view value);
void append_csv_field(fmt::memory_buffer& out, std::string_view value);
[[nodiscard]] std::string csv_field(std::string_view value);

class CsvRows {
 public:
  explicit CsvRows(std::size_t width) : width_(width) {}

  CsvRows& text(std::string_view value);
  // A cell already in CSV form (quoted where it must be).
  CsvRows& field(std::string_view cell);
  CsvRows& number(double value);
  CsvRows& number(std::uint64_t value);
  CsvRows& number(const std::optional<double>& value);  // empty: an empty cell
  void end_row();

  [[nodiscard]] std::string_view view() const { return {buffer_.data(), buffer_.size()}; }
  void append_raw(std::string_view text) { buffer_.append(text); }

 private:
  void separate();

  fmt::memory_buffer buffer_;
  std::size_t width_;
  std::size_t cells_ = 0;
};

}  // namespace citynet::output
