// The HTTP front as an attacker and a careless client meet it: bodies and headers are capped
// however they are framed, keys are checked before a body is read, slow clients cannot stop the
// service, and small mistakes get clear answers.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "common/sha256.h"
#include "raw_http.h"
#include "server/server.h"
#include "test_server.h"

namespace embargo::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kKey = "limits-test-key-42";

class HttpLimitsTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions opts;
    opts.api_keys = {{Sha256Hex(kKey), "ops", *RoleSet::Parse("screen,admin")}};  // reloads too
    opts.threads = 4;
    StartBundledServer(opts, server_, thread_);
  }
  static void TearDownTestSuite() { StopServer(server_, thread_); }
  static int Port() { return server_->port(); }
  static httplib::Client Client() {
    httplib::Client c("127.0.0.1", Port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers Auth() { return {{"X-API-Key", kKey}}; }

  static Server* server_;
  static std::thread* thread_;
};
Server* HttpLimitsTest::server_ = nullptr;
std::thread* HttpLimitsTest::thread_ = nullptr;

// Sends `head`, then up to 200 MiB of 64 KiB chunks, stopping when the server answers or hangs
// up. Returns the status answered; `grown_kb` is the growth of this process's resident memory.
int SendChunkedFlood(int port, const std::string& head, long& grown_kb) {
  long before = ResidentKb(), peak = before;
  RawConnection c(port);
  EXPECT_TRUE(c.ok());
  c.Send(head);
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  for (int i = 0; i < 3200; ++i) {
    if (!c.Send(chunk) || !c.Poll(0) || c.Status() != 0) break;
    if (i % 64 == 0) peak = std::max(peak, ResidentKb());
  }
  int status = c.ReadResponse(10000);
  grown_kb = std::max(peak, ResidentKb()) - before;
  return status;
}

TEST_F(HttpLimitsTest, ChunkedFloodWithoutAKeyIsAnsweredOnTheHeaders) {
  long grown_kb = 0;
  int status = SendChunkedFlood(Port(),
                                "POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n",
                                grown_kb);
  EXPECT_EQ(status, 401);
  EXPECT_LT(grown_kb, 10 * 1024) << "resident memory grew by " << grown_kb << " kB";
}

TEST_F(HttpLimitsTest, ChunkedBodyIsCappedWithAKey) {
  long grown_kb = 0;
  int status = SendChunkedFlood(Port(),
                                std::string("POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: ") + kKey +
                                    "\r\nTransfer-Encoding: chunked\r\n\r\n",
                                grown_kb);
  EXPECT_EQ(status, 413);
  EXPECT_LT(grown_kb, 10 * 1024) << "resident memory grew by " << grown_kb << " kB";
}

TEST_F(HttpLimitsTest, KeyIsCheckedBeforeTheBodyArrives) {
  RawConnection c(Port());
  c.Send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\n\r\n");
  EXPECT_EQ(c.ReadResponse(2000), 401) << c.received();
  RawConnection wrong(Port());
  wrong.Send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: wrong\r\nContent-Length: 500000\r\n\r\n");
  EXPECT_EQ(wrong.ReadResponse(2000), 403) << wrong.received();
  RawConnection large(Port());
  large.Send(std::string("POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: ") + kKey + "\r\nContent-Length: 5000000\r\n\r\n");
  EXPECT_EQ(large.ReadResponse(2000), 413) << large.received();
}

TEST_F(HttpLimitsTest, HugeHeadersAreRefused) {
  long before = ResidentKb(), peak = before;
  RawConnection c(Port());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  std::string line = "X-Filler: " + std::string(1000, 'a') + "\r\n";
  std::string block;
  for (int i = 0; i < 64; ++i) block += line;
  for (int i = 0; i < 40 * 1024 / 64; ++i) {  // 40 MB of headers
    if (!c.Send(block) || !c.Poll(0) || c.Status() != 0) break;
    if (i % 16 == 0) peak = std::max(peak, ResidentKb());
  }
  EXPECT_EQ(c.ReadResponse(5000), 431) << c.received().substr(0, 200);
  EXPECT_LT(std::max(peak, ResidentKb()) - before, 10 * 1024);

  RawConnection many(Port());
  std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 150; ++i) head += "X-H" + std::to_string(i) + ": v\r\n";
  many.Send(head + "\r\n");
  EXPECT_EQ(many.ReadResponse(5000), 431) << many.received().substr(0, 200);
}

// A chunked body's trailer section (or a chunk's size line) grew the read buffer without bound:
// 400 MB of trailer fields per connection, no key needed. It is refused as headers are.
TEST_F(HttpLimitsTest, EndlessTrailersAndChunkExtensionsAreRefused) {
  for (const char* start : {"0\r\n", "1;ext="}) {
    long before = ResidentKb(), peak = before;
    RawConnection c(Port());
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(start));
    std::string block;
    for (int i = 0; i < 64; ++i) block += (start[0] == '0' ? "X-T: " : "") + std::string(1000, 'a') + (start[0] == '0' ? "\r\n" : "");
    for (int i = 0; i < 40 * 1024 / 64; ++i) {  // 40 MB
      if (!c.Send(block) || !c.Poll(0) || c.Status() != 0) break;
      if (i % 16 == 0) peak = std::max(peak, ResidentKb());
    }
    EXPECT_EQ(c.ReadResponse(5000), 431) << start << ": " << c.received().substr(0, 200);
    EXPECT_LT(std::max(peak, ResidentKb()) - before, 10 * 1024) << start;
  }
}

// 500 clients each sending a header a byte at a time hold no thread: /healthz and /v1/screen
// keep answering within 50 ms.
TEST_F(HttpLimitsTest, SlowClientsDoNotStopTheService) {
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 500; ++i) {
    slow.push_back(std::make_unique<RawConnection>(Port()));
    ASSERT_TRUE(slow.back()->ok()) << "connection " << i;
    slow.back()->Send("POST /v1/screen HTTP/1.1\r\nHost: x\r\n");
  }
  std::vector<double> ms;
  auto client = Client();
  for (int round = 0; round < 40; ++round) {
    for (auto& s : slow) s->Send("X");  // one more byte of a header that never ends
    auto start = Clock::now();
    auto r = round % 2 ? client.Post("/v1/screen", Auth(), R"({"name": "Vladimir Putin"})", "application/json")
                       : client.Get("/healthz");
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    ASSERT_TRUE(r) << "round " << round << ": no answer while 500 slow clients are connected";
    EXPECT_EQ(r->status, 200);
  }
  std::sort(ms.begin(), ms.end());
  double median = ms[ms.size() / 2], p90 = ms[ms.size() * 9 / 10];
  std::cout << "latency with 500 slow clients: median " << median << " ms, p90 " << p90 << " ms, max " << ms.back()
            << " ms\n";
  EXPECT_LE(p90, 50.0);
}

TEST_F(HttpLimitsTest, KeepAliveServesRequestsInTurn) {
  RawConnection c(Port());
  for (int i = 0; i < 3; ++i) {
    c.Forget();
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(c.ReadResponse(2000), 200) << "request " << i;
  }
}

// The headers of a response, and whatever came after them, from a connection the server closed.
struct RawResponse {
  std::string head, rest;
};
RawResponse Exchange(int port, const std::string& request) {
  RawConnection c(port);
  EXPECT_TRUE(c.Send(request));
  c.ClosedWithin(10000);
  size_t end = c.received().find("\r\n\r\n");
  if (end == std::string::npos) return {c.received(), ""};
  return {c.received().substr(0, end + 2), c.received().substr(end + 4)};
}

// Regression: HEAD / was a 405. HEAD is GET's headers, Content-Length included, without the body.
TEST_F(HttpLimitsTest, HeadAnswersAsGetWithoutTheBody) {
  for (const char* path : {"/", "/healthz", "/assets/app.js"}) {
    RawResponse get = Exchange(Port(), std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    RawResponse head = Exchange(Port(), std::string("HEAD ") + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ASSERT_EQ(get.head.rfind("HTTP/1.1 200", 0), 0u) << path << ": " << get.head;
    EXPECT_EQ(head.head, get.head) << path;
    EXPECT_NE(head.head.find("Content-Length: " + std::to_string(get.rest.size()) + "\r\n"), std::string::npos) << head.head;
    EXPECT_EQ(head.rest, "") << path;
  }
  // On a kept-alive connection the next request is read where the HEAD's headers end.
  RawConnection c(Port());
  ASSERT_TRUE(c.Send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  c.Poll(1000);
  c.Forget();
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.ReadResponse(2000), 200) << c.received();
  RawResponse post_only = Exchange(Port(), "HEAD /v1/screen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(post_only.head.rfind("HTTP/1.1 405", 0), 0u) << post_only.head;
  EXPECT_NE(post_only.head.find("Allow: POST\r\n"), std::string::npos) << post_only.head;
}

// Regression: "GET http://host/healthz" was a 400. RFC 9112 §3.2.2 has servers accept absolute-form.
TEST_F(HttpLimitsTest, AbsoluteFormTargetsAreServed) {
  std::string host = "127.0.0.1:" + std::to_string(Port());
  for (std::string target : {"http://" + host + "/healthz", "HTTPS://" + host + "/healthz?x=1", "http://" + host}) {
    RawConnection c(Port());
    ASSERT_TRUE(c.Send("GET " + target + " HTTP/1.1\r\nHost: other\r\n\r\n"));
    EXPECT_EQ(c.ReadResponse(2000), 200) << target << ": " << c.received().substr(0, 300);
  }
  for (const char* target : {"ftp://x/healthz", "*", "x:80", "http://user@x/healthz", "http:///healthz"}) {
    RawConnection c(Port());
    ASSERT_TRUE(c.Send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(c.ReadResponse(2000), 400) << target;
    EXPECT_NE(c.Body().find(std::string("'") + target + "'"), std::string::npos) << target << ": " << c.Body();
  }
}

// RFC 9112 §3.2: an HTTP/1.1 request without a Host field, or with two, was served.
TEST_F(HttpLimitsTest, AnHttp11RequestNeedsExactlyOneHost) {
  for (const char* head : {"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n",
                           "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n"}) {
    RawConnection c(Port());
    ASSERT_TRUE(c.Send(head));
    EXPECT_EQ(c.ReadResponse(2000), 400) << head;
    EXPECT_NE(c.Body().find("Host"), std::string::npos) << c.Body();
  }
  RawConnection old(Port());
  ASSERT_TRUE(old.Send("GET /healthz HTTP/1.0\r\n\r\n"));  // HTTP/1.0 has no Host requirement
  EXPECT_EQ(old.ReadResponse(2000), 200) << old.received().substr(0, 300);
}

// A request the parser refuses is answered naming the header or line at fault, not only "not valid".
TEST_F(HttpLimitsTest, MalformedRequestsAreRefusedNamingTheFault) {
  for (const auto& [head, named] : std::vector<std::pair<std::string, std::string>>{
           {"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", "Content-Length"},
           {"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab", "Content-Length"},
           {"GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n", "header field"}}) {
    RawConnection c(Port());
    ASSERT_TRUE(c.Send(head));
    EXPECT_EQ(c.ReadResponse(2000), 400) << head;
    EXPECT_NE(c.Body().find(named), std::string::npos) << head << " -> " << c.Body();
  }
}

// curl -d sends Content-Type application/x-www-form-urlencoded: a form is not JSON, so every
// screening route refuses it by its type (415, naming the type to send), never reads it as JSON.
TEST_F(HttpLimitsTest, FormContentTypeIsRefusedOnEveryScreeningRoute) {
  std::string body = R"({"name": "Vladimir Putin", "ref": ")" + std::string(9000, 'r') + "\"}";
  auto r = Client().Post("/v1/screen", Auth(), body, "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415) << r->body.substr(0, 300);
  EXPECT_NE(r->body.find("Content-Type: application/json"), std::string::npos) << r->body;
  r = Client().Post("/v1/screen", Auth(), body, "application/json");  // over 8 KiB: read whole
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 300);
  EXPECT_TRUE(json::parse(r->body)["alert"].get<bool>());
  for (const char* path : {"/match/default", "/v1/screen/trade", "/v1/screen/message"}) {
    r = Client().Post(path, Auth(), "{\"queries\": {}}", "application/x-www-form-urlencoded");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 415) << path << ": " << r->body;
    EXPECT_NE(r->body.find("a form is not"), std::string::npos) << path << ": " << r->body;
  }
}

TEST_F(HttpLimitsTest, ReloadWithoutABodyAnswersAtOnce) {
  RawConnection c(Port());
  c.Send(std::string("POST /admin/reload HTTP/1.1\r\nHost: x\r\nX-API-Key: ") + kKey + "\r\n\r\n");
  EXPECT_EQ(c.ReadResponse(120000), 200) << c.received().substr(0, 300);
}

TEST_F(HttpLimitsTest, InvalidUtf8IsNamedByField) {
  auto c = Client();
  auto r = c.Post("/v1/screen", Auth(), "{\"parties\": [{\"name\": \"Anna\"}, {\"name\": \"Putin\xff\"}]}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  std::string message = json::parse(r->body)["error"]["message"];
  EXPECT_NE(message.find("parties[1].name"), std::string::npos) << message;
  EXPECT_NE(message.find("UTF-8"), std::string::npos) << message;
  r = c.Get("/search/default?q=Putin%FF", Auth());  // a yente path: yente's shape, 422
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  message = json::parse(r->body)["detail"];
  EXPECT_NE(message.find("'q'"), std::string::npos) << message;
  EXPECT_NE(message.find("UTF-8"), std::string::npos) << message;
}

// Only the chunked transfer coding is read: a compressed body is not taken as written.
TEST_F(HttpLimitsTest, TransferCodingsOtherThanChunkedAreRefused) {
  RawConnection c(Port());
  c.Send(std::string("POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: ") + kKey +
         "\r\nTransfer-Encoding: gzip, chunked\r\nContent-Type: application/json\r\n\r\n"
         "1a\r\n{\"name\": \"Vladimir Putin\"}\r\n0\r\n\r\n");
  EXPECT_EQ(c.ReadResponse(10000), 501) << c.received().substr(0, 300);
  EXPECT_NE(c.received().find("gzip"), std::string::npos) << c.received().substr(0, 300);
}

// Error messages are the service's own words: never a parser library's.
TEST_F(HttpLimitsTest, NoLibraryMessagesInErrors) {
  auto c = Client();
  for (const auto& [target, body] : std::vector<std::pair<std::string, std::string>>{
           {"/v1/screen/trade", "{"},
           {"/v1/screen/trade", R"({"id": 1E999})"},
           {"/v1/screen", "{\"name\": \"\xc0\xaf\"}"},
           {"/match/default", "[1, 2"},
           {"/v1/screen/message", R"({"message": 7)"}}) {
    auto r = c.Post(target, Auth(), body, "application/json");
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, target == "/match/default" ? 422 : 400) << target << " " << body;
    EXPECT_EQ(r->body.find("json.exception"), std::string::npos) << target << ": " << r->body;
    EXPECT_EQ(r->body.find("parse_error"), std::string::npos) << target << ": " << r->body;
  }
}

// Limits that need a server of their own: a short request deadline and a small connection cap.
class HttpDeadlineTest : public testing::Test {
 protected:
  void SetUp() override {
    ServerOptions opts;
    opts.auth = false;
    opts.threads = 2;
    opts.limits.request_deadline = std::chrono::milliseconds(1000);
    opts.limits.max_connections = 8;
    StartBundledServer(opts, server_, thread_);
  }
  void TearDown() override { StopServer(server_, thread_); }
  Server* server_ = nullptr;
  std::thread* thread_ = nullptr;
};

// A byte every 100 ms keeps no connection open past the deadline of the whole request (1 s here).
TEST_F(HttpDeadlineTest, DeadlineCoversTheWholeRequest) {
  RawConnection c(server_->port());
  auto start = Clock::now();
  c.Send("GET /healthz HTTP/1.1\r\n");
  bool closed = false;
  while (!closed && Clock::now() - start < std::chrono::seconds(5)) closed = !c.Send("X") || !c.Poll(100);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_TRUE(closed) << "still open after " << seconds << " s";
  EXPECT_GE(seconds, 0.9);
  EXPECT_LT(seconds, 2.0);
}

TEST_F(HttpDeadlineTest, ConnectionsOverTheCapAreRefused) {
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 8; ++i) {
    held.push_back(std::make_unique<RawConnection>(server_->port()));
    held.back()->Send("GET /healthz HTTP/1.1\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawConnection extra(server_->port());
  extra.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(extra.ReadResponse(2000), 503) << extra.received();
  EXPECT_NE(extra.received().find("too_many_connections"), std::string::npos);
  held.clear();  // the slots free up
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawConnection again(server_->port());
  again.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(again.ReadResponse(2000), 200) << again.received();
}

// Screening is CPU-bound: it runs beside the I/O threads, which keep answering /healthz.
class HttpCpuTest : public testing::Test {
 protected:
  void Start(size_t blocking_threads) {
    ServerOptions opts;
    opts.auth = false;
    opts.threads = 1;  // one I/O thread: a handler run on it would hold every connection
    opts.blocking_threads = blocking_threads;
    StartBundledServer(opts, server_, thread_);
  }
  void TearDown() override {
    if (heavy_.joinable()) heavy_.join();
    if (server_) StopServer(server_, thread_);
  }

  // Starts a /match just under its 2,000-word bound (33 names of 60 common words: seconds of work)
  // on another thread; heavy_status_ is 0 until it is answered.
  void StartHeavyMatch() {
    const char* words[] = {"mohammad", "ali", "al", "hassan", "abdul", "company", "trading", "limited", "bank", "international",
                           "ahmad", "hussein", "ivan", "vladimir", "sergey", "alexander", "global", "group", "industries", "shipping"};
    json names = json::array();
    uint32_t random = 1;
    for (int n = 0; n < 33; ++n) {
      std::string name;
      for (int w = 0; w < 60; ++w) {
        random = random * 1103515245u + 12345u;
        name += (w ? " " : "") + std::string(words[(random >> 16) % 20]);
      }
      names.push_back(name);
    }
    json body = {{"queries", {{"q1", {{"schema", "LegalEntity"}, {"properties", {{"name", names}}}}}}}};
    heavy_ = std::thread([this, port = server_->port(), body = body.dump()] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(120, 0);
      auto r = c.Post("/match/default", body, "application/json");
      heavy_status_ = r ? r->status : -1;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  Server* server_ = nullptr;
  std::thread* thread_ = nullptr;
  std::thread heavy_;
  std::atomic<int> heavy_status_{0};
};

TEST_F(HttpCpuTest, HealthzAnswersWhileAMatchAtTheLimitRuns) {
  Start(4);
  StartHeavyMatch();
  httplib::Client c("127.0.0.1", server_->port());
  auto start = Clock::now();
  auto r = c.Get("/healthz");
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  bool still_running = heavy_status_ == 0;
  heavy_.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(seconds, 1.0);
  // With the match on the one I/O thread, /healthz could only answer after it.
  EXPECT_TRUE(still_running) << "/healthz answered only after the match";
  EXPECT_EQ(heavy_status_, 200);
}

// A small /v1/screen is served where it arrives (the hop to the pool would cost more than it
// does); one that may run long waits for the pool, here held by the match.
TEST_F(HttpCpuTest, SmallScreenIsServedBesideAFullPool) {
  Start(1);
  StartHeavyMatch();
  httplib::Client c("127.0.0.1", server_->port());
  c.set_read_timeout(120, 0);
  auto small = c.Post("/v1/screen", R"({"name": "Vladimir Putin"})", "application/json");
  bool served_during_match = heavy_status_ == 0;
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200) << small->body;
  EXPECT_NE(small->body.find("PUTIN"), std::string::npos);
  EXPECT_TRUE(served_during_match) << "the small screening waited for the pool";
  // Alone it takes milliseconds; queued behind the match, the rest of the match's seconds.
  bool sent_during_match = heavy_status_ == 0;
  auto start = Clock::now();
  auto low = c.Post("/v1/screen", R"({"name": "Vladimir Putin", "threshold": 0.5})", "application/json");
  double low_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_TRUE(low);
  EXPECT_EQ(low->status, 200) << low->body;
  ASSERT_TRUE(sent_during_match);
  EXPECT_GT(low_seconds, 0.2) << "a screening that may run long was served on the I/O thread";
}

}  // namespace
}  // namespace embargo::server
