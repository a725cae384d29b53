#include "decision_store/overview.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>

#include <nlohmann/json.hpp>

namespace embargo::decisions {
namespace {

int64_t Int(const std::string& s) { return s.empty() ? 0 : std::stoll(s); }

double Median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

// Rates sorted by the number decided, most first (then by name, so the order is stable).
std::vector<AlertOverview::Rate> Sorted(const std::map<std::string, AlertOverview::Rate>& rates) {
  std::vector<AlertOverview::Rate> out;
  for (const auto& [key, r] : rates) out.push_back(r);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.decided > b.decided; });
  return out;
}

Status TimesToDecision(Db& db, const std::string& since, AlertOverview& out) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT a.created_at, MIN(d.decided_at), MAX(d.decided_at) FROM alerts a "
                                               "JOIN decisions d ON d.alert_id = a.id WHERE a.created_at >= ? AND "
                                               "a.status IN ('true_match', 'false_positive') GROUP BY a.id, a.created_at",
                                               {since}));
  std::vector<double> first, final;
  for (const Row& r : rows) {
    double raised = StoredTimeSeconds(r[0]), a = StoredTimeSeconds(r[1]), b = StoredTimeSeconds(r[2]);
    if (raised < 0 || a < 0 || b < 0) return Status::DataLoss("alert raised at '" + r[0] + "': a decision time is not a timestamp");
    first.push_back(std::max(0.0, a - raised));
    final.push_back(std::max(0.0, b - raised));
  }
  out.decided = static_cast<int64_t>(rows.size());
  out.median_first_decision_seconds = Median(std::move(first));
  out.median_final_decision_seconds = Median(std::move(final));
  return Status::Ok();
}

// Decided alerts per listed record and outcome, then summed by the record's list and programs.
Status FalsePositiveRates(Db& db, const std::string& since, AlertOverview& out) {
  EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT entity_id, status, COUNT(*), MAX(hit_json) FROM alerts WHERE "
                                               "created_at >= ? AND status IN ('true_match', 'false_positive') "
                                               "GROUP BY entity_id, status",
                                               {since}));
  std::map<std::string, AlertOverview::Rate> lists, programs;
  for (const Row& r : rows) {
    int64_t n = Int(r[2]), fp = r[1] == "false_positive" ? n : 0;
    auto add = [&](std::map<std::string, AlertOverview::Rate>& to, const std::string& key) {
      AlertOverview::Rate& rate = to[key];
      rate.key = key;
      rate.decided += n;
      rate.false_positives += fp;
    };
    add(lists, std::string(DatasetOfId(r[0])));
    auto hit = nlohmann::json::parse(r[3], nullptr, false);
    bool any = false;
    if (hit.is_object() && hit.contains("programs") && hit["programs"].is_array())
      for (const auto& p : hit["programs"])
        if (p.is_string() && !p.get<std::string>().empty()) {
          add(programs, p.get<std::string>());
          any = true;
        }
    if (!any) add(programs, "");  // a record without a program (the page says so)
  }
  out.by_list = Sorted(lists);
  out.by_program = Sorted(programs);
  return Status::Ok();
}

Status TopFalsePositives(Db& db, const std::string& since, int64_t top, AlertOverview& out) {
  const char* fp = "SUM(CASE WHEN status = 'false_positive' THEN 1 ELSE 0 END)";
  EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query(std::string("SELECT customer_id, ") + fp + ", COUNT(*) FROM alerts WHERE "
                                               "created_at >= ? GROUP BY customer_id HAVING " + fp + " > 0 ORDER BY " + fp +
                                               " DESC, customer_id LIMIT ?",
                                               {since, std::to_string(top)}));
  for (const Row& r : rows) {
    AlertOverview::Customer c{r[0], "", Int(r[1]), Int(r[2])};
    if (!c.customer_id.empty()) {
      EMBARGO_ASSIGN_OR_RETURN(auto input, db.Query("SELECT input_json FROM customers WHERE customer_id = ?", {c.customer_id}));
      auto j = input.empty() ? nlohmann::json() : nlohmann::json::parse(input[0][0], nullptr, false);
      if (j.is_object() && j.contains("name") && j["name"].is_string()) c.name = j["name"];
    }
    out.top_false_positives.push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace

double StoredTimeSeconds(const std::string& iso) {
  std::tm tm{};
  double fraction = 0;
  int n = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec, &n) != 6)
    return -1;
  if (iso.size() > static_cast<size_t>(n) && iso[n] == '.') fraction = std::strtod(iso.c_str() + n, nullptr);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm)) + fraction;
}

StatusOr<AlertOverview> ReadOverview(Db& db, const std::string& since, int64_t top) {
  AlertOverview out;
  EMBARGO_ASSIGN_OR_RETURN(auto days, db.Query("SELECT substr(created_at, 1, 10), status, COUNT(*) FROM alerts WHERE "
                                               "created_at >= ? GROUP BY substr(created_at, 1, 10), status ORDER BY 1, 2",
                                               {since}));
  for (const Row& r : days) out.per_day.push_back({r[0], r[1], Int(r[2])});
  EMBARGO_RETURN_IF_ERROR(TimesToDecision(db, since, out));
  EMBARGO_RETURN_IF_ERROR(FalsePositiveRates(db, since, out));
  EMBARGO_RETURN_IF_ERROR(TopFalsePositives(db, since, top, out));
  return out;
}

}  // namespace embargo::decisions
