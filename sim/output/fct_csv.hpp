#pragma once
// Flow completion times as CSV, one row per flow:
//
//   id,start_s,end_s,fct_s,size_bytes,mean_rate_bps
//
// fct_s = end_s - start_s and mean_rate_bps = size_bytes * 8 / fct_s. Numbers are printed
// in the shortest form that reads back to the same double, without an exponent from 1e-4
// up to 1e16, so a file can be compared with another bit for bit. mean_rate_bps is left empty when fct_s is 0, which happens
// only when a flow is so short against its start time that the two ends are the same
// double: the rate is then not known.
#include <ostream>
#include <string>
#include <string_view>

namespace citynet::output {

inline constexpr std::string_view kFctCsvHeader = "id,start_s,end_s,fct_s,size_bytes,mean_rate_bps";

// Writes the header on construction and rows as they come, through a buffer that is
// handed to the stream in large pieces (a million rows are common). The buffer is
// flushed by finish() or, failing that, by the destructor.
class FctCsvWriter {
 public:
  explicit FctCsvWriter(std::ostream& out);
  FctCsvWriter(const FctCsvWriter&) = delete;
  FctCsvWriter& operator=(const FctCsvWriter&) = delete;
  ~FctCsvWriter();

  void write_row(std::string_view id, double start_s, double end_s, double size_bytes);
  void finish();

 private:
  std::ostream& out_;
  std::string buffer_;
};

}  // namespace citynet::output
