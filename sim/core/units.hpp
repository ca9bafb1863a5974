#pragma once
// Unit conventions. Quantities are plain doubles whose names carry the unit
// (`capacity_bps`, `length_km`, `duration_s`, `size_bytes`); these constants convert.
// Rates are SI: 1 Gbps = 1e9 bit/s.

namespace citynet {

inline constexpr double kBitsPerByte = 8.0;
inline constexpr double kKbps = 1e3;
inline constexpr double kMbps = 1e6;
inline constexpr double kGbps = 1e9;
inline constexpr double kTbps = 1e12;
inline constexpr double kSecondsPerMinute = 60.0;
inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kMetresPerKm = 1000.0;

}  // namespace citynet
