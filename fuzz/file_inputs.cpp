// The GraphML and flow-trace harnesses' inputs: they need only the readers' stages.
#include <cstddef>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "demand/flow_trace.hpp"
#include "fuzz/fuzz_inputs.hpp"
#include "scenario/scenario.hpp"
#include "topology/graphml.hpp"

namespace citynet::fuzz {
namespace {

// Small enough that most rows of a short input straddle a buffer boundary.
constexpr std::size_t kSmallReadBytes = 7;

[[nodiscard]] bool same_flow(const demand::FlowTrace& a, const demand::TraceFlow& fa, const demand::FlowTrace& b,
                             const demand::TraceFlow& fb) {
  return fa.start_s == fb.start_s && fa.size_bytes == fb.size_bytes &&
         fa.max_rate_bps.has_value() == fb.max_rate_bps.has_value() &&
         (!fa.max_rate_bps.has_value() || *fa.max_rate_bps == *fb.max_rate_bps) && fa.src_site == fb.src_site &&
         fa.dst_site == fb.dst_site && fa.line == fb.line && a.id(fa) == b.id(fb);
}

[[nodiscard]] bool same_trace(const demand::FlowTrace& a, const demand::FlowTrace& b) {
  if (a.sites != b.sites || a.flows.size() != b.flows.size()) return false;
  for (std::size_t i = 0; i < a.flows.size(); ++i) {
    if (!same_flow(a, a.flows[i], b, b.flows[i])) return false;
  }
  return true;
}

// The trace, or the InputError's message, as the outcome of one read.
struct TraceOutcome {
  demand::FlowTrace trace;
  std::string error;
};

template <typename Read>
[[nodiscard]] TraceOutcome outcome_of(Read read) {
  TraceOutcome outcome;
  try {
    outcome.trace = read();
  } catch (const InputError& e) {
    outcome.error = e.what();
  }
  return outcome;
}

void graphml_input(std::string_view text, const std::string& file_name) {
  (void)topology::import_graphml_text(text, file_name, scenario::NetworkSpec{}.default_link_capacity_bps);
}

void flow_trace_input(std::string_view text, const std::string& file_name) {
  const TraceOutcome whole = outcome_of([&] { return demand::read_flow_trace_text(text, file_name); });
  const TraceOutcome pieces = outcome_of([&] {
    std::istringstream in{std::string(text)};
    return demand::read_flow_trace(in, file_name, kSmallReadBytes);
  });
  if (whole.error != pieces.error) {
    throw FuzzInconsistency("read whole: \"" + whole.error + "\"; read in pieces: \"" + pieces.error + "\"");
  }
  if (!whole.error.empty()) throw InputError(whole.error);
  if (!same_trace(whole.trace, pieces.trace)) throw FuzzInconsistency("read whole and in pieces: different flows");
}

}  // namespace

FuzzTarget graphml_target() { return {"graphml", graphml_input, "fuzz-input.graphml"}; }
FuzzTarget flow_trace_target() { return {"flow_trace", flow_trace_input, "fuzz-input.csv"}; }

}  // namespace citynet::fuzz
