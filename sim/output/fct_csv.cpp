#include "output/fct_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "core/parallel.hpp"
#include "core/units.hpp"
#include "output/csv_rows.hpp"

namespace citynet::output {
namespace {

// Large enough that writes are few, small enough to be negligible next to the flows.
constexpr std::size_t kFlushThresholdBytes = 1 << 16;

// A row of a typical trace, for reserving buffers (a longer one only makes a buffer grow).
constexpr std::size_t kTypicalRowBytes = 96;

// The longest number is 24 characters ("-2.2250738585072014e-308"; fixed notation, used
// below 1e16, is shorter); a row has five, each after a comma, and a newline.
constexpr std::size_t kMaxNumberChars = 32;
constexpr std::size_t kMaxNumbersBytes = 5 * (kMaxNumberChars + 1) + 1;

// Doubles below 2^53 that are whole numbers print as their digits: no shorter decimal
// reads back to them, since their neighbours are at most 1 apart.
constexpr double kLargestPlainInteger = 9007199254740992.0;  // 2^53

[[nodiscard]] char* write_integer(char* out, std::uint64_t value) {
  char digits[20];
  char* first = digits + sizeof digits;
  do {
    *--first = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return std::copy(first, digits + sizeof digits, out);
}

// The shortest decimal that reads back to `value`, as fmt's `{}` writes it (fixed notation
// for decimal exponents in [-4, 16), scientific otherwise), which earlier files were
// written with, so files stay comparable byte for byte. Sizes, rates and many times are
// whole numbers: they skip the general algorithm.
[[nodiscard]] char* write_number(char* out, double value) {
  const double magnitude = std::fabs(value);
  if (magnitude < kLargestPlainInteger && magnitude == std::floor(magnitude)) {
    if (std::signbit(value)) *out++ = '-';
    return write_integer(out, static_cast<std::uint64_t>(magnitude));
  }
  return fmt::format_to(out, FMT_COMPILE("{}"), value);
}

}  // namespace

void FctRowBuffer::append_row(std::string_view id, double start_s, double end_s, double size_bytes) {
  const double fct_s = end_s - start_s;
  char numbers[kMaxNumbersBytes];
  char* out = numbers;
  for (const double value : {start_s, end_s, fct_s, size_bytes}) {
    *out++ = ',';
    out = write_number(out, value);
  }
  *out++ = ',';
  if (fct_s > 0) out = write_number(out, size_bytes * kBitsPerByte / fct_s);  // else the rate is not known
  *out++ = '\n';
  append_csv_field(text_, id);
  text_.append(numbers, out);
}

FctCsvWriter::FctCsvWriter(std::ostream& out) : out_(out) {
  buffer_.reserve(kFlushThresholdBytes + kTypicalRowBytes);
  out_ << fct_csv_header();
}

FctCsvWriter::~FctCsvWriter() { finish(); }

void FctCsvWriter::write_row(std::string_view id, double start_s, double end_s, double size_bytes) {
  buffer_.append_row(id, start_s, end_s, size_bytes);
  if (buffer_.text().size() >= kFlushThresholdBytes) finish();
}

void FctCsvWriter::finish() {
  out_.write(buffer_.text().data(), static_cast<std::streamsize>(buffer_.text().size()));
  buffer_.clear();
}

void write_fct_csv(std::ostream& out, std::size_t row_count, const FctRowsFormatter& format_rows,
                   unsigned thread_count) {
  out << fct_csv_header();
  write_fct_rows(out, 0, row_count, format_rows, thread_count);
}

void write_fct_rows(std::ostream& out, std::size_t first_row, std::size_t last_row,
                    const FctRowsFormatter& format_rows, unsigned thread_count) {
  const std::size_t threads = std::max(1U, thread_count);
  // One buffer per thread, reused from block to block: no allocation per row.
  std::vector<FctRowBuffer> blocks(threads);
  for (FctRowBuffer& block : blocks) block.reserve(kFctRowsPerBlock * kTypicalRowBytes);
  const auto format_block = [&](std::size_t block_index, FctRowBuffer& rows) {
    rows.clear();
    const std::size_t first = std::min(last_row, first_row + block_index * kFctRowsPerBlock);
    const std::size_t last = std::min(last_row, first + kFctRowsPerBlock);
    if (first < last) format_rows(first, last, rows);
  };
  const std::size_t row_count = last_row - std::min(first_row, last_row);
  const std::size_t block_count = (row_count + kFctRowsPerBlock - 1) / kFctRowsPerBlock;
  for (std::size_t round_first = 0; round_first < block_count; round_first += threads) {
    const std::size_t round_blocks = std::min(threads, block_count - round_first);
    run_in_parallel(round_blocks, [&](std::size_t t) { format_block(round_first + t, blocks[t]); });
    for (std::size_t t = 0; t < round_blocks; ++t) {
      out.write(blocks[t].text().data(), static_cast<std::streamsize>(blocks[t].text().size()));
    }
  }
}

}  // namespace citynet::output
