#include "scenario/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <system_error>

#include <fmt/core.h>

#include "core/units.hpp"
#include "core/user_text.hpp"

namespace citynet::scenario {
namespace {

struct Unit {
  std::string_view symbol;
  double si_factor;  // multiply the written number by this to get the SI value
};

// Largest first: format_quantity tries them in this order. Symbols after the first of a
// given factor are accepted spellings only.
constexpr std::array kRateUnits{
    Unit{"Tbps", kTbps},    Unit{"Tbit/s", kTbps}, Unit{"Gbps", kGbps},   Unit{"Gbit/s", kGbps},
    Unit{"Mbps", kMbps},    Unit{"Mbit/s", kMbps}, Unit{"kbps", kKbps},   Unit{"Kbps", kKbps},
    Unit{"kbit/s", kKbps},  Unit{"bps", 1.0},      Unit{"bit/s", 1.0},
};
constexpr double kKmPerMetre = 1.0 / kMetresPerKm;
constexpr std::array kLengthUnits{Unit{"km", 1.0}, Unit{"m", kKmPerMetre}};
constexpr double kSecondsPerMillisecond = 1e-3;
constexpr std::array kDurationUnits{
    Unit{"h", kSecondsPerHour}, Unit{"min", kSecondsPerMinute}, Unit{"s", 1.0},
    Unit{"ms", kSecondsPerMillisecond}, Unit{"d", kSecondsPerDay},
};
constexpr double kBytesPerKilobyte = 1e3;
constexpr double kBytesPerMegabyte = 1e6;
constexpr double kBytesPerGigabyte = 1e9;
constexpr double kBytesPerTerabyte = 1e12;
constexpr std::array kSizeUnits{
    Unit{"TB", kBytesPerTerabyte}, Unit{"GB", kBytesPerGigabyte}, Unit{"MB", kBytesPerMegabyte},
    Unit{"kB", kBytesPerKilobyte}, Unit{"KB", kBytesPerKilobyte}, Unit{"B", 1.0},
};
constexpr double kPercent = 100.0;

[[nodiscard]] std::span<const Unit> units_of(Quantity quantity) {
  switch (quantity) {
    case Quantity::rate: return kRateUnits;
    case Quantity::length: return kLengthUnits;
    case Quantity::duration: return kDurationUnits;
    case Quantity::size: return kSizeUnits;
    case Quantity::fraction: return {};
  }
  return {};
}

[[nodiscard]] std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

[[nodiscard]] bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the decimal number at the start of `text` ([+-]digits[.digits][e[+-]digits]),
// 0 when there is none. Written out by hand so that "nan", "inf" and hex never count.
[[nodiscard]] std::size_t number_prefix_length(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < text.size() && is_digit(text[i])) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    std::size_t exponent_digits = 0;
    while (j < text.size() && is_digit(text[j])) ++j, ++exponent_digits;
    if (exponent_digits > 0) i = j;
  }
  return i;
}

[[nodiscard]] std::optional<double> to_finite_double(std::string_view number) {
  // from_chars does not take a leading '+'.
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc{} || end != number.data() + number.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

struct Split {
  std::string_view number;
  std::string_view unit;
};

[[nodiscard]] Split split_number_unit(std::string_view text) {
  text = trim(text);
  const std::size_t length = number_prefix_length(text);
  return {text.substr(0, length), trim(text.substr(length))};
}

[[nodiscard]] std::optional<double> parse_with_units(std::string_view text, std::span<const Unit> units) {
  const Split split = split_number_unit(text);
  if (split.number.empty() || split.unit.empty()) return std::nullopt;
  const auto number = to_finite_double(split.number);
  if (!number) return std::nullopt;
  for (const Unit& unit : units) {
    if (unit.symbol == split.unit) {
      const double value = *number * unit.si_factor;
      if (!std::isfinite(value)) return std::nullopt;
      return value;
    }
  }
  return std::nullopt;
}

[[nodiscard]] std::string unit_list(std::span<const Unit> units) {
  std::string list;
  for (const Unit& unit : units) {
    if (!list.empty()) list += ", ";
    list += unit.symbol;
  }
  return list;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.empty() || number_prefix_length(text) != text.size()) return std::nullopt;
  return to_finite_double(text);
}

std::optional<double> parse_rate_bps(std::string_view text) { return parse_with_units(text, kRateUnits); }
std::optional<double> parse_length_km(std::string_view text) { return parse_with_units(text, kLengthUnits); }
std::optional<double> parse_duration_s(std::string_view text) {
  return parse_with_units(text, kDurationUnits);
}
std::optional<double> parse_size_bytes(std::string_view text) { return parse_with_units(text, kSizeUnits); }

std::optional<double> parse_fraction(std::string_view text) {
  const Split split = split_number_unit(text);
  if (split.number.empty()) return std::nullopt;
  auto value = to_finite_double(split.number);
  if (!value) return std::nullopt;
  if (split.unit == "%") {
    *value /= kPercent;
  } else if (!split.unit.empty()) {
    return std::nullopt;
  }
  if (*value < 0.0 || *value > 1.0) return std::nullopt;
  return value;
}

std::optional<double> parse_quantity(Quantity quantity, std::string_view text) {
  if (quantity == Quantity::fraction) return parse_fraction(text);
  return parse_with_units(text, units_of(quantity));
}

std::string_view quantity_example(Quantity quantity) {
  switch (quantity) {
    case Quantity::rate: return "a rate such as 1Gbps or 512kbps";
    case Quantity::length: return "a length such as 20km or 350m";
    case Quantity::duration: return "a duration such as 24h, 5min or 30s";
    case Quantity::size: return "a size such as 150kB or 1.5GB";
    case Quantity::fraction: return "a fraction such as 0.35 or 35%";
  }
  return "a quantity";
}

std::string describe_quantity_error(Quantity quantity, std::string_view text) {
  const Split split = split_number_unit(text);
  if (split.number.empty()) return fmt::format("\"{}\" is not a number", shown(text));
  const auto number = to_finite_double(split.number);
  if (!number) return fmt::format("\"{}\" is out of range", shown(split.number));
  if (quantity == Quantity::fraction) {
    if (!split.unit.empty() && split.unit != "%") {
      return fmt::format("\"{}\" has the unit \"{}\"; a fraction takes none or %", shown(text), shown(split.unit));
    }
    return fmt::format("\"{}\" is outside [0, 1]", shown(text));
  }
  if (split.unit.empty()) return fmt::format("\"{}\" has no unit", shown(text));
  const auto units = units_of(quantity);
  if (!parse_with_units(text, units)) {
    for (const Unit& unit : units) {
      if (unit.symbol == split.unit) return fmt::format("\"{}\" is out of range", shown(text));
    }
    return fmt::format("\"{}\" has an unknown unit \"{}\" (known: {})", shown(text), shown(split.unit), unit_list(units));
  }
  return fmt::format("\"{}\" is not valid here", shown(text));
}

std::string format_number(double value) { return fmt::format("{}", value); }

std::string format_quantity(Quantity quantity, double value_in_si) {
  if (quantity == Quantity::fraction) return format_number(value_in_si);
  const auto units = units_of(quantity);
  // The largest unit that leaves at least 1 and reads back exactly; the SI unit always does.
  for (const Unit& unit : units) {
    const double scaled = value_in_si / unit.si_factor;
    if (std::fabs(scaled) < 1.0 && value_in_si != 0.0) continue;
    std::string text = format_number(scaled) + std::string(unit.symbol);
    if (parse_with_units(text, units) == value_in_si) return text;
  }
  for (const Unit& unit : units) {
    if (unit.si_factor == 1.0) return format_number(value_in_si) + std::string(unit.symbol);
  }
  return format_number(value_in_si);
}

std::string format_rate(double bps) { return format_quantity(Quantity::rate, bps); }
std::string format_length(double km) { return format_quantity(Quantity::length, km); }
std::string format_duration(double seconds) { return format_quantity(Quantity::duration, seconds); }
std::string format_size(double bytes) { return format_quantity(Quantity::size, bytes); }

}  // namespace citynet::scenario
