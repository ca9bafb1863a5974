#pragma once
// The completion-time CSV of fct_csv.hpp, written while its rows are still being completed.
//
// A replay runs on one core and completes flows roughly in the order they start; formatting
// the numbers of a million rows takes a noticeable share of the run. So a thread of its own
// formats each block of kFctRowsPerBlock rows as soon as every row of the block is complete
// and writes the blocks in row order; at finish() the blocks still left are formatted on
// every core. One long row holds back its block and the blocks after it, which only leaves
// more for finish(). The bytes are those of FctCsvWriter whatever the thread count and the
// order in which rows complete.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <ostream>
#include <stop_token>
#include <thread>

#include "output/fct_csv.hpp"

namespace citynet::output {

class FctCsvStream {
 public:
  // Writes the header. With `thread_count` 1 nothing is formatted before finish(); with
  // more, one thread formats complete blocks meanwhile. `format_rows` is called from that
  // thread for rows already reported complete, and must see their final values.
  FctCsvStream(std::ostream& out, std::size_t row_count, FctRowsFormatter format_rows, unsigned thread_count);
  FctCsvStream(const FctCsvStream&) = delete;
  FctCsvStream& operator=(const FctCsvStream&) = delete;
  // Without finish(), as when the producer of the rows failed: stops the thread after the
  // block it is formatting, and what was written is left for the caller to discard.
  ~FctCsvStream() = default;

  // Row `row`'s values are final (each row once). Cheap, for the thread that produces the
  // rows: the values written before the call are visible to the formatting thread.
  void row_completed(std::size_t row);

  // Every row is complete: writes the rows not yet written, formatted on `thread_count`
  // threads. A failure of the formatting thread is rethrown here.
  void finish();

 private:
  [[nodiscard]] std::size_t block_count() const { return (row_count_ + kFctRowsPerBlock - 1) / kFctRowsPerBlock; }
  void write_blocks_as_they_complete(const std::stop_token& stop);
  [[nodiscard]] bool wait_for_block(std::size_t block, const std::stop_token& stop);

  std::ostream& out_;
  std::size_t row_count_;
  FctRowsFormatter format_rows_;
  unsigned thread_count_;
  // Rows of each block not yet complete; a block may be formatted once its count is 0.
  std::unique_ptr<std::atomic<std::uint32_t>[]> rows_to_complete_;
  std::mutex mutex_;
  std::condition_variable_any block_completed_;
  // Owned by the formatting thread until it is joined.
  std::size_t blocks_written_ = 0;
  std::exception_ptr failure_;
  std::jthread formatter_;  // last: stopped and joined before the members it uses go
};

}  // namespace citynet::output
