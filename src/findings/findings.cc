#include "findings/findings.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "common/strings.h"

namespace embargo {

void Conclude(Findings& out) {
  // The same listed entity reached twice through one field and check is one finding.
  std::set<std::tuple<std::string, std::string, std::string, std::string, std::string>> seen;
  std::vector<Finding> unique;
  unique.reserve(out.findings.size());
  for (Finding& f : out.findings)
    if (seen.emplace(f.check, f.field, f.value, f.entity_id, f.reason).second) unique.push_back(std::move(f));
  out.findings = std::move(unique);
  std::stable_sort(out.findings.begin(), out.findings.end(), [](const Finding& a, const Finding& b) {
    return a.action == Verdict::kBlock && b.action != Verdict::kBlock;
  });
  Verdict verdict = out.errors.empty() ? Verdict::kPass : Verdict::kError;
  for (const Finding& f : out.findings) verdict = Worst(verdict, f.action);
  out.verdict = verdict;
}

std::string ErrorText(const Findings& f) {
  std::string text;
  for (const std::string& e : f.errors) text += (text.empty() ? "" : "; ") + e;
  return text;
}

std::optional<Verdict> ParseAction(std::string_view text) {
  std::string action = Lower(Trim(text));
  if (action == "review") return Verdict::kReview;
  if (action == "block") return Verdict::kBlock;
  return std::nullopt;
}

std::string_view ActionName(Verdict action) { return action == Verdict::kBlock ? "block" : "review"; }

Status ForEachRuleLine(std::string_view text, const std::string& origin,
                       const std::function<Status(std::string_view line)>& each) {
  for (size_t line_no = 1; !text.empty(); ++line_no) {
    size_t eol = text.find('\n');
    std::string_view line = Trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line[0] == '#') continue;
    EMBARGO_RETURN_IF_ERROR(each(line).WithContext(origin + ":" + std::to_string(line_no)));
  }
  return Status::Ok();
}

}  // namespace embargo
