#pragma once
// What messages show of a user's text and why a write failed, said once for every reader
// and writer (YAML, GraphML, flow traces, output files).
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace citynet {

// User text quoted in messages is cut to this many characters.
inline constexpr std::size_t kMaxShownChars = 40;

// A user's text as a message shows it: one printable line of at most `max_chars`
// characters, "..." after a cut. Quotes and backslashes are escaped (\" \\), tabs and line
// ends as \t \n \r, other control characters and bytes that are not UTF-8 as \xNN (a NUL
// is \x00), invisible controls (C1, direction overrides) as \uNNNN; UTF-8 letters are kept.
[[nodiscard]] std::string shown(std::string_view text, std::size_t max_chars = kMaxShownChars);

// A whole message on one printable line: control characters, invisible controls and bytes
// that are not UTF-8 escaped as in shown(), nothing else (quotes stay, nothing is cut).
[[nodiscard]] std::string one_printable_line(std::string_view text);

// Why writing a file failed, from an errno value: "disk full" (ENOSPC), "quota exceeded"
// (EDQUOT), else the system's words.
[[nodiscard]] std::string write_failure_reason(int error_number);
// The same for a stream that has failed. Streams keep no errno, and the write that failed
// may have been another thread's, so this writes one byte more to learn why: only for a
// file that is discarded after the failure.
[[nodiscard]] std::string write_failure_reason(std::ostream& failed_stream);

}  // namespace citynet
