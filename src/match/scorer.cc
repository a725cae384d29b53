#include "match/scorer.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "text/similarity.h"

namespace embargo {
namespace {

bool IsAbjad(text::Script s) {
  return s == text::Script::kArabic || s == text::Script::kHebrew || s == text::Script::kThai;
}

// A candidate pairing of query tokens with list tokens (one or two on each side).
struct Pairing {
  uint8_t q[2];
  uint8_t c[2];
  uint8_t nq, nc;
  double sim;
  TokenMatch how;
};

// A lower bound on the edit distance: every letter of one word missing from the other needs an
// edit. A few bit operations, and it rejects most unrelated pairs before the edit distance.
int LetterBound(uint64_t a, uint64_t b) { return std::max(std::popcount(a & ~b), std::popcount(b & ~a)); }

// `a_letters`, `b_letters`: the words' text::LetterMask.
double EditSimilarity(std::string_view a, std::string_view b, uint64_t a_letters, uint64_t b_letters, int* edits) {
  size_t longest = std::max(a.size(), b.size());
  if (longest < 4) return 0;
  int max_edits = longest >= 9 ? 2 : 1;
  if (LetterBound(a_letters, b_letters) > max_edits) return 0;
  int d = text::DamerauLevenshtein(a, b, max_edits);
  if (d > max_edits) return 0;
  *edits = d;
  return 1.0 - static_cast<double>(d) / static_cast<double>(longest);
}

}  // namespace

void ScoredName::AddOwnedToken(std::string text, double idf, text::TokenRole role) {
  const std::string& t = storage_.emplace_back(std::move(text));
  const std::string& p = storage_.emplace_back(text::PhoneticKey(t));
  const std::string& k = storage_.emplace_back(text::Skeleton(t));
  tokens.push_back(ScoredToken{t, p, k, idf, role, text::LetterMask(t), text::LetterMask(p)});
}

void ScoredName::AddOwnedLegalForm(std::string code) { legal_forms.push_back(storage_.emplace_back(std::move(code))); }

double TokenSimilarity(const ScoredToken& q, const ScoredToken& c, bool abjad, TokenMatch* how) {
  auto set = [&](const char* kind, double sim, int edits = 0) {
    if (how) {
      how->how = kind;
      how->similarity = sim;
      how->edits = edits;
    }
    return sim;
  };
  if (q.text == c.text) return set("exact", 1.0);
  if (q.role == text::TokenRole::kInitial || c.role == text::TokenRole::kInitial) {
    const ScoredToken& initial = q.role == text::TokenRole::kInitial ? q : c;
    const ScoredToken& full = q.role == text::TokenRole::kInitial ? c : q;
    return !full.text.empty() && full.text[0] == initial.text[0] ? set("initial", 0.9) : 0.0;
  }
  if (q.phonetic == c.phonetic && q.phonetic.size() >= 2) return set("phonetic", 0.95);
  int edits = 0;
  double raw = EditSimilarity(q.text, c.text, q.text_letters, c.text_letters, &edits);
  int phon_edits = 0;
  double phon = EditSimilarity(q.phonetic, c.phonetic, q.phonetic_letters, c.phonetic_letters, &phon_edits) * 0.97;
  double best = std::max(raw, phon);
  if (abjad && q.skeleton.size() >= 1 && q.skeleton == c.skeleton) {
    double sim = q.skeleton.size() >= 3 ? 0.9 : 0.8;
    if (sim > best) return set("skeleton", sim);
  }
  if (best < 0.74) return 0.0;
  return set(raw >= phon ? "edit_distance" : "phonetic_edit", best, raw >= phon ? edits : phon_edits);
}

// Legal forms are compared as forms: a different form of the same name is a weak signal.
static void CompareLegalForms(const ScoredName& query, const ScoredName& list, NameScore& result) {
  if (query.legal_forms.empty() || list.legal_forms.empty()) return;
  bool shared = false;
  for (const auto& f : query.legal_forms)
    shared |= std::find(list.legal_forms.begin(), list.legal_forms.end(), f) != list.legal_forms.end();
  if (!shared) {
    result.score *= 0.97;
    result.legal_form = {"legal_form", "legal forms differ: " + std::string(query.legal_forms[0]) + " vs " + std::string(list.legal_forms[0]), -0.03};
  } else {
    result.legal_form = {"legal_form", "same legal form " + std::string(query.legal_forms[0]), 0};
  }
}

NameScore ScoreName(const ScoredName& query, const ScoredName& list, bool explain) {
  NameScore result;
  const auto& qt = query.tokens;
  const auto& ct = list.tokens;
  if (qt.empty() || ct.empty() || qt.size() > 24 || ct.size() > 24) return result;
  bool abjad = IsAbjad(query.script) || IsAbjad(list.script);
  thread_local std::vector<Pairing> pairings;
  pairings.clear();
  for (uint8_t i = 0; i < qt.size(); ++i) {
    for (uint8_t j = 0; j < ct.size(); ++j) {
      Pairing p{{i, 0}, {j, 0}, 1, 1, 0, {}};
      p.sim = TokenSimilarity(qt[i], ct[j], abjad, &p.how);
      if (p.sim > 0) pairings.push_back(p);
    }
  }
  // Joined and split tokens: "epcfk" ~ "ep" + "cfk", "abd" + "allah" ~ "abdallah".
  auto joined_sim = [&](const ScoredToken& single, const ScoredToken& a, const ScoredToken& b, TokenMatch* how) {
    // Cheap bounds first: lengths within two letters, the same first letter and few other
    // letters (unless abjad, where vowels are missing).
    int diff = static_cast<int>(single.text.size()) - static_cast<int>(a.text.size() + b.text.size());
    if (diff > 2 || diff < -2) return 0.0;
    if (!abjad && single.text[0] != a.text[0]) return 0.0;
    uint64_t joined_letters = a.text_letters | b.text_letters;
    if (!abjad && LetterBound(single.text_letters, joined_letters) > 2) return 0.0;
    std::string joined = std::string(a.text) + std::string(b.text);
    std::string phonetic = text::PhoneticKey(joined);
    std::string skeleton = abjad ? text::Skeleton(joined) : std::string();
    ScoredToken y{joined, phonetic, skeleton, 1, text::TokenRole::kNormal, joined_letters, text::LetterMask(phonetic)};
    ScoredToken x = single;
    x.role = text::TokenRole::kNormal;
    double s = TokenSimilarity(x, y, abjad, how);
    if (s > 0 && how) how->how = "joined";
    return s * 0.98;
  };
  for (uint8_t i = 0; i < qt.size(); ++i) {
    for (uint8_t j = 0; j + 1 < ct.size(); ++j) {
      Pairing p{{i, 0}, {j, static_cast<uint8_t>(j + 1)}, 1, 2, 0, {}};
      p.sim = joined_sim(qt[i], ct[j], ct[j + 1], &p.how);
      if (p.sim > 0) pairings.push_back(p);
    }
  }
  for (uint8_t i = 0; i + 1 < qt.size(); ++i) {
    for (uint8_t j = 0; j < ct.size(); ++j) {
      Pairing p{{i, static_cast<uint8_t>(i + 1)}, {j, 0}, 2, 1, 0, {}};
      p.sim = joined_sim(ct[j], qt[i], qt[i + 1], &p.how);
      if (p.sim > 0) pairings.push_back(p);
    }
  }
  // Greedy alignment: best pairs first; multi-token pairs win ties (they explain more).
  std::sort(pairings.begin(), pairings.end(), [](const Pairing& a, const Pairing& b) {
    if (a.sim != b.sim) return a.sim > b.sim;
    return a.nq + a.nc > b.nq + b.nc;
  });
  double q_sim[24] = {0}, c_sim[24] = {0};
  bool q_used[24] = {false}, c_used[24] = {false};
  for (const Pairing& p : pairings) {
    bool free = true;
    for (int k = 0; k < p.nq; ++k) free &= !q_used[p.q[k]];
    for (int k = 0; k < p.nc; ++k) free &= !c_used[p.c[k]];
    if (!free) continue;
    for (int k = 0; k < p.nq; ++k) { q_used[p.q[k]] = true; q_sim[p.q[k]] = p.sim; }
    for (int k = 0; k < p.nc; ++k) { c_used[p.c[k]] = true; c_sim[p.c[k]] = p.sim; }
    if (explain) {
      TokenMatch m = p.how;
      for (int k = 0; k < p.nq; ++k) (m.query += k ? " " : "") += qt[p.q[k]].text;
      for (int k = 0; k < p.nc; ++k) (m.list += k ? " " : "") += ct[p.c[k]].text;
      if (query.transliterated && m.how == "exact") m.how = "transliterated";
      result.matches.push_back(std::move(m));
    }
  }
  // Weighted coverage of each side. Initials weigh little: they say little.
  auto weight = [](const ScoredToken& t) {
    return t.role == text::TokenRole::kInitial ? 0.35 : t.idf;
  };
  double q_total = 0, q_matched = 0, c_total = 0, c_matched = 0;
  bool any_full = false;
  for (size_t i = 0; i < qt.size(); ++i) {
    double w = weight(qt[i]);
    q_total += w;
    q_matched += w * q_sim[i];
    if (q_used[i] && qt[i].role != text::TokenRole::kInitial) any_full = true;
    if (!q_used[i] && explain) result.unmatched_query.emplace_back(qt[i].text);
  }
  for (size_t j = 0; j < ct.size(); ++j) {
    double w = ct[j].idf;
    if (!c_used[j] && ct[j].role == text::TokenRole::kOptional) w *= 0.4;
    c_total += w;
    c_matched += w * c_sim[j];
    if (!c_used[j] && explain) result.unmatched_list.emplace_back(ct[j].text);
  }
  if (!any_full || q_total <= 0 || c_total <= 0) return result;
  double q_cov = q_matched / q_total;
  double c_cov = c_matched / c_total;
  result.score = std::pow(q_cov, 0.6) * std::pow(c_cov, 0.4);
  CompareLegalForms(query, list, result);
  return result;
}

}  // namespace embargo
