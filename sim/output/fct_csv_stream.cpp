#include "output/fct_csv_stream.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "core/huge_pages.hpp"

namespace citynet::output {
namespace {

// Formatted rows are kept in chunks of about this size, so that keeping a million rows
// never copies the ones already kept; each is mostly in 2 MB pages. Only the part of a chunk
// between its first and last 2 MB boundaries can be, so chunks are large (untouched room
// costs address space only): the million rows of the replay benchmark took 5,000 page
// faults in 8 MB chunks.
constexpr std::size_t kChunkBytes = std::size_t{32} << 20;
// A new chunk is started when the current one has less room than this: a typical row is
// under 100 bytes, and a longer one only makes its chunk grow.
constexpr std::size_t kRoomForARow = 256;

// Rows are copied into the file through a buffer of this size.
constexpr std::size_t kWriteBytes = std::size_t{1} << 20;

// How many rows ahead of the one being copied the next row's text is asked of memory: a
// few hundred nanoseconds of copying, about the time memory takes to answer.
constexpr std::size_t kRowsFetchedAhead = 16;

}  // namespace

FctCsvStream::FctCsvStream(std::ostream& out, std::size_t row_count, FctRowsFormatter format_rows,
                           unsigned thread_count)
    : out_(out), row_count_(row_count), format_rows_(std::move(format_rows)), thread_count_(std::max(1U, thread_count)) {
  out_ << fct_csv_header();
  // The producer of the rows keeps one core; a second formats alongside it.
  if (thread_count_ > 1 && row_count_ > 0) {
    if (row_count_ > std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("FctCsvStream: more rows than 32-bit row numbers");
    }
    completion_order_ = std::make_unique_for_overwrite<std::uint32_t[]>(row_count_);
    advise_huge_pages(completion_order_.get(), row_count_ * sizeof(std::uint32_t));
    text_of_row_ = std::make_unique_for_overwrite<RowText[]>(row_count_);
    advise_huge_pages(text_of_row_.get(), row_count_ * sizeof(RowText));
    write_buffer_.reserve(kWriteBytes + kRoomForARow);
    formatter_ = std::jthread([this](const std::stop_token& stop) { format_rows_as_they_complete(stop); });
  }
}

void FctCsvStream::row_completed(std::size_t row) {
  if (!formatter_.joinable()) return;  // everything is formatted by finish()
  if (reported_ == row_count_) throw std::logic_error("FctCsvStream: more rows completed than there are");
  completion_order_[reported_++] = static_cast<std::uint32_t>(row);
  if (reported_ % kFctRowsPerWakeup == 0) {
    // The lock publishes the rows' values and their order, written before, to the
    // formatting thread, which reads completed_ under it.
    const std::lock_guard lock(mutex_);
    completed_ = reported_;
    rows_completed_.notify_one();
  }
}

void FctCsvStream::finish() {
  if (formatter_.joinable()) {
    {
      const std::lock_guard lock(mutex_);
      completed_ = reported_;
      finishing_ = true;
    }
    rows_completed_.notify_one();
    formatter_.join();
    if (failure_) std::rethrow_exception(failure_);
  } else {
    write_fct_rows(out_, 0, row_count_, format_rows_, thread_count_);
  }
}

void FctCsvStream::format_rows_as_they_complete(const std::stop_token& stop) {
  try {
    std::fill_n(text_of_row_.get(), row_count_, RowText{0, 0, 0});
    std::size_t formatted = 0;
    while (true) {
      const std::optional<std::size_t> completed = wait_for_rows(formatted, stop);
      if (!completed) return;
      for (; formatted < *completed; ++formatted) {
        if (stop.stop_requested()) return;
        format_row(completion_order_[formatted]);
      }
      bool finishing = false;
      {
        const std::lock_guard lock(mutex_);
        finishing = finishing_ && completed_ == formatted;
      }
      write_formatted_rows(finishing);
      if (finishing) return;
    }
  } catch (...) {
    failure_ = std::current_exception();
  }
}

std::optional<std::size_t> FctCsvStream::wait_for_rows(std::size_t formatted, const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  if (!rows_completed_.wait(lock, stop, [&] { return finishing_ || completed_ > formatted; })) return std::nullopt;
  return completed_;
}

void FctCsvStream::format_row(std::size_t row) {
  if (chunks_.empty() || chunks_.back().text().size() + kRoomForARow > kChunkBytes) {
    if (chunks_.size() == std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("FctCsvStream: too many chunks of rows");
    }
    FctRowBuffer& chunk = chunks_.emplace_back();
    chunk.reserve(kChunkBytes);
    advise_huge_pages(chunk.text().data(), kChunkBytes);
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

void FctCsvStream::write_formatted_rows(bool finishing) {
  for (; written_ < row_count_; ++written_) {
    // Rows are kept in completion order and read here in row order, so reading them jumps
    // about memory: a row's text is fetched while the rows before it are copied.
    if (written_ + kRowsFetchedAhead < row_count_) {
      const RowText ahead = text_of_row_[written_ + kRowsFetchedAhead];
      if (ahead.length != 0) {
        const char* text = chunks_[ahead.chunk].text().data() + ahead.offset;
        __builtin_prefetch(text);
        __builtin_prefetch(text + ahead.length - 1);
      }
    }
    const RowText slice = text_of_row_[written_];
    if (slice.length == 0) {
      if (!finishing) break;
      format_rows_(written_, written_ + 1, write_buffer_);  // never reported complete
    } else {
      write_buffer_.append_text(std::string_view(chunks_[slice.chunk].text().data() + slice.offset, slice.length));
    }
    if (write_buffer_.text().size() >= kWriteBytes) {
      out_.write(write_buffer_.text().data(), static_cast<std::streamsize>(write_buffer_.text().size()));
      write_buffer_.clear();
    }
  }
  out_.write(write_buffer_.text().data(), static_cast<std::streamsize>(write_buffer_.text().size()));
  write_buffer_.clear();
}

}  // namespace citynet::output
