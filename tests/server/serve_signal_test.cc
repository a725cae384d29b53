// `embargo serve` stopped by SIGTERM: the requests in flight are answered before it exits.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `embargo ARGS...` in the background, its stderr into `log`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  FILE* err = std::freopen(log.c_str(), "w", stderr);
  if (!err) _exit(127);
  std::vector<char*> argv{const_cast<char*>(EMBARGO_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(EMBARGO_BINARY, argv.data());
  _exit(127);
}

// The port from "listening on http://127.0.0.1:PORT", or 0 when the server did not start (it is
// then stopped).
int WaitListening(pid_t pid, const std::string& log) {
  for (int i = 0; i < 600; ++i) {
    std::string text = ReadAll(log);
    size_t at = text.find("listening on http://127.0.0.1:");
    if (at != std::string::npos) return std::atoi(text.c_str() + at + 30);
    if (int st = 0; waitpid(pid, &st, WNOHANG) == pid) {
      ADD_FAILURE() << "serve ended with status " << st;
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return 0;
}

std::string Parties(int request) {
  json parties = json::array();
  for (int i = 0; i < 50; ++i)
    parties.push_back({{"name", i % 5 == 0 ? "Vladimir Putin" : "Maria Lopez " + std::to_string(request * 100 + i)}});
  return json{{"parties", parties}, {"record", true}}.dump();
}

// Every screening recorded before SIGTERM is answered: a client cut off would send it again and
// it would be recorded twice.
TEST(ServeSignals, SigtermAnswersTheRequestsInFlight) {
  std::string dir = testing::TempDir() + "/serve_signal_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::string db = dir + "/audit.db", log = dir + "/serve.log";
  pid_t pid = Spawn({"--lists", EMBARGO_SOURCE_DIR "/data/lists", "serve", "--no-auth", "--port", "0", "--threads", "2",
                     "--decision-store", db},
                    log);
  int port = WaitListening(pid, log);
  ASSERT_GT(port, 0) << ReadAll(log);
  constexpr int kClients = 10;
  std::atomic<int> answered{0};
  std::vector<std::string> failures(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(120, 0);
      auto r = client.Post("/v1/screen", Parties(c), "application/json");
      if (!r) failures[c] = "no answer: " + httplib::to_string(r.error());
      else if (r->status != 200) failures[c] = std::to_string(r->status) + " " + r->body;
      else if (json::parse(r->body)["results"].size() != 50) failures[c] = "not 50 results";
      else ++answered;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(pid, SIGTERM);
  for (auto& t : clients) t.join();
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  for (int c = 0; c < kClients; ++c) EXPECT_EQ(failures[c], "") << "client " << c;
  EXPECT_EQ(answered, kClients);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << ReadAll(log);
  std::string text = ReadAll(log);
  EXPECT_NE(text.find("answering the requests in flight"), std::string::npos) << text;
  EXPECT_NE(text.find("embargo serve: stopped\n"), std::string::npos) << text;
  // No more connections once stopping began: the port is closed.
  httplib::Client late("127.0.0.1", port);
  EXPECT_FALSE(late.Get("/healthz"));
}

}  // namespace
