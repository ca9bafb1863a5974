#pragma once
// A recorded list of flows to replay: the simplest form of demand, where every arrival,
// endpoint and size is given rather than drawn. The file is CSV with the header
//
//   id,start_s,src,dst,size_bytes,max_rate_bps
//
// one flow per row: `src` and `dst` name nodes of the topology, `size_bytes` is positive,
// `start_s` is a non-negative time, `max_rate_bps` is a positive cap or empty for none.
// Fields are not quoted, so no field may contain a comma. Empty lines are skipped. Rows
// need not be sorted by start time. Node names are kept as given: resolving them against
// a network is the caller's job, which is why each flow remembers its line.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace citynet::demand {

inline constexpr std::string_view kFlowTraceHeader = "id,start_s,src,dst,size_bytes,max_rate_bps";

struct TraceFlow {
  std::string id;
  double start_s = 0;
  std::uint32_t src_site = 0;  // index into FlowTrace::sites
  std::uint32_t dst_site = 0;  // index into FlowTrace::sites
  double size_bytes = 0;
  std::optional<double> max_rate_bps;  // empty: only the network limits it
  std::size_t line = 0;                // 1-based line of the row, for messages
};

struct FlowTrace {
  std::string file;                // as given by the user, for messages
  std::vector<std::string> sites;  // distinct node names in order of first mention
  std::vector<TraceFlow> flows;    // in input order
};

// The place of a row, for errors found after reading (unknown node, unreachable pair).
[[nodiscard]] SourcePlace place_of(const FlowTrace& trace, const TraceFlow& flow);

// Reads and checks a trace. Every malformed row is an InputError naming FILE:LINE:COLUMN.
[[nodiscard]] FlowTrace read_flow_trace_file(const std::string& path);
[[nodiscard]] FlowTrace read_flow_trace(std::istream& in, const std::string& file_name);
// The same for the whole content of a file already in memory.
[[nodiscard]] FlowTrace read_flow_trace_text(std::string_view text, const std::string& file_name);

}  // namespace citynet::demand
