#include "embargo/screener.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "common/check_digits.h"
#include "common/strings.h"
#include "entity/countries.h"
#include "index/name_index.h"
#include "match/evidence.h"
#include "match/links.h"
#include "match/name_search.h"
#include "match/query_plan.h"
#include "match/reference_search.h"
#include "match/scorer.h"
#include "match/screener_internals.h"
#include "text/scoring_params.h"
#include "text/korean_names.h"
#include "text/look_alikes.h"
#include "text/short_forms.h"

namespace embargo {
namespace {

// What the variants of listed words found by queries may take: about 300 bytes a word, so all
// 40,000 words of the bundled lists would take some 11 MB; the budget bounds much larger lists.
constexpr size_t kVariantMemoBytes = size_t{64} << 20;

// A part of a query naming a country (Russia, Iran; not a code, which may be a word of a name).
bool NamesACountry(std::string_view part) { return part.size() > 3 && !CountryCode(part).empty(); }

// A firm's name without the one part it gives in parentheses: Sberbank (Moscow), Sberbank (Moscow
// branch) PJSC. Nullopt without exactly one such part, or with nothing before it.
std::optional<std::string> WithoutParenthesised(std::string_view name) {
  const size_t open = name.find('('), close = name.find(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
      name.find_first_of("()", open + 1) != close || name.find_first_of("()", close + 1) != std::string_view::npos)
    return std::nullopt;
  const std::string_view before = Trim(name.substr(0, open)), after = Trim(name.substr(close + 1));
  if (before.empty()) return std::nullopt;
  return std::string(before) + (after.empty() ? "" : " " + std::string(after));
}

// The name a query qualifies with a place or a note (scheme "qualified"): a firm's name without
// words in parentheses (Sberbank (Moscow) PJSC); a name without the countries after its commas
// (Vladimir Putin, Russia; PUTIN, Vladimir, Russia); and the name before the places after its
// commas (Rosneft, Moscow, Russia; Vladimir Putin, Moscow, Russia) where it is of two words or
// more, or the query is typed as a firm: a lone word before a comma is a surname as often
// (SMITH, Jordan; Brown, Paul, Peru), read with the part after it (PUTIN, Vladimir, Moscow, Russia).
std::vector<std::string> QualifiedNames(std::string_view name, SchemaFamily family) {
  std::vector<std::string> out;
  if (family != SchemaFamily::kPerson)
    if (auto outside = WithoutParenthesised(name)) out.push_back(std::move(*outside));
  const size_t first_comma = name.find(',');
  if (first_comma == std::string_view::npos) return out;
  const bool words = Trim(name.substr(0, first_comma)).find(' ') != std::string_view::npos;
  // Most names with a comma are a "LAST, First": nothing to read, and no country looked up.
  if (name.find(',', first_comma + 1) == std::string_view::npos && !words && family != SchemaFamily::kOrganization)
    return out;
  std::vector<std::string_view> parts;
  for (size_t at = 0; at <= name.size();) {
    const size_t comma = std::min(name.find(',', at), name.size());
    parts.push_back(Trim(name.substr(at, comma - at)));
    at = comma + 1;
  }
  size_t kept = parts.size();
  while (kept > 1 && NamesACountry(parts[kept - 1])) --kept;
  if (kept == parts.size()) return out;
  if (family == SchemaFamily::kOrganization || words) out.emplace_back(parts.front());
  if (family != SchemaFamily::kOrganization && kept >= 2) {
    std::string without_countries(parts.front());
    for (size_t i = 1; i < kept; ++i) without_countries += ", " + std::string(parts[i]);
    out.push_back(std::move(without_countries));
    // A person's "LAST, First" before a place and a country: PUTIN, Vladimir, Moscow, Russia.
    if (kept >= 3) out.push_back(std::string(parts[0]) + ", " + std::string(parts[1]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A name's normalised forms, then its other readings: Han characters read in Korean, a Chinese
// firm's words in English, Arabic articles where Latin writes them, given names read from their
// short forms (Nick ~ Nicholas), Korean names in their other spellings; for a query, the sides
// of a name that joins two.
std::vector<text::NameForm> FormsAndReadings(std::string_view name, SchemaFamily family, bool query) {
  std::vector<text::NameForm> forms = text::NormalizeName(name, family);
  if (!forms.empty() && forms.front().script == text::Script::kHan) {  // spares other names a second script pass
    if (auto korean = text::SinoKoreanForm(name, family)) forms.push_back(std::move(*korean));
    if (auto english = text::HanWordsForm(name, family)) forms.push_back(std::move(*english));
  }
  if (!forms.empty() && forms.front().script == text::Script::kCyrillic)
    if (auto russian = text::RussianFormOfBelarusian(name, family)) forms.push_back(std::move(*russian));
  for (auto& reading : text::ArabicArticleReadings(name, family, forms)) forms.push_back(std::move(reading));
  if (!forms.empty())
    for (auto& reading : text::ShortFormReadings(forms.front(), family, scoring::kMaxShortFormReadings))
      forms.push_back(std::move(reading));
  for (auto& reading : text::KoreanNameReadings(name, family, scoring::kMaxKoreanReadings))
    forms.push_back(std::move(reading));
  if (query) {
    for (auto& side : text::JointNameSides(name, family)) forms.push_back(std::move(side));
    for (const std::string& core : QualifiedNames(name, family))
      for (auto& f : text::NormalizeName(core, family)) {
        if (f.scheme.empty()) f.scheme = "qualified";  // a transliterated name keeps its scheme
        forms.push_back(std::move(f));
      }
  }
  return forms;
}

// The best name match of one entity.
struct Best {
  double name_score = 0;
  uint32_t record = UINT32_MAX;  // UINT32_MAX: reached by identifier alone
  size_t form = 0;
  // How the search aligned the name, kept for its explanation; empty where another way found the
  // name (a name scored above 0 has a pair at least), which is scored again to explain it.
  NameAlignment alignment;
};

// The most the query's birth dates, and all its other fields, can add to a name score.
double MaxBirthDateGain(const Query& query) { return query.birth_dates.empty() ? 0 : scoring::kMaxBirthDateGain; }
double MaxEvidenceGain(const Query& query) {
  return MaxBirthDateGain(query) + (query.countries.empty() ? 0 : scoring::kMaxCountryGain);
}

// A legal form in the query's name (any of its forms) says it is a firm.
bool NamedAsFirm(const std::vector<QueryPlan>& plans) {
  return std::any_of(plans.begin(), plans.end(), [](const QueryPlan& p) { return !p.name.legal_forms.empty(); });
}

// The lowest name score that can still give a returned hit. A shared country adds only to a hit
// that reaches the threshold without it (FinalScore), so only a birth date lowers the bar.
// A final score is kept to nine decimals (WithoutRoundingError), which may raise it by half a
// billionth: a name score or bound that far below a bar can still reach it.
constexpr double kRoundingReach = 5e-10;

double NameBar(const Query& query, const MatchOptions& options) {
  double lowest = options.include_below_threshold ? std::min(options.min_score, options.threshold) : options.threshold;
  return lowest - MaxBirthDateGain(query) - kRoundingReach;
}

// What a country's evidence adds to its detail when both sides are organisations, in screening
// and in comparison alike.
constexpr std::string_view kBothOrganisations = "; both are organisations";

// A firm queried against a firm listed as one: each is bound to where it is registered.
bool BothFirms(const Query& query, const Entity& entity) {
  return query.schema && FamilyOf(*query.schema) == SchemaFamily::kOrganization &&
         entity.schema != Schema::kLegalEntity && FamilyOf(entity.schema) == SchemaFamily::kOrganization;
}

// Sums of decimal effects fall a rounding error short (1.0 - 0.15 - 0.05 = 0.79999...): a score
// is kept to nine decimals, so one shown as 0.800 is one that reaches a threshold of 0.8.
double WithoutRoundingError(double score) {
  const double billionths = score * 1e9;  // |score| < 10: in range of int64_t
  return static_cast<double>(static_cast<int64_t>(billionths + (billionths < 0 ? -0.5 : 0.5))) / 1e9;
}

// An entity's score for `query` from its name score and the evidence of its other fields. A
// shared country corroborates a hit at or above `threshold` and raises it; it never lifts a name
// over the threshold: the lists hold many names from a few countries, so a customer from one of
// them shares a country with most near namesakes.
double FinalScore(const Query& query, bool named_as_firm, const Entity& entity, SchemaFamily read_from_names,
                  double name_score, double threshold, std::vector<Evidence>& evidence) {
  double id_effect = 0;
  std::vector<Evidence> ids;
  bool id_match = IdentifierEvidence(query.identifiers, entity, ids, id_effect);
  double score = name_score;
  score += SchemaEvidence(query.schema, named_as_firm, entity, read_from_names, evidence);
  score = WithoutRoundingError(score + BirthDateEvidence(query.birth_dates, entity, evidence));
  const double country = BothFirms(query, entity)
                             ? CountryEvidence(query.countries, entity, evidence, scoring::kFirmCountryMismatch,
                                               kBothOrganisations)
                             : CountryEvidence(query.countries, entity, evidence);
  if (country > 0 && score < threshold) {
    evidence.back().detail += "; it adds only to a name that alerts without it";
    evidence.back().effect = 0;
  } else {
    score += country;
  }
  for (auto& ev : ids) evidence.push_back(std::move(ev));
  if (id_match) score = std::max(score, std::min(id_effect, scoring::kIdentifierMatchFloor));
  else score += id_effect;
  return std::clamp(WithoutRoundingError(score), 0.0, 1.0);
}

// Below the threshold only the best `limit` hits are returned (yente's /match): once that many
// groups of linked records score more than any unscored record could, the rest are not scored.
// The records that can reach the threshold are always all scored.
class BelowThresholdCut {
 public:
  BelowThresholdCut(const Query& query, bool named_as_firm, const MatchOptions& options, const EntityLinks& links,
                    const std::vector<SchemaFamily>& read_families)
      : query_(query),
        named_as_firm_(named_as_firm),
        links_(links),
        read_families_(read_families),
        limit_(options.limit),
        active_(options.include_below_threshold && options.limit > 0),
        alert_bar_(options.threshold),
        gain_(MaxEvidenceGain(query)) {}
  // True when no record with a name bound of `key` (NameSearch::Candidate) can enter the best
  // `limit` hits.
  bool Beyond(double key) const {
    if (!active_) return false;
    const double reach = NameSearch::ScoreOf(key) + gain_ + kRoundingReach;
    return reach < alert_bar_ && reach < kth_;
  }
  void Found(uint32_t entity_index, const Entity& entity, double name_score) {
    if (!active_) return;
    std::vector<Evidence> unused;
    double score = FinalScore(query_, named_as_firm_, entity, read_families_[entity_index], name_score, alert_bar_, unused);
    uint32_t group = links_.group.empty() || links_.group[entity_index] == EntityLinks::kAlone
                         ? entity_index
                         : static_cast<uint32_t>(links_.group.size()) + links_.group[entity_index];
    double& best = best_[group];
    if (score <= best) return;
    best = score;
    if (++changes_ % 16 == 0 || best_.size() <= limit_) Update();
  }
  void Update() {
    if (!active_ || best_.size() < limit_) return;
    scores_.clear();
    for (const auto& [g, v] : best_) scores_.push_back(v);
    std::nth_element(scores_.begin(), scores_.begin() + static_cast<long>(limit_ - 1), scores_.end(), std::greater<>());
    kth_ = scores_[limit_ - 1];
  }

 private:
  const Query& query_;
  bool named_as_firm_;
  const EntityLinks& links_;
  const std::vector<SchemaFamily>& read_families_;
  size_t limit_;
  bool active_;
  double alert_bar_, gain_;
  double kth_ = -1;  // nothing is cut until `limit` groups are found
  size_t changes_ = 0;
  std::unordered_map<uint32_t, double> best_;
  std::vector<double> scores_;
};

// What the name score says of itself (the reading, legal forms, initials), ahead of the hit's
// other evidence.
void AddNameEvidence(NameScore& s, Hit& hit) {
  for (Evidence* e : {&s.legal_form, &s.initials, &s.reading})
    if (!e->kind.empty()) hit.evidence.insert(hit.evidence.begin(), std::move(*e));
}

// The words of `plan` and the dictionary words they are weighed by (ScreenerInternals::WeighedWord).
void AddWeighedWords(const NameIndex& index, const QueryPlan& plan, std::vector<ScreenerInternals::WeighedWord>& out) {
  for (size_t i = 0; i < plan.name.tokens.size(); ++i) {
    const ScoredToken& t = plan.name.tokens[i];
    if (t.role == text::TokenRole::kInitial) continue;
    std::string by;
    if (t.dict != kNoDictToken) by = index.token(t.dict).text;
    else if (i < plan.variants.size() && !plan.variants[i].empty() && plan.variants[i].front().plain.similarity > 0)
      by = index.token(plan.variants[i].front().dict).text;
    out.emplace_back(std::string(t.text), std::move(by));
  }
}

}  // namespace

struct Screener::Impl {
  std::vector<ListLoad> lists;
  std::vector<const Entity*> entities;
  NameIndex index;
  std::unique_ptr<VariantMemo> memo;  // of `index`
  EntityLinks links;
  std::unordered_map<uint32_t, uint32_t> weak_on_linked;  // name record -> the linked entity marking it weak
  std::unordered_map<std::string, std::vector<uint32_t>> by_identifier;  // normalised id -> entities
  std::unordered_map<std::string, std::vector<uint32_t>> by_bank;  // a listed BIC's first 8 -> entities
  std::vector<uint32_t> first_record;  // per entity, its first name record; then the record count
  std::vector<SchemaFamily> read_families;  // per untyped entity, what its names read as; else kAny

  // The reference search's groupings, made on first use (tests only).
  mutable std::once_flag reference_once;
  mutable std::unique_ptr<ReferenceSearch> reference;

  // Searches are not thread-safe and hold per-record scratch: one per concurrent query, reused.
  mutable std::mutex pool_mutex;
  mutable std::vector<std::unique_ptr<NameSearch>> pool;

  std::unique_ptr<NameSearch> LeaseSearch() const {
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!pool.empty()) {
        auto s = std::move(pool.back());
        pool.pop_back();
        return s;
      }
    }
    return std::make_unique<NameSearch>(index);
  }
  void ReturnSearch(std::unique_ptr<NameSearch> s) const {
    std::lock_guard<std::mutex> lock(pool_mutex);
    pool.push_back(std::move(s));
  }

  // A name as Screen() reads a query's: its forms and readings, and a plan of each form of at most
  // kMaxNameTokens words (Screen() refuses a name with a longer one; it is not planned).
  struct NameReading {
    std::vector<text::NameForm> forms;
    std::vector<QueryPlan> plans;  // in the order of `forms`, less the forms too long
    bool too_long = false;         // a form has more than kMaxNameTokens words
  };
  NameReading ReadName(const std::string& name, SchemaFamily family, bool reference) const;
  // `weighed`, when given, gets the words of the forms read (ScreenerInternals::ScreenWeighing).
  StatusOr<ScreenResult> Screen(const Query& query, const MatchOptions& options, bool reference,
                                std::vector<ScreenerInternals::WeighedWord>* weighed = nullptr) const;
  StatusOr<ScreenResult> ScreenAsWritten(const Query& query, const MatchOptions& options, bool reference,
                                         std::vector<ScreenerInternals::WeighedWord>* weighed = nullptr) const;
  // Fills `best` with every entity whose name can reach `bar`. Returns false when a budget cut
  // the search short.
  bool FindNames(const Query& query, const std::vector<QueryPlan>& plans, double bar, const MatchOptions& options,
                 std::unordered_map<uint32_t, Best>& best) const;
  void FindNamesByScan(const std::vector<QueryPlan>& plans, double bar, std::unordered_map<uint32_t, Best>& best) const;
  void AddIdentifierMatches(const Query& query, const std::vector<QueryPlan>& plans,
                            std::unordered_map<uint32_t, Best>& best) const;
  std::optional<std::string> IdentifierNamed(const Query& query) const;
  ScreenResult Rank(const Query& query, const MatchOptions& options, const std::vector<QueryPlan>& plans,
                    const std::unordered_map<uint32_t, Best>& best) const;
  void Explain(const std::vector<QueryPlan>& plans, const Best& b, Hit& hit) const;

  template <typename Chosen>
  void MergeLinked(std::vector<Hit>& hits, std::vector<Chosen>& chosen) const;
  static bool LeadsGroup(const Hit& a, const Hit& b);
  static int DatasetRank(const std::string& dataset);
  uint32_t EntityIndex(const Entity* e) const;
};

bool Screener::Impl::FindNames(const Query& query, const std::vector<QueryPlan>& plans, double bar,
                               const MatchOptions& options, std::unordered_map<uint32_t, Best>& best) const {
  std::unique_ptr<NameSearch> search = LeaseSearch();
  bool complete = true;
  BelowThresholdCut cut(query, NamedAsFirm(plans), options, links, read_families);
  NameAlignment alignment;  // the last record scored
  for (size_t fi = 0; fi < plans.size(); ++fi) {
    const auto& candidates = search->Candidates(plans[fi], bar);
    size_t scored = 0;
    for (const auto& c : candidates) {
      if (cut.Beyond(c.key)) break;  // candidates come best bound first
      const uint32_t e = index.record(c.record).entity;
      // A record whose bound is no better than its subject's best name so far cannot replace it.
      if (auto known = best.find(e); known != best.end() && NameSearch::KeyOf(known->second.name_score) >= c.key)
        continue;
      if (options.max_candidates && scored++ >= options.max_candidates) {
        complete = false;
        break;
      }
      double s = search->Score(c.record, alignment);
      if (s < bar || s <= 0) continue;
      Best& b = best[e];
      if (s <= b.name_score) continue;
      b.name_score = s, b.record = c.record, b.form = fi;
      std::swap(b.alignment, alignment);  // no copy: the scratch takes the replaced one's room
      cut.Found(e, *entities[e], s);
    }
    cut.Update();
  }
  ReturnSearch(std::move(search));
  return complete;
}

void Screener::Impl::FindNamesByScan(const std::vector<QueryPlan>& plans, double bar,
                                     std::unordered_map<uint32_t, Best>& best) const {
  std::call_once(reference_once, [&] { reference = std::make_unique<ReferenceSearch>(index); });
  for (size_t fi = 0; fi < plans.size(); ++fi) {
    reference->ScoreEveryRecord(plans[fi], [&](uint32_t record, double s) {
      if (s < bar || s <= 0) return;
      Best& b = best[index.record(record).entity];
      if (s > b.name_score) b = {s, record, fi};
    });
  }
}

// Entities reached by identifier: their names are scored too, for the explanation.
void Screener::Impl::AddIdentifierMatches(const Query& query, const std::vector<QueryPlan>& plans,
                                          std::unordered_map<uint32_t, Best>& best) const {
  ScoredName list;
  std::vector<const std::vector<uint32_t>*> found;
  for (const auto& raw : query.identifiers) {
    for (const auto& key : QueryIdentifierKeys(raw)) {
      if (auto it = by_identifier.find(key); it != by_identifier.end()) found.push_back(&it->second);
      // A branch's BIC finds its bank's, and a bank's its listed branches' (IdentifierEvidence).
      if (std::string bank = BicInstitution(key); !bank.empty())
        if (auto it = by_bank.find(bank); it != by_bank.end()) found.push_back(&it->second);
    }
  }
  for (const auto* entities_found : found) {
    for (uint32_t e : *entities_found) {
      auto [entry, fresh] = best.try_emplace(e, Best{});
      if (!fresh) continue;
      for (uint32_t r = first_record[e]; r < first_record[e + 1]; ++r) {
        ListName(index, index.record(r), list);
        for (size_t fi = 0; fi < plans.size(); ++fi) {
          double s = ScoreName(plans[fi].name, list, false).score;
          if (s > entry->second.name_score) entry->second = {s, r, fi};
        }
      }
    }
  }
}

namespace {

// A name spaced as banks write a BIC: the branch apart (SABRRUMM 012), or the bank, country,
// location and branch apart (SABR RU MM, SABR RU MM 012). A few bytes' test most names fail.
bool SpacedLikeABic(std::string_view name) {
  switch (name.size()) {
    case 12: return name[8] == ' ';
    case 10: return name[4] == ' ' && name[7] == ' ';
    case 14: return name[4] == ' ' && name[7] == ' ' && name[10] == ' ';
    default: return false;
  }
}

}  // namespace

// A name that is wholly an identifier of a shape no name has, one the lists give: an IMO number
// with its check digit ("IMO 9187629", "9187629"), an LEI with its check digits, or a BIC of a
// listed bank (BicInstitution), written whole or spaced as banks write it (SpacedLikeABic). It is
// looked up as --id would be; a one-word name that is only shaped like a BIC (BARCLAYS) is not a
// listed one. Empty when the query already carries it.
std::optional<std::string> Screener::Impl::IdentifierNamed(const Query& query) const {
  const std::string_view name = Trim(query.name);
  if (name.size() < 7 || name.size() > 24 || query.identifiers.size() >= kMaxQueryIdentifiers) return std::nullopt;
  const bool imo_label = (name[0] | 0x20) == 'i' && (name[1] | 0x20) == 'm' && (name[2] | 0x20) == 'o';
  // Cheap first: most names have a space, or a letter no identifier has, early on.
  const bool spaced = !imo_label && SpacedLikeABic(name);
  auto alnum = [spaced](char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (spaced && c == ' ');
  };
  if (!imo_label && !std::all_of(name.begin(), name.end(), alnum))
    return std::nullopt;
  const std::string norm = NormalizeIdentifier(name);
  std::string_view imo = norm.starts_with("IMO") ? std::string_view(norm).substr(3) : std::string_view(norm);
  if (imo_label && (imo.starts_with("NO") || imo.starts_with("NR"))) imo.remove_prefix(2);  // IMO No. 9187629
  bool listed = false;
  if (IsImoNumber(imo)) listed = by_identifier.contains(std::string(imo));
  else if (IsLei(norm)) listed = by_identifier.contains(norm);
  else if (!imo_label) listed = by_bank.contains(BicInstitution(norm));
  if (!listed || std::find(query.identifiers.begin(), query.identifiers.end(), name) != query.identifiers.end())
    return std::nullopt;
  return std::string(name);
}

// The name with its digits read as the letters they stand for (PUT1N) and its glued words apart
// (KimJongUn); nullopt for a name written neither way, as nearly all are.
std::optional<std::string> OtherWriting(std::string_view name) {
  const uint8_t writings = text::OtherWritings(name);
  if (writings == 0) return std::nullopt;
  std::optional<std::string> digits = writings & text::kDigitsForLetters ? text::DigitLookAlikeReading(name) : std::nullopt;
  std::optional<std::string> glued =
      writings & text::kGluedWords ? text::GluedWordsReading(digits ? *digits : name) : std::nullopt;
  return glued ? glued : digits;
}

namespace {

// The fewest listed words that write `word` (lower-case ASCII) together, and of those the
// commonest (the least summed rarity: KIM JONG UN, not KIM JON GUN); empty when none do.
std::vector<std::string_view> ListedWordsOf(const NameIndex& index, std::string_view word) {
  struct Way {
    size_t pieces = SIZE_MAX;
    double rarity = 0;
    size_t from = 0;
    bool operator<(const Way& o) const { return pieces != o.pieces ? pieces < o.pieces : rarity < o.rarity; }
  };
  std::vector<Way> best(word.size() + 1);
  best[0].pieces = 0;
  // Words of three letters or more; the last may have two (KIM JONG UN). Two-letter syllables
  // are listed by the hundred: allowed everywhere, one name in six read some way and screened
  // twice.
  for (size_t end = 3; end <= word.size(); ++end)
    for (size_t begin = 0; begin + (end == word.size() ? 2 : 3) <= end; ++begin) {
      if (best[begin].pieces == SIZE_MAX) continue;
      const int64_t id = index.Find(word.substr(begin, end - begin));
      if (id < 0) continue;
      const Way way{best[begin].pieces + 1, best[begin].rarity + index.Idf(static_cast<uint32_t>(id)), begin};
      if (way < best[end]) best[end] = way;
    }
  std::vector<std::string_view> words;
  if (best[word.size()].pieces == SIZE_MAX) return words;
  for (size_t end = word.size(); end > 0; end = best[end].from)
    words.push_back(word.substr(best[end].from, end - best[end].from));
  std::reverse(words.begin(), words.end());
  return words;
}

// The name with each word that is three listed words or more written together (RYESONGGANG, a
// vessel listed as RYE SONG GANG) written apart; nullopt when none is. Two listed words written
// together are met already (a joined pair).
std::optional<std::string> ListedWordsApart(const NameIndex& index, std::string_view name) {
  constexpr size_t kShortest = 6, kLongest = 32;  // a longer word takes too many look-ups
  constexpr size_t kFewestWords = 3;
  std::string out;
  size_t copied = 0;  // name[0, copied) is in `out`
  for (size_t at = 0; at < name.size(); ++at) {
    const size_t end = std::min(name.find(' ', at), name.size());
    const std::string_view word = name.substr(at, end - at);
    char lower[kLongest];
    bool letters = word.size() >= kShortest && word.size() <= kLongest;
    for (size_t i = 0; letters && i < word.size(); ++i) {
      lower[i] = static_cast<char>(word[i] | 0x20);
      letters = lower[i] >= 'a' && lower[i] <= 'z';
    }
    const std::string_view folded(lower, letters ? word.size() : 0);
    if (letters && index.Find(folded) < 0)
      if (const std::vector<std::string_view> words = ListedWordsOf(index, folded); words.size() >= kFewestWords) {
        out.append(name.substr(copied, at - copied));
        for (size_t i = 0; i < words.size(); ++i) out.append(i ? " " : "").append(words[i]);
        copied = end;
      }
    at = end;
  }
  if (copied == 0) return std::nullopt;
  return out.append(name.substr(copied));
}

}  // namespace

// A name that raises no alert as written is read once more, its letters written with digits (PUT1N)
// and its words glued by their capitals (KimJongUn) read as meant, then with words that are listed
// words glued together written apart (RYESONGGANG): a second look for a name that evades, which
// costs nothing for the names that alert.
StatusOr<ScreenResult> Screener::Impl::Screen(const Query& query, const MatchOptions& options, bool reference,
                                              std::vector<ScreenerInternals::WeighedWord>* weighed) const {
  StatusOr<ScreenResult> result = ScreenAsWritten(query, options, reference, weighed);  // returned in place
  if (!result.ok() || result->alert) return result;
  auto alerts_as = [&](std::string name) -> std::optional<StatusOr<ScreenResult>> {
    Query read = query;
    read.name = std::move(name);
    StatusOr<ScreenResult> as_read = ScreenAsWritten(read, options, reference, weighed);
    if (as_read.ok() && as_read->alert) return as_read;
    return std::nullopt;
  };
  std::optional<std::string> other = OtherWriting(query.name);
  if (other)
    if (auto alerted = alerts_as(*other)) return std::move(*alerted);
  if (std::optional<std::string> apart = ListedWordsApart(index, other ? *other : query.name))
    if (auto alerted = alerts_as(std::move(*apart))) return std::move(*alerted);
  return result;
}

Screener::Impl::NameReading Screener::Impl::ReadName(const std::string& name, SchemaFamily family,
                                                     bool reference) const {
  NameReading out;
  out.forms = FormsAndReadings(name, family, /*query=*/true);
  out.plans.reserve(out.forms.size());
  thread_local PlanScratch scratch;  // its room is kept from query to query
  scratch.NewQuery(out.forms.size() > 1);
  for (const text::NameForm& f : out.forms) {
    if (f.tokens.size() > static_cast<size_t>(scoring::kMaxNameTokens)) {
      out.too_long = true;
      continue;
    }
    out.plans.push_back(reference ? PlanQueryByScan(index, f) : PlanQuery(index, f, scratch, memo.get()));
    out.plans.back().name.family = family;
  }
  return out;
}

StatusOr<ScreenResult> Screener::Impl::ScreenAsWritten(const Query& query, const MatchOptions& options,
                                                       bool reference,
                                                       std::vector<ScreenerInternals::WeighedWord>* weighed) const {
  if (auto id = IdentifierNamed(query)) {
    Query with_id = query;
    with_id.identifiers.push_back(std::move(*id));
    return ScreenAsWritten(with_id, options, reference, weighed);
  }
  const bool named = query.name.find_first_not_of(" \t\r\n") != std::string::npos;
  if (!named && query.identifiers.empty()) return Status::InvalidArgument("name: empty");
  if (query.identifiers.size() > kMaxQueryIdentifiers)
    return Status::InvalidArgument("identifiers: " + std::to_string(query.identifiers.size()) + " given, at most " +
                                   std::to_string(kMaxQueryIdentifiers));
  if (options.limit == 0) return Status::InvalidArgument("limit: at least one hit");
  if (query.name.size() > kMaxQueryNameBytes)
    return Status::InvalidArgument("name: " + std::to_string(query.name.size()) + " bytes, more than " +
                                   std::to_string(kMaxQueryNameBytes) + " (64 words of 64 bytes)");
  const SchemaFamily family = query.schema ? FamilyOf(*query.schema) : SchemaFamily::kAny;
  const NameReading read = ReadName(query.name, family, reference);
  const std::vector<text::NameForm>& forms = read.forms;
  const std::vector<QueryPlan>& plans = read.plans;
  // A name given but unreadable is an input not screened, even when identifiers were screened. One
  // of letters no transliteration reads (ᏣᎳᎩ) is screened by its identifiers and is incomplete.
  if (forms.empty() && named && !text::HasLetters(query.name))
    return Status::InvalidArgument("name: no letters or digits in '" + query.name + "'");
  if (read.too_long)
    return Status::InvalidArgument("name: more than " + std::to_string(scoring::kMaxNameTokens) + " words");
  if (weighed)
    for (const QueryPlan& plan : plans) AddWeighedWords(index, plan, *weighed);
  std::unordered_map<uint32_t, Best> best;  // entity -> best name match
  double bar = NameBar(query, options);
  bool complete = true;
  if (reference) FindNamesByScan(plans, bar, best);
  else complete = FindNames(query, plans, bar, options, best);
  AddIdentifierMatches(query, plans, best);
  ScreenResult result = Rank(query, options, plans, best);
  result.unread_letters = named && std::all_of(forms.begin(), forms.end(), [](const text::NameForm& f) { return f.unread; });
  result.incomplete = !complete || result.unread_letters;
  if (result.alert) result.reason = "match";
  else if (result.incomplete) result.alert = true, result.reason = "incomplete";
  return result;
}

ScreenResult Screener::Impl::Rank(const Query& query, const MatchOptions& options, const std::vector<QueryPlan>& plans,
                                  const std::unordered_map<uint32_t, Best>& best) const {
  ScreenResult result;
  const bool named_as_firm = NamedAsFirm(plans);
  std::vector<const Best*> chosen;  // parallel to result.hits: the name record each hit is explained by
  for (const auto& [e, b] : best) {
    const Entity& entity = *entities[e];
    Hit hit;
    hit.entity = &entity;
    hit.name_score = b.name_score;
    hit.score = FinalScore(query, named_as_firm, entity, read_families[e], b.name_score, options.threshold, hit.evidence);
    bool shown = hit.score >= options.threshold || (options.include_below_threshold && hit.score >= options.min_score);
    if (!shown) continue;
    result.hits.push_back(std::move(hit));
    chosen.push_back(&b);
  }
  if (options.merge_linked) MergeLinked(result.hits, chosen);
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
    Explain(plans, *chosen[order[k]], hit);
    ranked.push_back(std::move(hit));
  }
  for (size_t k = keep; k < order.size(); ++k)
    if (const Hit& hit = result.hits[order[k]]; hit.score >= options.threshold)
      result.matches_beyond_limit.emplace_back(hit.entity, hit.score);
  result.hits = std::move(ranked);
  result.alert = !result.hits.empty() && result.hits.front().score >= options.threshold;
  return result;
}

void Screener::Impl::Explain(const std::vector<QueryPlan>& plans, const Best& b, Hit& hit) const {
  if (b.record == UINT32_MAX) return;
  const NameRecord& rec = index.record(b.record);
  ScoredName list;
  ListName(index, rec, list);
  const QueryPlan& plan = plans[b.form];
  NameScore s;
  if (!b.alignment.pairs.empty())
    ExplainAlignment(plan.name, list, b.alignment, s);
  else if (plan.variants.empty())  // the reference search's plan: it compares every token
    s = ScoreName(plan.name, list, true);
  else
    s = ScoreName(plan.name, list, true, PlanSimilarity(plan, list));
  hit.matched_name = hit.entity->names[rec.name].value;
  for (const auto& t : plan.name.tokens) (hit.query_form += hit.query_form.empty() ? "" : " ") += t.text;
  hit.tokens = std::move(s.matches);
  hit.unmatched_query = std::move(s.unmatched_query);
  hit.unmatched_list = std::move(s.unmatched_list);
  AddNameEvidence(s, hit);
  // An analyst weighs a nickname or common name the list itself marks as weak less than a name.
  if (rec.kind == NameKind::kWeakAlias) {
    auto linked = weak_on_linked.find(b.record);
    std::string marked = linked == weak_on_linked.end()
                             ? "the list marks \"" + hit.matched_name + "\""
                             : "the list gives \"" + hit.matched_name + "\" without a quality, and the linked record " +
                                   entities[linked->second]->id + " marks it";
    std::string detail = marked + " as a weak alias (a nickname or common name): met only as the whole name";
    hit.evidence.insert(hit.evidence.begin(), {std::string(kWeakAliasEvidence), std::move(detail), 0});
  }
}

// Folds the hits on records of one subject into the best-scoring one; the subject's other
// records, hit or not, become its `linked` records. `chosen` stays parallel to `hits`.
template <typename Chosen>
void Screener::Impl::MergeLinked(std::vector<Hit>& hits, std::vector<Chosen>& chosen) const {
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
bool Screener::Impl::LeadsGroup(const Hit& a, const Hit& b) {
  if (a.score != b.score) return a.score > b.score;
  int ra = DatasetRank(a.entity->dataset), rb = DatasetRank(b.entity->dataset);
  if (ra != rb) return ra < rb;
  return a.entity->id < b.entity->id;
}

int Screener::Impl::DatasetRank(const std::string& dataset) {
  static const char* const kOrder[] = {"ofac-sdn", "un", "eu-fsf", "uk-fcdo", "uk-ofsi", "ofac-cons", "us-csl", "bis-dpl"};
  for (int i = 0; i < static_cast<int>(std::size(kOrder)); ++i)
    if (dataset == kOrder[i]) return i;
  return static_cast<int>(std::size(kOrder));
}

// The position of an entity in `entities`: lists hold their entities contiguously, in order.
uint32_t Screener::Impl::EntityIndex(const Entity* e) const {
  uint32_t base = 0;
  for (const auto& list : lists) {
    if (!list.entities.empty() && e >= list.entities.data() && e < list.entities.data() + list.entities.size())
      return base + static_cast<uint32_t>(e - list.entities.data());
    base += static_cast<uint32_t>(list.entities.size());
  }
  return UINT32_MAX;
}

Screener::Screener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Screener::~Screener() = default;

StatusOr<std::unique_ptr<Screener>> Screener::Build(std::vector<ListLoad> lists) {
  if (lists.empty()) return Status::InvalidArgument("no lists to screen against");
  auto impl = std::make_unique<Impl>();
  impl->lists = std::move(lists);
  for (const auto& list : impl->lists)
    for (const auto& e : list.entities) impl->entities.push_back(&e);
  // An untyped record's names read as a person's (Young Su Kim) are normalised as a person's, as
  // `compare` reads them; other untyped records as a firm's.
  impl->read_families.reserve(impl->entities.size());
  std::vector<SchemaFamily> read_as;
  read_as.reserve(impl->entities.size());
  for (const Entity* e : impl->entities) {
    const bool untyped = e->schema == Schema::kLegalEntity;
    impl->read_families.push_back(untyped ? FamilyReadFromNames(*e) : SchemaFamily::kAny);
    read_as.push_back(untyped && impl->read_families.back() == SchemaFamily::kPerson ? SchemaFamily::kPerson
                                                                                     : FamilyOf(e->schema));
  }
  impl->index.Build(impl->entities, read_as);
  impl->memo = std::make_unique<VariantMemo>(impl->index.token_count(), kVariantMemoBytes);
  impl->links = LinkEntities(impl->entities, impl->index);
  for (const WeakOnLinked& w : AliasesWeakOnLinkedRecords(impl->entities, impl->index, impl->links)) {
    impl->index.MarkWeakAlias(w.record);
    impl->weak_on_linked.emplace(w.record, w.marked_by);
  }
  for (uint32_t e = 0; e < impl->entities.size(); ++e) {
    auto file = [&](std::string_view value) {
      for (const auto& key : IdentifierKeys(value)) impl->by_identifier[key].push_back(e);
    };
    for (const auto& id : impl->entities[e]->identifiers) {
      file(id.value);
      std::string bank = id.kind == IdKind::kSwiftBic ? BicInstitution(NormalizeIdentifier(id.value)) : "";
      if (!bank.empty()) impl->by_bank[bank].push_back(e);
    }
    for (const auto& email : impl->entities[e]->emails) file(email);  // looked up as identifiers are
  }
  // Records are made entity by entity, in order.
  impl->first_record.assign(impl->entities.size() + 1, static_cast<uint32_t>(impl->index.record_count()));
  for (uint32_t r = impl->index.record_count(); r-- > 0;) impl->first_record[impl->index.record(r).entity] = r;
  for (size_t e = impl->entities.size(); e-- > 0;)
    impl->first_record[e] = std::min(impl->first_record[e], impl->first_record[e + 1]);
  return std::unique_ptr<Screener>(new Screener(std::move(impl)));
}

std::vector<LinkedRecord> Screener::LinkedRecords(const Entity& entity) const {
  std::vector<LinkedRecord> out;
  uint32_t e = impl_->EntityIndex(&entity);
  if (e >= impl_->links.group.size() || impl_->links.group[e] == EntityLinks::kAlone) return out;
  const auto& links = impl_->links;
  for (uint32_t other : links.members[links.group[e]]) {
    if (other == e) continue;
    out.push_back({impl_->entities[other], 0.0, links.reason[other].empty() ? links.reason[e] : links.reason[other]});
  }
  std::sort(out.begin(), out.end(), [](const LinkedRecord& a, const LinkedRecord& b) { return a.entity->id < b.entity->id; });
  return out;
}

const std::vector<ListLoad>& Screener::lists() const { return impl_->lists; }
size_t Screener::entity_count() const { return impl_->entities.size(); }
size_t Screener::name_count() const { return impl_->index.record_count(); }
const NameIndex& ScreenerInternals::Index(const Screener& screener) { return screener.impl_->index; }
const Entity& ScreenerInternals::EntityAt(const Screener& screener, uint32_t index) {
  return *screener.impl_->entities[index];
}
std::unordered_map<std::string, uint32_t> ScreenerInternals::WordFrequencies(const Screener& screener) {
  const NameIndex& index = screener.impl_->index;
  std::unordered_map<std::string, uint32_t> out;
  out.reserve(index.token_count());
  for (uint32_t t = 0; t < index.token_count(); ++t) out.emplace(index.token(t).text, index.EntityFrequency(t));
  return out;
}

std::vector<std::string> ScreenerInternals::EntitiesNaming(const Screener& screener,
                                                           const std::unordered_set<std::string>& words) {
  const NameIndex& index = screener.impl_->index;
  std::unordered_set<uint32_t> entities;
  for (const std::string& word : words)
    if (int64_t t = index.Find(word); t >= 0)
      for (uint32_t r : index.postings(static_cast<uint32_t>(t))) entities.insert(index.record(r).entity);
  std::vector<std::string> out;
  for (uint32_t e : entities) out.push_back(screener.impl_->entities[e]->id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ScreenerInternals::WeighedWord> ScreenerInternals::WeighingWords(const Screener& screener,
                                                                           const Query& query) {
  const Screener::Impl& impl = *screener.impl_;
  const SchemaFamily family = query.schema ? FamilyOf(*query.schema) : SchemaFamily::kAny;
  std::vector<std::string> names = {query.name};
  if (std::optional<std::string> other = OtherWriting(query.name)) names.push_back(std::move(*other));
  std::vector<WeighedWord> out;
  for (const std::string& name : names) {
    const Screener::Impl::NameReading read = impl.ReadName(name, family, /*reference=*/false);
    for (const QueryPlan& plan : read.plans) AddWeighedWords(impl.index, plan, out);
  }
  return out;
}

StatusOr<ScreenResult> ScreenerInternals::ScreenWeighing(const Screener& screener, const Query& query,
                                                         const MatchOptions& options, std::vector<WeighedWord>& weighed) {
  return screener.impl_->Screen(query, options, false, &weighed);
}

bool ScreenerInternals::NamesWord(const Screener& screener, std::string_view word) {
  return screener.impl_->index.Find(word) >= 0;
}

std::string ScreenerInternals::WeighingWordOf(const Screener& screener, std::string_view word) {
  text::NameForm form;
  form.tokens.emplace_back(word);
  form.roles.push_back(text::TokenRole::kNormal);
  thread_local PlanScratch scratch;
  scratch.NewQuery(false);
  std::vector<WeighedWord> out;
  AddWeighedWords(screener.impl_->index, PlanQuery(screener.impl_->index, form, scratch, screener.impl_->memo.get()), out);
  return out.empty() ? std::string() : out.front().second;
}

StatusOr<ScreenResult> ScreenerInternals::ReferenceScreen(const Screener& screener, const Query& query,
                                                          const MatchOptions& options) {
  return screener.impl_->Screen(query, options, true);
}

StatusOr<ScreenResult> Screener::Screen(const Query& query, const MatchOptions& options) const {
  return impl_->Screen(query, options, false);
}

void Screener::WarmUp() const {
  static constexpr const char* kNames[] = {
      "Vladimir Putin", "Владимир Путин", "Βλαδίμηρος Πούτιν", "بشار الأسد", "אברהם כהן", "金正恩", "김정은",
      "ウラジーミル・プーチン", "नरेंद्र मोदी", "ราชา", "ვლადიმერ პუტინი", "Վլադիմիր Պուտին", "ولادیمیر پوتین"};
  for (const char* name : kNames) {
    Query query;
    query.name = name;
    (void)Screen(query);
  }
}

namespace {

// Two people whose best names each keep a word the other lacks (Badran and Akram Turki Hishan AL
// MAZIDIH) are most often relatives: brothers share all but the first name, sons their father's.
double NameConflictEvidence(const Entity& left, const Entity& right, Hit& hit) {
  if (left.schema != Schema::kPerson || right.schema != Schema::kPerson) return 0;
  auto word = [](const std::vector<std::string>& tokens) -> const std::string* {
    for (const auto& t : tokens)
      if (t.size() > 1) return &t;  // an initial is no name of its own
    return nullptr;
  };
  const std::string* a = word(hit.unmatched_query);
  const std::string* b = word(hit.unmatched_list);
  if (!a || !b) return 0;
  hit.evidence.push_back({"name", "each name has a word the other lacks: " + *a + ", " + *b,
                          scoring::kCompareNameConflict});
  return scoring::kCompareNameConflict;
}

// An organisation named "<words> of <another's name>" (CENTER FOR THE ISOLATION OF OFFENDERS OF THE
// MAIN DIRECTORATE ...) is a unit or a client of that other one, not the body itself.
double PartOfEvidence(SchemaFamily left_family, SchemaFamily right_family, Hit& hit) {
  if (left_family != SchemaFamily::kOrganization || right_family != SchemaFamily::kOrganization) return 0;
  auto words = [](std::string_view raw) { return text::Tokenize(text::FoldToLatin(raw)); };
  auto part_of = [](const std::vector<std::string>& longer, const std::vector<std::string>& whole) {
    if (whole.size() < 2 || longer.size() < whole.size() + 2) return false;
    if (!std::equal(whole.begin(), whole.end(), longer.end() - static_cast<ptrdiff_t>(whole.size()))) return false;
    size_t before = longer.size() - whole.size() - 1;
    if (longer[before] == "the" && before > 0) --before;
    return longer[before] == "of" && before > 0;
  };
  auto left = words(hit.query_form), right = words(hit.matched_name);
  if (!part_of(left, right) && !part_of(right, left)) return 0;
  hit.evidence.push_back({"name", "one name is part of the other: \"... of " +
                                      (left.size() > right.size() ? hit.matched_name : hit.query_form) + "\"",
                          scoring::kCompareNameConflict});
  return scoring::kCompareNameConflict;
}

// The names of one side of a comparison as the scorer reads them: each name, the names within it,
// and their forms and readings (at most 24 names), with the name each came from.
struct ComparedNames {
  std::vector<ScoredName> names;
  std::vector<std::string> raw;
  std::vector<std::string> not_compared;  // the names not read, and why
};

// The names of one side, read as the screener reads a query's; those it cannot read are said.
ComparedNames NamesToCompare(const Entity& e, SchemaFamily family, const NameIndex& index, VariantMemo* memo) {
  constexpr size_t kMostNames = 256;  // readings of the names compared, pair by pair
  ComparedNames out;
  PlanScratch scratch;
  for (const auto& n : e.names) {
    if (out.names.size() >= kMostNames) {
      out.not_compared.push_back("'" + n.value + "': more than " + std::to_string(kMostNames) + " names and readings");
      continue;
    }
    std::vector<std::string> within = text::NamesWithin(n.value, family);
    within.insert(within.begin(), n.value);
    size_t read = 0;
    for (const std::string& value : within)
      for (const auto& f : FormsAndReadings(value, family, /*query=*/false)) {
        if (f.tokens.size() > static_cast<size_t>(scoring::kMaxNameTokens)) continue;
        out.names.push_back(std::move(PlanQuery(index, f, scratch, memo).name));
        out.names.back().family = family;
        out.raw.push_back(n.value);
        ++read;
      }
    if (read == 0)
      out.not_compared.push_back("'" + n.value + "': no letters or digits, or more than " +
                                 std::to_string(scoring::kMaxNameTokens) + " words");
  }
  return out;
}

// The best-scoring pair of names, either way round, explained in `hit`.
void BestNamePair(const ComparedNames& left, const ComparedNames& right, Hit& hit) {
  size_t bi = 0, bj = 0;
  bool forward = true;
  for (size_t i = 0; i < left.names.size(); ++i) {
    for (size_t j = 0; j < right.names.size(); ++j) {
      double a = ScoreName(left.names[i], right.names[j], false).score;
      double b = ScoreName(right.names[j], left.names[i], false).score;
      double s = std::max(a, b);
      if (s > hit.name_score) {
        hit.name_score = s;
        bi = i;
        bj = j;
        forward = a >= b;
      }
    }
  }
  if (left.names.empty() || right.names.empty()) return;
  NameScore s = forward ? ScoreName(left.names[bi], right.names[bj], true) : ScoreName(right.names[bj], left.names[bi], true);
  hit.matched_name = right.raw[bj];
  hit.query_form = left.raw[bi];
  // Scored the other way round, the query's words are the right side's: each goes back to its side.
  if (!forward) {
    for (TokenMatch& t : s.matches) std::swap(t.query, t.list);
    std::swap(s.unmatched_query, s.unmatched_list);
  }
  hit.tokens = std::move(s.matches);
  hit.unmatched_query = std::move(s.unmatched_query);
  hit.unmatched_list = std::move(s.unmatched_list);
  AddNameEvidence(s, hit);
}

}  // namespace

CompareResult Screener::Compare(const Entity& left, const Entity& right, double threshold) const {
  CompareResult out;
  Hit& hit = out.hit;
  // A record without a type is read from its names (a LegalEntity "JIRAIR H. AVANESSIAN" is a
  // person's name, with an initial).
  auto family_of = [](const Entity& e) {
    return e.schema == Schema::kLegalEntity ? FamilyReadFromNames(e) : FamilyOf(e.schema);
  };
  const SchemaFamily left_family = family_of(left), right_family = family_of(right);
  ComparedNames left_names = NamesToCompare(left, left_family, impl_->index, impl_->memo.get());
  ComparedNames right_names = NamesToCompare(right, right_family, impl_->index, impl_->memo.get());
  for (const auto& [side, names] : {std::pair{"left", &left_names}, std::pair{"right", &right_names}})
    for (const std::string& why : names->not_compared) out.not_compared.push_back(std::string(side) + " name " + why);
  BestNamePair(left_names, right_names, hit);
  double score = hit.name_score;
  if (left_family != right_family && left.schema != Schema::kLegalEntity && right.schema != Schema::kLegalEntity) {
    hit.evidence.push_back({"schema", std::string(SchemaName(left.schema)) + " vs " + std::string(SchemaName(right.schema)),
                            scoring::kCompareSchemaMismatch});
    score += scoring::kCompareSchemaMismatch;
  }
  score += NameConflictEvidence(left, right, hit);
  score += PartOfEvidence(left_family, right_family, hit);
  score += BirthDateEvidence(left.birth_dates, right, hit.evidence);
  std::vector<std::string> countries = left.nationalities;
  countries.insert(countries.end(), left.citizenships.begin(), left.citizenships.end());
  countries.insert(countries.end(), left.countries.begin(), left.countries.end());
  // An organisation is bound to where it is registered: a namesake or a branch in another country
  // is another body. People move and hold several nationalities; they keep the mild cost.
  if (left_family == SchemaFamily::kOrganization && right_family == SchemaFamily::kOrganization)
    score += CountryEvidence(countries, right, hit.evidence, scoring::kCompareCountryConflict, kBothOrganisations);
  else
    score += CountryEvidence(countries, right, hit.evidence);
  double id_effect = 0;
  if (TypedIdentifierEvidence(left, right, hit.evidence, id_effect))
    score = std::max(score, std::min(id_effect, scoring::kIdentifierMatchFloor));
  else score += id_effect;
  hit.score = std::clamp(WithoutRoundingError(score), 0.0, 1.0);
  out.match = hit.score >= threshold;
  return out;
}

}  // namespace embargo
