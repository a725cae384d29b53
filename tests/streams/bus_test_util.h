// For the worker tests: messages to screen (public samples, generated MT103s naming listed and
// innocent parties, unparseable payloads), worker processes, and the single-process reference.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/io.h"
#include "embargo/lists.h"
#include "payments/parse.h"

namespace embargo::streams_test {

struct TestMessage {
  std::string id;
  std::string payload;
  bool parseable = true;
};

// Names and SWIFT/BIC codes of listed entities from the bundled lists (every 97th name).
struct Listed {
  std::vector<std::string> names, bics;
};
inline Listed ListedParties(size_t n) {
  Listed out;
  auto lists = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists");
  if (!lists.ok()) return out;
  size_t seen = 0;
  for (const auto& l : *lists)
    for (const auto& e : l.entities) {
      for (const auto& id : e.identifiers)
        if (id.kind == IdKind::kSwiftBic && id.value.size() >= 8 && out.bics.size() < n) out.bics.push_back(id.value.substr(0, 8));
      if (e.names.empty() || e.names[0].value.size() < 8 || e.names[0].value.size() > 34) continue;
      if (++seen % 97 == 0 && out.names.size() < n) out.names.push_back(e.names[0].value);
    }
  return out;
}
inline std::vector<std::string> ListedNames(size_t n) { return ListedParties(n).names; }

inline std::vector<std::string> InnocentNames() {
  std::vector<std::string> out;
  std::ifstream in(std::string(EMBARGO_SHARED_DATA) + "/../benchmarks/name-variants/dev_innocents.csv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    auto a = line.find(','), b = line.rfind(',');
    if (a == std::string::npos || b <= a) continue;
    std::string name;  // MT fields take the SWIFT X character set only
    for (char c : line.substr(a + 1, b - a - 1))
      if (std::isalnum(static_cast<unsigned char>(c)) || std::string_view(" /-?:().,'+").find(c) != std::string_view::npos)
        name += c;
    if (name.size() > 3) out.push_back(name);
  }
  if (out.size() < 8)
    out = {"JOHANNA DE VRIES", "KLAUS BERGMANN", "MARTA KOWALSKA", "NORDIC TIMBER AB", "PIERRE DUBOIS",
           "SILVIA ROSSI", "TOMAS NOVAK", "AIKO TANAKA"};
  return out;
}

inline std::string Mt103(size_t i, const std::string& ordering, const std::string& beneficiary,
                         const std::string& bank = "ABNANL2A", const std::string& city = "AMSTERDAM NETHERLANDS") {
  char uetr[40];
  std::snprintf(uetr, sizeof uetr, "3f1c6a2e-5b7d-4c1e-9a0b-%012zx", i);
  std::string m = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{3:{121:" + std::string(uetr) + "}}{4:\r\n";
  m += ":20:WRK" + std::to_string(i) + "\r\n:23B:CRED\r\n:32A:261128EUR" + std::to_string(1000 + i) + ",00\r\n";
  m += ":50K:/DE89370400440532013000\r\n" + ordering + "\r\n" + std::to_string(i % 90 + 1) + " MAIN STREET\r\nMUNICH GERMANY\r\n";
  m += ":52A:DEUTDEFF\r\n:57A:" + bank + "\r\n";
  m += ":59:/NL91ABNA0417164300\r\n" + beneficiary + "\r\n" + std::to_string(i % 70 + 1) + " HIGH STREET\r\n" + city + "\r\n";
  m += ":70:INVOICE 2026-" + std::to_string(i) + "\r\n:71A:SHA\r\n-}";
  return m;
}

// `n` messages with ids PREFIX-i: every public sample that holds one message, generated MT103s
// (one in ten naming a listed party, one in 25 paying a listed bank, one in 25 paying into a
// sanctioned country), and one unparseable payload in a hundred.
inline std::vector<TestMessage> BuildMessages(const std::string& prefix, size_t n) {
  std::vector<std::string> samples;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(std::string(EMBARGO_SHARED_DATA) + "/payments", ec)) {
    auto text = ReadFile(f.path().string());
    if (!text.ok()) continue;
    auto parsed = payments::ParseMessages(*text);
    if (parsed.size() == 1 && parsed[0].message) samples.push_back(*text);
  }
  Listed listed = ListedParties(40);
  std::vector<std::string> innocent = InnocentNames();
  std::vector<TestMessage> out;
  for (size_t i = 0; i < n; ++i) {
    TestMessage m;
    m.id = prefix + "-" + std::to_string(i);
    if (i % 100 == 7) {
      // A cut-off MT header is no longer unparseable: it is read with a format fault (REVIEW).
      m.payload = i % 200 == 7 ? "this is not a payment message" : "%PDF-1.4 a scanned remittance advice";
      m.parseable = false;
    } else if (i < samples.size()) {
      m.payload = samples[i];
    } else {
      std::string ordering = innocent[(2 * i) % innocent.size()];
      std::string beneficiary = (i % 10 == 3 && !listed.names.empty()) ? listed.names[i % listed.names.size()]
                                                                         : innocent[(2 * i + 1) % innocent.size()];
      std::string bank = (i % 25 == 11 && !listed.bics.empty()) ? listed.bics[i % listed.bics.size()] : "ABNANL2A";
      m.payload = Mt103(i, ordering, beneficiary, bank, i % 25 == 17 ? "TEHRAN IRAN" : "AMSTERDAM NETHERLANDS");
    }
    out.push_back(std::move(m));
  }
  return out;
}

// id -> verdict of `embargo message` run once over every parseable message (one file each).
inline std::map<std::string, std::string> ReferenceVerdicts(const std::vector<TestMessage>& messages, const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::string cmd = std::string(EMBARGO_BINARY) + " message --format json";
  std::map<std::string, std::string> file_to_id;
  for (const auto& m : messages) {
    if (!m.parseable) continue;
    std::string file = dir + "/" + m.id + ".msg";
    std::ofstream(file, std::ios::binary) << m.payload;
    file_to_id[file] = m.id;
    cmd += " " + file;
  }
  std::string out;
  FILE* p = popen((cmd + " 2>/dev/null").c_str(), "r");
  char buf[65536];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, got);
  pclose(p);
  std::map<std::string, std::string> verdicts;
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded()) return verdicts;
  for (const auto& r : j["messages"]) verdicts[file_to_id[r["file"].get<std::string>()]] = r["verdict"].get<std::string>();
  return verdicts;
}

// A worker process: `embargo worker ARGS`, stderr to `log`.
inline pid_t StartWorker(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "a", stderr);
    (void)f;
    std::vector<std::string> all = {EMBARGO_BINARY, "worker"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// The exit status, or -signal when killed.
inline int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// The exit status within `seconds`, or -SIGKILL when the process was still running then (it is
// killed): a test of a worker that should stop never waits for ever.
inline int WaitExitWithin(pid_t pid, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      return WaitExit(pid);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// A list directory under `dir` holding only the UN list (small: workers start fast); its path.
inline std::string UnListsIn(const std::string& dir) {
  std::string lists = dir + "/lists";
  std::filesystem::create_directories(lists);
  std::filesystem::copy(std::string(EMBARGO_SOURCE_DIR) + "/data/lists/un", lists + "/un",
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::skip_existing);
  return lists;
}

inline std::string Slurp(const std::string& path) {
  auto text = ReadFile(path);
  return text.ok() ? *text : std::string();
}

// Waits up to `seconds` for `text` to appear in the log file; whether it did.
inline bool WaitForLog(const std::string& log, const std::string& text, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (Slurp(log).find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return Slurp(log).find(text) != std::string::npos;
}

}  // namespace embargo::streams_test
