// libFuzzer harness: see fuzz/fuzz_inputs.hpp for what flow_trace inputs go through.
#include "fuzz/harness.hpp"

CITYNET_FUZZ_HARNESS(flow_trace)
