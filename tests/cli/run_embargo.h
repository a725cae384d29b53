// Runs the embargo binary as a user would, for the tests of its subcommands.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace embargo_test {

struct Outcome {
  int status = -1;  // the exit status; -1 when killed by a signal
  std::string out;
  std::string err;
};

// `embargo ARGS` through the shell (ARGS are quoted by the caller). Safe under ctest's parallel
// runs: stderr goes to a file named by process and call.
inline Outcome Embargo(const std::string& args) {
  static int calls = 0;
  std::string err_file = testing::TempDir() + "/embargo_stderr_" + std::to_string(getpid()) + "_" + std::to_string(++calls);
  std::string cmd = std::string(EMBARGO_BINARY) + " " + args + " 2>" + err_file;
  Outcome r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int rc = pclose(p);
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::ifstream e(err_file);
  std::stringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  std::remove(err_file.c_str());
  return r;
}

// Writes `content` to a file of that name in the test's temporary directory; returns its path.
inline std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path) << content;
  return path;
}

}  // namespace embargo_test
