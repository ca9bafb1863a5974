#pragma once
// A recorded list of flows to replay: the simplest form of demand, where every arrival,
// endpoint and size is given rather than drawn. The file is CSV with the header
//
//   id,start_s,src,dst,size_bytes,max_rate_bps
//
// one flow per row: `src` and `dst` name nodes of the topology, `size_bytes` is positive and
// at most 10^18 (an exabyte), `start_s` is a time from 0 to 366 days, `max_rate_bps` is a cap of at
// least 1 bit/s or empty for none: within those every flow can be simulated to its end.
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

// An optional rate cap in 8 bytes rather than std::optional's 16 (a million flows each
// hold one): 0 is never a cap, since the reader takes only caps > 0, so it stands for none.
// Reads like the std::optional the engine takes, and converts to it implicitly so that it
// can be handed over as one.
class RateCap {
 public:
  constexpr RateCap() = default;
  constexpr explicit RateCap(double bps) : bps_(bps) {}  // bps > 0
  [[nodiscard]] constexpr bool has_value() const { return bps_ > 0; }
  [[nodiscard]] constexpr double operator*() const { return bps_; }
  constexpr operator std::optional<double>() const {
    return has_value() ? std::optional(bps_) : std::nullopt;
  }

 private:
  double bps_ = 0;
};

// 40 bytes: the id lives in FlowTrace::ids and the line fits 32 bits (see FlowTrace).
struct TraceFlow {
  double start_s = 0;
  double size_bytes = 0;
  RateCap max_rate_bps;        // empty: only the network limits it
  std::uint32_t src_site = 0;  // index into FlowTrace::sites
  std::uint32_t dst_site = 0;  // index into FlowTrace::sites
  std::uint32_t line = 0;      // 1-based line of the row, for messages
  std::uint32_t id_at = 0;     // where FlowTrace::ids holds the id; read it with FlowTrace::id
};
static_assert(sizeof(TraceFlow) == 40, "a million flows take 40 MB");

// A trace has fewer than 2^32 lines, and its ids take at most about 4 GiB all together; the
// reader rejects a longer file (a file that long is over 4 GiB).
struct FlowTrace {
  std::string file;                // as given by the user, for messages
  std::vector<std::string> sites;  // distinct node names in order of first mention
  std::vector<TraceFlow> flows;    // in input order
  // Every flow's id, each as its length (7 bits a byte, low bits first, the high bit set
  // on all bytes but the last) then its bytes: one block rather than a string per flow.
  std::string ids;

  [[nodiscard]] std::string_view id(const TraceFlow& flow) const;
  // Keeps `id` in `ids` and points the flow at it; an InputError at the flow's line when
  // `ids` would pass 4 GiB.
  void set_id(TraceFlow& flow, std::string_view id);
};

// The fields of a row, in the order of kFlowTraceHeader.
enum class TraceColumn : std::size_t { id, start_s, src, dst, size_bytes, max_rate_bps };

// The place of a row's field, for errors found after reading (unknown node, unreachable
// pair); the id's column, 1, stands for the row as a whole. The columns of other fields
// are found by reading the row again from `trace.file` (1 where that fails).
[[nodiscard]] SourcePlace place_of(const FlowTrace& trace, const TraceFlow& flow,
                                   TraceColumn column = TraceColumn::id);

// Reads and checks a trace. Every malformed row is an InputError naming FILE:LINE:COLUMN.
// The input goes through one buffer of about `read_bytes`, however long the file: each
// read(2) or istream::read asks for at most `read_bytes`, complete lines are parsed and the
// unfinished one moves to the front for the next read (the buffer grows only for a line
// longer than itself). With `part_count` above 1, a file of known size is cut into up to
// that many runs of whole lines, of at least `read_bytes` each, parsed on as many threads;
// the trace and the error, if any, are those of reading it whole.
inline constexpr std::size_t kTraceReadBytes = std::size_t{4} << 20;
[[nodiscard]] FlowTrace read_flow_trace_file(const std::string& path, std::size_t read_bytes = kTraceReadBytes,
                                             unsigned part_count = 1);
[[nodiscard]] FlowTrace read_flow_trace(std::istream& in, const std::string& file_name,
                                        std::size_t read_bytes = kTraceReadBytes);
// The same for the whole content of a file already in memory.
[[nodiscard]] FlowTrace read_flow_trace_text(std::string_view text, const std::string& file_name);

}  // namespace citynet::demand
