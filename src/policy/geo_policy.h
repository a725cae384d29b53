// Geographic policy: sanctioned countries, occupied regions of Ukraine and the countries through
// which goods for Russia are commonly diverted. Built once (Default() or Load()), then queried;
// a GeoPolicy is immutable after construction and safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/status.h"
#include "embargo/verdict.h"

namespace embargo {

// A listed country or region found in the input; trade and payment screening turn it into a
// Finding (src/findings/findings.h).
struct GeoMatch {
  std::string code;     // ISO 3166 alpha-2 ("IR") or region code ("UA-43" Crimea, "UA-40" Sevastopol, "UA-14" DNR/Donetsk, "UA-09" LNR/Luhansk, "UA-23" Zaporizhzhia, "UA-65" Kherson)
  std::string name;     // "Iran", "Crimea"
  std::string matched;  // the text that matched, as written in the input
  std::string reason;   // why the policy lists it, e.g. "comprehensively sanctioned (OFAC ITSR)"
  Verdict action = Verdict::kReview;  // kReview or kBlock
};

struct GeoPolicyOptions {
  // Action for Russia and Belarus, overriding the table (the default table says review).
  Verdict russia_belarus_action = Verdict::kReview;
  // When false, region rules (UA-43 ...) are ignored and only countries are checked.
  bool occupied_regions = true;
};

class GeoPolicy {
 public:
  // The built-in policy (src/policy/geo_policy_default.conf, embedded; sources in docs/POLICY.md).
  static GeoPolicy Default(const GeoPolicyOptions& options = {});
  // A policy file in the same format (docs/POLICY.md). Errors name file:line.
  static StatusOr<GeoPolicy> Load(const std::string& path, const GeoPolicyOptions& options = {});
  // Parses policy text; `origin` names it in errors ("file.conf").
  static StatusOr<GeoPolicy> Parse(std::string_view text, const std::string& origin,
                                   const GeoPolicyOptions& options = {});

  // A country as ISO alpha-2/alpha-3 or English name, or a listed region by code or name
  // ("UA-43", "Crimea"). Empty when the policy does not list it.
  std::optional<GeoMatch> CheckCountry(std::string_view country) const;
  // Free address/city/region text: finds sanctioned countries and occupied regions mentioned in it
  // (Crimea/Krym/Крым, Sevastopol/Севастополь, Donetsk/DNR/ДНР, Luhansk/Lugansk/LNR/ЛНР, ...),
  // word-boundary aware, case-insensitive (ASCII and Cyrillic). One finding per listed code, in
  // order of first mention; where spellings overlap the leftmost, then longest, wins. Linear in
  // the text (one pass, aliases bucketed by first byte).
  std::vector<GeoMatch> CheckText(std::string_view text) const;
  // Diversion/transshipment concern for Russia-related trade (configurable list: e.g. AM, KZ, KG,
  // GE, AE, TR, CN, HK, UZ, TJ, ...). Accepts a code or name in any case.
  bool IsTransshipmentConcern(std::string_view country_code) const;
  bool IsRussiaOrBelarus(std::string_view country_code) const;

  // The listed codes (countries then regions), for documentation and tests.
  std::vector<std::string> ListedCodes() const;
  const std::vector<std::string>& TransshipmentCodes() const { return transshipment_; }

 private:
  struct Rule {
    std::string code;
    std::string name;
    std::string reason;
    Verdict action = Verdict::kReview;
    bool region = false;
  };
  struct Alias {
    std::string lower;  // lower-cased spelling
    bool prefix = false;  // "крым*": matches word starts (Russian case endings)
    size_t rule = 0;
  };
  using RawAliases = std::vector<std::pair<std::string, size_t>>;  // spelling, rule
  // One line of a policy file; `saw_russia_belarus` is set by a russia_belarus line.
  Status ParseLine(std::string_view line, const GeoPolicyOptions& options, bool& saw_russia_belarus,
                   RawAliases& raw_aliases);
  // Fills aliases_ and by_first_byte_ from the spellings of the rules.
  void IndexAliases(const RawAliases& raw_aliases);
  GeoMatch Match(const Rule& rule, std::string_view matched) const;
  const Rule* FindRule(std::string_view code) const;

  std::vector<Rule> rules_;
  std::vector<Alias> aliases_;  // longest first, so "Donetsk People's Republic" wins over "Donetsk"
  std::array<std::vector<uint32_t>, 256> by_first_byte_;  // alias indexes by first byte, longest first
  std::vector<std::string> transshipment_;
  std::vector<std::string> russia_belarus_;
};

}  // namespace embargo
