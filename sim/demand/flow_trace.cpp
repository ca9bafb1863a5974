#include "demand/flow_trace.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

namespace citynet::demand {
namespace {

enum Column : std::size_t { kId, kStart, kSrc, kDst, kSize, kMaxRate, kColumnCount };

struct Field {
  std::string_view text;
  std::size_t column = 0;  // 1-based character column where the field starts
};

using Row = std::array<Field, kColumnCount>;

// A UTF-8 byte order mark, which spreadsheet programs like to put before the header.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Streams of unknown length are read in pieces of this size.
inline constexpr std::size_t kReadChunkBytes = 1 << 16;

// Cuts the first line (without its '\n') off the front of `text`.
[[nodiscard]] std::string_view next_line(std::string_view& text) {
  const std::size_t end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

[[nodiscard]] std::string_view without_carriage_return(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Splits on commas; returns the number of fields found, filling at most kColumnCount.
[[nodiscard]] std::size_t split_row(std::string_view line, Row& row) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    if (count < kColumnCount) row[count] = Field{line.substr(start, end - start), start + 1};
    ++count;
    if (comma == std::string_view::npos) return count;
    start = comma + 1;
  }
}

[[nodiscard]] std::optional<double> parse_finite(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);  // from_chars rejects '+'
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A million flows take tens of megabytes: in 2 MB pages they are a few dozen page faults
// rather than tens of thousands. Only a hint; the kernel may ignore it.
void advise_huge_pages(void* data, std::size_t size_bytes) {
  constexpr std::uintptr_t kHugePageBytes = std::uintptr_t{1} << 21;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + size_bytes) & ~(kHugePageBytes - 1);
  if (begin < end) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

class TraceReader {
 public:
  explicit TraceReader(const std::string& file_name, std::size_t expected_flows) {
    trace_.file = file_name;
    trace_.flows.reserve(expected_flows);
    advise_huge_pages(trace_.flows.data(), trace_.flows.capacity() * sizeof(TraceFlow));
  }

  void read_header(std::string_view line) {
    if (line.starts_with(kByteOrderMark)) line.remove_prefix(kByteOrderMark.size());
    if (line != kFlowTraceHeader) {
      throw InputError(SourcePlace{trace_.file, 1, 1},
                       fmt::format("header is \"{}\"; expected \"{}\"", line, kFlowTraceHeader));
    }
  }

  void read_row(std::string_view line, std::size_t line_number) {
    Row row;
    const std::size_t count = split_row(line, row);
    if (count != kColumnCount) {
      throw InputError(SourcePlace{trace_.file, line_number, 0},
                       fmt::format("row has {} fields; expected {} ({})", count,
                                   static_cast<std::size_t>(kColumnCount), kFlowTraceHeader));
    }
    TraceFlow flow;
    flow.line = line_number;
    flow.id = std::string(non_empty(row[kId], "id", "a flow id", line_number));
    flow.start_s = number_at_least_zero(row[kStart], "start_s", "a time in seconds", line_number);
    flow.src_site = site(non_empty(row[kSrc], "src", "a node id", line_number));
    flow.dst_site = site(non_empty(row[kDst], "dst", "a node id", line_number));
    if (flow.src_site == flow.dst_site) {
      throw InputError(SourcePlace{trace_.file, line_number, row[kDst].column},
                       fmt::format("dst: \"{}\" is also the src; expected two different nodes",
                                   row[kDst].text));
    }
    flow.size_bytes = positive_number(row[kSize], "size_bytes", "a number of bytes", line_number);
    if (!row[kMaxRate].text.empty()) {
      flow.max_rate_bps = positive_number(row[kMaxRate], "max_rate_bps",
                                          "a rate in bit/s, or nothing for no cap", line_number);
    }
    trace_.flows.push_back(std::move(flow));
  }

  [[nodiscard]] FlowTrace take() && { return std::move(trace_); }

 private:
  [[nodiscard]] SourcePlace place(const Field& field, std::size_t line_number) const {
    return SourcePlace{trace_.file, line_number, field.column};
  }

  [[nodiscard]] std::string_view non_empty(const Field& field, std::string_view name,
                                           std::string_view expected, std::size_t line_number) const {
    if (field.text.empty()) {
      throw InputError(place(field, line_number), fmt::format("{}: empty; expected {}", name, expected));
    }
    return field.text;
  }

  [[nodiscard]] double number_at_least_zero(const Field& field, std::string_view name,
                                            std::string_view expected, std::size_t line_number) const {
    const std::optional<double> value = parse_finite(field.text);
    if (!value || *value < 0) {
      throw InputError(place(field, line_number),
                       fmt::format("{}: \"{}\"; expected {} (a finite number >= 0)", name, field.text, expected));
    }
    return *value;
  }

  [[nodiscard]] double positive_number(const Field& field, std::string_view name,
                                       std::string_view expected, std::size_t line_number) const {
    const std::optional<double> value = parse_finite(field.text);
    if (!value || *value <= 0) {
      throw InputError(place(field, line_number),
                       fmt::format("{}: \"{}\"; expected {} (a finite number > 0)", name, field.text, expected));
    }
    return *value;
  }

  [[nodiscard]] std::uint32_t site(std::string_view name) {
    if (const auto it = site_index_.find(name); it != site_index_.end()) return it->second;
    const auto index = static_cast<std::uint32_t>(trace_.sites.size());
    site_index_.emplace(name, index);
    trace_.sites.emplace_back(name);
    return index;
  }

  // Looks names up as string_views: a trace names its few sites a million times.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };

  FlowTrace trace_;
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> site_index_;
};

// An error at the line after the last one read in full.
[[noreturn]] void fail_reading(std::string_view read_so_far, const std::string& file_name) {
  const auto lines_read = static_cast<std::size_t>(std::count(read_so_far.begin(), read_so_far.end(), '\n'));
  throw InputError(SourcePlace{file_name, lines_read + 1, 0}, "reading failed; expected a readable file");
}

// The whole content of a stream, read straight into the text.
[[nodiscard]] std::string read_all(std::istream& in) {
  std::string text;
  std::size_t filled = 0;
  while (in) {
    text.resize(filled + kReadChunkBytes);
    in.read(text.data() + filled, static_cast<std::streamsize>(text.size() - filled));
    filled += static_cast<std::size_t>(in.gcount());
  }
  text.resize(filled);
  return text;
}

// Closes the file however reading ends.
class FileDescriptor {
 public:
  explicit FileDescriptor(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// The bytes of a file, read with plain reads rather than mapped: a mapping raises SIGBUS
// when another process truncates the file under it, and a read simply sees the shorter
// file. Not zero-filled first, so each page is touched once, by the kernel's copy.
struct FileText {
  std::unique_ptr<char[]> data;
  std::size_t capacity = 0;
  std::size_t size = 0;

  void reserve(std::size_t bytes) {
    auto bigger = std::make_unique_for_overwrite<char[]>(bytes);
    advise_huge_pages(bigger.get(), bytes);
    if (size > 0) std::memcpy(bigger.get(), data.get(), size);
    data = std::move(bigger);
    capacity = bytes;
  }
  [[nodiscard]] std::string_view view() const { return {data.get(), size}; }
};

// Reads until the end of the file, however long it turns out to be: `expected_bytes` (its
// size when opened, 0 when not known) lets it arrive in one buffer, one byte longer so
// that the end is found without growing it.
[[nodiscard]] FileText read_file(int fd, std::size_t expected_bytes, const std::string& file_name) {
  FileText text;
  text.reserve(std::max(expected_bytes + 1, kReadChunkBytes));
  while (true) {
    if (text.size == text.capacity) text.reserve(text.capacity * 2);
    const ssize_t count = ::read(fd, text.data.get() + text.size, text.capacity - text.size);
    if (count == 0) return text;
    if (count < 0) {
      if (errno == EINTR) continue;
      fail_reading(text.view(), file_name);
    }
    text.size += static_cast<std::size_t>(count);
  }
}

}  // namespace

SourcePlace place_of(const FlowTrace& trace, const TraceFlow& flow) {
  return SourcePlace{trace.file, flow.line, 0};
}

FlowTrace read_flow_trace_text(std::string_view text, const std::string& file_name) {
  if (text.empty()) {
    throw InputError(SourcePlace{file_name, 1, 0},
                     fmt::format("the file is empty; expected the header \"{}\"", kFlowTraceHeader));
  }
  const auto line_count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  TraceReader reader(file_name, line_count);
  reader.read_header(without_carriage_return(next_line(text)));
  for (std::size_t line_number = 2; !text.empty(); ++line_number) {
    const std::string_view row = without_carriage_return(next_line(text));
    if (!row.empty()) reader.read_row(row, line_number);
  }
  return std::move(reader).take();
}

FlowTrace read_flow_trace(std::istream& in, const std::string& file_name) {
  const std::string text = read_all(in);
  if (in.bad()) fail_reading(text, file_name);
  return read_flow_trace_text(text, file_name);
}

FlowTrace read_flow_trace_file(const std::string& path) {
  const FileDescriptor file(path);
  struct stat info {};
  if (file.get() < 0 || ::fstat(file.get(), &info) != 0 || S_ISDIR(info.st_mode)) {
    throw InputError(SourcePlace{path, 0, 0}, "cannot open the file; expected a readable flow trace");
  }
  const std::size_t size_bytes = S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size) : 0;
  const FileText text = read_file(file.get(), size_bytes, path);
  return read_flow_trace_text(text.view(), path);
}

}  // namespace citynet::demand
