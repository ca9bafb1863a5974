#include "output/csv_rows.hpp"

#include <iterator>
#include <stdexcept>

namespace citynet::output {
namespace {

constexpr std::string_view kCharactersToQuote = ",\"\r\n";

template <typename Buffer>
void append_field(Buffer& out, std::string_view value) {
  if (value.find_first_of(kCharactersToQuote) == std::string_view::npos) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

void append_csv_field(std::string& out, std::string_view value) { append_field(out, value); }
void append_csv_field(fmt::memory_buffer& out, std::string_view value) { append_field(out, value); }

std::string csv_field(std::string_view value) {
  std::string field;
  append_field(field, value);
  return field;
}

CsvRows& CsvRows::text(std::string_view value) {
  separate();
  append_field(buffer_, value);
  return *this;
}

CsvRows& CsvRows::field(std::string_view cell) {
  separate();
  buffer_.append(cell);
  return *this;
}

CsvRows& CsvRows::number(double value) {
  separate();
  fmt::format_to(std::back_inserter(buffer_), "{}", value);
  return *this;
}

CsvRows& CsvRows::number(std::uint64_t value) {
  separate();
  fmt::format_to(std::back_inserter(buffer_), "{}", value);
  return *this;
}

CsvRows& CsvRows::number(const std::optional<double>& value) {
  separate();
  if (value) fmt::format_to(std::back_inserter(buffer_), "{}", *value);
  return *this;
}

void CsvRows::end_row() {
  if (cells_ != width_) {
    throw std::logic_error(fmt::format("a CSV row of {} cells under a header of {}", cells_, width_));
  }
  buffer_.push_back('\n');
  cells_ = 0;
}

void CsvRows::separate() {
  if (cells_ != 0) buffer_.push_back(',');
  ++cells_;
}

}  // namespace citynet::output
