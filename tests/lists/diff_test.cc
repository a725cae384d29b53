#include "lists/diff.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "embargo/lists.h"

namespace embargo {
namespace {

const std::string kData = std::string(EMBARGO_SHARED_DATA);

Entity Make(const std::string& id, const std::string& name) {
  Entity e;
  e.id = id;
  e.dataset = "t";
  e.names.push_back(Name{name, NameKind::kPrimary});
  return e;
}

ListLoad Load(std::vector<Entity> entities) {
  ListLoad l;
  l.dataset = "t";
  l.entities = std::move(entities);
  return l;
}

// The real pair of OFAC snapshots: 8 entries left the list between 2024-05-02 and 2024-05-03.
TEST(DiffListsTest, OfacSnapshotsDifferByEightRemovals) {
  auto before = LoadOfacCsv(kData + "/ofac/sdn_2024-05-02/sdn.csv.gz", "ofac-sdn");
  auto after = LoadOfacCsv(kData + "/ofac/sdn_2024-05-03/sdn.csv", "ofac-sdn");
  ASSERT_TRUE(before.ok() && after.ok());
  ListDiff d = DiffLists({*before}, {*after});
  EXPECT_EQ(d.removed.size(), 8u);
  EXPECT_TRUE(d.added.empty());
  EXPECT_TRUE(d.changed.empty()) << d.changed[0].id << " " << d.changed[0].fields[0].field;
  for (const EntityChange& c : d.removed) {
    EXPECT_EQ(c.id.rfind("ofac-sdn:", 0), 0u);
    EXPECT_FALSE(c.caption.empty());
  }
}

TEST(DiffListsTest, AddedRemovedAndChangedFields) {
  Entity a = Make("t:1", "Alpha"), b = Make("t:2", "Beta"), c = Make("t:3", "Gamma");
  Entity b2 = b;
  b2.birth_dates.push_back(PartialDate{1970, 1, 2});
  b2.names.push_back(Name{"Bêta", NameKind::kStrongAlias});
  Entity c2 = c;  // the same names in another order is no change
  c.names.push_back(Name{"G", NameKind::kWeakAlias});
  c.names.push_back(Name{"H", NameKind::kWeakAlias});
  c2.names.push_back(Name{"H", NameKind::kWeakAlias});
  c2.names.push_back(Name{"G", NameKind::kWeakAlias});
  ListDiff d = DiffLists({Load({a, b, c})}, {Load({b2, c2, Make("t:4", "Delta")})});
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].id, "t:1");
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].caption, "Delta");
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].id, "t:2");
  ASSERT_EQ(d.changed[0].fields.size(), 2u);
  EXPECT_EQ(d.changed[0].fields[0].field, "names");
  EXPECT_EQ(d.changed[0].fields[0].after, "Beta; Bêta (aka)");
  EXPECT_EQ(d.changed[0].fields[1].field, "birth_dates");
  EXPECT_EQ(d.changed[0].fields[1].before, "");
  EXPECT_EQ(d.changed[0].fields[1].after, "1970-01-02");
  EXPECT_TRUE(DiffLists({Load({a})}, {Load({a})}).empty());
}

// The command line: `embargo lists diff OLD NEW` on the same pair, as a table and as JSON.
// The output with stderr after it, or stdout alone (JSON; the sides' warnings go to stderr).
std::string RunEmbargo(const std::string& args, int* status, bool with_stderr = true) {
  std::string cmd = std::string(EMBARGO_BINARY) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  *status = WEXITSTATUS(pclose(p));
  return out;
}

TEST(ListsDiffCliTest, TableAndJson) {
  const std::string old_file = kData + "/ofac/sdn_2024-05-02/sdn.csv.gz";
  const std::string new_dir = kData + "/ofac/sdn_2024-05-03";
  int status = 0;
  std::string table = RunEmbargo("lists diff " + old_file + " " + new_dir, &status);
  EXPECT_EQ(status, 1) << table;
  EXPECT_NE(table.find("0 added, 8 removed, 0 changed"), std::string::npos) << table;
  std::string json = RunEmbargo("lists diff " + old_file + " " + new_dir + " --format json", &status, false);
  EXPECT_EQ(status, 1);
  nlohmann::json j = nlohmann::json::parse(json);
  EXPECT_EQ(j["summary"]["removed"], 8);
  EXPECT_EQ(j["removed"].size(), 8u);
  EXPECT_TRUE(j["added"].empty());
  EXPECT_TRUE(j["changed"].empty());
  EXPECT_TRUE(j["incomplete"].empty());
  RunEmbargo("lists diff " + new_dir + " " + new_dir, &status);
  EXPECT_EQ(status, 0);
  std::string missing = RunEmbargo("lists diff /nonexistent " + new_dir, &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(missing.find("/nonexistent"), std::string::npos) << missing;
}

// A NEW cut short (OFAC's sdn.csv without its end byte 0x1A) showed its lost records as
// removed, exit 1, with no word of the cut: now refused naming the side, or with --allow-shrink
// diffed and said to be incomplete.
TEST(ListsDiffCliTest, ASideCutShortIsRefusedUnlessAllowShrink) {
  const std::string old_dir = kData + "/ofac/sdn_2024-05-03";
  const std::string cut = testing::TempDir() + "/diff_cut_" + std::to_string(getpid());
  std::system(("mkdir -p " + cut + " && head -n 14000 " + old_dir + "/sdn.csv > " + cut + "/sdn.csv").c_str());
  int status = 0;
  std::string refused = RunEmbargo("lists diff " + old_dir + " " + cut, &status);
  EXPECT_EQ(status, 2) << refused;
  EXPECT_NE(refused.find("NEW " + cut + ": list refused as incomplete"), std::string::npos) << refused;
  std::string backwards = RunEmbargo("lists diff " + cut + " " + old_dir, &status);
  EXPECT_EQ(status, 2) << backwards;
  EXPECT_NE(backwards.find("OLD " + cut + ": list refused as incomplete"), std::string::npos) << backwards;
  std::string allowed = RunEmbargo("lists diff " + old_dir + " " + cut + " --allow-shrink", &status);
  EXPECT_EQ(status, 1) << allowed;
  EXPECT_NE(allowed.find("NEW " + cut + " is incomplete (ofac-sdn: "), std::string::npos) << allowed;
  std::system(("rm -rf " + cut).c_str());
}

}  // namespace
}  // namespace embargo
