#pragma once
// Runs the citynet binary as a user would, in a scratch folder of its own for each test.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "../scratch_folder.hpp"

namespace citynet::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class CitynetProcessTest : public ScratchFolderTest {
 protected:
  // `citynet ARGUMENTS` through the shell, its output kept in the scratch folder.
  [[nodiscard]] ProcessResult citynet(const std::string& arguments) const {
    const std::filesystem::path log = directory_ / "output.txt";
    const std::string command = std::string(CITYNET_BINARY) + " " + arguments + " > " + log.string() + " 2>&1";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_all(log)};
  }

};

}  // namespace citynet::testing
