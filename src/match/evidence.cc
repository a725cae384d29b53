#include "match/evidence.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "text/scoring_params.h"

namespace embargo {

std::string NormalizeIdentifier(std::string_view id) {
  std::string out;
  for (char c : id)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> IdentifierKeys(std::string_view id) {
  std::vector<std::string> keys;
  std::string norm = NormalizeIdentifier(id);
  if (norm.size() < 4) return keys;
  keys.push_back(norm);
  size_t digits = norm.find_first_of("0123456789");
  if (digits > 0 && digits != std::string::npos && norm.size() - digits >= 5 &&
      norm.find_first_not_of("0123456789", digits) == std::string::npos)
    keys.push_back(norm.substr(digits));
  return keys;
}

double BirthDateEvidence(const std::vector<PartialDate>& dates, const Entity& entity, std::vector<Evidence>& out) {
  if (dates.empty() || entity.birth_dates.empty()) return 0;
  enum { kNone, kYearNear, kYear, kMonth, kExact } best = kNone;
  std::string detail;
  for (const auto& q : dates) {
    for (const auto& e : entity.birth_dates) {
      int level = kNone;
      if (q.year == e.year) {
        level = kYear;
        if (q.month && e.month) {
          if (q.month != e.month) level = kNone;
          else if (q.day && e.day) level = q.day == e.day ? kExact : kNone;
          else level = kMonth;
        }
        // Day and month swapped is a common data-entry error, still a near match.
        if (level == kNone && q.day && e.day && q.day == e.month && q.month == e.day) level = kYearNear;
      } else if (std::abs(q.year - e.year) <= 1) {
        level = kYearNear;
      }
      if (level > best) {
        best = static_cast<decltype(best)>(level);
        detail = q.ToString() + " vs " + e.ToString();
      }
    }
  }
  double effect = 0;
  switch (best) {
    case kExact: effect = scoring::kBirthDateExact; detail = "same birth date " + detail; break;
    case kMonth: effect = scoring::kBirthMonth; detail = "same birth month " + detail; break;
    case kYear: effect = scoring::kBirthYear; detail = "same birth year " + detail; break;
    case kYearNear: effect = scoring::kBirthDateNear; detail = "birth dates close but different: " + detail; break;
    case kNone:
      effect = scoring::kBirthDateConflict;
      detail = "birth date contradicts: " + dates.front().ToString() + " vs " + entity.birth_dates.front().ToString();
      break;
  }
  out.push_back({"birth_date", detail, effect});
  return effect;
}

double CountryEvidence(const std::vector<std::string>& countries, const Entity& entity, std::vector<Evidence>& out) {
  if (countries.empty()) return 0;
  std::vector<std::string> known = entity.nationalities;
  known.insert(known.end(), entity.citizenships.begin(), entity.citizenships.end());
  known.insert(known.end(), entity.countries.begin(), entity.countries.end());
  if (!entity.vessel_flag.empty()) known.push_back(entity.vessel_flag);
  for (const auto& a : entity.addresses)
    if (!a.country.empty()) known.push_back(a.country);
  if (known.empty()) return 0;
  for (const auto& c : countries) {
    std::string upper = NormalizeIdentifier(c);
    for (const auto& k : known) {
      if (NormalizeIdentifier(k) == upper) {
        out.push_back({"country", "country " + upper + " matches", scoring::kCountryMatch});
        return scoring::kCountryMatch;
      }
    }
  }
  out.push_back({"country", "country " + NormalizeIdentifier(countries.front()) + " not among the entity's", scoring::kCountryMismatch});
  return scoring::kCountryMismatch;
}

bool IdentifierEvidence(const std::vector<std::string>& ids, const Entity& entity, std::vector<Evidence>& out,
                        double& effect) {
  effect = 0;
  if (ids.empty() || entity.identifiers.empty()) return false;
  for (const auto& raw : ids) {
    auto query_keys = IdentifierKeys(raw);
    for (const auto& id : entity.identifiers) {
      auto keys = IdentifierKeys(id.value);
      bool equal = false;
      for (const auto& a : query_keys)
        for (const auto& b : keys) equal |= a == b;
      if (equal) {
        out.push_back({"identifier", std::string(IdKindName(id.kind)) + " " + id.value + " matches exactly", 1.0});
        effect = 1.0;
        return true;
      }
    }
  }
  out.push_back({"identifier", "identifier " + ids.front() + " not among the entity's identifiers", scoring::kIdentifierMismatch});
  effect = scoring::kIdentifierMismatch;
  return false;
}

double SchemaEvidence(const std::optional<Schema>& query, const Entity& entity, std::vector<Evidence>& out) {
  if (!query || *query == Schema::kLegalEntity || entity.schema == Schema::kLegalEntity) return 0;
  SchemaFamily a = FamilyOf(*query), b = FamilyOf(entity.schema);
  if (a == b) return 0;
  bool person = a == SchemaFamily::kPerson || b == SchemaFamily::kPerson;
  bool craft = a == SchemaFamily::kVessel || a == SchemaFamily::kAirplane || b == SchemaFamily::kVessel ||
               b == SchemaFamily::kAirplane;
  double effect = person && craft ? scoring::kSchemaFar : scoring::kSchemaMismatch;
  out.push_back({"schema", "queried as " + std::string(SchemaName(*query)) + ", listed as " +
                               std::string(SchemaName(entity.schema)), effect});
  return effect;
}

bool TypedIdentifierEvidence(const Entity& left, const Entity& right, std::vector<Evidence>& out, double& effect) {
  effect = 0;
  bool conflict = false;
  for (const auto& a : left.identifiers) {
    std::string av = NormalizeIdentifier(a.value);
    if (av.size() < 4) continue;
    for (const auto& b : right.identifiers) {
      std::string bv = NormalizeIdentifier(b.value);
      if (av == bv) {
        out.push_back({"identifier", std::string(IdKindName(a.kind)) + " " + a.value + " on both", 1.0});
        effect = 1.0;
        return true;
      }
      if (a.kind == b.kind && a.kind != IdKind::kOther && !bv.empty()) conflict = true;
    }
  }
  if (conflict) {
    out.push_back({"identifier", "identifiers of the same kind differ", scoring::kIdentifierConflict});
    effect = scoring::kIdentifierConflict;
  }
  return false;
}

}  // namespace embargo
