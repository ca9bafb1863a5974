#pragma once
// sweep.csv: one row per (point, replication) of a sweep, in that order: the point's index,
// the replication, its seed, the axis values (scenario/sweep.hpp), then the key figures of
// the run (output::RunReport): busy hour, egress and core busy-hour utilization and offered
// load, congested link directions by layer, flows, bytes, streaming blocking, the share of
// subscribers under half their line rate, elastic throughput and completion time.
//
// The file is appended a row at a time, each row flushed whole, so that an interrupted sweep
// leaves the rows it finished. Reopened, a file must be the beginning of the same sweep:
// the same header, and row k the k-th (point, replication) with the same seed and axis
// values; a different sweep in the same folder is an InputError, never a silent mix. A last
// row cut short by a crash is dropped and run again.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "output/run_report.hpp"

namespace citynet::output {

// The first cells of a row: what identifies it before it is run.
struct SweepRowKey {
  std::size_t point = 0;
  std::uint64_t replication = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> axis_cells;  // CSV-ready
};

// With the trailing newline.
[[nodiscard]] std::string sweep_csv_header(std::span<const std::string> axis_columns);
[[nodiscard]] std::string sweep_csv_row(const SweepRowKey& key, const RunReport& report);
// "point,replication,seed,axis cells," — how every row of `key` begins.
[[nodiscard]] std::string sweep_csv_row_start(const SweepRowKey& key);

class SweepCsvFile {
 public:
  // Opens or creates `path` (and its folder). `expected_row_start(k)` is how row k must
  // begin, for k below `row_count` (the rows of the whole sweep).
  SweepCsvFile(const std::filesystem::path& path, const std::string& header, std::size_t row_count,
               const std::function<std::string(std::size_t)>& expected_row_start);

  // The rows already written: the next row to append is this one.
  [[nodiscard]] std::size_t rows_done() const { return rows_done_; }
  // Appends one whole row (ending with a newline) and flushes it.
  void append(const std::string& row);

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::size_t rows_done_ = 0;
};

}  // namespace citynet::output
