#pragma once
// The body of every harness: an InputError is the answer citynet gives a user for a bad
// file, so it is an expected outcome; any other exception escapes and libFuzzer reports
// the abort as a finding, as it does crashes, sanitizer reports, timeouts and leaks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "fuzz/fuzz_inputs.hpp"

namespace citynet::fuzz {

inline int run_harness(const FuzzTarget& target, const std::uint8_t* data, std::size_t size) {
  try {
    target.read(std::string_view(reinterpret_cast<const char*>(data), size), target.file_name);
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace citynet::fuzz

// One harness per file: fuzz/<name>_fuzzer.cpp holds CITYNET_FUZZ_HARNESS(<name>).
#define CITYNET_FUZZ_HARNESS(name)                                                       \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {    \
    static const citynet::fuzz::FuzzTarget target = citynet::fuzz::name##_target();     \
    return citynet::fuzz::run_harness(target, data, size);                               \
  }
