#include "embargo/screener.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "index/name_index.h"
#include "match/screener_internals.h"
#include "match/evidence.h"
#include "match/links.h"
#include "match/scorer.h"
#include "text/similarity.h"

namespace embargo {
namespace {

// Postings longer than this are skipped for candidate generation when the query has a rarer
// token ("mohammed", "company"); they still count in scoring.
constexpr size_t kLongPostings = 20000;

bool SchemaAllowed(const Query& query, const Entity& entity) {
  if (!query.schema) return true;
  return FamilyOf(*query.schema) == FamilyOf(entity.schema);
}

ScoredToken DictView(const DictToken& d) {
  return ScoredToken{d.text, d.phonetic, d.skeleton, d.idf, text::TokenRole::kNormal, d.text_letters, d.phonetic_letters};
}

}  // namespace

struct Screener::Impl {
  std::vector<ListLoad> lists;
  std::vector<const Entity*> entities;
  NameIndex index;
  EntityLinks links;
  std::unordered_map<std::string, std::vector<uint32_t>> by_identifier;  // normalised id -> entities

  double QueryIdf(const std::string& token) const {
    int64_t id = index.Find(token);
    return id >= 0 ? index.Idf(static_cast<uint32_t>(id)) : index.UnknownIdf();
  }

  ScoredName ListName(const NameRecord& r) const {
    ScoredName n;
    n.script = r.script;
    n.legal_forms.assign(r.legal_forms.begin(), r.legal_forms.end());
    n.tokens.reserve(r.tokens.size());
    for (size_t i = 0; i < r.tokens.size(); ++i) {
      const DictToken& t = index.token(r.tokens[i]);
      n.tokens.push_back(ScoredToken{t.text, t.phonetic, t.skeleton, t.idf, r.roles[i], t.text_letters, t.phonetic_letters});
    }
    return n;
  }

  // Dictionary spellings of each query token with their similarity, best first (none for
  // initials). Computed once per query form: for weights and for candidates.
  using TokenVariants = std::vector<std::vector<std::pair<uint32_t, double>>>;

  struct QueryPlan {
    ScoredName name;
    TokenVariants variants;
  };

  QueryPlan QueryName(const text::NameForm& form) const {
    QueryPlan plan;
    ScoredName& n = plan.name;
    n.script = form.script;
    n.transliterated = form.script != text::Script::kLatin;
    for (const auto& f : form.legal_forms) n.AddOwnedLegalForm(f);
    for (size_t i = 0; i < form.tokens.size(); ++i) n.AddOwnedToken(form.tokens[i], QueryIdf(form.tokens[i]), form.roles[i]);
    bool abjad = n.script == text::Script::kArabic || n.script == text::Script::kHebrew || n.script == text::Script::kThai;
    plan.variants.resize(n.tokens.size());
    for (size_t i = 0; i < n.tokens.size(); ++i) {
      ScoredToken& t = n.tokens[i];
      if (t.role == text::TokenRole::kInitial) continue;
      std::vector<uint32_t> ids;
      index.Variants(t.text, ids);
      int64_t exact = index.Find(t.text);
      if (exact >= 0) ids.push_back(static_cast<uint32_t>(exact));
      auto& found = plan.variants[i];
      for (uint32_t v : ids) {
        double sim = TokenSimilarity(t, DictView(index.token(v)), abjad, nullptr);
        if (sim > 0) found.push_back({v, sim});
      }
      // Best spelling first; equal similarity, the commoner spelling first (a lower weight).
      std::sort(found.begin(), found.end(), [&](const auto& x, const auto& y) {
        if (x.second != y.second) return x.second > y.second;
        return index.Idf(x.first) < index.Idf(y.first);
      });
      // A misspelt token weighs what its closest dictionary spelling weighs.
      if (exact < 0 && !found.empty()) t.idf = index.Idf(found.front().first);
    }
    return plan;
  }

  // Name records that share a token or a token variant with the query, best first.
  // Folds the hits on records of one subject into the best-scoring one; the subject's other
  // records, hit or not, become its `linked` records. `chosen` stays parallel to `hits`.
  template <typename Chosen>
  void MergeLinked(std::vector<Hit>& hits, std::vector<Chosen>& chosen) const {
    std::unordered_map<uint32_t, size_t> best_of_group;  // group -> index of its best hit
    for (size_t i = 0; i < hits.size(); ++i) {
      uint32_t group = links.group[EntityIndex(hits[i].entity)];
      if (group == EntityLinks::kAlone) continue;
      auto [it, fresh] = best_of_group.try_emplace(group, i);
      if (!fresh && LeadsGroup(hits[i], hits[it->second])) it->second = i;
    }
    if (best_of_group.empty()) return;
    std::vector<char> keep(hits.size(), 1);
    std::unordered_map<uint32_t, double> scores;  // entity -> its score as a hit
    for (size_t i = 0; i < hits.size(); ++i) {
      uint32_t e = EntityIndex(hits[i].entity);
      uint32_t group = links.group[e];
      if (group == EntityLinks::kAlone) continue;
      scores[e] = hits[i].score;
      if (best_of_group[group] != i) keep[i] = 0;
    }
    for (auto [group, i] : best_of_group) {
      uint32_t primary = EntityIndex(hits[i].entity);
      for (uint32_t e : links.members[group]) {
        if (e == primary) continue;
        auto s = scores.find(e);
        const std::string& why = links.reason[e].empty() ? links.reason[primary] : links.reason[e];
        hits[i].linked.push_back({entities[e], s == scores.end() ? 0.0 : s->second, why});
      }
      std::sort(hits[i].linked.begin(), hits[i].linked.end(), [](const LinkedRecord& a, const LinkedRecord& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.entity->id < b.entity->id;
      });
    }
    size_t out = 0;
    for (size_t i = 0; i < hits.size(); ++i) {
      if (!keep[i]) continue;
      if (out != i) {
        hits[out] = std::move(hits[i]);
        chosen[out] = chosen[i];
      }
      ++out;
    }
    hits.resize(out);
    chosen.resize(out);
  }

  // Which record leads a subject's hit: the best score; on a tie the list with the stronger
  // legal effect (asset freezes before other measures, docs/LINKING.md); then the id.
  static bool LeadsGroup(const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    int ra = DatasetRank(a.entity->dataset), rb = DatasetRank(b.entity->dataset);
    if (ra != rb) return ra < rb;
    return a.entity->id < b.entity->id;
  }
  static int DatasetRank(const std::string& dataset) {
    static const char* const kOrder[] = {"ofac-sdn", "un", "eu-fsf", "uk-fcdo", "uk-ofsi", "ofac-cons", "us-csl", "bis-dpl"};
    for (int i = 0; i < static_cast<int>(std::size(kOrder)); ++i)
      if (dataset == kOrder[i]) return i;
    return static_cast<int>(std::size(kOrder));
  }

  // The position of an entity in `entities`: lists hold their entities contiguously, in order.
  uint32_t EntityIndex(const Entity* e) const {
    uint32_t base = 0;
    for (const auto& list : lists) {
      if (!list.entities.empty() && e >= list.entities.data() && e < list.entities.data() + list.entities.size())
        return base + static_cast<uint32_t>(e - list.entities.data());
      base += static_cast<uint32_t>(list.entities.size());
    }
    return UINT32_MAX;
  }

  // `min_coverage`: a record whose shared weight covers less of the query than this cannot reach
  // the score asked for (the name score grows with coverage^0.6), so it is not scored.
  // Records under `alert_coverage` cannot reach the alert threshold (only the lower floor of
  // results shown below it): at most `max_weak` of them, the best covered, are kept.
  std::vector<uint32_t> Candidates(const QueryPlan& plan, size_t max_candidates, double min_coverage,
                                   double alert_coverage, size_t max_weak, bool& incomplete) const {
    const ScoredName& q = plan.name;
    thread_local std::vector<float> acc;
    thread_local std::vector<uint32_t> seen;        // query generation that last touched a record
    thread_local std::vector<uint32_t> last_token;  // query token that last added to a record
    thread_local uint32_t query_gen = 0;
    if (acc.size() != index.record_count()) {
      acc.assign(index.record_count(), 0);
      seen.assign(index.record_count(), 0);
      last_token.assign(index.record_count(), 0);
      query_gen = 0;
    }
    ++query_gen;
    std::vector<uint32_t> touched;
    uint32_t token_slot = 0;
    // Each query token (or joined pair) adds to a record at most once.
    auto add = [&](const std::vector<uint32_t>& postings, float weight, uint32_t slot) {
      for (uint32_t r : postings) {
        if (seen[r] != query_gen) {
          seen[r] = query_gen;
          acc[r] = 0;
          last_token[r] = UINT32_MAX;
          touched.push_back(r);
        }
        if (last_token[r] == slot) continue;
        last_token[r] = slot;
        acc[r] += weight;
      }
    };
    size_t shortest = SIZE_MAX;
    bool abjad = q.script == text::Script::kArabic || q.script == text::Script::kHebrew || q.script == text::Script::kThai;
    const TokenVariants& per_token = plan.variants;
    for (size_t i = 0; i < q.tokens.size(); ++i) {
      size_t total = 0;
      for (auto [v, sim] : per_token[i]) total += index.token(v).postings.size();
      if (total) shortest = std::min(shortest, total);
    }
    for (size_t i = 0; i < q.tokens.size(); ++i) {
      size_t total = 0;
      for (auto [v, sim] : per_token[i]) total += index.token(v).postings.size();
      if (total > kLongPostings && shortest <= kLongPostings) {
        continue;  // skipped on purpose: rarer tokens of the query find the same names
      }
      uint32_t slot = token_slot++;
      for (auto [v, sim] : per_token[i]) add(index.token(v).postings, static_cast<float>(index.Idf(v) * sim), slot);
    }
    // Joined and split tokens.
    for (size_t i = 0; i < q.tokens.size(); ++i) {
      if (const auto* p = index.JoinedPostings(q.tokens[i].text)) add(*p, static_cast<float>(q.tokens[i].idf), token_slot++);
      if (i + 1 < q.tokens.size()) {
        // The pair written as one word, and its spelling variants ("bd" "allh" ~ "abdullah").
        std::string text = std::string(q.tokens[i].text) + std::string(q.tokens[i + 1].text);
        std::string phonetic = text::PhoneticKey(text), skeleton = text::Skeleton(text);
        ScoredToken joined{text, phonetic, skeleton, 0, text::TokenRole::kNormal, text::LetterMask(text), text::LetterMask(phonetic)};
        std::vector<uint32_t> variants;
        index.Variants(text, variants);
        uint32_t slot = token_slot++;
        for (uint32_t v : variants) {
          const DictToken& d = index.token(v);
          double sim = TokenSimilarity(joined, DictView(d), abjad, nullptr);
          if (sim > 0) add(d.postings, static_cast<float>(d.idf * sim), slot);
        }
      }
    }
    double q_total = 0, initials = 0;
    for (const auto& t : q.tokens) (t.role == text::TokenRole::kInitial ? initials : q_total) += t.idf;
    float needed = static_cast<float>(min_coverage * (q_total + initials) - initials);
    float strong = static_cast<float>(alert_coverage * (q_total + initials) - initials);
    touched.erase(std::remove_if(touched.begin(), touched.end(), [&](uint32_t r) { return acc[r] < needed; }), touched.end());
    auto by_weight = [&](uint32_t a, uint32_t b) { return acc[a] > acc[b] || (acc[a] == acc[b] && a < b); };
    auto weak_begin = std::partition(touched.begin(), touched.end(), [&](uint32_t r) { return acc[r] >= strong; });
    if (static_cast<size_t>(touched.end() - weak_begin) > max_weak) {
      std::nth_element(weak_begin, weak_begin + max_weak, touched.end(), by_weight);
      touched.erase(weak_begin + max_weak, touched.end());
    }
    if (touched.size() > max_candidates) {
      incomplete = true;
      // Ties broken by record id, so which records make the budget does not depend on order.
      std::nth_element(touched.begin(), touched.begin() + max_candidates, touched.end(), by_weight);
      touched.resize(max_candidates);
    }
    return touched;
  }
};

Screener::Screener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Screener::~Screener() = default;

StatusOr<std::unique_ptr<Screener>> Screener::Build(std::vector<ListLoad> lists) {
  if (lists.empty()) return Status::InvalidArgument("no lists to screen against");
  auto impl = std::make_unique<Impl>();
  impl->lists = std::move(lists);
  for (const auto& list : impl->lists)
    for (const auto& e : list.entities) impl->entities.push_back(&e);
  impl->index.Build(impl->entities);
  impl->links = LinkEntities(impl->entities, impl->index);
  for (uint32_t e = 0; e < impl->entities.size(); ++e)
    for (const auto& id : impl->entities[e]->identifiers)
      for (const auto& key : IdentifierKeys(id.value)) impl->by_identifier[key].push_back(e);
  return std::unique_ptr<Screener>(new Screener(std::move(impl)));
}

const std::vector<ListLoad>& Screener::lists() const { return impl_->lists; }
size_t Screener::entity_count() const { return impl_->entities.size(); }
size_t Screener::name_count() const { return impl_->index.record_count(); }
const NameIndex& ScreenerInternals::Index(const Screener& screener) { return screener.impl_->index; }
const Entity& ScreenerInternals::EntityAt(const Screener& screener, uint32_t index) {
  return *screener.impl_->entities[index];
}

StatusOr<ScreenResult> Screener::Screen(const Query& query, const MatchOptions& options) const {
  if (query.name.find_first_not_of(" \t\r\n") == std::string::npos && query.identifiers.empty())
    return Status::InvalidArgument("name: empty");
  SchemaFamily family = query.schema ? FamilyOf(*query.schema) : SchemaFamily::kAny;
  auto forms = text::NormalizeName(query.name, family);
  if (forms.empty() && query.identifiers.empty())
    return Status::InvalidArgument("name: no letters or digits in '" + query.name + "'");

  struct Best {
    double name_score = 0;
    uint32_t record = 0;
    size_t form = 0;
  };
  std::unordered_map<uint32_t, Best> best;  // entity -> best name match
  ScreenResult result;
  std::vector<Impl::QueryPlan> plans;
  for (const auto& f : forms) plans.push_back(impl_->QueryName(f));
  // Evidence adds at most about 0.1, so names scoring 0.1 under the bar are still considered.
  double lowest = (options.include_below_threshold ? options.min_score : options.threshold) - 0.1;
  auto coverage_for = [](double score) { return score > 0 ? std::pow(score, 1.0 / 0.6) * 0.8 : 0.0; };
  double min_coverage = coverage_for(lowest);
  double alert_coverage = coverage_for(options.threshold - 0.1);
  for (size_t fi = 0; fi < plans.size(); ++fi) {
    for (uint32_t r : impl_->Candidates(plans[fi], options.max_candidates, min_coverage, alert_coverage,
                                        options.max_weak_candidates, result.incomplete)) {
      const NameRecord& rec = impl_->index.record(r);
      if (!SchemaAllowed(query, *impl_->entities[rec.entity])) continue;
      NameScore s = ScoreName(plans[fi].name, impl_->ListName(rec), false);
      Best& b = best[rec.entity];
      if (s.score > b.name_score) b = {s.score, r, fi};
    }
  }
  // Entities reached by identifier alone.
  for (const auto& raw : query.identifiers) {
    for (const auto& key : IdentifierKeys(raw)) {
      auto it = impl_->by_identifier.find(key);
      if (it == impl_->by_identifier.end()) continue;
      for (uint32_t e : it->second) best.try_emplace(e, Best{0.0, UINT32_MAX, 0});
    }
  }

  double floor = std::min(options.min_score, options.threshold) - 0.2;
  std::vector<Best> chosen;  // parallel to result.hits: the name record each hit is explained by
  for (auto& [e, b] : best) {
    const Entity& entity = *impl_->entities[e];
    if (!SchemaAllowed(query, entity)) continue;
    Hit hit;
    hit.entity = &entity;
    double id_effect = 0;
    std::vector<Evidence> evidence;
    bool id_match = IdentifierEvidence(query.identifiers, entity, evidence, id_effect);
    if (b.name_score < floor && !id_match) continue;
    hit.name_score = b.name_score;
    double score = b.name_score;
    score += BirthDateEvidence(query.birth_dates, entity, hit.evidence);
    score += CountryEvidence(query.countries, entity, hit.evidence);
    for (auto& ev : evidence) hit.evidence.push_back(std::move(ev));
    if (id_match) score = std::max(score, 0.99);
    else score += id_effect;
    hit.score = std::clamp(score, 0.0, 1.0);
    if (hit.score < options.min_score && !(options.include_below_threshold && hit.score >= floor)) continue;
    if (hit.score < options.threshold && !options.include_below_threshold) continue;
    result.hits.push_back(std::move(hit));
    chosen.push_back(b);
  }
  if (options.merge_linked) impl_->MergeLinked(result.hits, chosen);
  // Rank, keep the best `limit`, and only then explain their names (the costly part).
  std::vector<size_t> order(result.hits.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto better = [&](size_t x, size_t y) {
    const Hit& a = result.hits[x];
    const Hit& b = result.hits[y];
    if (a.score != b.score) return a.score > b.score;
    return a.entity->id < b.entity->id;
  };
  size_t keep = std::min(options.limit, order.size());
  std::partial_sort(order.begin(), order.begin() + keep, order.end(), better);
  std::vector<Hit> ranked;
  ranked.reserve(keep);
  for (size_t k = 0; k < keep; ++k) {
    Hit& hit = result.hits[order[k]];
    const Best& b = chosen[order[k]];
    if (b.record != UINT32_MAX) {
      const NameRecord& rec = impl_->index.record(b.record);
      NameScore s = ScoreName(plans[b.form].name, impl_->ListName(rec), true);
      hit.matched_name = hit.entity->names[rec.name].value;
      for (const auto& t : plans[b.form].name.tokens) (hit.query_form += hit.query_form.empty() ? "" : " ") += t.text;
      hit.tokens = std::move(s.matches);
      hit.unmatched_query = std::move(s.unmatched_query);
      hit.unmatched_list = std::move(s.unmatched_list);
      if (!s.legal_form.kind.empty()) hit.evidence.insert(hit.evidence.begin(), s.legal_form);
    }
    ranked.push_back(std::move(hit));
  }
  result.hits = std::move(ranked);
  result.alert = !result.hits.empty() && result.hits.front().score >= options.threshold;
  return result;
}

CompareResult Screener::Compare(const Entity& left, const Entity& right, double threshold) const {
  CompareResult out;
  Hit& hit = out.hit;
  auto family = [](const Entity& e) { return FamilyOf(e.schema); };
  std::vector<ScoredName> lnames, rnames;
  std::vector<std::string> lraw, rraw;
  auto prepare = [&](const Entity& e, std::vector<ScoredName>& names, std::vector<std::string>& raw) {
    for (const auto& n : e.names) {
      if (names.size() >= 24) break;
      for (const auto& f : text::NormalizeName(n.value, family(e))) {
        names.push_back(std::move(impl_->QueryName(f).name));
        raw.push_back(n.value);
      }
    }
  };
  prepare(left, lnames, lraw);
  prepare(right, rnames, rraw);
  size_t bi = 0, bj = 0;
  bool forward = true;
  for (size_t i = 0; i < lnames.size(); ++i) {
    for (size_t j = 0; j < rnames.size(); ++j) {
      double a = ScoreName(lnames[i], rnames[j], false).score;
      double b = ScoreName(rnames[j], lnames[i], false).score;
      double s = std::max(a, b);
      if (s > hit.name_score) {
        hit.name_score = s;
        bi = i;
        bj = j;
        forward = a >= b;
      }
    }
  }
  if (!lnames.empty() && !rnames.empty()) {
    NameScore s = forward ? ScoreName(lnames[bi], rnames[bj], true) : ScoreName(rnames[bj], lnames[bi], true);
    hit.matched_name = rraw[bj];
    hit.query_form = lraw[bi];
    hit.tokens = std::move(s.matches);
    hit.unmatched_query = std::move(s.unmatched_query);
    hit.unmatched_list = std::move(s.unmatched_list);
  }
  double score = hit.name_score;
  if (family(left) != family(right) && left.schema != Schema::kLegalEntity && right.schema != Schema::kLegalEntity) {
    hit.evidence.push_back({"schema", std::string(SchemaName(left.schema)) + " vs " + std::string(SchemaName(right.schema)), -0.5});
    score -= 0.5;
  }
  score += BirthDateEvidence(left.birth_dates, right, hit.evidence);
  std::vector<std::string> countries = left.nationalities;
  countries.insert(countries.end(), left.citizenships.begin(), left.citizenships.end());
  countries.insert(countries.end(), left.countries.begin(), left.countries.end());
  score += CountryEvidence(countries, right, hit.evidence);
  double id_effect = 0;
  if (TypedIdentifierEvidence(left, right, hit.evidence, id_effect)) score = std::max(score, 0.99);
  else score += id_effect;
  hit.score = std::clamp(score, 0.0, 1.0);
  out.match = hit.score >= threshold;
  return out;
}

}  // namespace embargo
