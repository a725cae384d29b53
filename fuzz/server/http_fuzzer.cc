// libFuzzer target for the whole HTTP request path: raw bytes (request lines, headers, chunked
// bodies, pipelined requests) go over a loopback socket to a real embargo server running in this
// process, exactly as a client's bytes would. Besides crashes and sanitizer reports it checks
// the transport's contract: every answer is a well-formed HTTP/1.1 status line with a status
// below 500 (or 501, which RFC 9112 asks for a transfer coding the server does not know), and
// the server closes the connection once the client has finished sending (a hang
// is a failure).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

#include "common/sha256.h"
#include "fuzz_lists.h"
#include "server/server.h"

namespace {

using namespace embargo;

// The key the seeds send (X-API-Key: fuzz-key), so that inputs reach the handlers.
constexpr const char* kKey = "fuzz-key";

int ServerPort() {
  static int port = [] {
    server::ServerOptions opts;
    opts.port = 0;
    opts.api_key_hashes = {Sha256Hex(kKey)};
    opts.threads = 2;
    opts.blocking_threads = 1;
    opts.limits.request_deadline = std::chrono::milliseconds(3000);
    auto srv = server::Server::Create(opts, [] { return fuzz::FuzzLists(); });
    if (!srv.ok() || !(*srv)->Bind().ok()) std::abort();
    server::Server* s = srv->release();  // lives as long as the process
    std::thread([s] { s->Run(); }).detach();
    return s->port();
  }();
  return port;
}

// Tens of thousands of short connections leave as many TIME_WAIT entries on loopback, and one
// long run saw a connect fail once, with the server's descriptors steady: a failed connect is
// tried again, and the reason printed if it keeps failing, rather than aborting unexplained.
int Connect(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int error = 0;
  for (int attempt = 0; attempt < 50; ++attempt) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) break;
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    error = errno;
    close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::fprintf(stderr, "cannot connect to the server: %s\n", std::strerror(error ? error : errno));
  std::abort();
}

[[noreturn]] void Fail(const char* what, const std::string& answer) {
  std::fprintf(stderr, "%s:\n%s\n", what, answer.c_str());
  std::abort();
}

// The answer is a sequence of whole responses, each with a status below 500 or 501 (an unknown
// transfer coding, which a mutated "chunked" often is). A response to HEAD carries the
// Content-Length a GET would have but no body (RFC 9110 §9.3.2): when the client sent a HEAD,
// a response followed by nothing or by the next status line may leave its body out.
bool StatusLineAt(const std::string& answer, size_t at) {
  return answer.compare(at, 9, "HTTP/1.1 ") == 0 || answer.compare(at, 9, "HTTP/1.0 ") == 0;
}

void CheckAnswer(const std::string& answer, bool head_sent) {
  for (size_t at = 0; at < answer.size();) {
    if (!StatusLineAt(answer, at))
      Fail("not a status line where a response should start", answer);
    int status = std::atoi(answer.c_str() + at + 9);
    if (status >= 500 && status != 501) Fail("server error", answer);
    size_t end = answer.find("\r\n\r\n", at);
    if (end == std::string::npos) Fail("response header cut short", answer);
    size_t length = 0;
    size_t field = answer.find("\r\nContent-Length: ", at);
    if (field != std::string::npos && field < end) length = std::strtoul(answer.c_str() + field + 18, nullptr, 10);
    size_t body = end + 4;
    bool body_left_out = head_sent && length > 0 &&
                         (body == answer.size() || StatusLineAt(answer, body));
    at = body_left_out ? body : body + length;
    if (at > answer.size()) Fail("response body cut short", answer);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fd = Connect(ServerPort());
  size_t sent = 0;
  while (sent < size) {  // the server may answer and hang up before reading everything
    ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  shutdown(fd, SHUT_WR);  // the client has said all it will say
  std::string answer;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  for (;;) {
    if (std::chrono::steady_clock::now() > deadline) {
      std::fprintf(stderr, "the server kept the connection open after the client finished\n");
      std::abort();
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[16384];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  bool head_sent = input.starts_with("HEAD ") || input.find("\nHEAD ") != std::string_view::npos;
  CheckAnswer(answer, head_sent);
  return 0;
}
