#pragma once
// Deterministic random streams. One scenario seed; every consumer derives its own stream
// from (seed, keys...) so that results do not depend on thread count or on the order in
// which other consumers draw (common random numbers across capacity plans).
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>

namespace citynet {

// splitmix64 finaliser: a bijective mix, good enough to decorrelate derived seeds.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// FNV-1a, so that streams can be keyed by names (application, class) stably across runs.
[[nodiscard]] constexpr std::uint64_t hash_name(std::string_view name) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  return h;
}

[[nodiscard]] constexpr std::uint64_t derive_seed(std::uint64_t seed,
                                                  std::initializer_list<std::uint64_t> keys) {
  std::uint64_t s = mix64(seed);
  for (std::uint64_t k : keys) s = mix64(s ^ mix64(k));
  return s;
}

// The seed of replication `replication` of a run seeded `seed`: replication 0 is the run
// itself (so one replication of a sweep point equals `citynet run` with those values), the
// others are decorrelated by the mix. Shared by plan comparisons and sweeps so that their
// replications agree.
[[nodiscard]] constexpr std::uint64_t replication_seed(std::uint64_t seed, std::uint64_t replication) {
  constexpr std::uint64_t kReplicationStream = 0x7265706C69636174ULL;  // "replicat"
  return replication == 0 ? seed : derive_seed(seed, {kReplicationStream, replication});
}

// xoshiro256** (Blackman & Vigna): fast, 256-bit state, satisfies UniformRandomBitGenerator.
class RandomStream {
 public:
  using result_type = std::uint64_t;
  explicit RandomStream(std::uint64_t seed) {
    std::uint64_t s = seed;
    for (auto& word : state_) {
      s += 0x9E3779B97F4A7C15ULL;
      word = mix64(s);
    }
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  // Uniform in the open interval (0, 1): safe for -log(u).
  double uniform01() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace citynet
