#include "demand/flow_trace.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <unordered_map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include "core/huge_pages.hpp"
#include "core/rng.hpp"
#include "core/parallel.hpp"
#include "core/user_text.hpp"

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

// Each id in FlowTrace::ids starts with its length, 7 bits a byte, the high bit saying that
// another byte follows.
inline constexpr unsigned kLengthBitsPerByte = 7;
inline constexpr unsigned kMoreLengthBit = 0x80;

// Line numbers and id places are kept in 32 bits.
inline constexpr std::size_t kMaxLine = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::size_t kMaxIdsBytes = std::numeric_limits<std::uint32_t>::max();

// Numbers a replay can simulate: a flow of an exabyte (a day at 100 Tbps) or a cap of one
// bit per second still end at a finite time; beyond them the size in bits or the time to
// send it overflows.
inline constexpr double kMaxFlowSizeBytes = 1e18;
inline constexpr double kMinRateCapBps = 1;
// Starts up to a scenario's longest run (366 days): later, a double no longer tells a
// short flow's end from its start (at 1e17 s a kilobyte takes 0 s).
inline constexpr double kMaxStartS = 366 * 86400.0;

// The first read of a file of known size tells how many flows and id bytes to expect; room
// for a quarter more than that costs address space only (pages are not touched until
// used), and spares copying the flows on the way.
inline constexpr double kReserveMargin = 1.25;

// A header is shown whole in its message, up to a little more than the expected one.
inline constexpr std::size_t kShownHeaderChars = 60;

// The size of the pages that large buffers are asked for in (see core/huge_pages.hpp).
inline constexpr std::size_t kHugePageBytes = std::size_t{1} << 21;

[[nodiscard]] std::string_view without_carriage_return(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Splits on commas; returns the number of fields found, filling at most kColumnCount.
// Looks for commas 8 bytes at a time (a row's fields are short, and a search call per field
// costs more than the field): a byte is a comma exactly where its xor with ',' is zero.
[[nodiscard]] std::size_t split_row(std::string_view line, Row& row) {
  constexpr std::uint64_t kCommas = 0x2C2C2C2C2C2C2C2CULL;
  constexpr std::uint64_t kLowSevenBits = 0x7F7F7F7F7F7F7F7FULL;
  constexpr std::size_t kWordBytes = sizeof(std::uint64_t);
  std::size_t count = 0;
  std::size_t start = 0;
  const auto end_field = [&](std::size_t end) {
    if (count < kColumnCount) row[count] = Field{line.substr(start, end - start), start + 1};
    ++count;
    start = end + 1;
  };
  std::size_t at = 0;
  for (; at + kWordBytes <= line.size(); at += kWordBytes) {
    std::uint64_t word = 0;
    std::memcpy(&word, line.data() + at, kWordBytes);
    const std::uint64_t x = word ^ kCommas;
    // The high bit of each byte set exactly where the byte of x is zero (no borrow crosses
    // bytes, unlike the shorter test for "some byte is zero").
    std::uint64_t commas = ~(((x & kLowSevenBits) + kLowSevenBits) | x | kLowSevenBits);
    for (; commas != 0; commas &= commas - 1) {
      end_field(at + static_cast<std::size_t>(std::countr_zero(commas)) / 8);
    }
  }
  for (; at < line.size(); ++at) {
    if (line[at] == ',') end_field(at);
  }
  end_field(line.size());
  return count;
}

// Up to 15 digits make an integer below 2^53, and 10^15 is a double too, so both are exact.
inline constexpr std::size_t kExactDigits = 15;
inline constexpr std::array<double, kExactDigits + 1> kPowersOfTen{1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// Most numbers of a trace are plain decimals such as "812204" or "4000000.0": digits with at
// most one point, 15 digits at most. Their value is the digits as an integer over a power of
// ten, both exact, so the one rounding of the division gives the correctly rounded double,
// as from_chars does. False for any other text, which from_chars then reads.
[[nodiscard]] bool parse_plain_decimal(std::string_view text, double& value) {
  std::uint64_t digits = 0;
  std::size_t digit_count = 0;
  std::size_t fraction_digits = 0;
  bool point = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
      ++digit_count;
      fraction_digits += point ? 1 : 0;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  if (digit_count == 0 || digit_count > kExactDigits) return false;
  value = static_cast<double>(digits) / kPowersOfTen[fraction_digits];
  return true;
}

// A finite number in `value`; false for any other text. The value comes back through
// `value` rather than in an optional: an optional returned through memory and read back
// whole stalls the processor, a cost paid for every number of a million rows.
[[nodiscard]] bool parse_finite(std::string_view text, double& value) {
  if (parse_plain_decimal(text, value)) return true;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);  // from_chars rejects '+'
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() && std::isfinite(value);
}

// The index of each site name in FlowTrace::sites: a trace names its few thousand sites a
// million times, so names are looked up in an open-addressing table of 8-byte slots (32
// bits of the name's hash and its index), hashed 8 bytes at a time.
class SiteIndex {
 public:
  // The index of `name` in `sites`, where it is appended if new.
  [[nodiscard]] std::uint32_t find_or_add(std::string_view name, std::vector<std::string>& sites) {
    if (4 * (sites.size() + 1) > 3 * slots_.size()) grow(sites);
    const std::uint32_t h = hash(name);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
      const Slot slot = slots_[at];
      if (slot.index_plus_one == 0) {
        sites.emplace_back(name);
        slots_[at] = Slot{h, static_cast<std::uint32_t>(sites.size())};
        return static_cast<std::uint32_t>(sites.size() - 1);
      }
      if (slot.hash == h && sites[slot.index_plus_one - 1] == name) return slot.index_plus_one - 1;
    }
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t index_plus_one = 0;  // 0: free
  };
  static constexpr std::size_t kInitialSlots = 1024;

  // Reads the name in whole words (the last one overlapping the one before), never a
  // word assembled byte by byte, which the processor would have to wait for.
  [[nodiscard]] static std::uint32_t hash(std::string_view name) {
    const char* const bytes = name.data();
    const std::size_t size = name.size();
    std::uint64_t h = size;
    if (size >= sizeof(std::uint64_t)) {
      std::size_t at = 0;
      for (; at + sizeof(std::uint64_t) < size; at += sizeof(std::uint64_t)) h = mix64(h ^ load<std::uint64_t>(bytes + at));
      h ^= load<std::uint64_t>(bytes + size - sizeof(std::uint64_t)) * kOddMultiplier;
    } else if (size >= sizeof(std::uint32_t)) {
      h ^= (std::uint64_t{load<std::uint32_t>(bytes)} << 32U) | load<std::uint32_t>(bytes + size - sizeof(std::uint32_t));
    } else if (size > 0) {
      h ^= (std::uint64_t{static_cast<unsigned char>(bytes[0])} << 16U) |
           (std::uint64_t{static_cast<unsigned char>(bytes[size / 2])} << 8U) | static_cast<unsigned char>(bytes[size - 1]);
    }
    return static_cast<std::uint32_t>(mix64(h));
  }

  template <typename Word>
  [[nodiscard]] static Word load(const char* bytes) {
    Word word = 0;
    std::memcpy(&word, bytes, sizeof word);
    return word;
  }
  static constexpr std::uint64_t kOddMultiplier = 0x9E3779B97F4A7C15ULL;

  // Doubles the table (or makes the first one) and places every known name again.
  void grow(const std::vector<std::string>& sites) {
    slots_.assign(std::max(kInitialSlots, 2 * slots_.size()), Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < sites.size(); ++i) {
      const std::uint32_t h = hash(sites[i]);
      std::size_t at = h & mask;
      while (slots_[at].index_plus_one != 0) at = (at + 1) & mask;
      slots_[at] = Slot{h, static_cast<std::uint32_t>(i + 1)};
    }
  }

  std::vector<Slot> slots_;  // a power of two in size, at most three quarters full
};

class TraceReader {
 public:
  explicit TraceReader(const std::string& file_name) { trace_.file = file_name; }

  // Makes room for `rows` flows before any is read: the flows are then never copied, and
  // are first touched in 2 MB pages.
  void expect_rows(std::size_t rows) {
    trace_.flows.reserve(rows);
    advise_huge_pages(trace_.flows.data(), trace_.flows.capacity() * sizeof(TraceFlow));
  }

  // Makes room for `scale` times the id bytes read so far: the reader has seen 1 / scale of
  // the input.
  void expect_id_bytes(double scale) {
    trace_.ids.reserve(static_cast<std::size_t>(std::ceil(static_cast<double>(trace_.ids.size()) * scale * kReserveMargin)));
    advise_huge_pages(trace_.ids.data() + trace_.ids.size(), trace_.ids.capacity() - trace_.ids.size());
  }

  void read_header(std::string_view line) {
    if (line.starts_with(kByteOrderMark)) line.remove_prefix(kByteOrderMark.size());
    if (line != kFlowTraceHeader) {
      throw InputError(SourcePlace{trace_.file, 1, 1},
                       fmt::format("header is \"{}\"; expected \"{}\"", shown(line, kShownHeaderChars), kFlowTraceHeader));
    }
  }

  void read_row(std::string_view line, std::size_t line_number) {
    if (line_number > kMaxLine) {
      throw InputError(SourcePlace{trace_.file, line_number, 1},
                       fmt::format("the trace has more than {} lines; expected a shorter trace", kMaxLine));
    }
    Row row;
    const std::size_t count = split_row(line, row);
    if (count != kColumnCount) {
      // Where the row goes wrong: its first comma too many, or its end where one is missing.
      const std::size_t column = count > kColumnCount ? row[kMaxRate].column + row[kMaxRate].text.size() : line.size() + 1;
      throw InputError(SourcePlace{trace_.file, line_number, column},
                       fmt::format("row has {} fields; expected {} ({})", count,
                                   static_cast<std::size_t>(kColumnCount), kFlowTraceHeader));
    }
    TraceFlow flow;
    flow.line = static_cast<std::uint32_t>(line_number);
    trace_.set_id(flow, non_empty(row[kId], "id", "a flow id", line_number));
    flow.start_s = number_at_least_zero(row[kStart], "start_s", "a time in seconds", line_number);
    if (flow.start_s > kMaxStartS) {
      throw InputError(place(row[kStart], line_number),
                       fmt::format("start_s: \"{}\" is later than a replay can time; expected at most {:.0f} s "
                                   "(366 days) from the trace's start",
                                   row[kStart].text, kMaxStartS));
    }
    flow.src_site = site(non_empty(row[kSrc], "src", "a node id", line_number));
    flow.dst_site = site(non_empty(row[kDst], "dst", "a node id", line_number));
    if (flow.src_site == flow.dst_site) {
      throw InputError(SourcePlace{trace_.file, line_number, row[kDst].column},
                       fmt::format("dst: \"{}\" is also the src; expected two different nodes",
                                   shown(row[kDst].text)));
    }
    flow.size_bytes = positive_number(row[kSize], "size_bytes", "a number of bytes", line_number);
    if (flow.size_bytes > kMaxFlowSizeBytes) {
      throw InputError(place(row[kSize], line_number),
                       fmt::format("size_bytes: \"{}\" is more than a replay can carry; expected at most {:g} bytes",
                                   row[kSize].text, kMaxFlowSizeBytes));
    }
    if (!row[kMaxRate].text.empty()) {
      flow.max_rate_bps = RateCap(positive_number(row[kMaxRate], "max_rate_bps",
                                                  "a rate in bit/s, or nothing for no cap", line_number));
      if (*flow.max_rate_bps < kMinRateCapBps) {
        throw InputError(place(row[kMaxRate], line_number),
                         fmt::format("max_rate_bps: \"{}\" would never finish a flow; expected at least {:g} bit/s, "
                                     "or nothing for no cap",
                                     row[kMaxRate].text, kMinRateCapBps));
      }
    }
    trace_.flows.push_back(flow);
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
    double value = 0;
    if (!parse_finite(field.text, value) || value < 0) {
      throw InputError(place(field, line_number),
                       fmt::format("{}: \"{}\"; expected {} (a finite number >= 0)", name, shown(field.text), expected));
    }
    return value;
  }

  [[nodiscard]] double positive_number(const Field& field, std::string_view name,
                                       std::string_view expected, std::size_t line_number) const {
    double value = 0;
    if (!parse_finite(field.text, value) || value <= 0) {
      throw InputError(place(field, line_number),
                       fmt::format("{}: \"{}\"; expected {} (a finite number > 0)", name, shown(field.text), expected));
    }
    return value;
  }

  [[nodiscard]] std::uint32_t site(std::string_view name) { return site_index_.find_or_add(name, trace_.sites); }

  FlowTrace trace_;
  SiteIndex site_index_;
};

// Hands the reader one line at a time, numbered from 1: the header, then the rows. Empty
// lines are skipped but counted.
class TraceLines {
 public:
  // Without a header, as for a part of a file after its first line: lines are then
  // numbered from 1 within the part.
  explicit TraceLines(const std::string& file_name, bool has_header = true)
      : reader_(file_name), has_header_(has_header) {}

  // Parses the complete lines at the front of `text` and returns the bytes they took: what
  // is left is the start of a line that the next read goes on with.
  [[nodiscard]] std::size_t parse_complete_lines(std::string_view text) {
    std::size_t begin = 0;
    for (std::size_t end = text.find('\n'); end != std::string_view::npos; end = text.find('\n', begin)) {
      parse_line(text.substr(begin, end - begin));
      begin = end + 1;
    }
    return begin;
  }

  // The input's last line, when no '\n' ends it.
  void parse_last_line(std::string_view line) {
    if (!line.empty()) parse_line(line);
  }

  [[nodiscard]] std::size_t complete_lines() const { return next_line_ - 1; }
  [[nodiscard]] TraceReader& reader() { return reader_; }

 private:
  void parse_line(std::string_view line) {
    line = without_carriage_return(line);
    if (next_line_ == 1 && has_header_) {
      reader_.read_header(line);
    } else if (!line.empty()) {
      reader_.read_row(line, next_line_);
    }
    ++next_line_;
  }

  TraceReader reader_;
  bool has_header_;
  std::size_t next_line_ = 1;
};

[[noreturn]] void fail_empty(const std::string& file_name) {
  throw InputError(SourcePlace{file_name, 1, 1},
                   fmt::format("the file is empty; expected the header \"{}\"", kFlowTraceHeader));
}

// An error at the line after the last one read in full.
[[noreturn]] void fail_reading(std::size_t complete_lines, const std::string& file_name) {
  throw InputError(SourcePlace{file_name, complete_lines + 1, 1}, "reading failed; expected a readable file");
}

// A trace or a part of one, and the number of lines it took.
struct TracePart {
  FlowTrace trace;
  std::size_t lines = 0;
};

// Reads a trace through one buffer that is used again and again, so that a file of any
// size takes a few megabytes while read. `read_some(into, most)` puts at most `most` bytes
// at `into` and returns their number: 0 at the end of the input, nothing when reading
// failed. `expected_bytes` is the size of the input if known, else 0.
template <typename ReadSome>
[[nodiscard]] TracePart read_part_through_buffer(ReadSome read_some, const std::string& file_name,
                                                 std::size_t read_bytes, std::size_t expected_bytes,
                                                 bool has_header) {
  read_bytes = std::max<std::size_t>(read_bytes, 1);
  std::size_t capacity = read_bytes;
  // Not zero-filled: every byte is written by a read before it is looked at. The buffer
  // starts at a 2 MB boundary of its storage and is asked for in 2 MB pages: in 4 kB pages
  // its first fill alone would be a thousand page faults. A buffer smaller than one such
  // page gains nothing from the alignment and is not padded for it.
  const std::size_t padding_bytes = capacity >= kHugePageBytes ? kHugePageBytes : 0;
  auto storage = std::make_unique_for_overwrite<char[]>(capacity + padding_bytes);
  char* buffer = padding_bytes == 0 ? storage.get()
                                    : storage.get() + (kHugePageBytes - reinterpret_cast<std::uintptr_t>(storage.get()) %
                                                                            kHugePageBytes);
  advise_huge_pages(buffer, capacity);
  std::size_t unfinished = 0;  // bytes of the line the last read cut, at the buffer's front
  std::size_t total_bytes = 0;
  TraceLines lines(file_name, has_header);
  while (true) {
    if (unfinished == capacity) {  // a line longer than the buffer
      auto bigger = std::make_unique_for_overwrite<char[]>(2 * capacity);
      std::memcpy(bigger.get(), buffer, unfinished);
      storage = std::move(bigger);
      buffer = storage.get();
      capacity *= 2;
    }
    const std::optional<std::size_t> count = read_some(buffer + unfinished, std::min(read_bytes, capacity - unfinished));
    if (!count) fail_reading(lines.complete_lines(), file_name);
    if (*count == 0) break;
    const std::string_view text(buffer, unfinished + *count);
    if (total_bytes == 0 && expected_bytes > text.size()) {
      // The first read's lines tell how many flows the whole input has.
      const auto line_ends = static_cast<double>(std::count(text.begin(), text.end(), '\n'));
      lines.reader().expect_rows(static_cast<std::size_t>(
          std::ceil(line_ends * static_cast<double>(expected_bytes) / static_cast<double>(text.size()) * kReserveMargin)));
    }
    const std::size_t parsed = lines.parse_complete_lines(text);
    if (total_bytes == 0 && parsed > 0 && expected_bytes > parsed) {
      lines.reader().expect_id_bytes(static_cast<double>(expected_bytes) / static_cast<double>(parsed));
    }
    total_bytes += *count;
    unfinished = text.size() - parsed;
    std::memmove(buffer, buffer + parsed, unfinished);
  }
  if (total_bytes == 0 && has_header) fail_empty(file_name);
  lines.parse_last_line(std::string_view(buffer, unfinished));
  const std::size_t line_count = lines.complete_lines();  // the last line included
  return TracePart{std::move(lines.reader()).take(), line_count};
}

template <typename ReadSome>
[[nodiscard]] FlowTrace read_through_buffer(ReadSome read_some, const std::string& file_name,
                                            std::size_t read_bytes, std::size_t expected_bytes) {
  return read_part_through_buffer(read_some, file_name, read_bytes, expected_bytes, true).trace;
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

// Reads at `offset` until `most` bytes, the end of the file, or a failure (nothing).
[[nodiscard]] std::optional<std::size_t> read_at(int fd, char* into, std::size_t most, std::size_t offset) {
  while (true) {
    const ssize_t count = ::pread(fd, into, most, static_cast<off_t>(offset));
    if (count >= 0) return static_cast<std::size_t>(count);
    if (errno != EINTR) return std::nullopt;
  }
}

// Where the part that would start at `offset` starts: just after the first line end at or
// after offset - 1, so that parts hold whole lines; the file's size when there is none. A
// failed read ends the search there: the part that reads those bytes reports the failure.
[[nodiscard]] std::size_t part_start(int fd, std::size_t offset, std::size_t size_bytes) {
  constexpr std::size_t kLookBytes = 4096;
  char bytes[kLookBytes];
  for (std::size_t at = offset - 1; at < size_bytes;) {
    const std::optional<std::size_t> count = read_at(fd, bytes, std::min(kLookBytes, size_bytes - at), at);
    if (!count || *count == 0) return at;
    if (const void* end = std::memchr(bytes, '\n', *count)) return at + static_cast<std::size_t>(static_cast<const char*>(end) - bytes) + 1;
    at += *count;
  }
  return size_bytes;
}

// An error of a part numbered from 1 after its first line, moved to the line of the file.
[[nodiscard]] InputError at_file_line(const InputError& error, std::size_t lines_before) {
  const SourcePlace& place = error.place();
  if (place.line == 0) return error;
  // what() is one printable line already, which making it again leaves as it is.
  const std::string prefix = one_printable_line(format_place(place) + ": ");
  std::string_view message = error.what();
  if (message.starts_with(prefix)) message.remove_prefix(prefix.size());
  return InputError(SourcePlace{place.file, place.line + lines_before, place.column}, std::string(message));
}

// Appends a later part's flows, numbering its sites, lines and ids as in the whole file.
// `site_index` holds its own copies of the names: views into trace.sites would dangle
// when it grows.
void append_part(FlowTrace& trace, std::unordered_map<std::string, std::uint32_t>& site_index,
                 const TracePart& part, std::size_t lines_before) {
  std::vector<std::uint32_t> site_of(part.trace.sites.size());
  for (std::size_t i = 0; i < part.trace.sites.size(); ++i) {
    const std::string& name = part.trace.sites[i];
    if (const auto it = site_index.find(name); it != site_index.end()) {
      site_of[i] = it->second;
    } else {
      site_of[i] = static_cast<std::uint32_t>(trace.sites.size());
      trace.sites.push_back(name);
      site_index.emplace(part.trace.sites[i], site_of[i]);
    }
  }
  const auto ids_before = static_cast<std::uint32_t>(trace.ids.size());
  trace.ids.append(part.trace.ids);
  trace.flows.reserve(trace.flows.size() + part.trace.flows.size());
  for (TraceFlow flow : part.trace.flows) {
    flow.src_site = site_of[flow.src_site];
    flow.dst_site = site_of[flow.dst_site];
    flow.line += static_cast<std::uint32_t>(lines_before);
    flow.id_at += ids_before;
    trace.flows.push_back(flow);
  }
}

// The file cut into `parts` runs of whole lines, read at once, one part a thread; the
// trace and the error, if any, are those of reading the file whole: the first part's
// error comes first, and a later part's lines are numbered after the earlier ones.
[[nodiscard]] FlowTrace read_file_in_parts(int fd, const std::string& path, std::size_t read_bytes,
                                           std::size_t size_bytes, std::size_t parts) {
  std::vector<std::size_t> starts(parts + 1, size_bytes);
  starts[0] = 0;
  for (std::size_t p = 1; p < parts; ++p) {
    starts[p] = std::max(starts[p - 1], part_start(fd, size_bytes / parts * p, size_bytes));
  }
  std::vector<TracePart> results(parts);
  std::vector<std::exception_ptr> failures(parts);
  run_in_parallel(parts, [&](std::size_t p) {
    try {
      std::size_t at = starts[p];
      const auto read_some = [&](char* into, std::size_t most) -> std::optional<std::size_t> {
        const std::optional<std::size_t> count = read_at(fd, into, std::min(most, starts[p + 1] - at), at);
        if (count) at += *count;
        return count;
      };
      // The first part makes room for the whole file's flows, which the others join.
      results[p] = read_part_through_buffer(read_some, path, read_bytes, p == 0 ? size_bytes : starts[p + 1] - starts[p],
                                            p == 0);
    } catch (...) {
      failures[p] = std::current_exception();
    }
  });
  std::size_t lines_before = 0;
  for (std::size_t p = 0; p < parts; ++p) {
    if (failures[p]) {
      try {
        std::rethrow_exception(failures[p]);
      } catch (const InputError& error) {
        throw at_file_line(error, lines_before);
      }
    }
    lines_before += results[p].lines;
  }
  FlowTrace trace = std::move(results[0].trace);
  std::unordered_map<std::string, std::uint32_t> site_index;
  for (std::size_t i = 0; i < trace.sites.size(); ++i) site_index.emplace(trace.sites[i], static_cast<std::uint32_t>(i));
  lines_before = results[0].lines;
  for (std::size_t p = 1; p < parts; ++p) {
    append_part(trace, site_index, results[p], lines_before);
    lines_before += results[p].lines;
  }
  return trace;
}

// The 1-based column where `column` starts in line `line_number` of `file`, which is read
// again: flows do not keep their columns (a million flows would pay for it), and only an
// error asks. 1, the row's start, where the file cannot be read again or no longer holds
// the row of flow `id` there.
[[nodiscard]] std::size_t column_in_file(const std::string& file, std::size_t line_number, std::string_view id,
                                         Column column) {
  constexpr std::size_t kChunkBytes = 1 << 16;
  constexpr std::size_t kMaxRowBytes = std::size_t{1} << 20;
  const FileDescriptor in(file);
  if (in.get() < 0) return 1;
  std::string line;
  std::size_t current_line = 1;
  std::vector<char> chunk(kChunkBytes);
  bool line_complete = false;
  while (!line_complete) {
    const ssize_t count = ::read(in.get(), chunk.data(), chunk.size());
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;
    std::string_view bytes(chunk.data(), static_cast<std::size_t>(count));
    while (!bytes.empty() && !line_complete) {
      const std::size_t end = bytes.find('\n');
      if (current_line == line_number) {
        line.append(bytes.substr(0, end));
        if (line.size() > kMaxRowBytes) return 1;
        line_complete = end != std::string_view::npos;
      }
      if (end == std::string_view::npos) break;
      bytes.remove_prefix(end + 1);
      ++current_line;
    }
  }
  Row row;
  if (split_row(without_carriage_return(line), row) != kColumnCount || row[kId].text != id) return 1;
  return row[column].column;
}

}  // namespace

std::string_view FlowTrace::id(const TraceFlow& flow) const {
  std::size_t at = flow.id_at;
  std::size_t length = 0;
  for (unsigned shift = 0;; shift += kLengthBitsPerByte) {
    const auto byte = static_cast<unsigned char>(ids[at++]);
    length |= std::size_t{byte & (kMoreLengthBit - 1)} << shift;
    if ((byte & kMoreLengthBit) == 0) break;
  }
  return std::string_view(ids).substr(at, length);
}

void FlowTrace::set_id(TraceFlow& flow, std::string_view id) {
  if (ids.size() > kMaxIdsBytes) {
    throw InputError(place_of(*this, flow),
                     fmt::format("id: the ids before it take more than {} bytes; expected a shorter trace",
                                 kMaxIdsBytes));
  }
  flow.id_at = static_cast<std::uint32_t>(ids.size());
  std::size_t length = id.size();
  for (; length >= kMoreLengthBit; length >>= kLengthBitsPerByte) {
    ids.push_back(static_cast<char>((length & (kMoreLengthBit - 1)) | kMoreLengthBit));
  }
  ids.push_back(static_cast<char>(length));
  ids.append(id);
}

SourcePlace place_of(const FlowTrace& trace, const TraceFlow& flow, TraceColumn column) {
  const std::size_t field_column =
      column == TraceColumn::id ? 1 : column_in_file(trace.file, flow.line, trace.id(flow), static_cast<Column>(column));
  return SourcePlace{trace.file, flow.line, field_column};
}

FlowTrace read_flow_trace_text(std::string_view text, const std::string& file_name) {
  if (text.empty()) fail_empty(file_name);
  TraceLines lines(file_name);
  const std::size_t parsed = lines.parse_complete_lines(text);
  lines.parse_last_line(text.substr(parsed));
  return std::move(lines.reader()).take();
}

FlowTrace read_flow_trace(std::istream& in, const std::string& file_name, std::size_t read_bytes) {
  const auto read_some = [&in](char* into, std::size_t most) -> std::optional<std::size_t> {
    if (in.bad()) return std::nullopt;  // failed during the last read, after the bytes it gave
    in.read(into, static_cast<std::streamsize>(most));
    const auto count = static_cast<std::size_t>(in.gcount());
    if (count == 0 && in.bad()) return std::nullopt;
    return count;
  };
  return read_through_buffer(read_some, file_name, read_bytes, 0);
}

// Read with plain reads rather than mapped: a mapping raises SIGBUS when another process
// truncates the file under it, and a read simply sees the shorter file.
FlowTrace read_flow_trace_file(const std::string& path, std::size_t read_bytes, unsigned part_count) {
  const FileDescriptor file(path);
  struct stat info {};
  if (file.get() < 0 || ::fstat(file.get(), &info) != 0 || S_ISDIR(info.st_mode)) {
    throw InputError(SourcePlace{path, 0, 0}, "cannot open the file; expected a readable flow trace");
  }
  const std::size_t size_bytes = S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size) : 0;
  // Parts of at least one read each; a file under 4 GiB has fewer lines and id bytes than
  // the 32-bit limits, which therefore hold for the parts joined.
  const std::size_t parts =
      size_bytes > kMaxIdsBytes ? 1 : std::clamp<std::size_t>(size_bytes / std::max<std::size_t>(read_bytes, 1), 1, part_count);
  if (parts > 1) return read_file_in_parts(file.get(), path, read_bytes, size_bytes, parts);
  const auto read_some = [fd = file.get()](char* into, std::size_t most) -> std::optional<std::size_t> {
    while (true) {
      const ssize_t count = ::read(fd, into, most);
      if (count >= 0) return static_cast<std::size_t>(count);
      if (errno != EINTR) return std::nullopt;
    }
  };
  return read_through_buffer(read_some, path, read_bytes, size_bytes);
}

}  // namespace citynet::demand
