#include "decision_store/worklist.h"

#include <algorithm>
#include <cstdio>
#include "decision_store/principals.h"
#include "common/strings.h"

namespace embargo::decisions {
namespace {

bool HandlesAlerts(RoleSet roles) { return roles.Has(Role::kReview) || roles.Has(Role::kApprove); }

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

}  // namespace

StatusOr<std::string> QueueFilter(const AlertQuery& q, std::vector<Param>& params) {
  std::vector<std::string> terms;
  if (q.status == "pending") {
    terms.push_back("status IN ('open', 'pending_second')");
  } else if (!q.status.empty() && q.status != "all") {
    static const char* kStatuses[] = {"open", "pending_second", "true_match", "false_positive", "resolved_removed"};
    if (std::find(std::begin(kStatuses), std::end(kStatuses), q.status) == std::end(kStatuses))
      return Status::InvalidArgument("status: '" + q.status + "' is not a status (pending, all, open, pending_second, "
                                     "true_match, false_positive, resolved_removed)");
    terms.push_back("status = ?");
    params.push_back(q.status);
  }
  if (!q.dataset.empty()) {
    // Entity ids are "dataset:id": a range on the primary key's neighbour column, no LIKE escaping.
    terms.push_back("entity_id >= ? AND entity_id < ?");
    params.push_back(q.dataset + ":");
    params.push_back(q.dataset + ";");  // ';' follows ':' in ASCII
  }
  if (!q.customer.empty()) {
    terms.push_back("customer_id = ?");
    params.push_back(q.customer);
  }
  if (q.assignee == "-") {
    terms.push_back("assignee IS NULL");
  } else if (!q.assignee.empty()) {
    terms.push_back("assignee = ?");
    params.push_back(q.assignee);
  }
  if (!(q.min_score >= 0 && q.max_score <= 1 && q.min_score <= q.max_score))
    return Status::InvalidArgument("min_score, max_score: expected 0 <= min_score <= max_score <= 1");
  if (q.min_score > 0) {
    terms.push_back("score >= ?");
    params.push_back(Fixed(q.min_score - 5e-7));  // scores are stored to 6 decimals
  }
  if (q.max_score < 1) {
    terms.push_back("score <= ?");
    params.push_back(Fixed(q.max_score + 5e-7));
  }
  if (!q.from.empty()) {
    terms.push_back("created_at >= ?");
    params.push_back(q.from);
  }
  if (!q.to.empty()) {
    terms.push_back("created_at < ?");  // to = "2026-03-31" takes the whole day
    params.push_back(q.to + "\x7f");
  }
  if (q.limit < 1 || q.limit > 500) return Status::InvalidArgument("limit: expected an integer in [1, 500]");
  if (q.offset < 0) return Status::InvalidArgument("offset: expected an integer >= 0");
  std::string where;
  for (const std::string& t : terms) where += (where.empty() ? " WHERE " : " AND ") + t;
  return where;
}

std::string QueueOrder(const AlertQuery& q) {
  std::string dir = q.descending ? " DESC" : " ASC";
  if (q.sort == "score") return " ORDER BY score" + dir + ", id" + dir;
  if (q.sort == "created_at") return " ORDER BY created_at" + dir + ", id" + dir;
  return " ORDER BY id" + dir;
}

StatusOr<std::optional<std::string>> CheckAlertEvent(Db& db, AlertEvent& event, const Actor& who) {
  if (!HandlesAlerts(who.roles))
    return Status::PermissionDenied("principal '" + who.name + "' lacks the review or approve role needed to work alerts");
  if (event.kind == "escalate") {
    if (Trim(event.detail).empty()) return Status::InvalidArgument("comment: required to escalate");
    return std::optional<std::string>(std::string());
  }
  if (event.kind != "assign") return Status::InvalidArgument("kind: must be assign or escalate, not '" + event.kind + "'");
  if (Trim(event.detail).empty()) return std::optional<std::string>(std::string());
  EMBARGO_ASSIGN_OR_RETURN(std::optional<Principal> assignee, SelectPrincipal(db, event.detail));
  if (!assignee || !assignee->enabled() || !HandlesAlerts(assignee->roles))
    return Status::InvalidArgument("assignee: '" + event.detail + "' is not an enabled principal with the review or approve role");
  event.detail = assignee->name;
  return std::optional<std::string>(assignee->name);
}

}  // namespace embargo::decisions
