#include "output/sweep_csv.hpp"

#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "output/link_layer.hpp"

namespace citynet::output {
namespace {

constexpr std::string_view kKeyColumns = "point,replication,seed";
constexpr std::string_view kFigureColumns =
    "busy_hour_of_day,egress_capacity_bps,egress_busy_direction,egress_busy_hour_utilization,"
    "egress_busy_hour_offered_load,core_capacity_bps,core_busy_hour_utilization,core_busy_hour_offered_load,"
    "congested_links";  // then one column per layer, then kFlowColumns
constexpr std::string_view kFlowColumns =
    "flows,offered_bytes,bytes_not_served,streaming_blocking_probability,share_of_subscribers_under_half_line_rate,"
    "elastic_throughput_p50_bps,elastic_mean_completion_s";
constexpr std::size_t kHoursPerDay = 24;

// Numbers in the shortest form that reads back to the same double (as results_csv), so that
// equal runs give equal bytes; an empty cell for a value that does not exist.
void add(std::string& row, const std::optional<double>& value) {
  row += ',';
  if (value) fmt::format_to(std::back_inserter(row), "{}", *value);
}
void add(std::string& row, double value) { add(row, std::optional<double>(value)); }
void add(std::string& row, std::uint64_t value) { fmt::format_to(std::back_inserter(row), ",{}", value); }

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& message) {
  throw InputError(SourcePlace{path.string(), 0, 0}, message);
}

}  // namespace

std::string sweep_csv_header(std::span<const std::string> axis_columns) {
  std::string header(kKeyColumns);
  for (const std::string& column : axis_columns) header += "," + column;
  header += ",";
  header += kFigureColumns;
  for (const std::string_view layer : kLayerNames) header += fmt::format(",congested_links_{}", layer);
  header += ",";
  header += kFlowColumns;
  return header + "\n";
}

std::string sweep_csv_row_start(const SweepRowKey& key) {
  std::string row = fmt::format("{},{},{},", key.point, key.replication, key.seed);
  for (const std::string& cell : key.axis_cells) row += cell + ",";
  return row;
}

std::string sweep_csv_row(const SweepRowKey& key, const RunReport& report) {
  std::string row = sweep_csv_row_start(key);
  row.pop_back();  // the figures add their own separators
  if (report.busy_hour) {
    add(row, std::uint64_t{*report.busy_hour % kHoursPerDay});
  } else {
    row += ',';
  }
  add(row, report.egress_capacity_bps);
  row += report.egress_inbound ? ",inbound" : ",outbound";
  add(row, report.egress.utilization);
  add(row, report.egress.offered_load);
  add(row, report.core_capacity_bps);
  add(row, report.core.utilization);
  add(row, report.core.offered_load);
  std::uint64_t congested = 0;
  for (const std::uint32_t count : report.congested_links_by_layer) congested += count;
  add(row, congested);
  for (const std::uint32_t count : report.congested_links_by_layer) add(row, std::uint64_t{count});
  add(row, report.total.flows);
  add(row, report.total.offered_bytes);
  add(row, report.bytes_not_served.total_bytes());
  add(row, report.total.blocking_probability);
  add(row, report.share_of_subscribers_under_half_line_rate);
  add(row, report.total.throughput_p50_bps);
  add(row, report.total.mean_completion_s);
  return row + "\n";
}

SweepCsvFile::SweepCsvFile(const std::filesystem::path& path, const std::string& header, std::size_t row_count,
                           const std::function<std::string(std::size_t)>& expected_row_start)
    : path_(path) {
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  if (error) fail(path, fmt::format("cannot create the folder ({}); expected a writable place", error.message()));
  bool exists = std::filesystem::exists(path, error);
  if (exists) {
    // A file cut short before its header was whole is started again.
    std::ifstream in(path, std::ios::binary);
    std::string start(header.size(), '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    start.resize(static_cast<std::size_t>(in.gcount()));
    exists = start.size() == header.size() || header.compare(0, start.size(), start) != 0;
  }
  if (exists) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "cannot read the existing sweep.csv; expected a readable file");
    std::ostringstream text_stream;
    text_stream << in.rdbuf();
    const std::string text = text_stream.str();
    // Only whole lines count; a cut-short last row is dropped and run again.
    const std::size_t whole = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    if (whole == 0 || text.compare(0, header.size(), header) != 0) {
      fail(path, "the file holds results of a different sweep (its header differs); expected the same sweep to "
                 "resume, or another --out folder");
    }
    std::size_t begin = header.size();
    while (begin < whole) {
      const std::size_t end = text.find('\n', begin);
      if (rows_done_ >= row_count) fail(path, fmt::format("more rows than the sweep has ({}); expected the same sweep", row_count));
      const std::string start = expected_row_start(rows_done_);
      if (text.compare(begin, start.size(), start) != 0) {
        fail(path, fmt::format("row {} is \"{}\", not the start \"{}\" this sweep expects; expected the same sweep "
                               "to resume, or another --out folder",
                               rows_done_ + 2, text.substr(begin, std::min(end - begin, start.size())), start));
      }
      ++rows_done_;
      begin = end + 1;
    }
    if (whole < text.size()) std::filesystem::resize_file(path, whole, error);
    if (error) fail(path, fmt::format("cannot drop the cut-short last row ({})", error.message()));
    out_.open(path, std::ios::binary | std::ios::app);
  } else {
    out_.open(path, std::ios::binary | std::ios::trunc);
    out_ << header;
    out_.flush();
  }
  if (!out_) fail(path, "cannot write sweep.csv; expected a writable file");
}

void SweepCsvFile::append(const std::string& row) {
  out_ << row;
  out_.flush();
  if (!out_) fail(path_, "cannot write a row (disk full?); the rows before it are kept");
  ++rows_done_;
}

}  // namespace citynet::output
