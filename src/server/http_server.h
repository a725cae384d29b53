// The HTTP/1.1 transport of the service: an event-driven server (Boost.Beast on Asio) that reads
// requests within limits and deadlines and hands them to a Service. It knows nothing of routes,
// keys or JSON; server.cc is its one Service.
//
// A connection costs a socket and a small buffer, never a thread: a few I/O threads serve every
// connection, so slow clients cannot hold the service. Each request must arrive whole (request
// line, headers, body) within a deadline counted from its first byte; its header is handed to the
// Service before the body is read, so a request without a valid key is answered without reading
// its body. Bodies are capped however they are framed (Content-Length or chunked).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "embargo/status.h"
#include "server/http_message.h"

namespace embargo::server {

struct HttpLimits {
  size_t max_header_bytes = 16 << 10;  // request line and headers together; more: 431
  size_t max_headers = 100;            // header fields; more: 431
  size_t max_body_bytes = 1 << 20;     // after removing chunked framing; more: 413
  size_t max_connections = 4096;       // open at once; more are answered 503 and closed
  std::chrono::milliseconds request_deadline{10000};  // first byte to last byte of a request; then closed
  std::chrono::milliseconds idle_timeout{5000};       // a kept-alive connection waiting for its next request
  std::chrono::milliseconds write_deadline{10000};    // writing one response
  std::chrono::milliseconds linger{2000};             // reading and discarding after an early reply
};

// What the transport serves. Admit and Refused run on I/O threads and must not block; Serve runs
// on an I/O thread, or on the blocking pool when Blocking says so.
class Service {
 public:
  virtual ~Service() = default;
  // After the request line and headers, before the body. A reply here (401, 404, 413, ...) is sent
  // instead of reading the body, and the connection closes after it.
  virtual std::optional<Reply> Admit(Request& request) = 0;
  // Whether Serve waits on I/O or runs long (a store, a reload, a large scan): such requests run
  // on the blocking pool so that the I/O threads keep serving the others.
  virtual bool Blocking(const Request& request) const = 0;
  // The whole request, body read.
  virtual Reply Serve(Request& request) = 0;
  // A request the transport could not take (malformed, over a limit, too slow, too many
  // connections), before any handler saw it: the reply to send. `path`: the request's path when
  // it was read (its parameters or framing are at fault), else empty.
  virtual Reply Refused(int status, const std::string& code, const std::string& message, std::string_view path = {}) = 0;
};

class HttpServer {
 public:
  // `io_threads` run every connection; `blocking_threads` run Blocking requests.
  HttpServer(HttpLimits limits, size_t io_threads, size_t blocking_threads, Service& service);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens (port 0: any free port).
  Status Bind(const std::string& host, int port);
  int port() const;
  // Serves until Stop(); returns once every I/O thread has finished.
  void Run();
  // Safe from any thread, before or during Run().
  void Stop();
  // Stops accepting connections and closes the idle ones; a connection with a request in flight
  // (being read, served or answered) closes once it is answered. Does not wait: connections()
  // falls to 0 when all are answered; Stop() then ends Run(). Safe from any thread, during Run().
  void Drain();

  // Open connections now (for tests and metrics).
  size_t connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace embargo::server
