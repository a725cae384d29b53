#include "server/workbench_sessions.h"

#include "common/sha256.h"
#include "decision_store/password.h"

namespace embargo::server {
namespace {

WorkbenchClock OrSteady(WorkbenchClock clock) {
  return clock ? std::move(clock) : WorkbenchClock([] { return std::chrono::steady_clock::now(); });
}

// Failure records kept for this many names or addresses at most before the stale ones are swept:
// a run of sign-ins under ever new names must not grow the limiter without bound.
constexpr size_t kSweepAbove = 4096;

}  // namespace

SessionTable::SessionTable(std::chrono::seconds idle, std::chrono::seconds lifetime, WorkbenchClock clock)
    : idle_(idle), lifetime_(lifetime), clock_(OrSteady(std::move(clock))) {}

StatusOr<std::string> SessionTable::Start(const std::string& principal, RoleSet roles, const std::string& password_fp) {
  EMBARGO_ASSIGN_OR_RETURN(std::string token, RandomHex(32));
  EMBARGO_ASSIGN_OR_RETURN(std::string csrf, RandomHex(32));
  auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  // Expired sessions are dropped as new ones start, so the table stays the size of the active ones.
  for (auto it = by_hash_.begin(); it != by_hash_.end();) it = Expired(it->second, now) ? by_hash_.erase(it) : std::next(it);
  by_hash_[Sha256Hex(token)] = WorkbenchSession{principal, roles, password_fp, csrf, now, now};
  return token;
}

std::optional<WorkbenchSession> SessionTable::Touch(std::string_view token) {
  if (token.size() != 64) return std::nullopt;
  auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_hash_.find(Sha256Hex(token));
  if (it == by_hash_.end()) return std::nullopt;
  if (Expired(it->second, now)) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

bool SessionTable::Expired(const WorkbenchSession& s, std::chrono::steady_clock::time_point now) const {
  return now - s.last_seen >= idle_ || now - s.started >= lifetime_;
}

void SessionTable::End(std::string_view token) {
  std::lock_guard<std::mutex> lock(mu_);
  by_hash_.erase(Sha256Hex(token));
}

size_t SessionTable::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return by_hash_.size();
}

SignInLimiter::SignInLimiter(size_t per_user, size_t per_address, std::chrono::seconds window, WorkbenchClock clock)
    : per_user_(per_user), per_address_(per_address), window_(window), clock_(OrSteady(std::move(clock))) {}

int64_t SignInLimiter::Wait(std::map<std::string, Failures>& all, const std::string& key, size_t limit,
                            std::chrono::steady_clock::time_point now) const {
  auto it = all.find(key);
  if (it == all.end()) return 0;
  Failures& f = it->second;
  while (!f.empty() && now - f.front() >= window_) f.pop_front();
  if (f.size() < limit) return 0;
  auto free_at = f[f.size() - limit] + window_;
  return std::max<int64_t>(1, std::chrono::ceil<std::chrono::seconds>(free_at - now).count());
}

int64_t SignInLimiter::Begin(const std::string& user_key, const std::string& address) {
  auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  int64_t wait = std::max(Wait(users_, user_key, per_user_, now), Wait(addresses_, address, per_address_, now));
  if (wait > 0) return wait;
  for (auto* all : {&users_, &addresses_}) {
    if (all->size() <= kSweepAbove) continue;
    std::erase_if(*all, [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= window_; });
  }
  users_[user_key].push_back(now);
  addresses_[address].push_back(now);
  return 0;
}

int64_t SignInLimiter::AddressWait(const std::string& address) {
  auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  return Wait(addresses_, address, per_address_, now);
}

void SignInLimiter::TakeBack(std::map<std::string, Failures>& all, const std::string& key) {
  auto it = all.find(key);
  if (it != all.end() && !it->second.empty()) it->second.pop_back();
}

void SignInLimiter::Succeeded(const std::string& user_key, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  users_.erase(user_key);
  TakeBack(addresses_, address);
}

void SignInLimiter::Abandoned(const std::string& user_key, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  TakeBack(users_, user_key);
  TakeBack(addresses_, address);
}

bool TokensEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = std::min(header.find(';'), header.size());
    std::string_view pair = header.substr(0, end);
    header.remove_prefix(std::min(end + 1, header.size()));
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
  }
  return "";
}

std::string SessionCookie(const std::string& token, bool secure, std::chrono::seconds max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  cookie += "; Max-Age=" + std::to_string(token.empty() ? 0 : max_age.count());
  if (secure) cookie += "; Secure";
  return cookie;
}

}  // namespace embargo::server
