// The workbench's sign-in state: sessions behind a cookie, their CSRF tokens, and the limits on
// sign-in attempts (docs/SECURITY.md, "Workbench sign-in"). Kept in memory: a restart signs
// everyone out. Passwords are checked elsewhere (decision_store/password.h).
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "embargo/principal.h"
#include "embargo/status.h"

namespace embargo::server {

using WorkbenchClock = std::function<std::chrono::steady_clock::time_point()>;

struct WorkbenchSession {
  std::string principal;  // the registered spelling
  RoleSet roles;          // as the principals table gave them at sign-in (the gate reads them anew)
  std::string password_fp;  // SHA-256 of the password hash signed in with: a new password ends the session
  std::string csrf;       // sent back in X-CSRF-Token on every state-changing request
  std::chrono::steady_clock::time_point started, last_seen;
};

// Thread-safety: any number of request threads.
class SessionTable {
 public:
  // A session ends after `idle` without a request, and `lifetime` after sign-in in any case.
  SessionTable(std::chrono::seconds idle, std::chrono::seconds lifetime, WorkbenchClock clock = nullptr);

  // A new session; returns its token (64 hex digits from the system's random generator). Only
  // the token's SHA-256 is kept, so a memory dump does not hand out live sessions.
  StatusOr<std::string> Start(const std::string& principal, RoleSet roles, const std::string& password_fp = "");
  // The session of `token`, its idle time restarted; nullopt when unknown or expired.
  std::optional<WorkbenchSession> Touch(std::string_view token);
  void End(std::string_view token);
  size_t size();

 private:
  bool Expired(const WorkbenchSession& s, std::chrono::steady_clock::time_point now) const;
  std::chrono::seconds idle_, lifetime_;
  WorkbenchClock clock_;
  std::mutex mu_;
  std::map<std::string, WorkbenchSession> by_hash_;
};

// Failed sign-ins counted per user and per client address over a sliding window; past either
// limit, further attempts are refused until the oldest failure leaves the window. An attempt is
// counted as a failure when it begins, before its password is checked, so concurrent attempts
// cannot all pass the limit while their (slow) checks run. A success clears the user's count (not
// the address's: one address may guess many users) and takes its own attempt back.
class SignInLimiter {
 public:
  SignInLimiter(size_t per_user, size_t per_address, std::chrono::seconds window, WorkbenchClock clock = nullptr);
  // Seconds until another attempt is allowed for this user and address; 0: it is allowed now and
  // counted as a failure until Succeeded or Abandoned says otherwise.
  int64_t Begin(const std::string& user_key, const std::string& address);
  // Seconds until the address may try again, counting nothing: checked before the user's key is
  // made, so that an address past its limit costs no normalisation.
  int64_t AddressWait(const std::string& address);
  void Succeeded(const std::string& user_key, const std::string& address);
  // An attempt that checked no password (the store failed): counted neither way.
  void Abandoned(const std::string& user_key, const std::string& address);

 private:
  using Failures = std::deque<std::chrono::steady_clock::time_point>;
  int64_t Wait(std::map<std::string, Failures>& all, const std::string& key, size_t limit,
               std::chrono::steady_clock::time_point now) const;
  // Removes one counted attempt (the newest: the counts matter, not which).
  static void TakeBack(std::map<std::string, Failures>& all, const std::string& key);

  size_t per_user_, per_address_;
  std::chrono::seconds window_;
  WorkbenchClock clock_;
  std::mutex mu_;
  std::map<std::string, Failures> users_, addresses_;
};

// Constant-time comparison of two tokens (no early exit on the first differing byte).
bool TokensEqual(std::string_view a, std::string_view b);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "".
std::string CookieValue(std::string_view header, std::string_view name);

// The Set-Cookie value for a session token (empty token: one that deletes the cookie).
std::string SessionCookie(const std::string& token, bool secure, std::chrono::seconds max_age);

inline constexpr char kSessionCookie[] = "embargo_session";

}  // namespace embargo::server
