#pragma once
// Quantities written with their unit, as scenarios and topology files spell them, parsed to
// SI values (bit/s, km, s, bytes) and formatted back. A quantity is a decimal number, an
// optional space, and a unit: "60Gbps", "930 Mbps", "350m", "5min", "1.5GB".
//
//   rate      bps kbps Mbps Gbps Tbps (also bit/s kbit/s Mbit/s Gbit/s Tbit/s); SI, 1 Gbps = 1e9 bit/s
//   length    m km
//   duration  ms s min h d
//   size      B kB MB GB TB; SI, 1 kB = 1000 bytes ("KB" is read as kB)
//   fraction  a number in [0, 1], or a percentage "35%"
//
// A bare number where a unit is needed, an unknown unit, a non-finite or out-of-range number
// ("nan", "inf", "1e400") all fail: the parsers return an empty optional, and
// `describe_quantity_error` says why in words for the message. Signs are accepted here
// (range checks belong to the field: a negative rate is a different error from a bad unit).
#include <optional>
#include <string>
#include <string_view>

namespace citynet::scenario {

enum class Quantity { rate, length, duration, size, fraction };

[[nodiscard]] std::optional<double> parse_rate_bps(std::string_view text);
[[nodiscard]] std::optional<double> parse_length_km(std::string_view text);
[[nodiscard]] std::optional<double> parse_duration_s(std::string_view text);
[[nodiscard]] std::optional<double> parse_size_bytes(std::string_view text);
[[nodiscard]] std::optional<double> parse_fraction(std::string_view text);
[[nodiscard]] std::optional<double> parse_quantity(Quantity quantity, std::string_view text);

// A plain decimal number, finite, with no unit ("12.5", "-3", "1e6"); for keys whose name
// carries the unit (`length_km`, `x_km`, `area_km2`).
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

// Why `text` is not a valid quantity, e.g. `"60" has no unit`, for error messages.
[[nodiscard]] std::string describe_quantity_error(Quantity quantity, std::string_view text);

// An example of the quantity for "expected ..." messages: "a rate such as 1Gbps".
[[nodiscard]] std::string_view quantity_example(Quantity quantity);

// Formats an SI value in the largest unit that reads back to exactly the same double:
// 60e9 → "60Gbps", 155.52e6 → "155.52Mbps", 0.35 → "0.35" (fractions stay numbers).
[[nodiscard]] std::string format_quantity(Quantity quantity, double value_in_si);
[[nodiscard]] std::string format_rate(double bps);
[[nodiscard]] std::string format_length(double km);
[[nodiscard]] std::string format_duration(double seconds);
[[nodiscard]] std::string format_size(double bytes);

// The shortest decimal text that reads back to exactly `value`.
[[nodiscard]] std::string format_number(double value);

}  // namespace citynet::scenario
