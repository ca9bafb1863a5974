#include "output/fct_csv.hpp"

#include <iterator>

#include "core/units.hpp"

namespace citynet::output {
namespace {

// Large enough that writes are few, small enough to be negligible next to the flows.
constexpr std::size_t kFlushThresholdBytes = 1 << 16;

}  // namespace

FctCsvWriter::FctCsvWriter(std::ostream& out) : out_(out) {
  fmt::format_to(std::back_inserter(buffer_), "{}\n", kFctCsvHeader);
}

FctCsvWriter::~FctCsvWriter() { finish(); }

void FctCsvWriter::write_row(std::string_view id, double start_s, double end_s, double size_bytes) {
  const double fct_s = end_s - start_s;
  auto out = std::back_inserter(buffer_);
  if (fct_s > 0) {
    const double mean_rate_bps = size_bytes * kBitsPerByte / fct_s;
    fmt::format_to(out, "{},{},{},{},{},{}\n", id, start_s, end_s, fct_s, size_bytes, mean_rate_bps);
  } else {
    fmt::format_to(out, "{},{},{},{},{},\n", id, start_s, end_s, fct_s, size_bytes);
  }
  if (buffer_.size() >= kFlushThresholdBytes) finish();
}

void FctCsvWriter::finish() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace citynet::output
