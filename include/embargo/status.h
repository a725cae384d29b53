// Status and StatusOr: errors as values in the core; exceptions are caught only at the edges.
//
// The codes are the canonical set (as in abseil and gRPC), so callers decide by code, never by
// message text. A message says where the error came from (file, line, field); WithContext()
// prefixes what the caller was doing as the error travels up. Edges map codes once: the HTTP
// layer with HttpStatusOf (src/server/), the CLI with ExitCodeOf (src/cli/).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace embargo {

enum class StatusCode : uint8_t {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,     // the caller's input is malformed (a request, a flag, a file's content)
  kDeadlineExceeded = 4,    // a time limit passed before the work was done
  kNotFound = 5,            // a file, record or alert that does not exist
  kAlreadyExists = 6,       // creating what exists, deciding what is decided
  kPermissionDenied = 7,    // the caller may not do this (roles, four-eyes)
  kResourceExhausted = 8,   // a size, depth or rate limit was reached
  kFailedPrecondition = 9,  // the system is not in a state to do this (a list failing its checks)
  kAborted = 10,            // a concurrency conflict; retrying the whole operation may succeed
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,           // an invariant broke, or the operating system failed a write
  kUnavailable = 14,        // transient: a server, a store or the network cannot be reached
  kDataLoss = 15,           // data is corrupt or truncated (a list file, the audit chain)
  kUnauthenticated = 16,
};

// "OK", "INVALID_ARGUMENT", ... (the canonical spelling).
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  using Code = StatusCode;

  Status() = default;
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  static Status Ok() { return Status(); }
  static Status Cancelled(std::string msg) { return {StatusCode::kCancelled, std::move(msg)}; }
  static Status Unknown(std::string msg) { return {StatusCode::kUnknown, std::move(msg)}; }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status DeadlineExceeded(std::string msg) { return {StatusCode::kDeadlineExceeded, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {StatusCode::kAlreadyExists, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) { return {StatusCode::kPermissionDenied, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) { return {StatusCode::kResourceExhausted, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) { return {StatusCode::kFailedPrecondition, std::move(msg)}; }
  static Status Aborted(std::string msg) { return {StatusCode::kAborted, std::move(msg)}; }
  static Status OutOfRange(std::string msg) { return {StatusCode::kOutOfRange, std::move(msg)}; }
  static Status Unimplemented(std::string msg) { return {StatusCode::kUnimplemented, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status DataLoss(std::string msg) { return {StatusCode::kDataLoss, std::move(msg)}; }
  static Status Unauthenticated(std::string msg) { return {StatusCode::kUnauthenticated, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: names.csv:3: name is empty"; "OK" when ok.
  std::string ToString() const;

  // The same error with "context: " in front of its message; an OK status stays OK.
  Status WithContext(std::string_view context) const&;
  Status WithContext(std::string_view context) &&;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  StatusOr(Status status) : v_(std::move(status)) {}     // NOLINT: must not be OK

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const& {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  Status status() && { return ok() ? Status() : std::get<Status>(std::move(v_)); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::get<T>(std::move(v_)); }

 private:
  std::variant<T, Status> v_;
};

namespace status_internal {
inline const Status& AsStatus(const Status& s) { return s; }
inline Status AsStatus(Status&& s) { return std::move(s); }
template <typename T>
Status AsStatus(const StatusOr<T>& s) { return s.status(); }
}  // namespace status_internal

}  // namespace embargo

#define EMBARGO_STATUS_CONCAT_INNER(a, b) a##b
#define EMBARGO_STATUS_CONCAT(a, b) EMBARGO_STATUS_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Status or StatusOr) from the enclosing function.
#define EMBARGO_RETURN_IF_ERROR(expr)                                                  \
  do {                                                                                 \
    if (::embargo::Status embargo_status_ = ::embargo::status_internal::AsStatus(expr); \
        !embargo_status_.ok())                                                         \
      return embargo_status_;                                                          \
  } while (false)

// `lhs` = the value of `expr` (a StatusOr), or returns its error from the enclosing function.
// `lhs` may declare a variable: EMBARGO_ASSIGN_OR_RETURN(auto lists, LoadListDirectory(dir));
#define EMBARGO_ASSIGN_OR_RETURN(lhs, expr) \
  EMBARGO_ASSIGN_OR_RETURN_IMPL(EMBARGO_STATUS_CONCAT(embargo_statusor_, __LINE__), lhs, expr)
#define EMBARGO_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()
