// The FCDO UK Sanctions List and the 2022 OFSI format: fixtures written from the published
// column layouts (tests/lists/testdata/uk/), recognition in a directory, and links to other lists.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/io.h"
#include "common/strings.h"
#include "embargo/lists.h"
#include "embargo/screener.h"
#include "list_test_util.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

const std::string kUkDir = std::string(EMBARGO_SOURCE_DIR) + "/tests/lists/testdata/uk";
const std::string kFcdo = kUkDir + "/UK-Sanctions-List.csv";
const std::string kOfsi2022 = kUkDir + "/ConList_2022_format.csv";

bool HasId(const Entity& e, IdKind kind, const std::string& value) {
  return std::any_of(e.identifiers.begin(), e.identifiers.end(),
                     [&](const Identifier& i) { return i.kind == kind && i.value == value; });
}

TEST(UkFcdoCsvTest, TargetsNamesScriptsAndDetails) {
  auto r = LoadUkFcdoCsv(kFcdo);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->dataset, "uk-fcdo");
  EXPECT_EQ(r->format, "uk-fcdo-csv");
  EXPECT_EQ(r->published, "2026-11-27");
  ASSERT_EQ(r->entities.size(), 4u);
  EXPECT_EQ(CountBySchema(*r), (std::map<Schema, int>{{Schema::kPerson, 2}, {Schema::kOrganization, 1}, {Schema::kVessel, 1}}));

  const Entity* putin = FindEntity(*r, "uk-fcdo:RUS0251");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->names[0].value, "Vladimir Vladimirovich PUTIN");
  EXPECT_EQ(putin->names[0].kind, NameKind::kPrimary);
  EXPECT_TRUE(HasName(*putin, "Владимир Владимирович ПУТИН", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(*putin, "Vladimir POUTINE", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(*putin, "VOVA", NameKind::kWeakAlias));  // "Low quality" alias
  ASSERT_EQ(putin->birth_dates.size(), 1u);
  EXPECT_EQ(putin->birth_dates[0].ToString(), "1952-10-07");
  EXPECT_EQ(putin->nationalities, std::vector<std::string>{"RU"});
  EXPECT_EQ(putin->gender, "male");
  EXPECT_EQ(putin->programs, std::vector<std::string>{"Russia"});
  EXPECT_EQ(putin->listed_on, "2022-02-25");

  const Entity* rosneft = FindEntity(*r, "uk-fcdo:RUS1091");
  ASSERT_NE(rosneft, nullptr);
  EXPECT_TRUE(HasName(*rosneft, "ПАО НК Роснефть", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(*rosneft, "PJSC ROSNEFT", NameKind::kStrongAlias));
  EXPECT_TRUE(HasId(*rosneft, IdKind::kRegistration, "1027700043502"));
  ASSERT_EQ(rosneft->addresses.size(), 1u);
  EXPECT_EQ(rosneft->addresses[0].city, "Moscow");
  EXPECT_EQ(rosneft->addresses[0].country, "RU");

  const Entity* ship = FindEntity(*r, "uk-fcdo:RUS1870");
  ASSERT_NE(ship, nullptr);
  EXPECT_EQ(ship->schema, Schema::kVessel);
  EXPECT_TRUE(HasId(*ship, IdKind::kImo, "9312345"));
  EXPECT_EQ(ship->vessel_flag, "GA");

  const Entity* zawahiri = FindEntity(*r, "uk-fcdo:AQD0104");
  ASSERT_NE(zawahiri, nullptr);
  EXPECT_TRUE(HasId(*zawahiri, IdKind::kOther, "QDi.006"));
  EXPECT_TRUE(HasId(*zawahiri, IdKind::kPassport, "1084010"));

  // The rows without an id, with an unknown designation type, and a short row, by line.
  ASSERT_EQ(r->rejected.size(), 3u);
  EXPECT_EQ(r->rejected[0].line, 10u);
  EXPECT_NE(r->rejected[0].reason.find("missing or malformed Unique ID"), std::string::npos);
  EXPECT_EQ(r->rejected[1].line, 11u);
  EXPECT_NE(r->rejected[1].reason.find("unknown Designation Type 'Aircraft'"), std::string::npos);
  EXPECT_EQ(r->rejected[2].line, 12u);
  EXPECT_NE(r->rejected[2].reason.find("expected 58 fields, found 2"), std::string::npos);
  for (const auto& x : r->rejected) EXPECT_EQ(x.file, kFcdo);
}

TEST(UkOfsiCsvTest, The2022FormatIsReadByItsHeader) {
  auto r = LoadUkOfsiCsv(kOfsi2022);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "uk-ofsi-csv-2022");
  EXPECT_EQ(r->published, "2022-11-30");
  ASSERT_EQ(r->entities.size(), 2u);
  EXPECT_TRUE(r->rejected.empty());
  const Entity* lavrov = FindEntity(*r, "uk-ofsi:14196");
  ASSERT_NE(lavrov, nullptr);
  EXPECT_EQ(lavrov->names[0].value, "Sergei Viktorovich LAVROV");
  EXPECT_TRUE(HasName(*lavrov, "Сергей Викторович ЛАВРОВ", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(*lavrov, "Sergey LAVROV", NameKind::kStrongAlias));
  EXPECT_EQ(lavrov->birth_dates[0].ToString(), "1950-03-21");
  const Entity* zawahiri = FindEntity(*r, "uk-ofsi:6908");
  ASSERT_NE(zawahiri, nullptr);
  EXPECT_TRUE(HasId(*zawahiri, IdKind::kPassport, "1084010"));
  EXPECT_TRUE(HasId(*zawahiri, IdKind::kOther, "QDi.006"));
}

// One damaged byte in a UTF-8 file rejects its record; it does not turn the file into
// Windows-1252 and every Cyrillic name into mojibake.
TEST(UkOfsiCsvTest, OneStrayByteRejectsItsRecordNotTheFilesEncoding) {
  std::string text = *ReadFile(kOfsi2022);
  text.replace(text.find("AL-ZAWAHIRI,Ayman"), 17, "AL-ZAWAHIRI,Aym\xffn");
  std::string path = testing::TempDir() + "/stray_byte_" + std::to_string(getpid()) + ".csv";
  std::ofstream(path, std::ios::binary) << text;
  auto r = LoadUkOfsiCsv(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  RejectMalformedText(*r);
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_TRUE(HasName(*FindEntity(*r, "uk-ofsi:14196"), "Сергей Викторович ЛАВРОВ", NameKind::kStrongAlias));
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_NE(r->rejected[0].reason.find("\\xFF"), std::string::npos) << r->rejected[0].reason;
}

// A target's rows come in any order: an alias row read before the primary name's keeps its
// quality (Mus'ab OMAR's rows: AL-GREIN and THE DOCTOR "Low quality", QARIN "Good quality").
TEST(UkOfsiCsvTest, AnAliasReadBeforeThePrimaryNameKeepsItsQuality) {
  auto r = LoadListPath(std::string(EMBARGO_SOURCE_DIR) + "/data/lists/uk-ofsi/ConList.csv.gz");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Entity* omar = FindEntity((*r)[0], "uk-ofsi:13674");
  ASSERT_NE(omar, nullptr);
  EXPECT_EQ(omar->names[0].value, "Mus'ab Mustafa Abu al Qassim OMAR");
  EXPECT_EQ(omar->names[0].kind, NameKind::kPrimary);
  EXPECT_TRUE(HasName(*omar, "AL-GREIN", NameKind::kWeakAlias));
  EXPECT_TRUE(HasName(*omar, "THE DOCTOR", NameKind::kWeakAlias));
  EXPECT_TRUE(HasName(*omar, "Mus'ab Abu QARIN", NameKind::kStrongAlias));
  for (const Name& n : omar->names) EXPECT_FALSE(n.quality_unstated) << n.value;  // each row states it
  // Alexander MOZHAEV's alias GREEN has an empty quality column: strong, as far as this list says.
  const Entity* mozhaev = FindEntity((*r)[0], "uk-ofsi:16076");
  ASSERT_NE(mozhaev, nullptr);
  auto green = std::find_if(mozhaev->names.begin(), mozhaev->names.end(), [](const Name& n) { return n.value == "GREEN"; });
  ASSERT_NE(green, mozhaev->names.end());
  EXPECT_EQ(green->kind, NameKind::kStrongAlias);
  EXPECT_TRUE(green->quality_unstated);
  EXPECT_FALSE(mozhaev->names[0].quality_unstated);
  size_t primaries = 0;
  for (const Entity& e : (*r)[0].entities) {
    ASSERT_FALSE(e.names.empty()) << e.id;
    EXPECT_EQ(e.names[0].kind, NameKind::kPrimary) << e.id;
    primaries += static_cast<size_t>(std::count_if(e.names.begin(), e.names.end(),
                                                   [](const Name& n) { return n.kind == NameKind::kPrimary; }));
  }
  EXPECT_EQ(primaries, (*r)[0].entities.size());  // one each
}

// Regression: a header whose name column was renamed ("Name 1" as "Forename") loaded every
// record without that part of its names, none rejected. Every name column the loader reads is
// required, in each layout it reads (OFSI to 2022, OFSI 2022, FCDO), naming the header's line.
TEST(UkOfsiCsvTest, AHeaderWithoutANameColumnIsAnErrorNamingItsLine) {
  struct Layout {
    std::string file;
    bool fcdo;
    std::vector<std::string> columns;  // as the layout's header writes them
  };
  const std::vector<Layout> layouts = {
      {std::string(EMBARGO_SHARED_DATA) + "/uk_ofsi/ConList_2018-04-13.csv", false,
       {"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Alias Type"}},
      {kOfsi2022, false, {"Name 1", "Name 5", "Name Non-Latin Script", "Alias Type", "Alias Quality"}},
      {kFcdo, true, {"Name 1", "Name 4", "Name non-latin script", "Name type", "Alias strength"}}};
  for (const Layout& layout : layouts) {
    const std::string text = ReadFile(layout.file).value();
    ASSERT_TRUE((layout.fcdo ? LoadUkFcdoCsv(layout.file) : LoadUkOfsiCsv(layout.file)).ok()) << layout.file;
    for (const std::string& column : layout.columns) {
      std::string renamed = text;
      size_t header = renamed.find('\n') + 1;
      size_t at = renamed.find("," + column + ",", header - 1);
      ASSERT_LT(at, renamed.find('\n', header)) << column;
      renamed.replace(at + 1, column.size(), "Forename");
      std::string path = testing::TempDir() + "/renamed_" + std::to_string(getpid()) + ".csv";
      std::ofstream(path, std::ios::binary) << renamed;
      auto r = layout.fcdo ? LoadUkFcdoCsv(path) : LoadUkOfsiCsv(path);
      ASSERT_FALSE(r.ok()) << layout.file << ": " << column;
      EXPECT_EQ(r.status().message(), path + ":2: the header has no '" + Lower(column) +
                                          "' column: every record would be read without it");
      fs::remove(path);
    }
  }
}

TEST(UkFcdoCsvTest, EachLoaderRefusesTheOtherFormat) {
  auto a = LoadUkOfsiCsv(kFcdo);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("FCDO"), std::string::npos) << a.status().message();
  auto b = LoadUkFcdoCsv(kOfsi2022);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find(kOfsi2022), std::string::npos);
}

TEST(UkFcdoCsvTest, RecognisedInADirectoryAndLinkedToOtherLists) {
  auto uk = LoadListDirectory(kUkDir);
  ASSERT_TRUE(uk.ok()) << uk.status().ToString();
  ASSERT_EQ(uk->size(), 2u);
  EXPECT_EQ((*uk)[0].dataset, "uk-fcdo");
  EXPECT_EQ((*uk)[1].dataset, "uk-ofsi");

  auto lists = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists");
  ASSERT_TRUE(lists.ok());
  // The fixtures' OFSI file stands in for the bundled one (one version of a list at a time).
  std::erase_if(*lists, [](const ListLoad& l) { return l.dataset == "uk-ofsi"; });
  for (auto& l : *uk) lists->push_back(std::move(l));
  auto s = Screener::Build(std::move(*lists));
  ASSERT_TRUE(s.ok());
  auto r = (*s)->Screen({.name = "Ayman al-Zawahiri"});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  const Hit& h = r->hits[0];
  std::vector<std::string> ids = {h.entity->id};
  for (const auto& l : h.linked) ids.push_back(l.entity->id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"ofac-sdn:2676", "uk-fcdo:AQD0104", "uk-ofsi:6908", "un:QDi.006"}));
}

}  // namespace
}  // namespace embargo
