#include "server/http_server.h"

#include <sys/resource.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <iostream>
#include <limits>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace embargo::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = beast::error_code;

constexpr size_t kFirstRead = 4096;          // bytes asked for when a request starts
constexpr size_t kLingerBytes = 16 << 20;    // discarded at most after an early reply
// Bytes read but not yet parsed, past the header limit: a body passes through in pieces, but a
// chunk's size line or the trailer section must fit whole, so endless ones are refused (431).
constexpr size_t kReadAhead = 64 << 10;

// Lets the process hold the sockets the connection cap allows.
void RaiseOpenFileLimit(size_t wanted) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= wanted) return;
  rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, wanted);
  setrlimit(RLIMIT_NOFILE, &rl);
}

// What a request the parser refused got wrong, in the service's words (", " and the fault), or "".
std::string_view HttpFault(const error_code& ec) {
  if (ec == http::error::bad_content_length) return ": Content-Length is not one number of bytes";
  if (ec == http::error::bad_transfer_encoding) return ": Transfer-Encoding not readable, or given beside Content-Length";
  if (ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension) return ": a chunk's size line is not readable";
  if (ec == http::error::bad_line_ending) return ": a line not ended by CR LF";
  if (ec == http::error::bad_field) return ": a header field's name (no space before its colon)";
  if (ec == http::error::bad_value) return ": a header field's value";
  if (ec == http::error::bad_method || ec == http::error::bad_target || ec == http::error::bad_version)
    return ": the request line (method, target, version)";
  return "";
}

}  // namespace

namespace {

class Session;

// What the connections of one server share.
struct Shared {
  Shared(HttpLimits l, Service& s) : limits(l), service(s) {}
  const HttpLimits limits;
  Service& service;
  std::atomic<size_t> connections{0};
  net::thread_pool* blocking = nullptr;
  // Once set (Drain), a connection closes after its request in flight is answered, or at once
  // when it is waiting for one.
  std::atomic<bool> draining{false};
  std::mutex sessions_mu;  // guards sessions
  std::list<std::weak_ptr<Session>> sessions;
};

// One connection: reads requests one after the other (keep-alive), each within its deadline.
// Every step runs on the one I/O thread that owns the connection; the session lives as long as an
// operation holds it.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& server)
      : stream_(std::move(socket)), server_(server), limits_(server.limits),
        buffer_(limits_.max_header_bytes + kReadAhead) {
    server_.connections.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() {
    server_.connections.fetch_sub(1, std::memory_order_relaxed);
    if (!registered_) return;
    std::lock_guard lock(server_.sessions_mu);
    server_.sessions.erase(entry_);
  }

  void Start() {
    {
      std::lock_guard lock(server_.sessions_mu);
      entry_ = server_.sessions.insert(server_.sessions.end(), weak_from_this());
      registered_ = true;
    }
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::AwaitRequest, shared_from_this()));
  }

  // On draining: a connection waiting for its next request closes; one reading, serving or
  // answering a request finishes it first (Send closes after the answer).
  void CloseIfIdle() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->Close();
    });
  }

 private:
  enum class After { kKeepAlive, kClose, kLinger };

  void AwaitRequest() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
    // No body limit while the header is read: Admit decides first (the real one is set below).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    request_ = Request{};
    if (buffer_.size() > 0) return ReadHeader();  // the next request is already here
    if (server_.draining.load()) return Close();
    idle_ = true;
    stream_.expires_after(limits_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead), beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
  }

  void OnFirstBytes(error_code ec, size_t n) {
    idle_ = false;
    if (ec) return Close();  // idle too long, or the client went away
    buffer_.commit(n);
    ReadHeader();
  }

  // The deadline runs from the request's first byte to its last, however slowly they come.
  void ReadHeader() {
    stream_.expires_after(limits_.request_deadline);
    http::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    if (std::optional<Reply> refused = FillRequest()) return Send(std::move(*refused), After::kLinger);
    if (std::optional<Reply> early = server_.service.Admit(request_)) return Send(std::move(*early), After::kLinger);
    if (auto length = parser_->content_length(); length && *length > limits_.max_body_bytes) return BodyTooLarge();
    parser_->body_limit(limits_.max_body_bytes);
    if (parser_->is_done()) return Dispatch();
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      continue_ = {http::status::continue_, parser_->get().version()};
      http::async_write(stream_, continue_, beast::bind_front_handler(&Session::OnContinueSent, shared_from_this()));
      return;
    }
    ReadBody();
  }

  void OnContinueSent(error_code ec, size_t) {
    if (ec) return Close();
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    request_.body = std::move(parser_->get().body());
    Dispatch();
  }

  // The request line and headers into request_; a refusal when there are too many headers or the
  // target cannot be read.
  std::optional<Reply> FillRequest() {
    const auto& msg = parser_->get();
    request_.method = std::string(msg.method_string());
    request_.target = std::string(msg.target());
    request_.keep_alive = msg.keep_alive();
    error_code peer_error;
    auto peer = stream_.socket().remote_endpoint(peer_error);
    request_.remote = peer_error ? std::string() : peer.address().to_string();
    for (const auto& field : msg) {
      if (request_.headers.size() >= limits_.max_headers)
        return server_.service.Refused(431, "headers_too_large",
                                       "more than " + std::to_string(limits_.max_headers) + " header fields (the limit)");
      request_.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    if (Status s = ParseTarget(request_); !s.ok()) return server_.service.Refused(400, "bad_request", s.message(), request_.path);
    // RFC 9112 §3.2: a server must refuse an HTTP/1.1 request without exactly one Host field.
    if (msg.version() >= 11 && msg.count(http::field::host) != 1)
      return server_.service.Refused(400, "bad_request", "Host: an HTTP/1.1 request needs exactly one Host header field",
                                     request_.path);
    return UnknownCoding(msg);
  }

  // Only the chunked transfer coding is read: a body compressed on the way ("gzip, chunked")
  // would otherwise be taken as written.
  std::optional<Reply> UnknownCoding(const http::request_parser<http::string_body>::value_type& msg) {
    for (const auto& field : msg) {
      if (field.name() != http::field::transfer_encoding) continue;
      std::string_view coding(field.value().data(), field.value().size());
      while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
      while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
      if (!beast::iequals(beast::string_view(coding.data(), coding.size()), "chunked"))
        return server_.service.Refused(501, "not_implemented",
                                       "Transfer-Encoding: " + std::string(field.value()) +
                                           ": only the chunked transfer coding is understood",
                                       request_.path);
    }
    return std::nullopt;
  }

  void OnReadError(error_code ec) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
      return Send(server_.service.Refused(431, "headers_too_large",
                                          "request line and headers (or a chunk's size line, or the trailer) larger than " +
                                              std::to_string(limits_.max_header_bytes) + " bytes (the limit)"),
                  After::kLinger);
    if (ec == http::error::body_limit) return BodyTooLarge();
    // Past the deadline the stream has closed the socket already: nothing more can be said.
    if (ec == beast::error::timeout) {
      server_.service.Refused(408, "request_timeout", "the request did not arrive whole within its deadline");
      return Close();
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof)
      return Close();
    Send(server_.service.Refused(400, "bad_request", "the request is not valid HTTP/1.1" + std::string(HttpFault(ec))),
         After::kLinger);
  }

  void BodyTooLarge() {
    Send(server_.service.Refused(413, "payload_too_large",
                                "request body larger than " + std::to_string(limits_.max_body_bytes) + " bytes (the limit)"),
         After::kLinger);
  }

  void Dispatch() {
    stream_.expires_never();  // the handler's own time is not the client's
    if (!server_.service.Blocking(request_)) return Send(server_.service.Serve(request_), After::kKeepAlive);
    net::post(*server_.blocking, [self = shared_from_this()] {
      Reply reply = self->server_.service.Serve(self->request_);
      net::post(self->stream_.get_executor(), [self, reply = std::move(reply)]() mutable {
        self->Send(std::move(reply), After::kKeepAlive);
      });
    });
  }

  void Send(Reply reply, After after) {
    if (after == After::kKeepAlive && (!request_.keep_alive || server_.draining.load())) after = After::kClose;
    after_ = after;
    std::string content_type;
    response_ = {};
    response_.version(parser_ && parser_->is_header_done() ? parser_->get().version() : 11);
    response_.result(static_cast<unsigned>(reply.status));
    response_.body() = ReplyPayload(reply, content_type);
    response_.set(http::field::content_type, content_type);
    for (const auto& h : reply.headers) response_.insert(h.name, h.value);
    response_.keep_alive(after == After::kKeepAlive);
    response_.prepare_payload();
    if (request_.method == "HEAD") {  // the GET's headers, its Content-Length too, without its body
      size_t length = response_.body().size();
      response_.body().clear();
      response_.content_length(length);
    }
    stream_.expires_after(limits_.write_deadline);
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::OnWritten, shared_from_this()));
  }

  void OnWritten(error_code ec, size_t) {
    if (ec) return Close();
    response_ = {};
    if (after_ == After::kKeepAlive) return AwaitRequest();
    if (after_ == After::kLinger) return Linger();
    Close();
  }

  // After an early reply the client may still be sending its body. Closing a socket with unread
  // bytes resets the connection and can destroy the reply before the client reads it, so the
  // rest is read and thrown away for a while (bounded in time and bytes), then the socket closes.
  void Linger() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(limits_.linger);
    drain_ = std::make_unique<std::array<char, 8192>>();
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(*drain_), [self = shared_from_this()](error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kLingerBytes) return self->Close();
      self->Drain();
    });
  }

  void Close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Shared& server_;
  const HttpLimits& limits_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  http::response<http::string_body> response_;
  http::response<http::empty_body> continue_;
  After after_ = After::kClose;
  std::unique_ptr<std::array<char, 8192>> drain_;
  size_t drained_ = 0;
  bool idle_ = false;  // waiting for a request's first byte
  bool registered_ = false;
  std::list<std::weak_ptr<Session>>::iterator entry_;  // in server_.sessions
};

}  // namespace

// One I/O context per I/O thread, each running the connections handed to it: a connection's
// steps never cross threads, so no locks or wake-ups between threads are needed per request.
struct HttpServer::Impl {
  using WorkGuard = net::executor_work_guard<net::io_context::executor_type>;

  Impl(HttpLimits l, size_t io, size_t blocking_threads, Service& s) : shared(l, s), blocking(std::max<size_t>(1, blocking_threads)) {
    shared.blocking = &blocking;
    for (size_t i = 0; i < std::max<size_t>(1, io); ++i) {
      contexts.push_back(std::make_unique<net::io_context>(1));
      work.emplace_back(contexts.back()->get_executor());
    }
    acceptor.emplace(*contexts[0]);
    accept_pause.emplace(*contexts[0]);
  }
  ~Impl() {
    Stop();
    blocking.join();
    acceptor.reset();
    accept_pause.reset();
  }

  void Accept();
  void RefuseConnection(tcp::socket socket);
  void Drain();
  void Stop() {
    for (auto& c : contexts) c->stop();
  }

  // Destroyed in reverse order: the I/O contexts with the sessions their handlers hold, then the
  // blocking pool, while the counters those sessions update still exist.
  Shared shared;
  net::thread_pool blocking;
  int port = 0;
  size_t next_context = 0;  // connections are dealt to the I/O contexts in turn
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<WorkGuard> work;
  std::optional<tcp::acceptor> acceptor;     // on the first context
  std::optional<net::steady_timer> accept_pause;  // after accept errors such as EMFILE
};

void HttpServer::Impl::Accept() {
  net::io_context& owner = *contexts[next_context++ % contexts.size()];
  acceptor->async_accept(owner, [this](error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (ec) {  // out of file descriptors, say: wait a little instead of spinning
      accept_pause->expires_after(std::chrono::milliseconds(50));
      accept_pause->async_wait([this](error_code) { Accept(); });
      return;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (shared.connections.load(std::memory_order_relaxed) >= shared.limits.max_connections) RefuseConnection(std::move(socket));
    else std::make_shared<Session>(std::move(socket), shared)->Start();
    Accept();
  });
}

// Over the connection cap: a 503 and the socket closed, without reading the request.
void HttpServer::Impl::RefuseConnection(tcp::socket socket) {
  Reply reply = shared.service.Refused(503, "too_many_connections", "the server has " + std::to_string(shared.limits.max_connections) +
                                                                        " open connections (the limit); retry later");
  std::string content_type, body = ReplyPayload(reply, content_type);
  struct Refusal {
    tcp::socket socket;
    std::string bytes;
  };
  auto r = std::make_shared<Refusal>(Refusal{std::move(socket), {}});
  r->bytes = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + content_type +
             "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  net::async_write(r->socket, net::buffer(r->bytes), [r](error_code, size_t) {
    error_code ignored;
    r->socket.shutdown(tcp::socket::shutdown_both, ignored);
    r->socket.close(ignored);
  });
}

// No more connections accepted; idle ones closed, busy ones closed once answered.
void HttpServer::Impl::Drain() {
  shared.draining.store(true);
  net::post(*contexts[0], [this] {
    error_code ignored;
    acceptor->close(ignored);
    accept_pause->cancel();
  });
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(shared.sessions_mu);
    for (const auto& weak : shared.sessions)
      if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  for (const auto& session : open) session->CloseIfIdle();
}

HttpServer::HttpServer(HttpLimits limits, size_t io_threads, size_t blocking_threads, Service& service)
    : impl_(std::make_unique<Impl>(limits, io_threads, blocking_threads, service)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind(const std::string& host, int port) {
  error_code ec;
  auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return Status::InvalidArgument(host + ": not an IP address to listen on");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  std::string where = host + ":" + std::to_string(port);
  if (impl_->acceptor->open(endpoint.protocol(), ec); ec) return Status::Unavailable(where + ": cannot open a socket: " + ec.message());
  impl_->acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (impl_->acceptor->bind(endpoint, ec); ec) return Status::Unavailable(where + ": cannot bind: " + ec.message());
  if (impl_->acceptor->listen(net::socket_base::max_listen_connections, ec); ec)
    return Status::Unavailable(where + ": cannot listen: " + ec.message());
  impl_->port = impl_->acceptor->local_endpoint().port();
  RaiseOpenFileLimit(impl_->shared.limits.max_connections + 256);
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Run() {
  net::post(*impl_->contexts[0], [this] { impl_->Accept(); });
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->contexts.size(); ++i) threads.emplace_back([this, i] { impl_->contexts[i]->run(); });
  impl_->contexts[0]->run();
  for (auto& t : threads) t.join();
}

void HttpServer::Stop() { impl_->Stop(); }

void HttpServer::Drain() { impl_->Drain(); }

size_t HttpServer::connections() const { return impl_->shared.connections.load(std::memory_order_relaxed); }

}  // namespace embargo::server
