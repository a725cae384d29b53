// `principals add|list|disable`: the named identities that decide alerts and administer the
// decision store, and the acting principal of a command (--as, EMBARGO_PRINCIPAL).
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/output.h"
#include "common/json_text.h"
#include "common/strings.h"
#include "cli/store_commands.h"

namespace embargo::cli {
namespace {

// Who runs the command on this machine, for the record of a store's first principal.
std::string OsUser() {
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "uid " + std::to_string(geteuid());
}

nlohmann::json PrincipalJson(const Principal& p) {
  nlohmann::json j = {{"name", p.name}, {"roles", p.roles.ToString()}, {"created_at", p.created_at},
                      {"enabled", p.enabled()}};
  if (!p.enabled()) j["disabled_at"] = p.disabled_at;
  return j;
}

// The acting admin of `principals add|disable`: --as or EMBARGO_PRINCIPAL, else the OS user (which
// only counts for the first principal of an empty store).
StatusOr<std::string> ActingAdmin(const PrincipalsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(std::string who, ActingPrincipal(a.as));
  return who.empty() ? "os-user:" + OsUser() : who;
}

}  // namespace

StatusOr<std::string> ActingPrincipal(const std::string& as, const std::string& synonym, const char* synonym_flag) {
  if (!as.empty() && !synonym.empty() && PrincipalKey(as) != PrincipalKey(synonym))
    return Status::InvalidArgument("--as " + as + " and " + synonym_flag + " " + synonym + " name two principals: give one");
  std::string who = !as.empty() ? as : synonym;
  if (who.empty())
    if (const char* env = std::getenv("EMBARGO_PRINCIPAL"); env && *env) who = env;
  return std::string(Trim(who));
}

CommandResult RunPrincipalsAdd(const GlobalOptions& g, const PrincipalsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(RoleSet roles, RoleSet::Parse(a.roles));
  EMBARGO_ASSIGN_OR_RETURN(std::string by, ActingAdmin(a));
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s));
  auto added = store->AddPrincipal(a.name, roles, by);
  if (!added.ok() && added.status().code() == StatusCode::kPermissionDenied)
    return std::move(added).status().WithContext("principals add (act as an admin with --as NAME or EMBARGO_PRINCIPAL)");
  if (!added.ok()) return std::move(added).status().WithContext("principals add");
  if (a.format == "json") std::cout << PrincipalJson(*added).dump() << "\n";
  else std::cout << "principal " << added->name << " added with roles " << added->roles.ToString() << "\n";
  return Outcome::kClear;
}

CommandResult RunPrincipalsList(const GlobalOptions& g, const PrincipalsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s, /*read_only=*/true));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<Principal> all, store->ListPrincipals());
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const Principal& p : all) out.push_back(PrincipalJson(p));
    std::cout << JsonText(out, 2) << "\n";
    return Outcome::kClear;
  }
  std::vector<std::vector<std::string>> table = {{"name", "roles", "status", "created"}};
  for (const Principal& p : all)
    table.push_back({p.name, p.roles.ToString(), p.enabled() ? "enabled" : "disabled " + p.disabled_at, p.created_at});
  PrintColumns(table);
  std::cout << all.size() << " principal(s)\n";
  return Outcome::kClear;
}

CommandResult RunPrincipalsDisable(const GlobalOptions& g, const PrincipalsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(std::string by, ActingAdmin(a));
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s));
  auto disabled = store->DisablePrincipal(a.name, by);
  if (!disabled.ok()) return std::move(disabled).status().WithContext("principals disable");
  if (a.format == "json") std::cout << PrincipalJson(*disabled).dump() << "\n";
  else std::cout << "principal " << disabled->name << " disabled at " << disabled->disabled_at << "\n";
  return Outcome::kClear;
}

}  // namespace embargo::cli
