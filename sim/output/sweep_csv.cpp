#include "output/sweep_csv.hpp"

#include <cerrno>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "output/csv_rows.hpp"
#include "output/csv_schema.hpp"
#include "core/user_text.hpp"

namespace citynet::output {
namespace {

constexpr CsvColumns kColumns = csv_columns("sweep.csv");
constexpr std::size_t kHoursPerDay = 24;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& message) {
  throw InputError(SourcePlace{path.string(), 0, 0}, message);
}

}  // namespace

std::string sweep_csv_header(std::span<const std::string> axis_columns) {
  return csv_header(kColumns, axis_columns);
}

std::string sweep_csv_row_start(const SweepRowKey& key) {
  std::string row = fmt::format("{},{},{},", key.point, key.replication, key.seed);
  for (const std::string& cell : key.axis_cells) row += cell + ",";
  return row;
}

std::string sweep_csv_row(const SweepRowKey& key, const RunReport& report) {
  CsvRows csv(csv_width(kColumns, key.axis_cells.size()));
  csv.number(std::uint64_t{key.point}).number(key.replication).number(key.seed);
  for (const std::string& cell : key.axis_cells) csv.field(cell);
  if (report.busy_hour) {
    csv.number(std::uint64_t{*report.busy_hour % kHoursPerDay});
  } else {
    csv.field("");
  }
  csv.number(report.egress_capacity_bps).text(report.egress_inbound ? "inbound" : "outbound");
  csv.number(report.egress.utilization).number(report.egress.offered_load);
  csv.number(report.core_capacity_bps).number(report.core.utilization).number(report.core.offered_load);
  std::uint64_t congested = 0;
  for (const std::uint32_t count : report.congested_links_by_layer) congested += count;
  csv.number(congested);
  for (const std::uint32_t count : report.congested_links_by_layer) csv.number(std::uint64_t{count});
  csv.number(report.total.flows).number(report.total.offered_bytes).number(report.bytes_not_served.total_bytes());
  csv.number(report.total.blocking_probability).number(report.share_of_subscribers_under_half_line_rate);
  csv.number(report.total.throughput_p50_bps).number(report.total.mean_completion_s).end_row();
  return std::string(csv.view());
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
  errno = 0;
  out_ << row;
  out_.flush();
  if (!out_) {
    fail(path_, fmt::format("cannot write a row ({}); expected a writable file (the rows before it are kept: run "
                            "the sweep again to go on)",
                            write_failure_reason(errno)));
  }
  ++rows_done_;
}

}  // namespace citynet::output
