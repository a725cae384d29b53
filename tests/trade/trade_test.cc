#include "trade/trade.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <sstream>
#include <string>

#include "common/io.h"
#include "embargo/lists.h"
#include "embargo/text_scan.h"

namespace embargo::trade {
namespace {

const Screener& Bundled() {
  static std::unique_ptr<Screener> s = [] {
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    EXPECT_TRUE(lists.ok());
    auto s = Screener::Build(std::move(*lists));
    return std::move(s).value();
  }();
  return *s;
}

// The options with the free-text scanner the CLI and the server give (party_mention).
TradeOptions Scanning() {
  static std::unique_ptr<TextScanner> scanner = std::move(TextScanner::Build(Bundled())).value();
  TradeOptions options;
  options.text_scanner = scanner.get();
  return options;
}

const GeoPolicy& Policy() {
  static const GeoPolicy p = GeoPolicy::Default();
  return p;
}

std::string Example(const std::string& name) {
  auto text = ReadFile(EMBARGO_SOURCE_DIR "/examples/trade/" + name);
  EXPECT_TRUE(text.ok()) << name;
  return text.ok() ? *text : "";
}

TradeResult ScreenTx(const std::string& json, TradeOptions options = {}) {
  TradeScreener ts(&Bundled(), Policy(), goods::Chpl::Embedded(), std::move(options));
  return ts.ScreenJson(json);
}

const Finding* Find(const TradeResult& r, const std::string& rule, const std::string& path) {
  for (const Finding& f : r.findings)
    if (f.check == rule && f.field == path) return &f;
  return nullptr;
}

// A minimal valid transaction to vary in the bad-input tests.
nlohmann::json Minimal() {
  return nlohmann::json::parse(R"({
    "parties": [{"role": "seller", "name": "Mueller Armaturen GmbH", "country": "DE"},
                {"role": "buyer", "name": "Hudson Valley Valve Supply Inc.", "country": "US"}],
    "goods": [{"hs_code": "8481.80", "value": 1000}]
  })");
}

TEST(TradeExamples, TantalumCapacitorsViaKyrgyzstanToRussiaAreBlocked) {
  TradeResult r = ScreenTx(Example("cn_kg_ru_tantalum_capacitors.json"));
  ASSERT_EQ(r.verdict, Verdict::kBlock) << ErrorText(r);
  EXPECT_EQ(r.id, "TX-2024-0419");
  const Finding* ru = Find(r, "chpl_russia_belarus", "goods[0].hs_code");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->action, Verdict::kBlock);
  EXPECT_NE(ru->reason.find("853221"), std::string::npos);
  EXPECT_NE(ru->reason.find("route.destination.country"), std::string::npos);
  const Finding* via = Find(r, "chpl_transshipment", "goods[0].hs_code");
  ASSERT_NE(via, nullptr);
  EXPECT_NE(via->reason.find("Kyrgyzstan"), std::string::npos);
  // Kashgar is a stop inside the country of loading, not a diversion point.
  EXPECT_EQ(via->reason.find("route.transshipment[0]"), std::string::npos);
  EXPECT_NE(Find(r, "recent_incorporation", "parties[3].incorporation_date"), nullptr);
  // The intermediary is not a role the rule covers by default.
  EXPECT_EQ(Find(r, "recent_incorporation", "parties[1].incorporation_date"), nullptr);
  const Finding* bank = Find(r, "party_hit", "parties[4].name");
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(bank->entity_id, "ofac-sdn:34656");
  EXPECT_NE(Find(r, "geo", "route.destination.country"), nullptr);
  // Blocks come first.
  EXPECT_EQ(r.findings.front().action, Verdict::kBlock);
}

TEST(TradeExamples, CleanEuToUsShipmentPasses) {
  TradeResult r = ScreenTx(Example("eu_us_valves_clean.json"));
  EXPECT_EQ(r.verdict, Verdict::kPass) << (r.findings.empty() ? ErrorText(r) : r.findings[0].reason);
  EXPECT_TRUE(r.findings.empty());
}

// A listed name beside another party's in a party's name, or in its address, was not looked for:
// PASS. The scanner finds it; the clean shipment stays clean with it.
TEST(TradeExamples, ListedNamesMentionedInAPartysNameOrAddressAreReviewed) {
  TradeResult clean = ScreenTx(Example("eu_us_valves_clean.json"), Scanning());
  EXPECT_EQ(clean.verdict, Verdict::kPass) << (clean.findings.empty() ? ErrorText(clean) : clean.findings[0].reason);
  struct Case {
    std::string field, value, path, entity;
  };
  for (const Case& c : std::vector<Case>{{"name", "Hudson Valley Valve Supply Inc. and Sberbank", "parties[1].name", "SBERBANK"},
                                         {"name", "Klaus Bergmann c/o Sberbank", "parties[1].name", "SBERBANK"},
                                         {"address", "c/o Rosoboronexport, 220 Route 9W", "parties[1].address", "ROSOBORON"}}) {
    nlohmann::json tx = nlohmann::json::parse(Example("eu_us_valves_clean.json"));
    tx["parties"][1][c.field] = c.value;
    TradeResult r = ScreenTx(tx.dump(), Scanning());
    EXPECT_EQ(r.verdict, Verdict::kReview) << c.value;
    const Finding* f = Find(r, "party_mention", c.path);
    ASSERT_NE(f, nullptr) << c.value;
    EXPECT_NE(f->entity_name.find(c.entity), std::string::npos) << f->entity_name;
  }
  // A listed party named alone is its name's hit only.
  nlohmann::json tx = nlohmann::json::parse(Example("eu_us_valves_clean.json"));
  tx["parties"][1]["name"] = "Rosoboronexport";
  TradeResult listed = ScreenTx(tx.dump(), Scanning());
  EXPECT_NE(Find(listed, "party_hit", "parties[1].name"), nullptr);
  EXPECT_EQ(Find(listed, "party_mention", "parties[1].name"), nullptr);
}

// A listed name in a route's city or port, a goods description, the letter of credit's number
// or another free-text field was read by nothing (PASS); ordinary place names stay clean.
TEST(TradeExamples, ListedNamesInFreeTextFieldsAreReviewed) {
  struct Case {
    std::function<void(nlohmann::json&)> edit;
    const char* path;
  } cases[] = {
      {[](auto& j) { j["route"]["destination"]["city"] = "Vladimir Putin"; }, "route.destination.city"},
      {[](auto& j) { j["route"]["destination"]["port"] = "Rosoboronexport"; }, "route.destination.port"},
      {[](auto& j) { j["route"]["loading"]["port"] = "Hamburg c/o Rosoboronexport"; }, "route.loading.port"},
      {[](auto& j) { j["goods"][0]["description"] = "for Vladimir Putin"; }, "goods[0].description"},
      {[](auto& j) { j["goods"][0]["unit"] = "Rosoboronexport"; }, "goods[0].unit"},
      {[](auto& j) { j["letter_of_credit"]["number"] = "Vladimir Putin"; }, "letter_of_credit.number"},
      {[](auto& j) { j["id"] = "Rosoboronexport"; }, "id"},
      {[](auto& j) { j["parties"][1]["identifiers"] = {{{"type", "Vladimir Putin"}, {"value", "1"}}}; },
       "parties[1].identifiers[0]"},
  };
  for (const Case& c : cases) {
    nlohmann::json tx = nlohmann::json::parse(Example("eu_us_valves_clean.json"));
    c.edit(tx);
    TradeResult r = ScreenTx(tx.dump(), Scanning());
    EXPECT_EQ(r.verdict, Verdict::kReview) << c.path;
    EXPECT_NE(Find(r, "party_mention", c.path), nullptr) << c.path;
  }
  // Ports and cities trade documents name: no finding.
  for (const char* place : {"Hamburg", "Rotterdam", "Antwerp", "Shanghai", "Singapore", "Jebel Ali", "Busan",
                            "Los Angeles", "Long Beach", "New York/Newark", "Newburgh, NY", "Felixstowe", "Le Havre",
                            "Valencia", "Genoa", "Piraeus", "Mersin", "Istanbul", "Mumbai (Nhava Sheva)", "Santos",
                            "Yokohama", "Kaohsiung", "Port Klang", "Colombo", "Durban", "Houston", "Savannah",
                            "Vancouver", "Gdansk", "Constanta", "Alexandria", "Dubai", "Almaty", "Tashkent",
                            "Bishkek", "Yerevan", "Tbilisi", "Baku", "Shenzhen (Yantian)", "Hong Kong", "Ningbo",
                            "Saint Petersburg"}) {
    nlohmann::json tx = nlohmann::json::parse(Example("eu_us_valves_clean.json"));
    tx["route"]["transshipment"] = {{{"port", place}, {"city", place}, {"country", "DE"}}};
    TradeResult r = ScreenTx(tx.dump(), Scanning());
    EXPECT_EQ(Find(r, "party_mention", "route.transshipment[0].port"), nullptr) << place;
    EXPECT_EQ(Find(r, "party_mention", "route.transshipment[0].city"), nullptr) << place;
  }
}

TEST(TradeExamples, SevastopolConsigneeIsBlockedFromCyrillicAddress) {
  TradeResult r = ScreenTx(Example("tr_sevastopol_bearings.json"));
  ASSERT_EQ(r.verdict, Verdict::kBlock);
  const Finding* f = Find(r, "geo", "parties[1].address");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->reason.find("UA-40"), std::string::npos);
  EXPECT_NE(Find(r, "geo", "route.discharge.port"), nullptr);
  EXPECT_NE(Find(r, "chpl_russia_belarus", "goods[0].hs_code"), nullptr);
}

TEST(TradeExamples, GoodsConsignedToTheIssuingBankAreReviewed) {
  TradeResult r = ScreenTx(Example("ae_consigned_to_issuing_bank.json"));
  ASSERT_EQ(r.verdict, Verdict::kReview);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "lc_consigned_to_issuing_bank");
  EXPECT_EQ(r.findings[0].field, "letter_of_credit.consigned_to");
  TradeOptions off;
  ASSERT_TRUE(ApplyTradeRule("lc_consigned_to_issuing_bank", "off", off).ok());
  EXPECT_EQ(ScreenTx(Example("ae_consigned_to_issuing_bank.json"), off).verdict, Verdict::kPass);
}

// The letter's consignee was read only for the consigned-to-the-bank flag, never screened; its
// issuing bank went unscreened when a party of that name had been screened as a person.
TEST(TradeExamples, TheLetterOfCreditsNamesAreScreened) {
  std::string consignee = R"({"parties": [{"role": "seller", "name": "Mueller Armaturen GmbH", "country": "DE"}],
    "goods": [{"hs_code": "8481.80"}],
    "letter_of_credit": {"issuing_bank": "Deutsche Bank", "consigned_to": "State Corporation Rostec"}})";
  TradeResult r = ScreenTx(consignee);
  EXPECT_NE(r.verdict, Verdict::kPass);
  EXPECT_NE(Find(r, "party_hit", "letter_of_credit.consigned_to"), nullptr);
  std::string bank = R"({"parties": [{"role": "issuing_bank", "name": "Promsvyazbank", "type": "person", "country": "US"}],
    "goods": [{"hs_code": "8481.80"}], "letter_of_credit": {"issuing_bank": "Promsvyazbank"}})";
  EXPECT_NE(Find(ScreenTx(bank), "party_hit", "letter_of_credit.issuing_bank"), nullptr);
  // A party whose name differs in its spaces alone was screened with another query.
  std::string spaced = R"({"parties": [{"role": "issuing_bank", "name": "Prom Svyaz Bank"}],
    "goods": [{"hs_code": "9403.60"}], "letter_of_credit": {"issuing_bank": "Promsvyazbank"}})";
  EXPECT_NE(Find(ScreenTx(spaced), "party_hit", "letter_of_credit.issuing_bank"), nullptr);
}

// A destination given as a city alone was only a geographic finding; the goods rule saw no
// country and let CHPL goods bound for Moscow through as REVIEW.
TEST(TradeExamples, ADestinationCityNamesItsCountryForTheGoodsRules) {
  TradeResult r = ScreenTx(R"({"parties": [{"role": "seller", "name": "Acme Widgets GmbH", "country": "DE"}],
    "goods": [{"hs_code": "8542.31"}], "route": {"destination": {"city": "Moscow"}}})");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  EXPECT_NE(Find(r, "chpl_russia_belarus", "goods[0].hs_code"), nullptr);
  // The transliterated names trade documents use, and the ports goods arrive at, were PASS.
  for (const char* place : {R"("city": "Moskva")", R"("port": "Vladivostok")", R"("port": "Kaliningrad")"}) {
    TradeResult t = ScreenTx(R"({"parties": [{"role": "seller", "name": "Acme Widgets GmbH", "country": "DE"}],
      "goods": [{"hs_code": "8542.31"}], "route": {"destination": {)" + std::string(place) + "}}}");
    EXPECT_EQ(t.verdict, Verdict::kBlock) << place;
  }
}

// CHPL goods bound for a city the policy does not know, with no country anywhere, were PASS: the
// Russia and Belarus rule had nothing to read.
TEST(TradeExamples, ChplGoodsWithNoCountryTheyAreBoundForAreReviewed) {
  TradeResult r = ScreenTx(R"({"parties": [{"role": "seller", "name": "Acme Widgets GmbH", "country": "DE"}],
    "goods": [{"hs_code": "8542.31"}], "route": {"destination": {"city": "Tver"}}})");
  EXPECT_EQ(r.verdict, Verdict::kReview);
  EXPECT_NE(Find(r, "chpl_destination_unknown", "goods[0].hs_code"), nullptr);
  TradeResult known = ScreenTx(R"({"parties": [{"role": "buyer", "name": "Acme Widgets GmbH", "country": "DE"}],
    "goods": [{"hs_code": "8542.31"}]})");
  EXPECT_EQ(known.verdict, Verdict::kPass);
}

// A destination given as a city no country is known for ("Saint Petersburg": Russia or Florida)
// passed when the discharge port's country was known: the rule looked for any country at all.
TEST(TradeExamples, ChplGoodsForADestinationNotPlacedInACountryAreReviewed) {
  for (const char* city : {"Saint Petersburg", "Atlantis"}) {
    nlohmann::json tx = nlohmann::json::parse(Example("eu_us_valves_clean.json"));
    tx["goods"][0]["hs_code"] = "8542.31";
    tx["route"]["discharge"] = {{"port", "Rotterdam"}, {"country", "NL"}};
    tx["route"]["destination"] = {{"city", city}};
    TradeResult r = ScreenTx(tx.dump());
    EXPECT_EQ(r.verdict, Verdict::kReview) << city;
    const Finding* f = Find(r, "chpl_destination_unknown", "goods[0].hs_code");
    ASSERT_NE(f, nullptr) << city;
    EXPECT_NE(f->reason.find("route.destination (\"" + std::string(city) + "\")"), std::string::npos) << f->reason;
    // Placed in a country, it is the country that counts.
    tx["route"]["destination"]["country"] = "US";
    EXPECT_EQ(ScreenTx(tx.dump()).verdict, Verdict::kPass) << city;
  }
  // A discharge port with no country, and no destination after it: the same.
  nlohmann::json tx = nlohmann::json::parse(Example("eu_us_valves_clean.json"));
  tx["goods"][0]["hs_code"] = "8542.31";
  tx["route"].erase("destination");
  tx["route"]["discharge"] = {{"port", "Saint Petersburg"}};
  EXPECT_NE(Find(ScreenTx(tx.dump()), "chpl_destination_unknown", "goods[0].hs_code"), nullptr);
}

TEST(TradeExamples, SanctionedTankerUnderIranianFlagIsBlocked) {
  TradeResult r = ScreenTx(Example("ir_tanker_artavil.json"));
  ASSERT_EQ(r.verdict, Verdict::kBlock);
  const Finding* v = Find(r, "vessel_hit", "vessel.name");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->entity_id, "ofac-sdn:15036");
  EXPECT_NE(Find(r, "geo", "vessel.flag"), nullptr);
  EXPECT_NE(Find(r, "geo", "route.loading.port"), nullptr);
}

TEST(TradeRules, ActionsAndSwitchesAreConfigurable) {
  std::string tx = Example("cn_kg_ru_tantalum_capacitors.json");
  TradeOptions o;
  ASSERT_TRUE(ApplyTradeRules("# softer\nchpl_russia_belarus = review\nparty_hit = off\nrecent_incorporation_days = 100\n"
                              "hit_block_score = 2\n",
                              "rules.conf", o)
                  .ok());
  TradeResult r = ScreenTx(tx, o);
  EXPECT_EQ(r.verdict, Verdict::kReview);
  EXPECT_EQ(Find(r, "chpl_russia_belarus", "goods[0].hs_code")->action, Verdict::kReview);
  EXPECT_EQ(Find(r, "party_hit", "parties[4].name"), nullptr);
  EXPECT_EQ(Find(r, "recent_incorporation", "parties[3].incorporation_date"), nullptr);
  TradeOptions any;
  ASSERT_TRUE(ApplyTradeRule("chpl_item", "review", any).ok());
  ASSERT_TRUE(ApplyTradeRule("geo", "off", any).ok());
  nlohmann::json j = Minimal();
  j["goods"][0]["hs_code"] = "8542";  // a heading: every listed subheading under it
  TradeResult h = ScreenTx(j.dump(), any);
  ASSERT_EQ(h.verdict, Verdict::kReview);
  EXPECT_NE(h.findings[0].reason.find("heading 8542 covers"), std::string::npos);
  EXPECT_NE(h.findings[0].reason.find("854239"), std::string::npos);
}

TEST(TradeRules, RuleFileErrorsNameTheLine) {
  TradeOptions o;
  Status s = ApplyTradeRules("party_hit = block\n\nchpl_transhipment = off\n", "r.conf", o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("r.conf:3: unknown rule 'chpl_transhipment'"), std::string::npos) << s.message();
  s = ApplyTradeRules("party_hit = maybe\n", "r.conf", o);
  EXPECT_NE(s.message().find("r.conf:1: party_hit: 'maybe'"), std::string::npos) << s.message();
  s = ApplyTradeRules("recent_incorporation_days = soon\n", "r.conf", o);
  EXPECT_NE(s.message().find("r.conf:1: recent_incorporation_days"), std::string::npos) << s.message();
  for (const char* hex : {"0x10", "1e2", "inf"}) {
    s = ApplyTradeRules(std::string("recent_incorporation_days = ") + hex + "\n", "r.conf", o);
    EXPECT_NE(s.message().find("is not a decimal number"), std::string::npos) << hex << ": " << s.message();
  }
  s = ApplyTradeRules("party_hit\n", "r.conf", o);
  EXPECT_NE(s.message().find("r.conf:1: expected rule = value"), std::string::npos) << s.message();
  // Set twice, the last silently won: "chpl_item = block" then "= off" screened CHPL goods as PASS.
  s = ApplyTradeRules("chpl_item = block\nchpl_item = off\n", "r.conf", o);
  EXPECT_NE(s.message().find("r.conf:2: chpl_item: set twice"), std::string::npos) << s.message();
  // Off, a party not screened completely let the transaction PASS (docs/TRADE.md: never).
  s = ApplyTradeRules("screening_incomplete = off\n", "r.conf", o);
  EXPECT_NE(s.message().find("r.conf:1: screening_incomplete: cannot be switched off"), std::string::npos) << s.message();
  EXPECT_TRUE(o.screening_incomplete.enabled);
  EXPECT_TRUE(ApplyTradeRules("screening_incomplete = block\n", "r.conf", o).ok());
}

// Current codes, funds and metals, a withdrawn one (a transaction of its time), one newer than
// ICU 72's data.
TEST(TradeBadInput, Iso4217CurrenciesAreRead) {
  for (const char* code : {"USD", "EUR", "CNY", "CHF", "XAU", "DEM", "ZWG"}) {
    nlohmann::json j = Minimal();
    j["goods"][0]["currency"] = code;
    TradeResult r = ScreenTx(j.dump());
    EXPECT_EQ(r.verdict, Verdict::kPass) << code << ": " << ErrorText(r);
  }
}

// A goods line priced in the money of a country under a comprehensive embargo was PASS: a trade in
// North Korean won is a dealing with North Korea. Sectoral sanctions' currencies (RUB) are not.
TEST(TradeRules, TheCurrencyOfAnEmbargoedCountryIsReviewed) {
  for (const auto& [code, country] : {std::pair{"KPW", "North Korea (KP)"}, {"IRR", "Iran (IR)"}, {"SYP", "Syria (SY)"},
                                      {"CUP", "Cuba (CU)"}, {"CUC", "Cuba (CU)"}}) {
    nlohmann::json j = Minimal();
    j["goods"][0]["currency"] = code;
    TradeResult r = ScreenTx(j.dump());
    EXPECT_EQ(r.verdict, Verdict::kReview) << code;
    const Finding* f = Find(r, "geo", "goods[0].currency");
    ASSERT_NE(f, nullptr) << code;
    EXPECT_EQ(f->action, Verdict::kReview);
    EXPECT_EQ(f->reason.rfind(std::string(code) + " is the currency of " + country + ": ", 0), 0u) << f->reason;
  }
  for (const char* code : {"RUB", "EUR", "XAF", "USD"}) {
    nlohmann::json j = Minimal();
    j["goods"][0]["currency"] = code;
    EXPECT_EQ(ScreenTx(j.dump()).verdict, Verdict::kPass) << code;
  }
  nlohmann::json j = Minimal();
  j["goods"][0]["currency"] = "KPW";
  TradeOptions no_geo;
  ASSERT_TRUE(ApplyTradeRule("geo", "off", no_geo).ok());
  EXPECT_EQ(ScreenTx(j.dump(), no_geo).verdict, Verdict::kPass);
}

TEST(TradeBadInput, ErrorsNameTheJsonPathAndAreNeverPass) {
  struct Case {
    std::function<void(nlohmann::json&)> edit;
    const char* error;
  } cases[] = {
      {[](auto& j) { j.erase("parties"); }, "parties: missing"},
      {[](auto& j) { j["parties"] = nlohmann::json::array(); }, "parties: empty"},
      {[](auto& j) { j["parties"][1].erase("name"); }, "parties[1].name: missing"},
      {[](auto& j) { j["parties"][1]["name"] = "  "; }, "parties[1].name: empty"},
      {[](auto& j) { j["parties"][0]["name"] = 42; }, "parties[0].name: expected a string, got number"},
      {[](auto& j) { j["parties"][1]["role"] = "purchaser"; }, "parties[1].role: unknown role 'purchaser'"},
      {[](auto& j) { j["parties"][1]["country"] = "Narnia"; }, "parties[1].country: unknown country 'Narnia'"},
      {[](auto& j) { j["parties"][1]["adress"] = "Moscow"; }, "parties[1].adress: unknown field"},
      {[](auto& j) { j["parties"][1]["incorporation_date"] = "2023-02-30"; }, "parties[1].incorporation_date: '2023-02-30' is not a date"},
      {[](auto& j) { j["parties"][1]["identifiers"] = "INN 1"; }, "parties[1].identifiers: expected an array, got string"},
      {[](auto& j) { j["goods"][0]["hs_code"] = "85"; }, "goods[0].hs_code: HS code '85': 2 digits"},
      {[](auto& j) { j["goods"][0]["hs_code"] = "0854231"; }, "goods[0].hs_code: HS code '0854231': 7 digits"},
      // Read by its digits alone, 8542..31 was the listed 854231 and nothing said the code was malformed.
      {[](auto& j) { j["goods"][0]["hs_code"] = "8542..31"; }, "goods[0].hs_code: HS code '8542..31': separators doubled"},
      {[](auto& j) { j["goods"][0]["hs_code"] = 854231; }, "goods[0].hs_code: expected a string, got number"},
      {[](auto& j) { j["goods"][0].erase("hs_code"); }, "goods[0].hs_code: missing"},
      {[](auto& j) { j["goods"][0]["value"] = "1000"; }, "goods[0].value: expected a number, got string"},
      // The currency was only scanned as text: any word passed.
      {[](auto& j) { j["goods"][0]["currency"] = "XYZ"; }, "goods[0].currency: 'XYZ' is not an ISO 4217 currency code"},
      {[](auto& j) { j["goods"][0]["currency"] = "usd"; }, "goods[0].currency: 'usd' is not an ISO 4217"},
      {[](auto& j) { j["goods"][0]["currency"] = "US$"; }, "goods[0].currency: 'US$' is not an ISO 4217"},
      {[](auto& j) { j["goods"][0]["currency"] = "Rosoboronexport"; }, "goods[0].currency: 'Rosoboronexport' is not"},
      {[](auto& j) { j["goods"][0]["currency"] = ""; }, "goods[0].currency: empty"},
      {[](auto& j) { j["goods"][0]["currency"] = nullptr; }, "goods[0].currency: null"},
      {[](auto& j) { j["goods"][0]["currency"] = 840; }, "goods[0].currency: expected a string, got number"},
      {[](auto& j) { j["goods"][0]["value"] = -5; }, "goods[0].value: must be a non-negative number"},
      {[](auto& j) { j["goods"] = nlohmann::json::object(); }, "goods: expected an array, got object"},
      {[](auto& j) { j["route"] = {{"destination", {{"country", "Atlantis"}}}}; }, "route.destination.country: unknown country 'Atlantis'"},
      {[](auto& j) { j["route"] = {{"transshipment", {{{"port", 7}}}}}; }, "route.transshipment[0].port: expected a string"},
      {[](auto& j) { j["vessel"] = {{"name", "X"}, {"imo", "9187628"}}; }, "vessel.imo: '9187628' is not an IMO number"},
      {[](auto& j) { j["vessel"] = {{"name", "X"}, {"imo", 9187629.0}}; },
       "vessel.imo: expected the IMO number as a string or a whole number of 7 digits, got 9187629.0"},
      {[](auto& j) { j["vessel"] = {{"name", "X"}, {"imo", -9187629}}; }, "vessel.imo: expected the IMO number as a"},
      {[](auto& j) { j["letter_of_credit"] = "LC-1"; }, "letter_of_credit: expected an object, got string"},
      {[](auto& j) { j["date"] = "19/04/2024"; }, "date: '19/04/2024' is not a date"},
      {[](auto& j) { j["parties"][1]["incorporation_date"] = "2030-01-01"; j["date"] = "2024-01-01"; },
       "parties[1].incorporation_date: 2030-01-01 is after the transaction date"},
  };
  for (const Case& c : cases) {
    nlohmann::json j = Minimal();
    c.edit(j);
    TradeResult r = ScreenTx(j.dump());
    EXPECT_EQ(r.verdict, Verdict::kError) << c.error;
    EXPECT_TRUE(r.findings.empty());
    EXPECT_NE(ErrorText(r).find(c.error), std::string::npos) << ErrorText(r);
    EXPECT_EQ(TradeResultJson(r)["verdict"], "ERROR");
  }
  EXPECT_EQ(ScreenTx(Minimal().dump()).verdict, Verdict::kPass);
  TradeResult syntax = ScreenTx("{\"parties\": [");
  EXPECT_EQ(syntax.verdict, Verdict::kError);
  EXPECT_NE(ErrorText(syntax).find("not valid JSON at line 1, column"), std::string::npos) << ErrorText(syntax);
  EXPECT_EQ(ErrorText(syntax).find("json.exception"), std::string::npos) << "the library's words stay out";
  EXPECT_NE(ErrorText(ScreenTx("{\n  \"parties\": [],\n  oops\n}")).find("line 3, column"), std::string::npos);
  EXPECT_NE(ErrorText(ScreenTx(" \n")).find("empty"), std::string::npos);
  EXPECT_EQ(ScreenTx("[1, 2]").verdict, Verdict::kError);
  // A number too large for a double is an error, not an exception (found by fuzz_trade_json).
  TradeResult huge = ScreenTx("7.8E887");
  EXPECT_EQ(huge.verdict, Verdict::kError);
  EXPECT_NE(ErrorText(huge).find("not valid JSON"), std::string::npos) << ErrorText(huge);
}

// "country": null or "" was read as no country: the buyer's country, evidence for its list
// screening and the CHPL rules, was lost without a word (PASS).
TEST(TradeBadInput, ANullOrEmptyCountryIsAnErrorNamingTheField) {
  struct Case {
    std::function<void(nlohmann::json&, const nlohmann::json&)> edit;
    const char* field;
  } cases[] = {
      {[](auto& j, const auto& v) { j["parties"][1]["country"] = v; }, "parties[1].country"},
      {[](auto& j, const auto& v) { j["goods"][0]["origin_country"] = v; }, "goods[0].origin_country"},
      {[](auto& j, const auto& v) { j["route"] = {{"destination", {{"city", "Newburgh"}, {"country", v}}}}; },
       "route.destination.country"},
      {[](auto& j, const auto& v) { j["vessel"] = {{"name", "Ever Given"}, {"flag", v}}; }, "vessel.flag"},
  };
  for (const Case& c : cases)
    for (const nlohmann::json& value : {nlohmann::json(nullptr), nlohmann::json(""), nlohmann::json("  ")}) {
      nlohmann::json j = Minimal();
      c.edit(j, value);
      TradeResult r = ScreenTx(j.dump());
      EXPECT_EQ(r.verdict, Verdict::kError) << c.field << " = " << value.dump();
      std::string want = std::string(c.field) + (value.is_null() ? ": null" : ": empty");
      EXPECT_NE(ErrorText(r).find(want), std::string::npos) << ErrorText(r);
    }
  // Left out, there is no country: nothing to report.
  EXPECT_EQ(ScreenTx(Minimal().dump()).verdict, Verdict::kPass);
}

TEST(TradeBadInput, WithoutListsNothingPasses) {
  TradeScreener ts(nullptr, Policy(), goods::Chpl::Embedded());
  TradeResult r = ts.ScreenJson(Minimal().dump());
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_NE(ErrorText(r).find("no lists"), std::string::npos);
}

TEST(TradeRules, RecentIncorporationCountsDaysFromTheTransactionDate) {
  nlohmann::json j = Minimal();
  j["date"] = "2024-06-01";
  j["parties"][1]["incorporation_date"] = "2024-01-01";
  TradeResult r = ScreenTx(j.dump());
  ASSERT_EQ(r.verdict, Verdict::kReview);
  EXPECT_NE(r.findings[0].reason.find("152 days"), std::string::npos) << r.findings[0].reason;
  j["parties"][1]["incorporation_date"] = "2023-05-01";
  EXPECT_EQ(ScreenTx(j.dump()).verdict, Verdict::kPass);
  j["parties"][1]["role"] = "seller";  // the rule covers buyers, consignees and end users
  j["parties"][1]["incorporation_date"] = "2024-05-01";
  EXPECT_EQ(ScreenTx(j.dump()).verdict, Verdict::kPass);
}

TEST(TradeRules, ChplToTransshipmentCountryWithoutRussiaIsReview) {
  nlohmann::json j = Minimal();
  j["goods"][0]["hs_code"] = "8542.31.0001";
  j["parties"][1]["country"] = "Armenia";
  TradeResult r = ScreenTx(j.dump());
  ASSERT_EQ(r.verdict, Verdict::kReview);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "chpl_transshipment");
  EXPECT_NE(r.findings[0].reason.find("Armenia (parties[1].country)"), std::string::npos);
  j["parties"][1]["country"] = "Belarus";
  r = ScreenTx(j.dump());
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  EXPECT_NE(Find(r, "chpl_russia_belarus", "goods[0].hs_code"), nullptr);
}

}  // namespace
}  // namespace embargo::trade
