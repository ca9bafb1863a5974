#pragma once
// Every file citynet writes appears whole or not at all: the content goes to a temporary
// file in the same directory (so that the final rename stays on one file system and is
// atomic on POSIX), and only a complete, flushed file is renamed over the target. A
// failure at any point removes the temporary file and leaves an existing target untouched.
//
// A file the user names on the command line (replay --out, topo --export, topo --cut-analysis
// --out) is replaced only where citynet wrote it: an existing file must begin as every file
// of its kind that citynet writes does (`FileMark`: a CSV's header, an export's comment) or be
// empty; anything else (the user's own file, a folder, a link, a device) is refused and left
// as it was. Temporaries of runs killed while writing it are removed (output/temporary_owner.hpp).
#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace citynet::output {

// How every file of one kind that citynet writes begins, and the kind in words
// ("a completion-time CSV") for the message that refuses another file.
struct FileMark {
  std::string_view begins_with;
  std::string_view kind;
};

// Calls `write` with a stream to a temporary file beside `path`, then renames it to
// `path`. Exceptions thrown by `write` propagate after the temporary file is removed. A
// path that cannot be written (missing directory, no permission, full disk) is an
// InputError naming the path.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);

// InputError naming `path` unless it is new, empty, or a file that begins with the mark.
// Commands call it before their work, so that a refusal comes before a long run.
void check_citynet_may_replace_file(const std::filesystem::path& path, const FileMark& mark);

// write_file_atomically for a file the user names: checked as above (again just before the
// rename), stale temporaries beside it removed first.
void write_user_file_atomically(const std::filesystem::path& path, const FileMark& mark,
                                const std::function<void(std::ostream&)>& write);

}  // namespace citynet::output
