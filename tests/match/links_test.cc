// One subject listed by several authorities is one hit (docs/LINKING.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "bundled_screener.h"
#include "embargo/screener.h"

namespace embargo {
namespace {

const Screener& Bundled() { return BundledScreener(); }

const Hit* FindHit(const ScreenResult& r, const std::string& id) {
  for (const auto& h : r.hits) {
    if (h.entity->id == id) return &h;
    for (const auto& l : h.linked)
      if (l.entity->id == id) return &h;
  }
  return nullptr;
}

size_t Mentions(const ScreenResult& r, const std::string& id) {
  size_t n = 0;
  for (const auto& h : r.hits) {
    n += h.entity->id == id;
    for (const auto& l : h.linked) n += l.entity->id == id;
  }
  return n;
}

TEST(Links, UnAndOfacRecordsOfOnePersonAreOneHitByPassport) {
  auto r = Bundled().Screen({.name = "Ayman al-Zawahiri"});
  ASSERT_TRUE(r.ok());
  const Hit* h = FindHit(*r, "un:QDi.006");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h, FindHit(*r, "ofac-sdn:2676"));
  EXPECT_EQ(Mentions(*r, "un:QDi.006"), 1u);
  EXPECT_EQ(Mentions(*r, "ofac-sdn:2676"), 1u);
  // The UK lists him too, citing the UN reference ("(UN Ref):QDi.006") and his passport.
  const LinkedRecord* uk = nullptr;
  for (const LinkedRecord& l : h->linked)
    if (l.entity->dataset == "uk-ofsi") uk = &l;
  ASSERT_NE(uk, nullptr);
  EXPECT_TRUE(uk->reason == "same passport 1084010" || uk->reason == "same UN reference number QDi.006") << uk->reason;
  EXPECT_GT(uk->score, 0.8);  // the linked record was a hit too, and keeps its score
}

const Entity* ListEntity(const std::string& id) {
  for (const auto& list : Bundled().lists())
    for (const auto& e : list.entities)
      if (e.id == id) return &e;
  return nullptr;
}

// The links of one record without a query (the yente endpoints' nested entities use them).
TEST(Links, LinkedRecordsOfARecordAreTheOtherListsRecordsOfItsSubject) {
  const Entity* un = ListEntity("un:QDi.006");
  const Entity* ofac = ListEntity("ofac-sdn:2676");
  ASSERT_TRUE(un && ofac);
  std::vector<std::string> from_un, from_ofac;
  for (const LinkedRecord& l : Bundled().LinkedRecords(*un)) {
    from_un.push_back(l.entity->id);
    EXPECT_FALSE(l.reason.empty()) << l.entity->id;
    EXPECT_NE(l.entity->dataset, "un");  // records of one list are never linked
  }
  for (const LinkedRecord& l : Bundled().LinkedRecords(*ofac)) from_ofac.push_back(l.entity->id);
  EXPECT_NE(std::find(from_un.begin(), from_un.end(), "ofac-sdn:2676"), from_un.end());
  EXPECT_NE(std::find(from_ofac.begin(), from_ofac.end(), "un:QDi.006"), from_ofac.end());
  EXPECT_TRUE(std::is_sorted(from_un.begin(), from_un.end()));
  Entity stranger;  // not one of the Screener's entities
  EXPECT_TRUE(Bundled().LinkedRecords(stranger).empty());
}

TEST(Links, SameNameBirthDateAndNationalityLinkPersons) {
  auto r = Bundled().Screen({.name = "Omar Mahmoud Uthman"});
  ASSERT_TRUE(r.ok());
  const Hit* h = FindHit(*r, "un:QDi.031");
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(h, FindHit(*r, "ofac-sdn:6950"));
  ASSERT_FALSE(h->linked.empty());
  for (const LinkedRecord& l : h->linked) EXPECT_FALSE(l.reason.empty()) << l.entity->id;
}

// OFAC writes VALUEV, Nikolay Sergeyevich; the UK VALUEEV, Nikolai Sergeevich: the same
// consonants word for word and the same full birth date make one person.
TEST(Links, NamesWrittenAlikeWithOneBirthDateLinkPersons) {
  auto r = Bundled().Screen({.name = "Nikolay Valuev"});
  ASSERT_TRUE(r.ok());
  const Hit* h = FindHit(*r, "ofac-sdn:35577");
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(h, FindHit(*r, "uk-ofsi:14628"));
  bool written_alike = false;
  for (const LinkedRecord& l : h->linked)
    written_alike |= l.reason.find("written alike") != std::string::npos &&
                     l.reason.find("birth date 1973-08-21") != std::string::npos;
  EXPECT_TRUE(written_alike) << h->linked[0].reason;
}

// OFAC writes MILAD, Abd al-Rahman; the UN and the UK Abd Al-Rahman SALIM IBRAHIM AL-MILAD, with
// the same birth date and nationality: a full name written within another's is one person.
TEST(Links, ANameWrittenWithinAnotherWithOneBirthDateAndNationalityLinksPersons) {
  auto r = Bundled().Screen({.name = "Abd al-Rahman Milad"});
  ASSERT_TRUE(r.ok());
  const Hit* h = FindHit(*r, "ofac-sdn:24312");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h, FindHit(*r, "un:LYi.026"));
  EXPECT_EQ(r->hits.size(), 1u);
}

// Different full birth dates keep two records apart however alike the names (Igor Arkadyevich
// ROTENBERG: 1973-05-09 on the OFAC list, 1974-09-09 on the UK list).
TEST(Links, DifferentBirthDatesKeepRecordsApart) {
  auto r = Bundled().Screen({.name = "Igor Arkadyevich Rotenberg"});
  ASSERT_TRUE(r.ok());
  const Hit* ofac = FindHit(*r, "ofac-sdn:24183");
  ASSERT_NE(ofac, nullptr);
  EXPECT_NE(ofac, FindHit(*r, "uk-ofsi:14183"));
}

TEST(Links, MergingCanBeTurnedOff) {
  MatchOptions separate;
  separate.merge_linked = false;
  auto r = Bundled().Screen({.name = "Ayman al-Zawahiri"}, separate);
  ASSERT_TRUE(r.ok());
  const Hit* un = FindHit(*r, "un:QDi.006");
  const Hit* ofac = FindHit(*r, "ofac-sdn:2676");
  ASSERT_NE(un, nullptr);
  ASSERT_NE(ofac, nullptr);
  EXPECT_NE(un, ofac);
  EXPECT_TRUE(un->linked.empty());
}

// The 2018 UK list cites UN reference numbers in its free text ("UN Ref QDi.223").
TEST(Links, UkRecordCitingAUnReferenceIsLinkedToTheUnRecord) {
  const std::string uk = EMBARGO_SHARED_DATA "/uk_ofsi/ConList_2018-04-13.csv";
  if (!std::filesystem::exists(uk)) GTEST_SKIP() << "no " << uk;
  auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
  ASSERT_TRUE(lists.ok());
  auto ofsi = LoadUkOfsiCsv(uk);
  ASSERT_TRUE(ofsi.ok()) << ofsi.status().ToString();
  lists->push_back(std::move(*ofsi));
  auto s = Screener::Build(std::move(*lists));
  ASSERT_TRUE(s.ok());
  auto r = (*s)->Screen({.name = "Merai Zoghbi"});
  ASSERT_TRUE(r.ok());
  const Hit* h = FindHit(*r, "un:QDi.223");
  ASSERT_NE(h, nullptr);
  bool uk_linked = h->entity->dataset == "uk-ofsi";
  for (const auto& l : h->linked) {
    if (l.entity->dataset == "uk-ofsi") {
      uk_linked = true;
      EXPECT_EQ(l.reason, "same UN reference number QDi.223");
    }
  }
  EXPECT_TRUE(uk_linked);
}

// Synthetic records for the rules: what links, what keeps apart.
Entity Person(const std::string& dataset, const std::string& id, const std::string& name, PartialDate dob,
              const std::string& nationality) {
  Entity e;
  e.dataset = dataset;
  e.native_id = id;
  e.id = dataset + ":" + id;
  e.schema = Schema::kPerson;
  e.names.push_back({name, NameKind::kPrimary});
  e.birth_dates.push_back(dob);
  e.nationalities.push_back(nationality);
  return e;
}

Entity Vessel(const std::string& dataset, const std::string& id, const std::string& name, const std::string& imo) {
  Entity e;
  e.dataset = dataset;
  e.native_id = id;
  e.id = dataset + ":" + id;
  e.schema = Schema::kVessel;
  e.names.push_back({name, NameKind::kPrimary});
  e.identifiers.push_back({IdKind::kImo, imo, "IMO", ""});
  return e;
}

// `e` with one more alias; `unstated`: the list gives it without a quality.
Entity WithAlias(Entity e, const std::string& alias, NameKind kind, bool unstated = false) {
  e.names.push_back({alias, kind, unstated});
  return e;
}

std::unique_ptr<Screener> Build(std::vector<std::vector<Entity>> per_list) {
  std::vector<ListLoad> lists;
  const char* names[] = {"ofac-sdn", "un", "uk-ofsi"};
  for (size_t i = 0; i < per_list.size(); ++i) {
    ListLoad l;
    l.dataset = names[i];
    l.entities = std::move(per_list[i]);
    lists.push_back(std::move(l));
  }
  auto s = Screener::Build(std::move(lists));
  EXPECT_TRUE(s.ok());
  return std::move(*s);
}

TEST(Links, ConflictingBirthDatesOrImoNumbersKeepRecordsApart) {
  auto s = Build({{Person("ofac-sdn", "1", "Ivan Petrovich Sidorov", {1970, 3, 1}, "RU"),
                   Person("ofac-sdn", "2", "Olga Smirnova", {1980, 5, 5}, "RU"),
                   Vessel("ofac-sdn", "3", "OCEAN PRIDE", "9123456"), Vessel("ofac-sdn", "4", "SEA WIND", "9234567")},
                  {Person("un", "KPi.001", "Ivan Petrovich Sidorov", {1971, 3, 1}, "RU"),
                   Person("un", "KPi.002", "Olga Smirnova", {1980, 5, 5}, "RU"),
                   Vessel("un", "KPe.001", "OCEAN PRIDE", "9999998"), Vessel("un", "KPe.002", "SEA BREEZE", "9234567")}});
  auto sidorov = s->Screen({.name = "Ivan Sidorov"});
  ASSERT_TRUE(sidorov.ok());
  EXPECT_EQ(sidorov->hits.size(), 2u);  // same name, different birth dates: two subjects
  for (const auto& h : sidorov->hits) EXPECT_TRUE(h.linked.empty());
  auto olga = s->Screen({.name = "Olga Smirnova"});
  ASSERT_TRUE(olga.ok());
  ASSERT_EQ(olga->hits.size(), 1u);
  ASSERT_EQ(olga->hits[0].linked.size(), 1u);
  auto ocean = s->Screen({.name = "Ocean Pride"});
  ASSERT_TRUE(ocean.ok());
  EXPECT_EQ(ocean->hits.size(), 2u);  // same name, different IMO numbers
  // Same IMO under different names: one vessel, renamed. Found by either name, with both records.
  auto wind = s->Screen({.name = "Sea Breeze"});
  ASSERT_TRUE(wind.ok());
  ASSERT_EQ(wind->hits.size(), 1u);
  EXPECT_EQ(wind->hits[0].entity->id, "un:KPe.002");
  ASSERT_EQ(wind->hits[0].linked.size(), 1u);
  EXPECT_EQ(wind->hits[0].linked[0].entity->id, "ofac-sdn:4");
  EXPECT_EQ(wind->hits[0].linked[0].score, 0);  // not a hit by name, reachable all the same
  EXPECT_EQ(wind->hits[0].linked[0].reason, "same IMO 9234567");
}

TEST(Links, ANameWithinAnotherLinksOnlyWithTwoWordsTheSameBirthDateAndNationality) {
  auto s = Build({{Person("ofac-sdn", "1", "MILAD, Abd al-Rahman", {1986, 7, 27}, "LY"),
                   Person("ofac-sdn", "2", "PETROV, Ivan", {1970, 3, 1}, "RU"),
                   Person("ofac-sdn", "3", "Kassem", {1975, 1, 1}, "SY")},
                  {Person("un", "LYi.026", "Abd Al-Rahman SALIM IBRAHIM AL-MILAD", {1986, 7, 27}, "LY"),
                   Person("un", "UAi.001", "Ivan Sergeyevich PETROV", {1970, 3, 1}, "UA"),
                   Person("un", "SYi.001", "Omar Kassem", {1975, 1, 1}, "SY")}});
  auto linked_reason = [&](const std::string& name) {
    auto r = s->Screen({.name = name});
    EXPECT_TRUE(r.ok());
    for (const auto& h : r->hits)
      for (const auto& l : h.linked) return l.reason;
    return std::string();
  };
  EXPECT_NE(linked_reason("Abd al-Rahman Milad").find("within"), std::string::npos)
      << linked_reason("Abd al-Rahman Milad");
  EXPECT_EQ(linked_reason("Ivan Petrov"), "");   // another nationality
  EXPECT_EQ(linked_reason("Omar Kassem"), "");  // one word says too little
}

// A weak alias (a nickname) shared with the same birth date and nationality links two records
// only where one of them gives it as a full name: two lists' nicknames alone may be two people.
TEST(Links, AWeakAliasLinksOnlyToTheSameNameGivenInFull) {
  auto s = Build({{WithAlias(Person("ofac-sdn", "1", "Abd al-Rahman Milad", {1986, 7, 27}, "LY"), "al-Bija",
                             NameKind::kWeakAlias),
                   WithAlias(Person("ofac-sdn", "2", "Omar Kassem", {1975, 1, 1}, "SY"), "Abu Omar",
                             NameKind::kWeakAlias)},
                  {WithAlias(Person("un", "LYi.026", "Abdurahman Salem Milad", {1986, 7, 27}, "LY"), "al-Bija",
                             NameKind::kStrongAlias),
                   WithAlias(Person("un", "SYi.001", "Omar Haddad", {1975, 1, 1}, "SY"), "Abu Omar",
                             NameKind::kWeakAlias)}});
  auto linked = [&](const std::string& name) {
    auto r = s->Screen({.name = name});
    EXPECT_TRUE(r.ok());
    size_t n = 0;
    for (const auto& h : r->hits) n += h.linked.size();
    return n;
  };
  EXPECT_EQ(linked("Abd al-Rahman Milad"), 1u);
  EXPECT_EQ(linked("Omar Kassem"), 0u);
  EXPECT_EQ(linked("Omar Haddad"), 0u);
}

// An alias a list gives without a quality (a UK row with an empty quality column) is read as
// weak where a linked record of the same subject marks the same name weak; an alias whose
// quality is stated, or on a record linked to no other, keeps what its list says.
TEST(Links, AnAliasWithoutAQualityIsWeakWhereALinkedRecordMarksItSo) {
  auto s = Build({{WithAlias(Person("ofac-sdn", "1", "Alexander Mozhaev", {1978, 10, 2}, "RU"), "Green Rocco",
                             NameKind::kWeakAlias),
                   WithAlias(Person("ofac-sdn", "2", "Boris Orlov", {1980, 5, 6}, "RU"), "Silver Falcon",
                             NameKind::kWeakAlias)},
                  {WithAlias(Person("uk-ofsi", "3", "Alexander Mozhaev", {1978, 10, 2}, "RU"), "Green Rocco",
                             NameKind::kStrongAlias, true),
                   WithAlias(Person("uk-ofsi", "4", "Boris Orlov", {1980, 5, 6}, "RU"), "Silver Falcon",
                             NameKind::kStrongAlias),
                   WithAlias(Person("uk-ofsi", "5", "Pavel Sidorov", {1990, 1, 2}, "RU"), "Bronze Tiger",
                             NameKind::kStrongAlias, true)}});
  MatchOptions separate;
  separate.merge_linked = false;
  auto evidence_of = [&](const std::string& name, const std::string& id) -> std::string {
    auto r = s->Screen({.name = name}, separate);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& h : r->hits)
      if (h.entity->id == id) {
        for (const auto& ev : h.evidence)
          if (ev.kind == "weak_alias") return ev.detail;
        return "strong";
      }
    return "no hit";
  };
  EXPECT_EQ(evidence_of("Green Rocco", "uk-ofsi:3"),
            "the list gives \"Green Rocco\" without a quality, and the linked record ofac-sdn:1 marks it as a weak "
            "alias (a nickname or common name): met only as the whole name");
  EXPECT_EQ(evidence_of("Green Rocco", "ofac-sdn:1").rfind("the list marks \"Green Rocco\" as a weak alias", 0), 0u);
  EXPECT_EQ(evidence_of("Silver Falcon", "uk-ofsi:4"), "strong");  // the UK says "Good quality"
  EXPECT_EQ(evidence_of("Bronze Tiger", "uk-ofsi:5"), "strong");   // no other list's record to say otherwise
  // Weak, the alias is met only word for word; strong, a misspelling meets it.
  EXPECT_EQ(evidence_of("Green Roco", "uk-ofsi:3"), "no hit");
  EXPECT_EQ(evidence_of("Silver Falkon", "uk-ofsi:4"), "strong");
}

// A list may give one spelling of an alias as weak and the same words without a quality. The
// record's own weak spelling does not hide a linked record's word for the unstated one.
TEST(Links, AnAliasItsOwnRecordAlsoMarksWeakIsWeakOnALinkedRecordsWord) {
  Entity own = WithAlias(WithAlias(Person("ofac-sdn", "1", "Alexander Mozhaev", {1978, 10, 2}, "RU"), "ROCCO GREEN",
                                   NameKind::kWeakAlias),
                         "Green Rocco", NameKind::kStrongAlias, true);
  auto s = Build({{own}, {WithAlias(Person("un", "2", "Alexander Mozhaev", {1978, 10, 2}, "RU"), "Green Rocco",
                                    NameKind::kWeakAlias)}});
  MatchOptions separate;
  separate.merge_linked = false;
  auto r = s->Screen({.name = "Green Roco"}, separate);
  ASSERT_TRUE(r.ok());
  // Weak, neither spelling is met by a misspelling.
  EXPECT_EQ(FindHit(*r, "ofac-sdn:1"), nullptr);
  auto exact = s->Screen({.name = "Green Rocco"}, separate);
  ASSERT_TRUE(exact.ok());
  EXPECT_NE(FindHit(*exact, "ofac-sdn:1"), nullptr);
}

// On the bundled lists: the UK gives Alexander MOZHAEV's alias GREEN without a quality, OFAC's
// record of him marks it weak ('GREEN' in its remarks). "Al Green" is no longer his name.
TEST(Links, TheUkAliasGreenIsWeakAsOfacMarksIt) {
  MatchOptions separate;
  separate.merge_linked = false;
  auto green = Bundled().Screen({.name = "GREEN", .schema = Schema::kPerson}, separate);
  ASSERT_TRUE(green.ok());
  const Hit* uk = nullptr;
  for (const auto& h : green->hits)
    if (h.entity->id == "uk-ofsi:16076") uk = &h;
  ASSERT_NE(uk, nullptr);
  ASSERT_FALSE(uk->evidence.empty());
  EXPECT_EQ(uk->evidence[0].kind, "weak_alias");
  EXPECT_NE(uk->evidence[0].detail.find("linked record ofac-sdn:44911"), std::string::npos) << uk->evidence[0].detail;
  auto al_green = Bundled().Screen({.name = "Al Green", .schema = Schema::kPerson});
  ASSERT_TRUE(al_green.ok());
  EXPECT_EQ(FindHit(*al_green, "uk-ofsi:16076"), nullptr);
}

TEST(Links, RecordsOfOneListAreNeverLinkedEvenThroughAnother) {
  // Both OFAC records share the UN record's IMO, but one list never lists one subject twice:
  // only one of them joins the UN record.
  auto s = Build({{Vessel("ofac-sdn", "1", "NORTH STAR", "9345678"), Vessel("ofac-sdn", "2", "NORTH STAR", "9345678")},
                  {Vessel("un", "KPe.010", "NORTH STAR", "9345678")}});
  auto r = s->Screen({.name = "North Star"});
  ASSERT_TRUE(r.ok());
  size_t linked = 0;
  for (const auto& h : r->hits) {
    linked += h.linked.size();
    for (const auto& l : h.linked) EXPECT_NE(l.entity->dataset, h.entity->dataset);
  }
  EXPECT_EQ(linked, 1u);
  EXPECT_EQ(r->hits.size(), 2u);
}

}  // namespace
}  // namespace embargo
