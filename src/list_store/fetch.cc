// Downloads with libcurl: connect, total and stall timeouts, retries with exponential backoff.

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "embargo/list_store.h"

namespace embargo {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The file a download goes to, and how much was written: a body sent with Content-Encoding gzip
// is decoded before it is written, so the cap on a download counts decoded bytes here (curl's
// own cap sees only the bytes on the wire).
struct Sink {
  FILE* file = nullptr;
  int64_t written = 0;
  int64_t max_bytes = 0;
  bool over = false;
};

size_t WriteToFile(char* data, size_t size, size_t count, void* to) {
  auto* sink = static_cast<Sink*>(to);
  int64_t bytes = static_cast<int64_t>(size * count);
  if (sink->written + bytes > sink->max_bytes) {
    sink->over = true;
    return 0;  // stops the transfer (CURLE_WRITE_ERROR)
  }
  sink->written += bytes;
  return std::fwrite(data, 1, size * count, sink->file);
}

struct Attempt {
  Status status;
  bool transient = false;  // worth another attempt
};

bool TransientCurlError(CURLcode rc) {
  switch (rc) {
    // Not retried: a name that does not resolve or a refused connection (offline, wrong host)
    // will not change within seconds; retrying only made an offline update take minutes.
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:  // a gzip body cut short
      return true;
    default:
      return false;
  }
}

Attempt FetchOnce(const std::string& url, const std::string& dest, const FetchOptions& o, int64_t* last_modified) {
  FILE* file = std::fopen(dest.c_str(), "wb");
  if (file == nullptr) return {Status::Internal(dest + ": cannot create"), false};
  Sink sink{file, 0, o.max_bytes, false};
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    std::fclose(file);
    return {Status::Internal("cannot initialise libcurl"), false};
  }
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteToFile);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate bodies are decoded
  curl_easy_setopt(curl, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, o.total_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, o.stall_bytes_per_second);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, std::max(1L, (o.stall_timeout_ms + 999) / 1000));
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_bytes));
  curl_easy_setopt(curl, CURLOPT_FILETIME, 1L);  // the server's Last-Modified
  CURLcode rc = curl_easy_perform(curl);
  long http = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
  curl_off_t filetime = -1;
  curl_easy_getinfo(curl, CURLINFO_FILETIME_T, &filetime);
  *last_modified = filetime > 0 ? static_cast<int64_t>(filetime) : 0;
  curl_easy_cleanup(curl);
  bool write_failed = std::fclose(file) != 0;
  if (sink.over)
    return {Status::ResourceExhausted("larger than " + std::to_string(o.max_bytes) + " bytes once decoded (max_bytes)"), false};
  if (rc != CURLE_OK) {
    std::string why = error[0] ? error : curl_easy_strerror(rc);
    return {Status::Unavailable(why), TransientCurlError(rc)};
  }
  if (write_failed) return {Status::Internal(dest + ": write failed"), false};
  if (http >= 400 || (http != 0 && http < 200)) {
    std::string msg = "HTTP " + std::to_string(http);
    return {Status::Unavailable(msg), http >= 500 || http == 408 || http == 429};
  }
  return {Status::Ok(), false};
}

}  // namespace

Status FetchUrl(const std::string& url, const std::string& dest, const FetchOptions& options, FetchInfo* info) {
  GlobalInit();
  auto start = std::chrono::steady_clock::now();
  long delay = options.retry_delay_ms;
  int attempts = 0;
  for (;;) {
    int64_t last_modified = 0;
    Attempt a = FetchOnce(url, dest, options, &last_modified);
    ++attempts;
    if (a.status.ok()) {
      if (info) info->last_modified_unix = last_modified;
      return a.status;
    }
    // Retries stay within the total time one download may take.
    long elapsed = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - start).count());
    if (!a.transient || attempts > options.retries || elapsed + delay > options.total_timeout_ms) {
      std::remove(dest.c_str());
      return Status::Unavailable(url + ": " + a.status.message() + " (" + std::to_string(attempts) +
                                 (attempts == 1 ? " attempt)" : " attempts)"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    delay = std::min(delay * 2, 60000L);
  }
}

}  // namespace embargo
