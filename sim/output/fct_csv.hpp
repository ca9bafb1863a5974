#pragma once
// Flow completion times as CSV, one row per flow: the columns of fct.csv in
// sim/output/csv_schema.txt (id,start_s,end_s,fct_s,size_bytes,mean_rate_bps); an id holding
// a comma, a quote or a line break is quoted per RFC 4180.
//
// fct_s = end_s - start_s and mean_rate_bps = size_bytes * 8 / fct_s. Numbers are printed
// in the shortest form that reads back to the same double, without an exponent from 1e-4
// up to 1e16, so a file can be compared with another bit for bit. mean_rate_bps is left empty when fct_s is 0, which happens
// only when a flow is so short against its start time that the two ends are the same
// double: the rate is then not known.
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "output/csv_schema.hpp"

namespace citynet::output {

// The header line, with its newline.
[[nodiscard]] inline std::string fct_csv_header() { return csv_header(csv_columns("fct.csv")); }

// Rows as text, appended to a buffer the caller owns.
class FctRowBuffer {
 public:
  void append_row(std::string_view id, double start_s, double end_s, double size_bytes);
  // Text of rows formatted before, as it is.
  void append_text(std::string_view rows) { text_.append(rows); }
  [[nodiscard]] const std::string& text() const { return text_; }
  void clear() { text_.clear(); }
  void reserve(std::size_t bytes) { text_.reserve(bytes); }

 private:
  std::string text_;
};

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
  FctRowBuffer buffer_;
};

// Appends rows [first, last) to `rows`; called for one block of rows at a time, from
// several threads at once on different blocks.
using FctRowsFormatter = std::function<void(std::size_t first, std::size_t last, FctRowBuffer& rows)>;

// Rows per block that one thread formats before blocks are written in order: a megabyte
// or two of text, so that threads start and join a few dozen times per million rows.
inline constexpr std::size_t kFctRowsPerBlock = 1 << 14;

// The header and rows [0, row_count), formatted in blocks on `thread_count` threads (1: on
// the calling one) and written in row order: the bytes are those of FctCsvWriter whatever
// the thread count.
void write_fct_csv(std::ostream& out, std::size_t row_count, const FctRowsFormatter& format_rows,
                   unsigned thread_count);

// Rows [first_row, last_row) alone, as write_fct_csv writes them: a file can be written
// in pieces, since every row is formatted on its own.
void write_fct_rows(std::ostream& out, std::size_t first_row, std::size_t last_row,
                    const FctRowsFormatter& format_rows, unsigned thread_count);

}  // namespace citynet::output
