// The unit parser: every quantity a scenario writes, and the ways it can be wrong.
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario/units.hpp"

namespace citynet::scenario {
namespace {

// Parsing multiplies by a power of ten; allow the last bits of a double to differ.
constexpr double kRelativeTolerance = 1e-12;

struct GoodCase {
  Quantity quantity;
  const char* text;
  double value_in_si;
};

class GoodQuantity : public ::testing::TestWithParam<GoodCase> {};

TEST_P(GoodQuantity, ParsesToItsSiValue) {
  const GoodCase& c = GetParam();
  const std::optional<double> value = parse_quantity(c.quantity, c.text);
  ASSERT_TRUE(value.has_value()) << c.text;
  EXPECT_NEAR(*value, c.value_in_si, std::fabs(c.value_in_si) * kRelativeTolerance) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, GoodQuantity,
    ::testing::Values(
        // Rates are SI: 1 Gbps = 1e9 bit/s (design.md), never 2^30.
        GoodCase{Quantity::rate, "60Gbps", 60e9}, GoodCase{Quantity::rate, "930Mbps", 930e6},
        GoodCase{Quantity::rate, "56kbps", 56e3}, GoodCase{Quantity::rate, "2Tbps", 2e12},
        GoodCase{Quantity::rate, "155.52 Mbps", 155.52e6}, GoodCase{Quantity::rate, "100bps", 100},
        GoodCase{Quantity::rate, "10Mbit/s", 10e6}, GoodCase{Quantity::rate, "1e3kbps", 1e6},
        GoodCase{Quantity::rate, "  1Gbps  ", 1e9}, GoodCase{Quantity::rate, "-5Gbps", -5e9},
        GoodCase{Quantity::length, "20000km", 20000}, GoodCase{Quantity::length, "350m", 0.35},
        GoodCase{Quantity::duration, "24h", 86400}, GoodCase{Quantity::duration, "5min", 300},
        GoodCase{Quantity::duration, "30s", 30}, GoodCase{Quantity::duration, "250ms", 0.25},
        GoodCase{Quantity::duration, "1d", 86400}, GoodCase{Quantity::size, "150kB", 150e3},
        GoodCase{Quantity::size, "2MB", 2e6}, GoodCase{Quantity::size, "1.5GB", 1.5e9},
        GoodCase{Quantity::size, "700B", 700}, GoodCase{Quantity::size, "8KB", 8e3},
        GoodCase{Quantity::fraction, "0.35", 0.35}, GoodCase{Quantity::fraction, "35%", 0.35},
        GoodCase{Quantity::fraction, "0", 0}, GoodCase{Quantity::fraction, "100%", 1},
        GoodCase{Quantity::fraction, "1", 1}));

struct BadCase {
  Quantity quantity;
  const char* text;
  const char* why;  // describe_quantity_error must say this
};

class BadQuantity : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadQuantity, IsRefusedWithAReason) {
  const BadCase& c = GetParam();
  EXPECT_FALSE(parse_quantity(c.quantity, c.text).has_value()) << c.text;
  EXPECT_THAT(describe_quantity_error(c.quantity, c.text), ::testing::HasSubstr(c.why)) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadQuantity,
    ::testing::Values(
        // A bare number where a unit is needed is an error (the rule).
        BadCase{Quantity::rate, "60", "has no unit"}, BadCase{Quantity::length, "20000", "has no unit"},
        BadCase{Quantity::duration, "30", "has no unit"}, BadCase{Quantity::size, "150", "has no unit"},
        BadCase{Quantity::rate, "60GBps", "unknown unit \"GBps\""},
        BadCase{Quantity::rate, "60 km", "unknown unit \"km\""},
        BadCase{Quantity::length, "5 miles", "unknown unit \"miles\""},
        BadCase{Quantity::size, "2Mb", "unknown unit \"Mb\""}, BadCase{Quantity::rate, "Gbps", "is not a number"},
        BadCase{Quantity::rate, "", "is not a number"}, BadCase{Quantity::rate, "nanGbps", "is not a number"},
        BadCase{Quantity::rate, "infGbps", "is not a number"}, BadCase{Quantity::rate, "1e400Gbps", "out of range"},
        BadCase{Quantity::rate, "1e300Tbps", "out of range"}, BadCase{Quantity::rate, "0x10Gbps", "unknown unit"},
        BadCase{Quantity::rate, "1,000Mbps", "unknown unit"}, BadCase{Quantity::fraction, "1.5", "outside [0, 1]"},
        BadCase{Quantity::fraction, "-0.1", "outside [0, 1]"}, BadCase{Quantity::fraction, "150%", "outside [0, 1]"},
        BadCase{Quantity::fraction, "35kB", "a fraction takes none or %"}));

TEST(ParseNumber, TakesPlainFiniteNumbersOnly) {
  EXPECT_EQ(parse_number("12.5"), 12.5);
  EXPECT_EQ(parse_number("-3"), -3.0);
  EXPECT_EQ(parse_number("1e6"), 1e6);
  EXPECT_EQ(parse_number("+2"), 2.0);
  EXPECT_FALSE(parse_number("12km").has_value());
  EXPECT_FALSE(parse_number("nan").has_value());
  EXPECT_FALSE(parse_number(".inf").has_value());
  EXPECT_FALSE(parse_number("1e400").has_value());
  EXPECT_FALSE(parse_number("").has_value());
  EXPECT_FALSE(parse_number("1.2.3").has_value());
}

TEST(NamedParsers, AgreeWithParseQuantity) {
  EXPECT_EQ(parse_rate_bps("1Gbps"), 1e9);
  EXPECT_EQ(parse_length_km("2km"), 2.0);
  EXPECT_EQ(parse_duration_s("2min"), 120.0);
  EXPECT_EQ(parse_size_bytes("3kB"), 3000.0);
  EXPECT_EQ(parse_fraction("50%"), 0.5);
  EXPECT_FALSE(parse_rate_bps("2km").has_value());
}

TEST(FormatQuantity, UsesTheLargestUnitThatReadsBackExactly) {
  EXPECT_EQ(format_rate(60e9), "60Gbps");
  EXPECT_EQ(format_rate(930e6), "930Mbps");
  EXPECT_EQ(format_rate(155.52e6), "155.52Mbps");
  EXPECT_EQ(format_rate(2e12), "2Tbps");
  EXPECT_EQ(format_duration(86400), "24h");
  EXPECT_EQ(format_duration(300), "5min");
  EXPECT_EQ(format_size(150e3), "150kB");
  EXPECT_EQ(format_length(20000), "20000km");
  EXPECT_EQ(format_quantity(Quantity::fraction, 0.35), "0.35");
}

TEST(FormatQuantity, RoundTripsAwkwardValuesExactly) {
  // Whatever the value, formatting then parsing gives the same double: the resolved
  // scenario must load back to an equal Scenario.
  const double values[] = {0.1, 1.0 / 3.0, 155.52e6, 33.6e3, 1e-9, 123456789.123, 0.35, 7.77e15,
                           std::numeric_limits<double>::max() / 1e13, 0.0};
  for (const Quantity quantity : {Quantity::rate, Quantity::length, Quantity::duration, Quantity::size}) {
    for (const double value : values) {
      const std::string text = format_quantity(quantity, value);
      EXPECT_EQ(parse_quantity(quantity, text), value) << text;
    }
  }
}

}  // namespace
}  // namespace citynet::scenario
