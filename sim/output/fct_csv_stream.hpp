#pragma once
// The completion-time CSV of fct_csv.hpp, written while its rows are still being completed.
//
// A replay runs on one core and completes flows in an order of its own; formatting the
// numbers of a million rows takes a noticeable share of the run. So a thread of its own
// formats each row as soon as it is reported complete, in completion order, into memory,
// remembers where each row's text is, and writes the rows in row order as far as every
// earlier row is formatted; finish() writes the rest. A long row holds back the writing
// of the rows after it, not their formatting, at the price of keeping the formatted text in
// memory until finish() (about the size of the file). The bytes are those of
// FctCsvWriter whatever the thread count and the order in which rows complete.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <stop_token>
#include <thread>
#include <vector>

#include "output/fct_csv.hpp"

namespace citynet::output {

// The formatting thread is woken once per this many completed rows rather than for each
// (a wakeup costs the producer a lock), and at finish().
inline constexpr std::size_t kFctRowsPerWakeup = 1024;

class FctCsvStream {
 public:
  // Writes the header. With `thread_count` 1 nothing is formatted or written before
  // finish(); with more, one thread formats completed rows and writes to `out` meanwhile
  // (the caller leaves `out` alone until finish() returns or the stream is gone).
  // `format_rows` is called from that thread for one row at a time, already reported
  // complete, and must see its final values.
  FctCsvStream(std::ostream& out, std::size_t row_count, FctRowsFormatter format_rows, unsigned thread_count);
  FctCsvStream(const FctCsvStream&) = delete;
  FctCsvStream& operator=(const FctCsvStream&) = delete;
  // Without finish(), as when the producer of the rows failed: stops the thread after the
  // row it is formatting, and what was written is left for the caller to discard.
  ~FctCsvStream() = default;

  // Row `row`'s values are final (each row once, from one thread). Cheap, for the thread
  // that produces the rows: the values written before the call are visible to the
  // formatting thread.
  void row_completed(std::size_t row);

  // Every row is complete: writes the rows not written yet, formatting those never
  // reported. A failure of the formatting thread is rethrown here.
  void finish();

 private:
  // Where a formatted row's text is: `length` bytes at `offset` of chunk `chunk`; a length
  // of 0 (no row is empty) for a row not formatted yet.
  struct RowText {
    std::uint32_t chunk;
    std::uint32_t offset;
    std::uint32_t length;
  };

  void format_rows_as_they_complete(const std::stop_token& stop);
  // The number of rows reported complete once there are more than `formatted`, or finish()
  // was called; nothing when stopped first.
  [[nodiscard]] std::optional<std::size_t> wait_for_rows(std::size_t formatted, const std::stop_token& stop);
  void format_row(std::size_t row);
  // Writes the rows from written_ on as far as they are formatted; with `finishing`, every
  // row, formatting those never reported.
  void write_formatted_rows(bool finishing);

  std::ostream& out_;
  std::size_t row_count_;
  FctRowsFormatter format_rows_;
  unsigned thread_count_;
  // Rows in the order they were reported; the first completed_ may be formatted. Neither
  // this nor text_of_row_ is filled beforehand: a million rows would take tens of
  // milliseconds of page faults before the producer starts, rather than on the way.
  std::unique_ptr<std::uint32_t[]> completion_order_;
  // The producer's own count, apart from what the formatting thread reads: a cache line
  // written for every row and read by the other core would slow both.
  alignas(64) std::size_t reported_ = 0;
  alignas(64) std::mutex mutex_;
  std::condition_variable_any rows_completed_;
  std::size_t completed_ = 0;  // under mutex_: reported_ when last published
  bool finishing_ = false;     // under mutex_
  // Owned by the formatting thread until it is joined.
  std::vector<FctRowBuffer> chunks_;
  // By row; set to 0 by the formatting thread before its first row, so that the producer
  // does not spend the page faults of a million rows before it starts.
  std::unique_ptr<RowText[]> text_of_row_;
  std::size_t written_ = 0;  // rows [0, written_) are written
  FctRowBuffer write_buffer_;
  std::exception_ptr failure_;
  std::jthread formatter_;  // last: stopped and joined before the members it uses go
};

}  // namespace citynet::output
