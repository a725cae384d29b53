// `users add|password`: workbench users are principals with a password. The workbench roles map
// onto the principals' roles: analyst = screen,review; approver = screen,review,approve;
// admin = every role. Passwords come from stdin or a file, never the command line (ps, history).
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/store_commands.h"
#include "common/io.h"
#include "common/strings.h"
#include "decision_store/password.h"

namespace embargo::cli {
namespace {

StatusOr<RoleSet> WorkbenchRoles(const std::string& role) {
  if (role == "analyst") return RoleSet::Parse("screen,review");
  if (role == "approver") return RoleSet::Parse("screen,review,approve");
  if (role == "admin") return RoleSet::All();
  return Status::InvalidArgument("--role: '" + role + "' is not a workbench role (analyst, approver, admin)");
}

// The password's first line from --password-file or stdin, without its line end.
StatusOr<std::string> ReadPassword(const std::string& file) {
  std::string line;
  if (!file.empty()) {
    EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
    line = text.substr(0, text.find('\n'));
  } else if (!std::getline(std::cin, line)) {
    return Status::InvalidArgument("password: none on stdin (pipe it in, or give --password-file)");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::string where = file.empty() ? "stdin" : file;
  if (Status s = CheckPasswordStrength(line); !s.ok()) return std::move(s).WithContext(where);
  return line;
}

StatusOr<std::string> ActingAdmin(const std::string& as) {
  EMBARGO_ASSIGN_OR_RETURN(std::string who, ActingPrincipal(as));
  if (!who.empty()) return who;
  const passwd* pw = getpwuid(geteuid());
  return "os-user:" + std::string(pw && pw->pw_name ? pw->pw_name : "uid " + std::to_string(geteuid()));
}

}  // namespace

CommandResult RunUsersAdd(const GlobalOptions& g, const UsersArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(RoleSet roles, WorkbenchRoles(a.role));
  EMBARGO_ASSIGN_OR_RETURN(std::string password, ReadPassword(a.password_file));
  EMBARGO_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  EMBARGO_ASSIGN_OR_RETURN(std::string by, ActingAdmin(a.as));
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s));
  auto added = store->AddPrincipal(a.name, roles, by);
  if (!added.ok()) return std::move(added).status().WithContext("users add");
  // The first user of a store sets its own password: it is the admin now.
  std::string setter = by.starts_with("os-user:") ? added->name : by;
  if (Status st = store->SetPasswordHash(added->name, hash, setter); !st.ok()) return std::move(st).WithContext("users add");
  std::cout << "user " << added->name << " added as " << a.role << " (roles " << added->roles.ToString() << ")\n";
  return Outcome::kClear;
}

CommandResult RunUsersPassword(const GlobalOptions& g, const UsersArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(std::string password, ReadPassword(a.password_file));
  EMBARGO_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  EMBARGO_ASSIGN_OR_RETURN(std::string by, ActingAdmin(a.as));
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s));
  if (Status st = store->SetPasswordHash(a.name, hash, by); !st.ok()) return std::move(st).WithContext("users password");
  std::cout << "password of " << Trim(a.name) << " set\n";
  return Outcome::kClear;
}

}  // namespace embargo::cli
