#include "output/fct_csv_stream.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace citynet::output {
namespace {

// Formatted rows are kept in chunks of about this size, so that keeping a million rows
// never copies the ones already kept.
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
// A new chunk is started when the current one has less room than this: a typical row is
// under 100 bytes, and a longer one only makes its chunk grow.
constexpr std::size_t kRoomForARow = 256;

// Rows are copied into the file through a buffer of this size.
constexpr std::size_t kWriteBytes = std::size_t{1} << 20;

}  // namespace

FctCsvStream::FctCsvStream(std::ostream& out, std::size_t row_count, FctRowsFormatter format_rows,
                           unsigned thread_count)
    : out_(out), row_count_(row_count), format_rows_(std::move(format_rows)), thread_count_(std::max(1U, thread_count)) {
  out_ << kFctCsvHeader << '\n';
  // The producer of the rows keeps one core; a second formats alongside it.
  if (thread_count_ > 1 && row_count_ > 0) {
    if (row_count_ > std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("FctCsvStream: more rows than 32-bit row numbers");
    }
    completion_order_.resize(row_count_);
    text_of_row_.resize(row_count_);
    formatter_ = std::jthread([this](const std::stop_token& stop) { format_rows_as_they_complete(stop); });
  }
}

void FctCsvStream::row_completed(std::size_t row) {
  if (!formatter_.joinable()) return;  // everything is formatted by finish()
  if (reported_ == row_count_) throw std::logic_error("FctCsvStream: more rows completed than there are");
  completion_order_[reported_++] = static_cast<std::uint32_t>(row);
  // Release: the row's values and its place in the order, written before, are seen by
  // whoever sees the count.
  completed_.store(reported_, std::memory_order_release);
  if (reported_ % kFctRowsPerWakeup == 0) {
    // Under the lock, so that the formatter cannot miss the wakeup between its check and its wait.
    const std::lock_guard lock(mutex_);
    rows_completed_.notify_one();
  }
}

void FctCsvStream::finish() {
  if (formatter_.joinable()) {
    {
      const std::lock_guard lock(mutex_);
      finishing_ = true;
    }
    rows_completed_.notify_one();
    formatter_.join();
    if (failure_) std::rethrow_exception(failure_);
    write_rows_in_order();
  } else {
    write_fct_rows(out_, 0, row_count_, format_rows_, thread_count_);
  }
}

void FctCsvStream::format_rows_as_they_complete(const std::stop_token& stop) {
  try {
    std::size_t formatted = 0;
    while (true) {
      const std::optional<std::size_t> completed = wait_for_rows(formatted, stop);
      if (!completed) return;
      if (*completed == formatted) return;  // finishing, and every reported row is formatted
      for (; formatted < *completed; ++formatted) {
        if (stop.stop_requested()) return;
        format_row(completion_order_[formatted]);
      }
    }
  } catch (...) {
    failure_ = std::current_exception();
  }
}

std::optional<std::size_t> FctCsvStream::wait_for_rows(std::size_t formatted, const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  bool finishing = false;
  // Acquire: pairs with row_completed's release, so the rows counted are seen final.
  const bool woken = rows_completed_.wait(lock, stop, [&] {
    finishing = finishing_;
    return finishing || completed_.load(std::memory_order_acquire) > formatted;
  });
  if (!woken) return std::nullopt;
  return completed_.load(std::memory_order_acquire);
}

void FctCsvStream::format_row(std::size_t row) {
  if (chunks_.empty() || chunks_.back().text().size() + kRoomForARow > kChunkBytes) {
    if (chunks_.size() == std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("FctCsvStream: too many chunks of rows");
    }
    chunks_.emplace_back().reserve(kChunkBytes);
  }
  FctRowBuffer& chunk = chunks_.back();
  const std::size_t offset = chunk.text().size();
  format_rows_(row, row + 1, chunk);
  const std::size_t length = chunk.text().size() - offset;
  if (length == 0 || length > std::numeric_limits<std::uint32_t>::max() ||
      offset > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("FctCsvStream: a row's text is empty or over 4 GiB");
  }
  text_of_row_[row] = RowText{static_cast<std::uint32_t>(chunks_.size() - 1), static_cast<std::uint32_t>(offset),
                              static_cast<std::uint32_t>(length)};
}

// Rows not reported complete (which finish() says are complete anyway) are formatted here.
void FctCsvStream::write_rows_in_order() {
  FctRowBuffer buffer;
  buffer.reserve(kWriteBytes + kRoomForARow);
  const std::string& text = buffer.text();
  for (std::size_t row = 0; row < row_count_; ++row) {
    const RowText& slice = text_of_row_[row];
    if (slice.length == 0) {
      format_rows_(row, row + 1, buffer);
    } else {
      buffer.append_text(std::string_view(chunks_[slice.chunk].text()).substr(slice.offset, slice.length));
    }
    if (text.size() >= kWriteBytes) {
      out_.write(text.data(), static_cast<std::streamsize>(text.size()));
      buffer.clear();
    }
  }
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace citynet::output
