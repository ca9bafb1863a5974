// libFuzzer harness: see fuzz/fuzz_inputs.hpp for what scenario inputs go through.
#include "fuzz/harness.hpp"

CITYNET_FUZZ_HARNESS(scenario)
