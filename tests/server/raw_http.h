// A plain TCP client for tests that must send what no HTTP library would: headers one byte at a
// time, endless chunked bodies, raw bytes. Loopback only; every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace embargo::server {

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd_);
      fd_ = -1;
    }
    int one = 1;
    if (fd_ >= 0) setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }

  // False once the server has closed or reset the connection.
  bool Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads whatever has arrived within `wait_ms` into received(); false when the peer closed.
  bool Poll(int wait_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, wait_ms) <= 0) return true;
    char buf[65536];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    received_.append(buf, static_cast<size_t>(n));
    return true;
  }

  // Reads until one whole response (headers and Content-Length body) has arrived, the peer
  // closes, or `timeout_ms` passes. Returns the response's status, or 0.
  int ReadResponse(int timeout_ms = 10000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!HasWholeResponse() && std::chrono::steady_clock::now() < deadline)
      if (!Poll(10)) break;
    return Status();
  }

  // The status of the first response received so far, or 0.
  int Status() const {
    if (received_.rfind("HTTP/1.", 0) != 0 || received_.size() < 12) return 0;
    return std::atoi(received_.c_str() + 9);
  }
  // The body of the first response (after the blank line).
  std::string Body() const {
    size_t end = received_.find("\r\n\r\n");
    return end == std::string::npos ? "" : received_.substr(end + 4);
  }
  const std::string& received() const { return received_; }
  void Forget() { received_.clear(); }

  // Whether the server closed the connection, waiting up to `timeout_ms`.
  bool ClosedWithin(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline)
      if (!Poll(10)) return true;
    return false;
  }

 private:
  bool HasWholeResponse() const {
    size_t end = received_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    size_t cl = received_.find("Content-Length: ");
    if (cl == std::string::npos || cl > end) cl = received_.find("content-length: ");
    if (cl == std::string::npos || cl > end) return true;
    return received_.size() >= end + 4 + std::stoul(received_.substr(cl + 16));
  }

  int fd_ = -1;
  std::string received_;
};

// Resident memory of this process in kB (the server under test runs in it).
inline long ResidentKb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(1 << 10, '\n');
  }
  return 0;
}

}  // namespace embargo::server
