#include "output/fct_csv_stream.hpp"

#include <algorithm>
#include <utility>

namespace citynet::output {

FctCsvStream::FctCsvStream(std::ostream& out, std::size_t row_count, FctRowsFormatter format_rows,
                           unsigned thread_count)
    : out_(out),
      row_count_(row_count),
      format_rows_(std::move(format_rows)),
      thread_count_(std::max(1U, thread_count)),
      rows_to_complete_(std::make_unique<std::atomic<std::uint32_t>[]>(block_count())) {
  for (std::size_t block = 0; block < block_count(); ++block) {
    const std::size_t first = block * kFctRowsPerBlock;
    rows_to_complete_[block].store(static_cast<std::uint32_t>(std::min(row_count_, first + kFctRowsPerBlock) - first),
                                   std::memory_order_relaxed);
  }
  out_ << kFctCsvHeader << '\n';
  // The producer of the rows keeps one core; a second formats alongside it.
  if (thread_count_ > 1) {
    formatter_ = std::jthread([this](const std::stop_token& stop) { write_blocks_as_they_complete(stop); });
  }
}

void FctCsvStream::row_completed(std::size_t row) {
  // Release: the row's values, written before, are seen by whoever sees the count at 0.
  if (rows_to_complete_[row / kFctRowsPerBlock].fetch_sub(1, std::memory_order_release) == 1) {
    // Under the lock, so that the formatter cannot miss the wakeup between its check and its wait.
    const std::lock_guard lock(mutex_);
    block_completed_.notify_one();
  }
}

void FctCsvStream::finish() {
  if (formatter_.joinable()) {
    formatter_.request_stop();
    formatter_.join();
  }
  if (failure_) std::rethrow_exception(failure_);
  write_fct_rows(out_, std::min(row_count_, blocks_written_ * kFctRowsPerBlock), row_count_, format_rows_,
                 thread_count_);
}

void FctCsvStream::write_blocks_as_they_complete(const std::stop_token& stop) {
  try {
    FctRowBuffer rows;  // reused from block to block
    while (!stop.stop_requested() && blocks_written_ < block_count()) {
      if (!wait_for_block(blocks_written_, stop)) return;
      const std::size_t first = blocks_written_ * kFctRowsPerBlock;
      rows.clear();
      format_rows_(first, std::min(row_count_, first + kFctRowsPerBlock), rows);
      out_.write(rows.text().data(), static_cast<std::streamsize>(rows.text().size()));
      ++blocks_written_;
    }
  } catch (...) {
    failure_ = std::current_exception();
  }
}

// False when stopped first.
bool FctCsvStream::wait_for_block(std::size_t block, const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  // Acquire: pairs with row_completed's release, so every row of the block is seen final.
  return block_completed_.wait(lock, stop,
                               [&] { return rows_to_complete_[block].load(std::memory_order_acquire) == 0; });
}

}  // namespace citynet::output
