// Principals: the named identities that act on the decision store and the service, and their
// roles (docs/SECURITY.md says what each role allows). The CLI's principals live in the decision
// store (`embargo principals`); an API key names its principal in the key file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "embargo/status.h"

namespace embargo {

enum class Role : uint8_t {
  kScreen = 1,   // screen names, messages, trade; record screenings
  kReview = 2,   // read alerts; make the first decision on an alert
  kApprove = 4,  // read alerts; make the second decision the four-eyes rule asks for
  kAdmin = 8,    // add and disable principals; reload the service's lists
};

class RoleSet {
 public:
  RoleSet() = default;
  static RoleSet All() { return RoleSet(0xF); }
  // "review,approve": comma-separated role names, in any order; at least one. The error names
  // the unknown role.
  static StatusOr<RoleSet> Parse(std::string_view comma_separated);

  bool Has(Role role) const { return (bits_ & static_cast<uint8_t>(role)) != 0; }
  void Add(Role role) { bits_ |= static_cast<uint8_t>(role); }
  RoleSet Intersect(RoleSet other) const { return RoleSet(bits_ & other.bits_); }
  bool empty() const { return bits_ == 0; }
  bool operator==(const RoleSet&) const = default;
  // "screen,review,approve,admin" order; "" when empty.
  std::string ToString() const;

 private:
  explicit RoleSet(uint8_t bits) : bits_(bits) {}
  uint8_t bits_ = 0;
};

std::string_view RoleName(Role role);

struct Principal {
  std::string name;         // as first given
  RoleSet roles;
  std::string created_at;   // ISO 8601, UTC
  std::string disabled_at;  // empty while enabled
  bool enabled() const { return disabled_at.empty(); }
};

// Who acts on an alert, as the caller established it. The store checks the name against its
// principals table in the same transaction as the decision: a principal found there must be
// enabled and acts with the roles both grant; a name the table does not know is refused when
// `must_be_registered` (every decision and alert event), else acts with `roles`.
struct Actor {
  std::string name;
  RoleSet roles = RoleSet::All();
  bool must_be_registered = true;
};

// A principal's name: after trimming, 1 to 64 characters, each a letter, mark, digit or one of
// . - _ @ ' (no spaces, commas, controls or invisible characters). Returns the trimmed name.
StatusOr<std::string> CheckPrincipalName(std::string_view name);

// What two spellings of one principal share: trimmed, case-folded (Unicode NFKC case folding),
// marks removed and other scripts written in Latin letters. "ann", "ANN", " Ann " and "Аnn"
// (with a Cyrillic А) are one principal; names are unique and compared by this key.
std::string PrincipalKey(std::string_view name);

}  // namespace embargo
