// Principals: names, roles, the principals table and its check against the audit chain.
#include "decision_store/principals.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "common/sha256.h"
#include "common/strings.h"
#include "text/normalize.h"

namespace embargo {

namespace {

constexpr Role kRoles[] = {Role::kScreen, Role::kReview, Role::kApprove, Role::kAdmin};
constexpr size_t kMaxNameChars = 64;

bool AllowedInName(UChar32 cp) {
  if (cp == '.' || cp == '-' || cp == '_' || cp == '@' || cp == '\'') return true;
  switch (u_charType(cp)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kScreen: return "screen";
    case Role::kReview: return "review";
    case Role::kApprove: return "approve";
    case Role::kAdmin: return "admin";
  }
  return "?";
}

StatusOr<RoleSet> RoleSet::Parse(std::string_view text) {
  RoleSet set;
  for (size_t start = 0; start <= text.size();) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string name = Lower(Trim(text.substr(start, comma - start)));
    start = comma + 1;
    const Role* role = std::find_if(std::begin(kRoles), std::end(kRoles), [&](Role r) { return name == RoleName(r); });
    if (role == std::end(kRoles))
      return Status::InvalidArgument("roles: '" + name + "' is not a role (screen, review, approve, admin; comma-separated)");
    set.Add(*role);
  }
  return set;
}

std::string RoleSet::ToString() const {
  std::string out;
  for (Role r : kRoles)
    if (Has(r)) out += (out.empty() ? "" : ",") + std::string(RoleName(r));
  return out;
}

StatusOr<std::string> CheckPrincipalName(std::string_view raw) {
  std::string_view name = Trim(raw);
  if (name.empty()) return Status::InvalidArgument("principal name: empty");
  size_t chars = 0;
  bool word = false;
  for (int32_t i = 0, n = static_cast<int32_t>(name.size()); i < n; ++chars) {
    int32_t at = i;
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    if (cp < 0) return Status::InvalidArgument("principal name: not valid UTF-8 at byte " + std::to_string(at));
    if (!AllowedInName(cp)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
      return Status::InvalidArgument("principal name '" + std::string(name) + "': character " + code + " at byte " +
                                     std::to_string(at) + " is not allowed (letters, digits and . - _ @ ' only)");
    }
    word = word || u_isalnum(cp);
  }
  if (chars > kMaxNameChars)
    return Status::InvalidArgument("principal name: longer than " + std::to_string(kMaxNameChars) + " characters");
  if (!word) return Status::InvalidArgument("principal name '" + std::string(name) + "': no letter or digit");
  return std::string(name);
}

std::string PrincipalKey(std::string_view name) {
  std::string_view trimmed = Trim(name);
  std::string key = text::FoldToLatin(trimmed);
  return key.empty() ? std::string(trimmed) : key;
}

namespace decisions {
namespace {

struct PrincipalRow {
  std::string key;  // as stored in name_key
  Principal principal;
  std::string password_hash;  // empty: no password set
};

constexpr std::string_view kSelectRows =
    "SELECT name_key, name, roles, created_at, disabled_at, password_hash FROM principals ";

std::vector<PrincipalRow> RowsOf(const std::vector<Row>& rows) {
  std::vector<PrincipalRow> out;
  for (const Row& r : rows) {
    auto roles = RoleSet::Parse(r[2]);
    // A roles field that does not parse reads as no roles: audit verify names the edit.
    out.push_back({r[0], {r[1], roles.ok() ? *roles : RoleSet(), r[3], r[4]}, r[5]});
  }
  return out;
}

StatusOr<std::vector<PrincipalRow>> SelectRows(Db& db) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query(std::string(kSelectRows) + "ORDER BY created_at, name_key"));
  return RowsOf(rows);
}

const PrincipalRow* Find(const std::vector<PrincipalRow>& rows, const std::string& name) {
  std::string key = PrincipalKey(name);
  for (const PrincipalRow& r : rows)
    if (PrincipalKey(r.principal.name) == key) return &r;
  return nullptr;
}

// The row of `name`: one indexed read, since the server asks on every request of a signed-in
// user or named key. A name stored under another key (written by an older name folding) is
// still found, by the scan that folds every name again.
StatusOr<std::optional<PrincipalRow>> SelectRow(Db& db, const std::string& name) {
  EMBARGO_ASSIGN_OR_RETURN(auto keyed, db.Query(std::string(kSelectRows) + "WHERE name_key = ?", {PrincipalKey(name)}));
  std::vector<PrincipalRow> rows = RowsOf(keyed);
  if (rows.empty()) {
    EMBARGO_ASSIGN_OR_RETURN(rows, SelectRows(db));
  }
  const PrincipalRow* found = Find(rows, name);
  return found ? std::optional<PrincipalRow>(*found) : std::nullopt;
}

// The enabled admin named `by`, or why it may not `what`.
StatusOr<Principal> RequireAdmin(const std::vector<PrincipalRow>& rows, const std::string& by, const std::string& what) {
  if (Trim(by).empty()) return Status::PermissionDenied("an admin principal must act to " + what + " (none named)");
  const PrincipalRow* admin = Find(rows, by);
  if (admin == nullptr) return Status::PermissionDenied("principal '" + by + "' is not registered: only an admin may " + what);
  if (!admin->principal.enabled()) return Status::PermissionDenied("principal '" + admin->principal.name + "' is disabled");
  if (!admin->principal.roles.Has(Role::kAdmin))
    return Status::PermissionDenied("principal '" + admin->principal.name + "' lacks the admin role needed to " + what);
  return admin->principal;
}

}  // namespace

StatusOr<Principal> InsertPrincipal(Db& db, const std::string& name, RoleSet roles, const std::string& by,
                                    const std::string& at, const AppendPrincipalRecord& append) {
  EMBARGO_ASSIGN_OR_RETURN(std::string clean, CheckPrincipalName(name));
  if (roles.empty()) return Status::InvalidArgument("roles: a principal needs at least one role");
  EMBARGO_ASSIGN_OR_RETURN(auto rows, SelectRows(db));
  std::string caller = by;
  if (rows.empty()) {
    // The first principal: whoever can write the store sets it up, and it must be able to add the next.
    if (!roles.Has(Role::kAdmin))
      return Status::FailedPrecondition("the first principal of a store must hold the admin role, or no one could add "
                                        "the next (roles " + roles.ToString() + ")");
  } else {
    EMBARGO_ASSIGN_OR_RETURN(Principal admin, RequireAdmin(rows, by, "add principals"));
    caller = admin.name;
  }
  if (const PrincipalRow* same = Find(rows, clean))
    return Status::AlreadyExists("principal '" + clean + "': the name is taken by '" + same->principal.name + "'" +
                                 (same->principal.enabled() ? "" : " (disabled; names are not reused)"));
  Principal p{clean, roles, at, ""};
  nlohmann::json content = {{"type", "principal"}, {"action", "add"}, {"name", clean},
                            {"roles", roles.ToString()}, {"at", at}};
  EMBARGO_RETURN_IF_ERROR(append(caller.empty() ? "bootstrap" : caller, content.dump()).status());
  EMBARGO_RETURN_IF_ERROR(db.Exec("INSERT INTO principals (name_key, name, roles, created_at, disabled_at) VALUES (?, ?, ?, ?, NULL)",
                                  {PrincipalKey(clean), clean, roles.ToString(), at}));
  return p;
}

StatusOr<Principal> DisablePrincipalRow(Db& db, const std::string& name, const std::string& by, const std::string& at,
                                        const AppendPrincipalRecord& append) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, SelectRows(db));
  EMBARGO_ASSIGN_OR_RETURN(Principal admin, RequireAdmin(rows, by, "disable principals"));
  const PrincipalRow* target = Find(rows, name);
  if (target == nullptr) return Status::NotFound("principal '" + std::string(Trim(name)) + "' does not exist");
  Principal p = target->principal;
  if (!p.enabled()) return Status::FailedPrecondition("principal '" + p.name + "' is already disabled (since " + p.disabled_at + ")");
  size_t admins = 0;
  for (const PrincipalRow& r : rows) admins += r.principal.enabled() && r.principal.roles.Has(Role::kAdmin);
  if (p.roles.Has(Role::kAdmin) && admins == 1)
    return Status::FailedPrecondition("principal '" + p.name + "' is the last enabled admin: add another admin first");
  nlohmann::json content = {{"type", "principal"}, {"action", "disable"}, {"name", p.name}, {"at", at}};
  EMBARGO_RETURN_IF_ERROR(append(admin.name, content.dump()).status());
  EMBARGO_RETURN_IF_ERROR(db.Exec("UPDATE principals SET disabled_at = ? WHERE name_key = ?", {at, target->key}));
  p.disabled_at = at;
  return p;
}

StatusOr<std::vector<Principal>> SelectPrincipals(Db& db) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, SelectRows(db));
  std::vector<Principal> out;
  for (PrincipalRow& r : rows) out.push_back(std::move(r.principal));
  return out;
}

StatusOr<std::optional<Principal>> SelectPrincipal(Db& db, const std::string& name) {
  EMBARGO_ASSIGN_OR_RETURN(std::optional<PrincipalRow> found, SelectRow(db, name));
  return found ? std::optional<Principal>(found->principal) : std::nullopt;
}

StatusOr<Actor> ResolveActor(Db& db, const Actor& actor) {
  std::string name(Trim(actor.name));
  if (name.empty()) return Status::InvalidArgument("reviewer: required (the principal who decides)");
  EMBARGO_ASSIGN_OR_RETURN(std::optional<Principal> found, SelectPrincipal(db, name));
  if (!found) {
    if (actor.must_be_registered)
      return Status::PermissionDenied("principal '" + name + "' is not registered in the decision store (an admin adds "
                                      "it: embargo principals add " + name + " --roles review)");
    return Actor{name, actor.roles, false};
  }
  if (!found->enabled()) return Status::PermissionDenied("principal '" + found->name + "' is disabled (since " + found->disabled_at + ")");
  return Actor{found->name, actor.roles.Intersect(found->roles), false};
}

Status UpdatePasswordHash(Db& db, const std::string& name, const std::string& hash, const std::string& by,
                          const std::string& at, const AppendPrincipalRecord& append) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, SelectRows(db));
  const PrincipalRow* target = Find(rows, name);
  if (target == nullptr) return Status::NotFound("principal '" + std::string(Trim(name)) + "' does not exist");
  if (!target->principal.enabled()) return Status::FailedPrecondition("principal '" + target->principal.name + "' is disabled");
  std::string caller = target->principal.name;
  if (PrincipalKey(by) != target->key) {
    EMBARGO_ASSIGN_OR_RETURN(Principal admin, RequireAdmin(rows, by, "set another principal's password"));
    caller = admin.name;
  }
  nlohmann::json content = {{"type", "credential"}, {"action", hash.empty() ? "clear_password" : "set_password"},
                            {"name", target->principal.name}, {"at", at}};
  // A fingerprint, not the hash: verify names a hash copied from another principal.
  if (!hash.empty()) content["hash_sha256"] = Sha256Hex(hash);
  EMBARGO_RETURN_IF_ERROR(append(caller, content.dump()).status());
  return db.Exec("UPDATE principals SET password_hash = ? WHERE name_key = ?",
                 {hash.empty() ? Param() : Param(hash), target->key});
}

StatusOr<std::pair<Principal, std::string>> SelectSignInRecord(Db& db, const std::string& name) {
  EMBARGO_ASSIGN_OR_RETURN(std::optional<PrincipalRow> found, SelectRow(db, name));
  if (!found) return Status::NotFound("principal '" + std::string(Trim(name)) + "' does not exist");
  return std::make_pair(found->principal, found->password_hash);
}

void ApplyPrincipalRecord(const nlohmann::json& content, ChainPrincipals& principals) {
  if (!content.is_object()) return;
  std::string name = content.value("name", ""), action = content.value("action", "");
  std::string key = PrincipalKey(name);
  if (action == "add") {
    auto roles = RoleSet::Parse(content.value("roles", ""));
    principals[key] = Principal{name, roles.ok() ? *roles : RoleSet(), content.value("at", ""), ""};
  } else if (action == "disable") {
    if (auto it = principals.find(key); it != principals.end()) it->second.disabled_at = content.value("at", "");
  }
}

StatusOr<std::string> CheckPrincipalsTable(Db& db, const ChainPrincipals& chain) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT name_key, name, roles, created_at, disabled_at FROM principals "
                                               "ORDER BY name_key"));
  for (const Row& r : rows) {
    auto it = chain.find(r[0]);
    if (it == chain.end()) return "principal '" + r[1] + "' has no record in the audit trail (added beside it)";
    const Principal& p = it->second;
    if (p.name != r[1] || p.roles.ToString() != r[2] || p.created_at != r[3] || p.disabled_at != r[4])
      return "principal '" + r[1] + "' differs from its records in the audit trail (recorded: roles " +
             p.roles.ToString() + (p.enabled() ? ", enabled" : ", disabled") + "; table: roles " + r[2] +
             (r[4].empty() ? ", enabled" : ", disabled") + ")";
  }
  if (rows.size() != chain.size())
    return std::string("a principal recorded in the audit trail was deleted from the principals table");
  return std::string();
}

// Records written before the fingerprint leave "?": their hash cannot be compared, only its presence.
void ApplyCredentialRecord(const nlohmann::json& content, ChainCredentials& credentials) {
  if (!content.is_object()) return;
  std::string action = content.value("action", "");
  std::string& fp = credentials[PrincipalKey(content.value("name", ""))];
  if (action == "clear_password") {
    fp.clear();
  } else if (action == "set_password") {
    auto recorded = content.find("hash_sha256");
    fp = recorded != content.end() && recorded->is_string() ? recorded->get<std::string>() : "?";
  }
}

StatusOr<std::string> CheckPasswordHashes(Db& db, const ChainCredentials& chain) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT name_key, name, COALESCE(password_hash, '') FROM principals "
                                               "ORDER BY name_key"));
  for (const Row& r : rows) {
    auto it = chain.find(r[0]);
    const std::string recorded = it == chain.end() ? std::string() : it->second;
    if (recorded.empty() && r[2].empty()) continue;
    if (recorded.empty())
      return "principal '" + r[1] + "' has a password hash that no credential record in the audit trail set "
             "(copied or set beside the trail: anyone knowing that password signs in as '" + r[1] + "')";
    if (r[2].empty()) return "principal '" + r[1] + "' has no password hash, but its last credential record set one";
    if (recorded != "?" && Sha256Hex(r[2]) != recorded)
      return "principal '" + r[1] + "' has a password hash other than the one its last credential record set "
             "(copied or set beside the trail)";
  }
  return std::string();
}

}  // namespace decisions
}  // namespace embargo
