#include <algorithm>
#include <chrono>

#include "common/strings.h"
#include "ownership/evaluator_impl.h"

namespace embargo {

using ownership::kNone;

std::string_view OwnershipRuleName(OwnershipRule rule) {
  switch (rule) {
    case OwnershipRule::kOfac: return "ofac";
    case OwnershipRule::kEu: return "eu";
    case OwnershipRule::kUk: return "uk";
  }
  return "ofac";
}

std::string_view OwnershipRuleTitle(OwnershipRule rule) {
  switch (rule) {
    case OwnershipRule::kOfac: return "OFAC 50 % rule";
    case OwnershipRule::kEu: return "EU owned or controlled";
    case OwnershipRule::kUk: return "UK owned or controlled";
  }
  return "OFAC 50 % rule";
}

std::optional<OwnershipRule> ParseOwnershipRule(std::string_view name) {
  std::string n = Lower(Trim(name));
  if (n == "ofac" || n == "us") return OwnershipRule::kOfac;
  if (n == "eu") return OwnershipRule::kEu;
  if (n == "uk" || n == "ofsi") return OwnershipRule::kUk;
  return std::nullopt;
}

std::string_view OwnershipStatusName(OwnershipStatus status) {
  switch (status) {
    case OwnershipStatus::kClear: return "clear";
    case OwnershipStatus::kReview: return "review";
    case OwnershipStatus::kBlocked: return "blocked";
    case OwnershipStatus::kListed: return "listed";
  }
  return "clear";
}

std::vector<uint32_t> OwnershipEvaluator::Impl::Owners() const {
  std::vector<uint32_t> owners;
  for (uint32_t n = 0; n < graph->nodes.size(); ++n)
    if (!graph->out[n].empty()) owners.push_back(n);
  return owners;
}

bool OwnershipEvaluator::Impl::SetRoots(uint32_t n, std::vector<OwnershipRoot> found) {
  if (listing.size() < graph->nodes.size()) listing.resize(graph->nodes.size(), 0);
  uint8_t next = found.empty() ? 0 : static_cast<uint8_t>(ownership::kListed | (ownership::AllCertain(found) ? ownership::kCertain : 0));
  bool changed = listing[n] != next;
  auto it = roots.find(n);
  if (!changed && it != roots.end() && !found.empty())
    changed = it->second.size() != found.size() || it->second[0].entity_id != found[0].entity_id;
  listing[n] = next;
  if (found.empty()) roots.erase(n);
  else roots[n] = std::move(found);
  return changed;
}

Status OwnershipEvaluator::Impl::Evaluate() {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  stats = OwnershipStats{};
  listing.assign(graph->nodes.size(), 0);
  roots.clear();
  ownership::RootMap found;
  linker->LinkAll(*graph, Owners(), found, stats);
  for (auto& [n, r] : found) SetRoots(n, std::move(r));
  // Relations may name owners that no record defines and no list record has the id of (a
  // misspelt id, a list not loaded): what they hold is unknown, so they are records not used.
  for (uint32_t n = 0; n < graph->nodes.size(); ++n)
    if (!graph->nodes[n].defined && !graph->out[n].empty() && !listing[n])
      graph->rejected.push_back({graph->files[graph->nodes[n].file], graph->nodes[n].line,
                                 "owner '" + graph->IdOf(n) + "' has no entity record and no list record has its id: it cannot be screened"});
  auto t1 = Clock::now();
  ownership::Fixpoint fixpoint(*graph, rule, as_of, listing, state);
  EMBARGO_RETURN_IF_ERROR(fixpoint.EvaluateAll());
  stats.evaluations = fixpoint.evaluations();
  stats.touched = stats.evaluations;
  stats.link_seconds = std::chrono::duration<double>(t1 - t0).count();
  stats.evaluate_seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  RefreshInfo();
  Invalidate();
  return Status::Ok();
}

StatusOr<std::vector<OwnershipChange>> OwnershipEvaluator::Impl::Reevaluate(const std::vector<uint32_t>& dirty) {
  auto t0 = std::chrono::steady_clock::now();
  if (listing.size() < graph->nodes.size()) listing.resize(graph->nodes.size(), 0);
  ownership::Fixpoint fixpoint(*graph, rule, as_of, listing, state);
  std::vector<std::pair<uint32_t, ownership::NodeState>> before;
  EMBARGO_RETURN_IF_ERROR(fixpoint.Reevaluate(dirty, before));
  std::vector<OwnershipChange> changes;
  for (const auto& [n, old] : before) {
    OwnershipStatus was = ownership::StatusOf(old, rule), now = ownership::StatusOf(state[n], rule);
    if (was != now) changes.push_back({graph->IdOf(n), graph->nodes[n].name, was, now});
  }
  std::sort(changes.begin(), changes.end(), [](const OwnershipChange& a, const OwnershipChange& b) { return a.id < b.id; });
  stats.evaluations = fixpoint.evaluations();
  stats.touched = before.size();
  stats.evaluate_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  RefreshInfo();
  Invalidate();
  return changes;
}

void OwnershipEvaluator::Impl::RefreshInfo() {
  const ownership::Graph& g = *graph;
  info.files = g.files;
  info.version = g.Version();
  info.entities = g.nodes.size();
  info.holdings = g.live_holdings();
  // The issues are many on a large register and change only with the graph (edits add none).
  if (info_of == &g && info.rejected.size() == g.rejected.size() && info.warnings.size() == g.warnings.size()) return;
  info_of = &g;
  info.rejected = g.rejected;
  info.warnings = g.warnings;
  info.ignored.assign(g.ignored.begin(), g.ignored.end());
}

OwnershipEvaluator::OwnershipEvaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OwnershipEvaluator::~OwnershipEvaluator() = default;

StatusOr<std::unique_ptr<OwnershipEvaluator::Impl>> OwnershipEvaluator::Impl::Make(std::shared_ptr<const Screener> lists,
                                                                                  OwnershipOptions options) {
  if (!lists) return Status::InvalidArgument("ownership evaluation needs the lists");
  auto impl = std::make_unique<OwnershipEvaluator::Impl>();
  if (options.as_of.empty()) {
    impl->as_of = ownership::Today();
  } else {
    auto d = PartialDate::Parse(options.as_of);
    if (!d || d->day == 0) return Status::InvalidArgument("as_of '" + options.as_of + "': expected YYYY-MM-DD");
    impl->as_of = *d;
  }
  if (!(options.review_below >= 0 && options.review_below <= 100))
    return Status::InvalidArgument("review_below must be a percentage from 0 to 100");
  impl->rule = ownership::ParamsOf(options.rule, options.review_below);
  impl->options = std::move(options);
  impl->lists = std::move(lists);
  impl->linker = std::make_unique<ownership::Linker>(*impl->lists, impl->options);
  return impl;
}

StatusOr<std::unique_ptr<OwnershipEvaluator>> OwnershipEvaluator::Load(const std::vector<std::string>& files,
                                                                        std::shared_ptr<const Screener> lists,
                                                                        OwnershipOptions options) {
  EMBARGO_ASSIGN_OR_RETURN(auto impl, Impl::Make(std::move(lists), std::move(options)));
  EMBARGO_ASSIGN_OR_RETURN(impl->graph, ownership::LoadGraph(files));
  EMBARGO_RETURN_IF_ERROR(impl->Evaluate());
  return std::unique_ptr<OwnershipEvaluator>(new OwnershipEvaluator(std::move(impl)));
}

StatusOr<std::unique_ptr<OwnershipEvaluator>> OwnershipEvaluator::FromText(std::string_view text, const std::string& file,
                                                                            std::shared_ptr<const Screener> lists,
                                                                            OwnershipOptions options) {
  EMBARGO_ASSIGN_OR_RETURN(auto impl, Impl::Make(std::move(lists), std::move(options)));
  EMBARGO_ASSIGN_OR_RETURN(impl->graph, ownership::ParseGraph(text, file));
  EMBARGO_RETURN_IF_ERROR(impl->Evaluate());
  return std::unique_ptr<OwnershipEvaluator>(new OwnershipEvaluator(std::move(impl)));
}

std::vector<OwnedEntity> OwnershipEvaluator::Results() const {
  std::vector<uint32_t> blocked, review;
  for (uint32_t n = 0; n < impl_->state.size(); ++n) {
    OwnershipStatus s = ownership::StatusOf(impl_->state[n], impl_->rule);
    if (s == OwnershipStatus::kBlocked) blocked.push_back(n);
    else if (s == OwnershipStatus::kReview) review.push_back(n);
  }
  auto by_id = [&](uint32_t a, uint32_t b) { return impl_->graph->IdOf(a) < impl_->graph->IdOf(b); };
  std::sort(blocked.begin(), blocked.end(), by_id);
  std::sort(review.begin(), review.end(), by_id);
  ownership::Explainer explainer = impl_->explainer();
  std::vector<OwnedEntity> out;
  out.reserve(blocked.size() + review.size());
  for (uint32_t n : blocked) out.push_back(explainer.Explain(n));
  for (uint32_t n : review) out.push_back(explainer.Explain(n));
  return out;
}

std::optional<OwnedEntity> OwnershipEvaluator::Explain(std::string_view graph_id) const {
  uint32_t n = impl_->graph->Find(graph_id);
  if (n == kNone) return std::nullopt;
  return impl_->explainer().Explain(n);
}

OwnershipStatus OwnershipEvaluator::StatusOf(std::string_view graph_id) const {
  uint32_t n = impl_->graph->Find(graph_id);
  return n == kNone ? OwnershipStatus::kClear : ownership::StatusOf(impl_->state[n], impl_->rule);
}

std::vector<OwnershipRoot> OwnershipEvaluator::Roots() const {
  std::vector<OwnershipRoot> out;
  for (const auto& [n, r] : impl_->roots) out.insert(out.end(), r.begin(), r.end());
  std::sort(out.begin(), out.end(), [](const OwnershipRoot& a, const OwnershipRoot& b) {
    return std::tie(a.graph_id, a.entity_id) < std::tie(b.graph_id, b.entity_id);
  });
  return out;
}

const OwnershipGraphInfo& OwnershipEvaluator::graph() const { return impl_->info; }
const OwnershipOptions& OwnershipEvaluator::options() const { return impl_->options; }
const std::vector<ListLoad>& OwnershipEvaluator::lists() const { return impl_->lists->lists(); }
const OwnershipStats& OwnershipEvaluator::stats() const { return impl_->stats; }
std::string OwnershipEvaluator::as_of() const { return impl_->as_of.ToString(); }

}  // namespace embargo
