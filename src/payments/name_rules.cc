#include "payments/name_rules.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "common/strings.h"
#include "text/legal_forms.h"
#include "text/normalize.h"

namespace embargo::payments {
namespace {

// Words that say what a party is, not who: with legal forms and single letters they make a
// placeholder ("BANK A", "CUSTOMER NAME").
bool IsGenericWord(const std::string& w) {
  static const std::unordered_set<std::string> kGeneric = {
      "bank",     "banque",    "banco",         "banca",        "corporation", "company",   "group",
      "holding",  "holdings",  "enterprise",    "enterprises",  "firm",        "customer",  "client",
      "beneficiary", "debtor", "creditor",      "ordering",     "party",       "person",    "name",
      "example",  "sample",    "test",          "dummy",        "account",     "holder",    "institution",
      "agent",    "intermediary", "correspondent", "sender",    "receiver",    "the",       "of",
      "and",      "for",       "with"};
  return kGeneric.count(w) > 0;
}

// Kinds of legal form: forms of one kind may name one company (OAO became PJSC, OOO is written
// LLC or LTD, a plc is a public limited company); CO (company) is of every kind.
std::vector<int> KindsOf(const std::string& code) {
  static const std::pair<const char*, std::vector<int>> kKinds[] = {
      {"JSC", {1}}, {"PJSC", {1}}, {"CJSC", {1}}, {"OJSC", {1}}, {"NAO", {1}}, {"INC", {1}}, {"CORP", {1}},
      {"AG", {1}},  {"SA", {1}},   {"SPA", {1}},  {"NV", {1}},   {"AS", {1}},  {"PLC", {1, 2}},
      {"LLC", {2}}, {"LTD", {2}},  {"CO_LTD", {2}}, {"PTE_LTD", {2}}, {"GMBH", {2}}, {"SRL", {2}},
      {"BV", {2}},  {"FZE", {2}},  {"LP", {3}},   {"GUP", {4}}};
  for (const auto& [c, kinds] : kKinds)
    if (code == c) return kinds;
  return {1, 2, 3, 4};  // CO and anything new: no evidence either way
}

bool SameKind(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a)
    for (const auto& y : b)
      for (int k : KindsOf(x))
        for (int l : KindsOf(y))
          if (k == l) return true;
  return false;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Whether two names are the same words (in any order) with the same legal forms once normalised.
bool SameWords(const std::vector<text::NameForm>& a, const std::vector<text::NameForm>& b) {
  for (const auto& x : a)
    for (const auto& y : b)
      if (Sorted(x.tokens) == Sorted(y.tokens) && Sorted(x.legal_forms) == Sorted(y.legal_forms)) return true;
  return false;
}

std::string Fixed2(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// A weak-alias hit that is no exact match stands only if the entity's other names match.
void JudgeWeakAlias(const Screener& screener, const Query& query, const Hit& hit, double threshold,
                    const std::vector<text::NameForm>& query_forms, HitJudgement& out) {
  auto alias_forms = text::NormalizeName(hit.matched_name, FamilyOf(hit.entity->schema));
  size_t words = alias_forms.empty() ? 0 : alias_forms[0].tokens.size();
  if (words >= 2 && SameWords(query_forms, alias_forms)) {
    out.weak_alias = true;
    out.note = "the name is a low-quality alias of the listed entity, matched exactly: review only";
    return;
  }
  Entity strong = *hit.entity;
  strong.names.erase(std::remove_if(strong.names.begin(), strong.names.end(),
                                    [&](const Name& n) {
                                      return n.kind == NameKind::kWeakAlias || n.value == hit.matched_name;
                                    }),
                     strong.names.end());
  Entity asked;
  asked.names = {Name{query.name, NameKind::kPrimary}};
  asked.schema = query.schema.value_or(Schema::kLegalEntity);
  asked.birth_dates = query.birth_dates;
  asked.countries = query.countries;
  CompareResult c;
  if (!strong.names.empty()) c = screener.Compare(asked, strong, threshold);
  std::string why = words < 2 ? "is one word" : "is not matched word for word";
  if (!c.match && !c.not_compared.empty()) {  // a listed name not compared might have matched
    out.note = "matched the low-quality alias '" + hit.matched_name + "', which " + why + "; not every listed name " +
               "could be compared (" + c.not_compared.front() + "): review";
    return;
  }
  if (strong.names.empty() || c.hit.score < threshold) {
    out.keep = false;
    out.note = "matched only the low-quality alias '" + hit.matched_name + "', which " + why;
    return;
  }
  out.score = std::min(out.score, c.hit.score);
  out.note = "the low-quality alias '" + hit.matched_name + "' " + why + "; listed name '" + c.hit.matched_name +
             "' matches (" + Fixed2(c.hit.score) + ")";
}

// Words of `form` that tell who a party is: not generic, not a single letter, not a number.
std::vector<std::string> DistinctiveWords(const text::NameForm& form) {
  std::vector<std::string> out;
  for (const auto& t : form.tokens)
    if (t.size() > 1 && !IsGenericWord(t) && !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
      out.push_back(t);
  return out;
}

// A query of one distinctive word that is short, or that stands alone on a line of free text,
// stands only if the listed name holds the word as written (see JudgeHit).
void JudgeOneWord(const Hit& hit, const std::vector<text::NameForm>& query_forms, SchemaFamily family,
                  NameSource source, HitJudgement& out) {
  if (query_forms.empty()) return;
  std::vector<std::string> words = DistinctiveWords(query_forms[0]);
  if (words.size() != 1 || (source == NameSource::kParty && words[0].size() > 4)) return;
  for (const auto& form : text::NormalizeName(hit.matched_name, family))
    if (std::find(form.tokens.begin(), form.tokens.end(), words[0]) != form.tokens.end()) return;
  out.keep = false;
  out.note = "the name's one distinctive word '" + words[0] + "' is not in the listed name '" + hit.matched_name +
             (source == NameSource::kTextLine ? "' (a line of free text matches only word for word)"
                                              : "' (a word of four letters or fewer matches only as written)");
}

}  // namespace

bool IsPlaceholderName(std::string_view name) {
  // "S B E R B A N K" is one word spelt out, as the normaliser reads it: a name, not initials.
  std::vector<std::string> tokens = text::Tokenize(text::FoldToLatin(name));
  text::JoinSpeltOutWords(tokens);
  if (tokens.empty()) return false;  // no letter or digit ("???" for a name in another script): cannot be screened
  tokens.insert(tokens.begin(), "x");  // legal forms are taken only beside a name: give them one
  text::ExtractLegalForms(tokens);
  for (size_t i = 1; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    bool digits = std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (t.size() > 1 && !digits && !IsGenericWord(t) && !text::IsLegalFormToken(t)) return false;
  }
  return true;
}

std::vector<std::string> NameLineParts(const std::vector<std::string>& name_lines) {
  std::vector<std::string> parts;
  if (name_lines.size() < 2) return parts;
  for (const std::string& line : name_lines) {
    // Two words that tell who someone is, read as a person (titles aside) and as a firm (legal
    // forms aside).
    bool named = true;
    for (SchemaFamily family : {SchemaFamily::kPerson, SchemaFamily::kOrganization}) {
      auto forms = text::NormalizeName(line, family);
      named = named && !forms.empty() && DistinctiveWords(forms[0]).size() >= 2;
    }
    if (named) AddUnique(parts, line);
  }
  return parts;
}

HitJudgement JudgeHit(const Screener& screener, const Query& query, const Hit& hit, double threshold,
                      NameSource source) {
  HitJudgement out;
  out.score = hit.score;
  // Reached by an identifier alone (a listed BIC among the party's ids): no name to judge.
  if (hit.matched_name.empty()) return out;
  const Entity& e = *hit.entity;
  // The screener says when the name met is a weak alias, by its own list or a linked record.
  bool weak = std::any_of(hit.evidence.begin(), hit.evidence.end(),
                          [](const Evidence& ev) { return ev.kind == kWeakAliasEvidence; });
  bool person = e.schema == Schema::kPerson || query.schema == Schema::kPerson;
  SchemaFamily family = person ? SchemaFamily::kPerson : SchemaFamily::kOrganization;
  auto query_forms = text::NormalizeName(query.name, family);
  if (weak) {
    JudgeWeakAlias(screener, query, hit, threshold, query_forms, out);
    if (!out.keep) return out;
  }
  JudgeOneWord(hit, query_forms, family, source, out);
  if (!out.keep) return out;
  if (person || query_forms.empty()) return out;
  auto list_forms = text::NormalizeName(hit.matched_name, SchemaFamily::kOrganization);
  if (list_forms.empty()) return out;
  const auto& ql = query_forms[0].legal_forms;
  const auto& ll = list_forms[0].legal_forms;
  if (ql.empty() || ll.empty() || SameKind(ql, ll)) return out;
  double effect = list_forms[0].tokens.size() <= 1 ? -0.20 : -0.10;
  out.score += effect;
  out.keep = out.score >= threshold;
  out.note += std::string(out.note.empty() ? "" : "; ") + "legal forms of another kind (" + ql[0] + " vs " + ll[0] +
              "): evidence against (" + Fixed2(effect) + ")";
  return out;
}

}  // namespace embargo::payments
