#include "output/fct_csv_stream.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "output/atomic_file.hpp"
#include "output/fct_csv.hpp"
#include "../scratch_folder.hpp"

namespace citynet::output {
namespace {

namespace fs = std::filesystem;

// Rows enough for many wakeups of the formatting thread and a last, partial one; three
// whole blocks of write_fct_rows (the one-thread case) and a partial one.
constexpr std::size_t kRows = 3 * kFctRowsPerBlock + 123;
// Only a safeguard against a stream that never formats rows before finish(): long enough
// never to be reached by one that does.
constexpr std::chrono::seconds kPatience{60};

// Rows whose completion times become known one by one, as a replay's do, and a log of
// what the stream asked to format: which rows, on which thread, and whether any of them
// was not complete yet.
class CompletingRows {
 public:
  explicit CompletingRows(std::size_t count) : end_s_(count, std::numeric_limits<double>::quiet_NaN()), done_(count) {
    for (std::size_t i = 0; i < count; ++i) ids_.push_back("flow" + std::to_string(i));
  }

  [[nodiscard]] static double start_s(std::size_t i) { return 0.1 * static_cast<double>(i); }
  [[nodiscard]] static double final_end_s(std::size_t i) { return start_s(i) + 1.0 / static_cast<double>(i % 7 + 3); }
  [[nodiscard]] static double size_bytes(std::size_t i) { return static_cast<double>(1000 + i); }

  void complete(std::size_t i, FctCsvStream& stream) {
    end_s_[i] = final_end_s(i);
    done_[i].store(true, std::memory_order_relaxed);
    stream.row_completed(i);
  }
  void complete_unreported(std::size_t i) {
    end_s_[i] = final_end_s(i);
    done_[i].store(true, std::memory_order_relaxed);
  }

  [[nodiscard]] FctRowsFormatter formatter() {
    return [this](std::size_t first, std::size_t last, FctRowBuffer& rows) {
      bool all_done = true;
      for (std::size_t i = first; i < last; ++i) {
        all_done = all_done && done_[i].load(std::memory_order_relaxed);
        rows.append_row(ids_[i], start_s(i), end_s_[i], size_bytes(i));
      }
      const std::lock_guard lock(mutex_);
      calls_.push_back(Call{first, last, std::this_thread::get_id()});
      if (!all_done) ++incomplete_rows_formatted_;
      formatted_.notify_all();
    };
  }

  // The file a single FctCsvWriter writes once every row is complete.
  [[nodiscard]] std::string expected_file() const {
    std::ostringstream out;
    FctCsvWriter writer(out);
    for (std::size_t i = 0; i < ids_.size(); ++i) writer.write_row(ids_[i], start_s(i), final_end_s(i), size_bytes(i));
    writer.finish();
    return out.str();
  }

  struct Call {
    std::size_t first;
    std::size_t last;
    std::thread::id thread;
  };
  // False if fewer than `count` calls came within kPatience.
  [[nodiscard]] bool wait_for_calls(std::size_t count) {
    std::unique_lock lock(mutex_);
    return formatted_.wait_for(lock, kPatience, [&] { return calls_.size() >= count; });
  }
  [[nodiscard]] std::vector<Call> calls() {
    const std::lock_guard lock(mutex_);
    return calls_;
  }
  [[nodiscard]] int incomplete_rows_formatted() {
    const std::lock_guard lock(mutex_);
    return incomplete_rows_formatted_;
  }

 private:
  std::vector<std::string> ids_;
  std::vector<double> end_s_;
  std::vector<std::atomic<bool>> done_;
  std::mutex mutex_;
  std::condition_variable formatted_;
  std::vector<Call> calls_;
  int incomplete_rows_formatted_ = 0;
};

// Orders in which a replay's flows may complete.
std::vector<std::vector<std::size_t>> completion_orders() {
  std::vector<std::size_t> in_order(kRows);
  std::iota(in_order.begin(), in_order.end(), 0);
  std::vector<std::size_t> reversed(in_order.rbegin(), in_order.rend());
  std::vector<std::size_t> shuffled = in_order;
  std::mt19937_64 random(11);
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  // Whole blocks in a random order, each in row order: the usual case of a replay whose
  // long flows hold back their blocks.
  std::vector<std::size_t> blocks((kRows + kFctRowsPerBlock - 1) / kFctRowsPerBlock);
  std::iota(blocks.begin(), blocks.end(), 0);
  std::shuffle(blocks.begin(), blocks.end(), random);
  std::vector<std::size_t> by_block;
  for (const std::size_t block : blocks) {
    for (std::size_t i = block * kFctRowsPerBlock; i < std::min(kRows, (block + 1) * kFctRowsPerBlock); ++i) {
      by_block.push_back(i);
    }
  }
  return {in_order, reversed, shuffled, by_block};
}

TEST(FctCsvStream, RowsCompletedInAnyOrderGiveTheBytesOfOneWriter) {
  const std::vector<std::vector<std::size_t>> orders = completion_orders();
  const std::string expected = CompletingRows(kRows).expected_file();
  for (const unsigned threads : {1U, 2U, 3U}) {
    for (std::size_t o = 0; o < orders.size(); ++o) {
      CompletingRows rows(kRows);
      std::ostringstream out;
      FctCsvStream stream(out, kRows, rows.formatter(), threads);
      for (const std::size_t i : orders[o]) rows.complete(i, stream);
      stream.finish();
      EXPECT_TRUE(out.str() == expected) << threads << " threads, order " << o;
      EXPECT_EQ(rows.incomplete_rows_formatted(), 0) << threads << " threads, order " << o;
    }
  }
}

TEST(FctCsvStream, EachRowIsFormattedOnAnotherThreadInCompletionOrderWhileAnEarlierRowIsNotComplete) {
  CompletingRows rows(kRows);
  std::ostringstream out;
  FctCsvStream stream(out, kRows, rows.formatter(), 2);
  // Row 0, a long flow, completes last; the others complete in a random order.
  std::vector<std::size_t> order(kRows - 1);
  std::iota(order.begin(), order.end(), 1);
  std::mt19937_64 random(5);
  std::shuffle(order.begin(), order.end(), random);
  for (const std::size_t i : order) rows.complete(i, stream);
  // The formatting thread is woken once per kFctRowsPerWakeup rows: those are formatted
  // before row 0 completes.
  const std::size_t woken_for = order.size() - order.size() % kFctRowsPerWakeup;
  ASSERT_TRUE(rows.wait_for_calls(woken_for)) << "rows completed after row 0 started must not wait for it";
  rows.complete(0, stream);
  order.push_back(0);
  stream.finish();

  const std::vector<CompletingRows::Call> calls = rows.calls();
  ASSERT_EQ(calls.size(), kRows) << "each row is formatted once";
  for (std::size_t k = 0; k < calls.size(); ++k) {
    EXPECT_EQ(calls[k].first, order[k]) << "call " << k;
    EXPECT_EQ(calls[k].last, order[k] + 1) << "call " << k;
    EXPECT_NE(calls[k].thread, std::this_thread::get_id()) << "call " << k;
  }
  EXPECT_EQ(rows.incomplete_rows_formatted(), 0) << "a row was formatted before it was complete";
  EXPECT_TRUE(out.str() == rows.expected_file());
}

// An output that the test can read while the stream writes to it from its thread.
class SharedOutput : public std::streambuf {
 public:
  [[nodiscard]] std::string text() {
    const std::lock_guard lock(mutex_);
    return text_;
  }
  // False if fewer than `bytes` came within kPatience.
  [[nodiscard]] bool wait_for_bytes(std::size_t bytes) {
    std::unique_lock lock(mutex_);
    return grown_.wait_for(lock, kPatience, [&] { return text_.size() >= bytes; });
  }

 protected:
  std::streamsize xsputn(const char* data, std::streamsize count) override {
    const std::lock_guard lock(mutex_);
    text_.append(data, static_cast<std::size_t>(count));
    grown_.notify_all();
    return count;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char byte = traits_type::to_char_type(c);
    xsputn(&byte, 1);
    return c;
  }

 private:
  std::mutex mutex_;
  std::condition_variable grown_;
  std::string text_;
};

TEST(FctCsvStream, RowsAreWrittenBeforeFinishAsFarAsEveryEarlierRowIsComplete) {
  CompletingRows rows(kRows);
  const std::string expected = rows.expected_file();
  SharedOutput output;
  std::ostream out(&output);
  FctCsvStream stream(out, kRows, rows.formatter(), 2);
  // Every row but row 5000 completes, in order; the formatting thread is woken for each
  // kFctRowsPerWakeup of them.
  constexpr std::size_t kLongRow = 5000;
  for (std::size_t i = 0; i < kRows; ++i) {
    if (i != kLongRow) rows.complete(i, stream);
  }
  // The header and rows 0 to 4999, exactly: the rows after the long one wait for it.
  const std::size_t before_long_row = [&] {
    std::size_t at = 0;
    for (std::size_t line = 0; line <= kLongRow; ++line) at = expected.find('\n', at) + 1;
    return at;
  }();
  ASSERT_TRUE(output.wait_for_bytes(before_long_row)) << "rows before the long one must not wait for finish()";
  EXPECT_TRUE(output.text() == expected.substr(0, before_long_row)) << "nothing after the long row before it completes";
  rows.complete(kLongRow, stream);
  stream.finish();
  EXPECT_TRUE(output.text() == expected);
}

TEST(FctCsvStream, ManyMegabytesOfRowsWrittenAndKeptAlternatelyGiveTheBytesOfOneWriter) {
  // Rows enough for several megabytes of kept text, while long rows hold back the writing
  // now and then.
  constexpr std::size_t kManyRows = 300000;
  CompletingRows rows(kManyRows);
  std::ostringstream out;
  FctCsvStream stream(out, kManyRows, rows.formatter(), 2);
  std::vector<std::size_t> held;
  for (std::size_t i = 0; i < kManyRows; ++i) {
    if (i % 40000 == 7) {
      held.push_back(i);  // a long row, completed 30,000 rows later
    } else {
      rows.complete(i, stream);
    }
    if (!held.empty() && i >= held.front() + 30000) {
      rows.complete(held.front(), stream);
      held.erase(held.begin());
    }
  }
  for (const std::size_t i : held) rows.complete(i, stream);
  stream.finish();
  EXPECT_EQ(rows.incomplete_rows_formatted(), 0);
  EXPECT_TRUE(out.str() == rows.expected_file());
}

TEST(FctCsvStream, RowsNeverReportedCompleteAreFormattedAtFinish) {
  // finish() says that every row is final, reported or not.
  CompletingRows rows(kRows);
  std::ostringstream out;
  FctCsvStream stream(out, kRows, rows.formatter(), 2);
  for (std::size_t i = 0; i < kRows; ++i) {
    if (i % 3 == 0) {
      rows.complete(i, stream);
    } else {
      rows.complete_unreported(i);
    }
  }
  stream.finish();
  EXPECT_EQ(rows.calls().size(), kRows);
  EXPECT_EQ(rows.incomplete_rows_formatted(), 0);
  EXPECT_TRUE(out.str() == rows.expected_file());
}

TEST(FctCsvStream, OnOneThreadEverythingIsFormattedAtFinishOnTheCallingThread) {
  CompletingRows rows(kRows);
  std::ostringstream out;
  FctCsvStream stream(out, kRows, rows.formatter(), 1);
  for (std::size_t i = 0; i < kRows; ++i) rows.complete(i, stream);
  EXPECT_TRUE(rows.calls().empty());
  EXPECT_EQ(out.str(), fct_csv_header());
  stream.finish();
  for (const CompletingRows::Call& call : rows.calls()) EXPECT_EQ(call.thread, std::this_thread::get_id());
  EXPECT_TRUE(out.str() == rows.expected_file());
}

TEST(FctCsvStream, WithoutRowsTheFileIsTheHeader) {
  CompletingRows rows(0);
  std::ostringstream out;
  FctCsvStream stream(out, 0, rows.formatter(), 2);
  stream.finish();
  EXPECT_EQ(out.str(), fct_csv_header());
}

class FctCsvStreamFileTest : public testing::ScratchFolderTest {
 protected:
  [[nodiscard]] bool directory_is_empty() const { return fs::is_empty(directory_); }
};

TEST_F(FctCsvStreamFileTest, AProducerThatFailsLeavesNoFileAndNoThreadBehind) {
  // The formatting thread is waiting for rows that never complete; the test ending shows
  // that the failure stopped it.
  CompletingRows rows(kRows);
  EXPECT_THROW(write_file_atomically(directory_ / "fct.csv",
                                     [&](std::ostream& out) {
                                       FctCsvStream stream(out, kRows, rows.formatter(), 2);
                                       for (std::size_t i = 0; i < kFctRowsPerBlock + 5; ++i) rows.complete(i, stream);
                                       throw std::runtime_error("the replay failed");
                                     }),
               std::runtime_error);
  EXPECT_TRUE(directory_is_empty());
  EXPECT_EQ(rows.incomplete_rows_formatted(), 0);
}

TEST_F(FctCsvStreamFileTest, AFailureWhileFormattingReachesFinishAndLeavesNoFile) {
  CompletingRows rows(kRows);
  const FctRowsFormatter format_rows = rows.formatter();
  const FctRowsFormatter failing = [&](std::size_t first, std::size_t last, FctRowBuffer& buffer) {
    if (first >= kFctRowsPerBlock) throw std::runtime_error("row failed");
    format_rows(first, last, buffer);
  };
  EXPECT_THROW(write_file_atomically(directory_ / "fct.csv",
                                     [&](std::ostream& out) {
                                       FctCsvStream stream(out, kRows, failing, 2);
                                       for (std::size_t i = 0; i < kRows; ++i) rows.complete(i, stream);
                                       stream.finish();
                                     }),
               std::runtime_error);
  EXPECT_TRUE(directory_is_empty());
}

}  // namespace
}  // namespace citynet::output
