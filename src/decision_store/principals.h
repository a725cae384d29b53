// The principals table and what the audit chain says it must hold (principals.cc). The store
// (store.cc) calls these inside its transactions, holding the chain head where they write.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "decision_store/db.h"
#include "embargo/principal.h"

namespace embargo::decisions {

// Appends one "principal" audit record with `content` on behalf of `caller`; returns its seq.
using AppendPrincipalRecord = std::function<StatusOr<int64_t>(const std::string& caller, const std::string& content)>;

// Adds a principal (see DecisionStore::AddPrincipal), recording the change through `append`.
StatusOr<Principal> InsertPrincipal(Db& db, const std::string& name, RoleSet roles, const std::string& by,
                                    const std::string& at, const AppendPrincipalRecord& append);
// Disables a principal (see DecisionStore::DisablePrincipal), recording the change through `append`.
StatusOr<Principal> DisablePrincipalRow(Db& db, const std::string& name, const std::string& by, const std::string& at,
                                        const AppendPrincipalRecord& append);

StatusOr<std::vector<Principal>> SelectPrincipals(Db& db);
// The principal whose name has the same PrincipalKey as `name`, if any.
StatusOr<std::optional<Principal>> SelectPrincipal(Db& db, const std::string& name);

// Who acts on an alert, after the table: the name to record (the registered spelling) and the
// roles held. PermissionDenied when the principal is disabled, or unknown and must be registered.
StatusOr<Actor> ResolveActor(Db& db, const Actor& actor);

// Sets or clears (empty hash) a principal's password; `by` is an enabled admin or the principal.
Status UpdatePasswordHash(Db& db, const std::string& name, const std::string& hash, const std::string& by,
                          const std::string& at, const AppendPrincipalRecord& append);
StatusOr<std::pair<Principal, std::string>> SelectSignInRecord(Db& db, const std::string& name);

// The principals the audit chain describes, by PrincipalKey, replayed record by record.
using ChainPrincipals = std::map<std::string, Principal>;
void ApplyPrincipalRecord(const nlohmann::json& content, ChainPrincipals& principals);
// "" when the principals table holds exactly what the chain describes, else the first difference.
StatusOr<std::string> CheckPrincipalsTable(Db& db, const ChainPrincipals& chain);

// Each principal's password as its last credential record leaves it, by PrincipalKey: the SHA-256
// of the hash set, "" when cleared (a principal with no record has none).
using ChainCredentials = std::map<std::string, std::string>;
void ApplyCredentialRecord(const nlohmann::json& content, ChainCredentials& credentials);
// "" when every principal's password_hash is the one its credential records set, else the first
// principal whose hash was copied, set or cleared beside the trail.
StatusOr<std::string> CheckPasswordHashes(Db& db, const ChainCredentials& chain);

}  // namespace embargo::decisions
