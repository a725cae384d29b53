#include "decision_store/worklist.h"

#include <algorithm>
#include <cstdio>
#include "decision_store/principals.h"
#include "common/strings.h"
#include "text/normalize.h"

namespace embargo::decisions {
namespace {

bool HandlesAlerts(RoleSet roles) { return roles.Has(Role::kReview) || roles.Has(Role::kApprove); }

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

// The statuses a query asks for; empty: every status.
StatusOr<std::vector<std::string>> QueueStatuses(const AlertQuery& q) {
  if (q.status == "pending") return std::vector<std::string>{"open", "pending_second"};
  if (q.status.empty() || q.status == "all") return std::vector<std::string>();
  if (std::find(std::begin(kAlertStatuses), std::end(kAlertStatuses), q.status) == std::end(kAlertStatuses))
    return Status::InvalidArgument("status: '" + q.status + "' is not a status (pending, all, open, pending_second, "
                                   "true_match, false_positive, resolved_removed)");
  return std::vector<std::string>{q.status};
}

// The query's filters other than status, as SQL terms whose values are appended to `params`.
StatusOr<std::vector<std::string>> OtherTerms(const AlertQuery& q, std::vector<Param>& params) {
  std::vector<std::string> terms;
  if (!q.dataset.empty()) {
    terms.push_back("dataset = ?");
    params.push_back(q.dataset);
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
  if (q.limit < 1 || q.limit > kMaxAlertPage)
    return Status::InvalidArgument("limit: expected an integer in [1, " + std::to_string(kMaxAlertPage) + "]");
  if (q.offset < 0) return Status::InvalidArgument("offset: expected an integer >= 0");
  return terms;
}

std::string Where(const std::vector<std::string>& terms) {
  std::string where;
  for (const std::string& t : terms) where += (where.empty() ? " WHERE " : " AND ") + t;
  return where;
}

// The columns the query's order reads.
std::string SortColumns(const AlertQuery& q) {
  return q.sort == "score" || q.sort == "created_at" ? "id, " + q.sort : "id";
}


// Whether the filters other than status and the sort are a prefix of one (status, ...) index, so
// that each status's matches are read in order and a page takes only its own entries: a list by
// score, an assignee by date, a score range by score, a date range by date. Nobody's alerts
// ("assignee IS NULL") are not read in order: PostgreSQL does not take IS NULL as an equality
// that leaves the index ordered by its next column.
bool ReadsInIndexOrder(const AlertQuery& q) {
  if (q.status.empty() || q.status == "all" || !q.customer.empty()) return false;
  const bool score_range = q.min_score > 0 || q.max_score < 1, date_range = !q.from.empty() || !q.to.empty();
  if (q.sort == "score") return q.assignee.empty() && !date_range;
  if (q.sort == "created_at") return q.dataset.empty() && !score_range && q.assignee != "-";
  return q.dataset.empty() && q.assignee.empty() && !score_range && !date_range;
}

// " WHERE ..." (or "") for the query's filters, appending their values to `params`. Errors name
// the field at fault.
StatusOr<std::string> QueueFilter(const AlertQuery& q, std::vector<Param>& params) {
  EMBARGO_ASSIGN_OR_RETURN(std::vector<std::string> statuses, QueueStatuses(q));
  std::vector<std::string> terms;
  if (statuses.size() > 1) {
    std::string in;
    for (const std::string& status : statuses) in += (in.empty() ? "'" : ", '") + status + "'";
    terms.push_back("status IN (" + in + ")");
  } else if (statuses.size() == 1) {
    terms.push_back("status = ?");
    params.push_back(statuses[0]);
  }
  EMBARGO_ASSIGN_OR_RETURN(std::vector<std::string> others, OtherTerms(q, params));
  terms.insert(terms.end(), others.begin(), others.end());
  return Where(terms);
}

// " ORDER BY ..." for the query's sort (id breaks ties, so pages never overlap).
std::string QueueOrder(const AlertQuery& q) {
  std::string dir = q.descending ? " DESC" : " ASC";
  if (q.sort == "score") return " ORDER BY score" + dir + ", id" + dir;
  if (q.sort == "created_at") return " ORDER BY created_at" + dir + ", id" + dir;
  return " ORDER BY id" + dir;
}

// One statement: its SQL and the values of its `?`.
struct QueueSql {
  std::string sql;
  std::vector<Param> params;
};

std::string PageLimit(const AlertQuery& q) {
  return " LIMIT " + std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
}

// The page read in the sort order: one filtered read, or with several statuses the page's first
// rows of each, each read in order from its own (status, sort) index, then merged; one index
// range cannot give the order of two. `with_total`: each row also holds the number of matches.
StatusOr<QueueSql> OrderedPage(const AlertQuery& q, bool with_total) {
  QueueSql out;
  std::string total;
  if (with_total) {
    EMBARGO_ASSIGN_OR_RETURN(std::string where, QueueFilter(q, out.params));
    total = ", (SELECT COUNT(*) FROM alerts" + where + ")";
  }
  std::vector<Param> others_params;
  EMBARGO_ASSIGN_OR_RETURN(std::vector<std::string> statuses, QueueStatuses(q));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<std::string> others, OtherTerms(q, others_params));
  const std::string order = QueueOrder(q), columns = "SELECT " + SortColumns(q);
  if (statuses.size() < 2) {
    EMBARGO_ASSIGN_OR_RETURN(std::string where, QueueFilter(q, out.params));
    out.sql = "SELECT id" + total + " FROM alerts" + where + order + PageLimit(q);
    return out;
  }
  const std::string branch_limit = " LIMIT " + std::to_string(q.offset + q.limit);
  std::string branches;
  for (size_t i = 0; i < statuses.size(); ++i) {
    std::vector<std::string> terms = {"status = ?"};
    terms.insert(terms.end(), others.begin(), others.end());
    out.params.push_back(statuses[i]);
    out.params.insert(out.params.end(), others_params.begin(), others_params.end());
    branches += (i ? " UNION ALL " : "") + columns + " FROM (" + columns + " FROM alerts" + Where(terms) +
                order + branch_limit + ") AS b" + std::to_string(i);
  }
  out.sql = "SELECT id" + total + " FROM (" + branches + ") AS u" + order + PageLimit(q);
  return out;
}

// All matches through the filters' index (up to one past kSortAllBelow), then sorted, each row
// of the page also holding their number: one read gives both. Walking the sort order instead
// bets that matches come early, which dates and customers cluster against.
StatusOr<QueueSql> SortedPage(const AlertQuery& q) {
  QueueSql out;
  EMBARGO_ASSIGN_OR_RETURN(std::string where, QueueFilter(q, out.params));
  out.sql = "WITH m AS MATERIALIZED (SELECT " + SortColumns(q) + " FROM alerts" + where + " LIMIT " +
            std::to_string(kSortAllBelow + 1) + ") SELECT id, (SELECT COUNT(*) FROM m) FROM m" + QueueOrder(q) +
            PageLimit(q);
  return out;
}

// The query with its assignee as the alerts table holds it: the principal's registered spelling
// (CheckAlertEvent writes it), found as sign-in finds a principal, by PrincipalKey, so that
// "AL" or " al " lists the alerts "al" took. A name no principal has is left as given.
StatusOr<AlertQuery> WithRegisteredAssignee(Db& db, AlertQuery q) {
  if (q.assignee.empty() || q.assignee == "-") return q;
  EMBARGO_ASSIGN_OR_RETURN(std::optional<Principal> principal, SelectPrincipal(db, q.assignee));
  if (principal) q.assignee = principal->name;
  return q;
}

}  // namespace

std::string DatasetOf(const std::string& entity_id) {
  return entity_id.find(':') == std::string::npos ? std::string() : std::string(DatasetOfId(entity_id));
}

StatusOr<QueueIds> ReadQueuePage(Db& db, const AlertQuery& query, std::optional<int64_t> known_total) {
  EMBARGO_ASSIGN_OR_RETURN(const AlertQuery q, WithRegisteredAssignee(db, query));
  std::vector<Param> unused;
  EMBARGO_RETURN_IF_ERROR(QueueFilter(q, unused).status());
  QueueIds out;
  auto take = [&](std::vector<Row>& rows) {
    for (Row& r : rows) out.ids.push_back(std::move(r[0]));
  };
  if (known_total) {
    out.total = *known_total;
    if (out.total <= q.offset) return out;
    EMBARGO_ASSIGN_OR_RETURN(QueueSql page, OrderedPage(q, false));
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query(page.sql, page.params));
    take(rows);
    return out;
  }
  // The total rides on each row of the page; a read of all matches stops past kSortAllBelow.
  const bool ordered = ReadsInIndexOrder(q);
  EMBARGO_ASSIGN_OR_RETURN(QueueSql page, ordered ? OrderedPage(q, true) : SortedPage(q));
  EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query(page.sql, page.params));
  std::optional<int64_t> total;
  if (!rows.empty()) total = std::stoll(rows[0][1]);
  else if (q.offset == 0) total = 0;
  if (total && (ordered || *total <= kSortAllBelow)) {
    out.total = *total;
    take(rows);
    return out;
  }
  // Past the page's end, or more matches than are worth sorting: count them, then walk the order.
  QueueSql count{"SELECT COUNT(*) FROM alerts", {}};
  EMBARGO_ASSIGN_OR_RETURN(std::string where, QueueFilter(q, count.params));
  EMBARGO_ASSIGN_OR_RETURN(auto counted, db.Query(count.sql + where, count.params));
  out.total = std::stoll(counted.at(0).at(0));
  if (out.total <= q.offset) return out;
  EMBARGO_ASSIGN_OR_RETURN(page, OrderedPage(q, false));
  EMBARGO_ASSIGN_OR_RETURN(rows, db.Query(page.sql, page.params));
  take(rows);
  return out;
}

std::optional<int64_t> StatusOnlyTotal(const AlertQuery& q, const std::vector<std::pair<std::string, int64_t>>& counts) {
  if (!q.dataset.empty() || !q.customer.empty() || !q.assignee.empty() || q.min_score > 0 || q.max_score < 1 ||
      !q.from.empty() || !q.to.empty())
    return std::nullopt;
  int64_t total = 0;
  for (const auto& [status, n] : counts)
    if (q.status == "all" || q.status.empty() || status == q.status ||
        (q.status == "pending" && (status == "open" || status == "pending_second")))
      total += n;
  return total;
}

StatusOr<std::optional<std::string>> CheckAlertEvent(Db& db, AlertEvent& event, const Actor& who) {
  if (!HandlesAlerts(who.roles))
    return Status::PermissionDenied("principal '" + who.name + "' lacks the review or approve role needed to work alerts");
  if (event.kind == "escalate") {
    if (!text::HasVisibleText(event.detail)) return Status::InvalidArgument("comment: required to escalate");
    return std::optional<std::string>(std::string());
  }
  if (event.kind == "comment") {
    if (!text::HasVisibleText(event.detail)) return Status::InvalidArgument("comment: required");
    return std::optional<std::string>();  // a comment leaves the assignee as it is
  }
  if (event.kind != "assign")
    return Status::InvalidArgument("kind: must be assign, escalate or comment, not '" + event.kind + "'");
  if (Trim(event.detail).empty()) return std::optional<std::string>(std::string());
  EMBARGO_ASSIGN_OR_RETURN(std::optional<Principal> assignee, SelectPrincipal(db, event.detail));
  if (!assignee || !assignee->enabled() || !HandlesAlerts(assignee->roles))
    return Status::InvalidArgument("assignee: '" + event.detail + "' is not an enabled principal with the review or approve role");
  event.detail = assignee->name;
  return std::optional<std::string>(assignee->name);
}

}  // namespace embargo::decisions
