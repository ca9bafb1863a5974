#include "output/fct_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "core/units.hpp"

namespace citynet::output {
namespace {

// Large enough that writes are few, small enough to be negligible next to the flows.
constexpr std::size_t kFlushThresholdBytes = 1 << 16;

// The longest shortest-round-trip double is 24 characters ("-2.2250738585072014e-308");
// fixed notation for exponents below 16 adds at most 5 ("-0.0001" + 17 digits).
constexpr std::size_t kMaxNumberChars = 32;
constexpr std::size_t kNumbersPerRow = 5;

// Fixed notation for decimal exponents in [-4, 16), scientific otherwise: the rule of
// fmt's `{}`, which earlier files were written with, so files stay comparable byte for
// byte. std::to_chars alone picks the shorter notation (4e+06 rather than 4000000).
constexpr int kLowestFixedExponent = -4;
constexpr int kFirstScientificExponent = 16;

// Lays out the significand digits `digits` (first digit at decimal `exponent`) in fixed
// notation.
[[nodiscard]] char* write_fixed(char* out, std::string_view digits, int exponent) {
  const auto count = static_cast<int>(digits.size());
  if (exponent < 0) {  // 0.000ddd
    *out++ = '0';
    *out++ = '.';
    out = std::fill_n(out, -exponent - 1, '0');
    return std::copy(digits.begin(), digits.end(), out);
  }
  if (exponent >= count - 1) {  // ddd000
    out = std::copy(digits.begin(), digits.end(), out);
    return std::fill_n(out, exponent - (count - 1), '0');
  }
  out = std::copy_n(digits.begin(), exponent + 1, out);  // dd.ddd
  *out++ = '.';
  return std::copy(digits.begin() + exponent + 1, digits.end(), out);
}

// The shortest decimal that reads back to `value`, laid out as fmt's `{}` does.
[[nodiscard]] char* write_number(char* out, double value) {
  char scientific[kMaxNumberChars];
  const char* end = std::to_chars(scientific, scientific + kMaxNumberChars, value,
                                  std::chars_format::scientific).ptr;
  const std::string_view text(scientific, static_cast<std::size_t>(end - scientific));
  if (!std::isfinite(value)) return std::copy(text.begin(), text.end(), out);
  // text is [-]d[.ddd]e(+|-)dd
  const std::size_t e = text.find('e');
  int exponent = 0;
  const char* exponent_start = scientific + e + 1 + (text[e + 1] == '+' ? 1 : 0);
  std::from_chars(exponent_start, end, exponent);
  if (exponent < kLowestFixedExponent || exponent >= kFirstScientificExponent) {
    return std::copy(text.begin(), text.end(), out);
  }
  std::string_view mantissa = text.substr(0, e);
  if (mantissa.front() == '-') {
    *out++ = '-';
    mantissa.remove_prefix(1);
  }
  char digits[kMaxNumberChars];
  digits[0] = mantissa.front();
  std::size_t count = 1;
  if (mantissa.size() > 1) {  // skip the decimal point
    std::memcpy(digits + 1, mantissa.data() + 2, mantissa.size() - 2);
    count += mantissa.size() - 2;
  }
  return write_fixed(out, std::string_view(digits, count), exponent);
}

}  // namespace

FctCsvWriter::FctCsvWriter(std::ostream& out) : out_(out) {
  buffer_.reserve(kFlushThresholdBytes);
  buffer_.append(kFctCsvHeader);
  buffer_.push_back('\n');
}

FctCsvWriter::~FctCsvWriter() { finish(); }

void FctCsvWriter::write_row(std::string_view id, double start_s, double end_s, double size_bytes) {
  const double fct_s = end_s - start_s;
  char numbers[kNumbersPerRow * (kMaxNumberChars + 1) + 1];
  char* out = numbers;
  for (const double value : {start_s, end_s, fct_s, size_bytes}) {
    *out++ = ',';
    out = write_number(out, value);
  }
  *out++ = ',';
  if (fct_s > 0) out = write_number(out, size_bytes * kBitsPerByte / fct_s);  // else the rate is not known
  *out++ = '\n';
  buffer_.append(id);
  buffer_.append(numbers, out);
  if (buffer_.size() >= kFlushThresholdBytes) finish();
}

void FctCsvWriter::finish() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace citynet::output
