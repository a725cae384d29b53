#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <tuple>
#include <string>
#include <vector>

#include "common/io.h"
#include "embargo/list_store.h"
#include "embargo/lists.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(EMBARGO_SHARED_DATA);

// A scratch directory of links to the shared data files, removed at the end of the test.
class ListDir {
 public:
  ListDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(testing::TempDir()) / ("embargo_dir_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ListDir() { fs::remove_all(path_); }
  void Link(const std::string& name, const std::string& shared_file) const {
    fs::create_directories((path_ / name).parent_path());
    fs::create_symlink(kData + "/" + shared_file, path_ / name);
  }
  std::string Write(const std::string& name, const std::string& bytes) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream((path_ / name).string(), std::ios::binary) << bytes;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::vector<std::string> Datasets(const std::vector<ListLoad>& loads) {
  std::vector<std::string> out;
  for (const ListLoad& l : loads) out.push_back(l.dataset + "/" + l.format);
  return out;
}

TEST(LoadListDirectoryTest, RecognisesEveryFormatAndSortsByDataset) {
  ListDir dir;
  dir.Link("UN_consolidated.xml", "un/UN_consolidated.xml");
  dir.Link("sdn/sdn.csv", "ofac/sdn_2024-05-03/sdn.csv");
  // Consolidated CSV set with upper-case names, as OFAC's download service spells them.
  dir.Link("cons/CONS_PRIM.CSV", "ofac/non_sdn_cons_2018-04/cons_prim.csv");
  dir.Link("cons/CONS_ALT.CSV", "ofac/non_sdn_cons_2018-04/cons_alt.csv");
  dir.Link("cons/CONS_ADD.CSV", "ofac/non_sdn_cons_2018-04/cons_add.csv");
  dir.Link("cons/CONS_COMMENTS.CSV", "ofac/non_sdn_cons_2018-04/cons_comments.csv");
  // Documentation and hidden files sit beside lists.
  dir.Write("README.md", "# where these files come from");
  dir.Write("cons/LICENSE.txt", "terms");
  dir.Write(".sync-state", "x");

  auto r = LoadListDirectory(dir.path());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Datasets(*r), (std::vector<std::string>{"ofac-cons/ofac-csv", "ofac-sdn/ofac-csv", "un/un-xml"}));
  EXPECT_EQ((*r)[0].entities.size(), 639u);
  EXPECT_EQ((*r)[0].files.size(), 4u);
  EXPECT_EQ((*r)[1].entities.size(), 14965u);
  EXPECT_EQ((*r)[2].entities.size(), 1003u);
}

TEST(LoadListDirectoryTest, GzipFilesAndSdnNamedXml) {
  ListDir dir;
  dir.Link("csv/sdn.csv.gz", "ofac/sdn_2024-05-02/sdn.csv.gz");
  dir.Link("xml/sdn_2018.xml", "ofac/non_sdn_cons_2018-04/consolidated.xml");  // named sdn*: ofac-sdn
  auto csv = LoadListDirectory(dir.path() + "/csv");
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  ASSERT_EQ(csv->size(), 1u);
  EXPECT_EQ((*csv)[0].entities.size(), 14973u);
  auto xml = LoadListDirectory(dir.path() + "/xml");
  ASSERT_TRUE(xml.ok()) << xml.status().message();
  ASSERT_EQ(xml->size(), 1u);
  EXPECT_EQ((*xml)[0].dataset, "ofac-sdn");
  EXPECT_EQ((*xml)[0].format, "ofac-xml");
}

// One list in two sub-folders of a lists folder would load its records twice, as two files in one folder would.
TEST(LoadListsInForceTest, OneListInTwoSubFoldersIsAnErrorNamingBoth) {
  ListDir dir;
  dir.Link("un/consolidated.xml", "un/UN_consolidated.xml");
  dir.Link("bis-dpl/consolidated.xml", "un/UN_consolidated.xml");
  auto r = LoadListsInForce("", dir.path());
  ASSERT_FALSE(r.ok()) << "loaded " << r->lists.size() << " lists";
  EXPECT_NE(r.status().message().find("two files of list 'un'"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("un/consolidated.xml"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("bis-dpl/consolidated.xml"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("keep one"), std::string::npos) << r.status().message();
}

// Two files of one list would load its records twice under the same ids.
TEST(LoadListDirectoryTest, TwoFilesOfOneListAreAnErrorNamingBoth) {
  ListDir dir;
  dir.Link("sdn.csv.gz", "ofac/sdn_2024-05-02/sdn.csv.gz");
  dir.Link("sdn_2018.xml", "ofac/non_sdn_cons_2018-04/consolidated.xml");
  auto r = LoadListDirectory(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("two files of list 'ofac-sdn'"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("sdn.csv.gz"), std::string::npos);
  EXPECT_NE(r.status().message().find("sdn_2018.xml"), std::string::npos);
}

TEST(LoadListDirectoryTest, BundledLists) {
  auto r = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 6u);
  EXPECT_EQ(Datasets(*r), (std::vector<std::string>{"bis-dpl/bis-dpl", "ofac-cons/ofac-csv", "ofac-sdn/ofac-csv",
                                                     "uk-ofsi/uk-ofsi-csv-2022", "un/un-xml", "us-csl/us-csl-csv"}));
  EXPECT_EQ((*r)[0].entities.size(), 579u);
  EXPECT_EQ((*r)[1].entities.size(), 442u);
  EXPECT_EQ((*r)[2].entities.size(), 14965u);
  EXPECT_EQ((*r)[3].entities.size(), 4688u);
  EXPECT_EQ((*r)[4].entities.size(), 1003u);
  EXPECT_EQ((*r)[5].entities.size(), 3163u);  // the CSL's own sources; its copies of OFAC and BIS left out
  // The DPL's two exact duplicate rows are rejected and reported; nothing else is.
  EXPECT_EQ((*r)[0].rejected.size(), 2u);
  for (size_t i = 1; i < r->size(); ++i) EXPECT_TRUE((*r)[i].rejected.empty()) << (*r)[i].dataset;
}

TEST(LoadListDirectoryTest, NoListIsAnErrorNamingTheDirectory) {
  ListDir dir;
  dir.Write("readme.txt", "nothing here");
  auto r = LoadListDirectory(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(dir.path()), std::string::npos);
  auto missing = LoadListDirectory(dir.path() + "/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(dir.path() + "/nope"), std::string::npos);
}

// A file that is not a list could be one in a format not read: refused, naming it and why, so that
// no list is silently left out.
TEST(LoadListDirectoryTest, UnrecognisedFileIsAnErrorNamingItAndWhy) {
  for (const auto& [name, bytes, why] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"notes.txt", "not a list", "its first lines match none of the lists read"},
           {"other.xml", "<?xml version=\"1.0\"?><!-- not a list --><export/>", "an XML file whose root element <export> is none of"},
           {"sub/list.pdf", "%PDF-1.4", "not a list file type"},
           {"add.csv", "1,2,3", "an OFAC companion file without its sdn.csv beside it"}}) {
    ListDir dir;
    dir.Link("un.xml", "un/UN_consolidated.xml");
    std::string path = dir.Write(name, bytes);
    auto r = LoadListDirectory(dir.path());
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_NE(r.status().message().find(path + ": not a list: " + why), std::string::npos) << r.status().message();
    auto single = LoadListPath(path);
    ASSERT_FALSE(single.ok());
    EXPECT_NE(single.status().message().find(why), std::string::npos) << single.status().message();
  }
}

// An entry that is neither a file nor a folder (a link to nothing, a link loop, a pipe), in the
// folder or a sub-folder, is an error naming it: before, it was passed over and the list it
// should have been was left out without a word. A link to a file is the file.
TEST(LoadListDirectoryTest, AnEntryNeitherFileNorFolderIsAnErrorNamingIt) {
  for (const std::string name : {"sdn.csv", "ofac-sdn", "ofac-sdn/sdn.csv", "loop", "pipe.csv"}) {
    ListDir dir;
    dir.Link("un.xml", "un/UN_consolidated.xml");
    fs::path entry = fs::path(dir.path()) / name;
    fs::create_directories(entry.parent_path());
    if (name == "loop") fs::create_symlink("loop", entry);
    else if (name == "pipe.csv") ASSERT_EQ(mkfifo(entry.c_str(), 0600), 0);
    else fs::create_symlink("/nonexistent/" + name, entry);
    auto r = LoadListDirectory(dir.path());
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().message().rfind(entry.string() + ": ", 0), 0u) << r.status().message();
    std::string why = name == "pipe.csv" ? "neither a file nor a folder" : "a link whose target cannot be read";
    EXPECT_NE(r.status().message().find(why), std::string::npos) << r.status().message();
  }
  ListDir hidden;  // hidden entries are never lists: an editor's dangling lock link is no list
  hidden.Link("un.xml", "un/UN_consolidated.xml");
  fs::create_symlink("/nonexistent", fs::path(hidden.path()) / ".#un.xml");
  auto r = LoadListDirectory(hidden.path());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Datasets(*r), std::vector<std::string>{"un/un-xml"});
}

// Regression: a list two folders down (R3/us/ofac/sdn.csv) was left out without a word; only the
// folder and its direct subfolders are read, so a folder inside a subfolder is an error naming it.
TEST(LoadListDirectoryTest, AFolderInsideASubfolderIsAnErrorNamingIt) {
  ListDir dir;
  dir.Link("un/consolidated.xml", "un/UN_consolidated.xml");
  dir.Link("us/ofac/sdn.csv", "ofac/sdn_2024-05-03/sdn.csv");
  auto r = LoadListDirectory(dir.path());
  ASSERT_FALSE(r.ok());
  std::string folder = (fs::path(dir.path()) / "us" / "ofac").string();
  EXPECT_EQ(r.status().message(), folder + ": a folder inside a subfolder of the list folder " + dir.path() +
                                      ", which is read with its direct subfolders only; a list there would be left "
                                      "out: move it up a level or out of the list folder");
  ListDir hidden;  // a hidden folder is never read, at any depth
  hidden.Link("un/consolidated.xml", "un/UN_consolidated.xml");
  hidden.Write("un/.git/HEAD", "ref: refs/heads/main\n");
  auto h = LoadListDirectory(hidden.path());
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_EQ(Datasets(*h), std::vector<std::string>{"un/un-xml"});
}

// Regression: a UTF-16 list was refused with its root element in NUL bytes ("<\0?\0x\0m\0l\0>"),
// or, for OFAC's CSV, as "no valid OFAC records (14966 rejected)" with no reason. Each is said to
// be UTF-16 (or UTF-32), with a byte order mark or without, naming the file.
TEST(LoadListDirectoryTest, AListInUtf16IsRefusedSayingSoNamingTheFile) {
  auto utf16le = [](std::string_view ascii, bool mark) {
    std::string out = mark ? "\xFF\xFE" : "";
    for (char c : ascii) out += std::string{c, '\0'};
    return out;
  };
  auto utf32be = [](std::string_view ascii) {
    std::string out;
    for (char c : ascii) out += std::string{'\0', '\0', '\0', c};
    return out;
  };
  const std::string un = ReadFile(kData + "/un/UN_consolidated.xml").value().substr(0, 20000);
  const std::string sdn = ReadFile(kData + "/ofac/sdn_2024-05-03/sdn.csv").value().substr(0, 20000);
  const std::string dpl = ReadFile(kData + "/bis/dpl.txt").value().substr(0, 20000);
  struct Case {
    std::string name, bytes, says;
  };
  for (const Case& c : std::vector<Case>{
           {"consolidated.xml", utf16le(un, true), "UTF-16: convert it to UTF-8 (the file is UTF-16 little-endian, with a byte order mark; lists are read as UTF-8)"},
           {"other.xml", utf16le(un, false), "UTF-16: convert it to UTF-8 (the file is UTF-16 little-endian;"},
           {"sdn.csv", utf16le(sdn, true), "UTF-16: convert it to UTF-8"},
           {"dpl.txt", utf32be(dpl), "UTF-32: convert it to UTF-8 (the file is UTF-32 big-endian;"}}) {
    ListDir dir;
    std::string path = dir.Write(c.name, c.bytes);
    auto r = LoadListDirectory(dir.path());
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().message().rfind(path + ": " + c.says, 0), 0u) << r.status().message();
    EXPECT_EQ(r.status().message().find('\0'), std::string::npos);
    auto single = LoadListPath(path);
    ASSERT_FALSE(single.ok()) << c.name;
    EXPECT_EQ(single.status().message().rfind(path + ": " + c.says, 0), 0u) << single.status().message();
  }
}

TEST(LoadListDirectoryTest, GzipBombIsRefusedNamingTheFile) {
  ListDir dir;
  std::string path = dir.path() + "/ofac-sdn/sdn.csv.gz";
  fs::create_directories(dir.path() + "/ofac-sdn");
  ASSERT_EQ(std::system(("head -c 100M /dev/zero | gzip -1 > " + path).c_str()), 0);
  auto r = LoadListDirectory(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path + ": decompresses to more than"), std::string::npos) << r.status().message();
}

TEST(LoadListDirectoryTest, BrokenListIsAnErrorNamingTheFile) {
  ListDir dir;
  dir.Link("un.xml", "un/UN_consolidated.xml");
  std::string bad = dir.Write("ofac/sdn.csv", "garbage\r\n");
  auto r = LoadListDirectory(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(bad), std::string::npos) << r.status().message();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The real UN list with one Windows-1252 byte (É of ÉRIC) in a file that says it is UTF-8: the
// record is rejected naming the file and line, not kept under a name no screening can meet.
TEST(LoadListDirectoryTest, NameNotUtf8IsARejectedRecordNamingFileAndLine) {
  ListDir dir;
  std::string text = ReadAll(kData + "/un/UN_consolidated.xml");
  size_t at = text.find("<FIRST_NAME>ERIC</FIRST_NAME>");
  ASSERT_NE(at, std::string::npos);
  text.replace(at + 12, 1, "\xC9");
  std::string path = dir.Write("un.xml", text);
  for (const auto& r : {LoadListDirectory(dir.path()), LoadListPath(path)}) {
    ASSERT_TRUE(r.ok()) << r.status().message();
    const ListLoad& un = (*r)[0];
    EXPECT_EQ(un.entities.size(), 1002u);
    ASSERT_EQ(un.rejected.size(), 1u);
    EXPECT_EQ(un.rejected[0].file, path);
    EXPECT_EQ(un.rejected[0].line, 7u);
    EXPECT_NE(un.rejected[0].reason.find("name \"\\xC9RIC BADEGE\" is not valid UTF-8"), std::string::npos)
        << un.rejected[0].reason;
  }
}

// A NUL byte inside a name (BANCO\0NACIONAL) would be screened as BANCONACIONAL: rejected too,
// whatever the format.
TEST(LoadListDirectoryTest, NulByteInANameIsARejectedRecord) {
  ListDir dir;
  std::string tail = ",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
  std::string path = dir.Write("sdn.csv", "1,\"GOOD BANK\"" + tail + "2,\"BANCO" + std::string(1, '\0') +
                                              "NACIONAL DE CUBA\"" + tail + "\x1A");
  auto r = LoadListDirectory(dir.path());
  ASSERT_TRUE(r.ok()) << r.status().message();
  const ListLoad& sdn = (*r)[0];
  ASSERT_EQ(sdn.entities.size(), 1u);
  EXPECT_EQ(sdn.entities[0].id, "ofac-sdn:1");
  ASSERT_EQ(sdn.rejected.size(), 1u);
  EXPECT_EQ(sdn.rejected[0].file, path);
  EXPECT_EQ(sdn.rejected[0].line, 2u);
  EXPECT_NE(sdn.rejected[0].reason.find("ofac-sdn:2: name \"BANCO\\x00NACIONAL DE CUBA\" holds a NUL byte"),
            std::string::npos)
      << sdn.rejected[0].reason;
}

// Every record malformed: no list, an error naming the file, as for any file without a valid record.
TEST(LoadListDirectoryTest, NoRecordWithWellFormedTextIsAnErrorNamingTheFile) {
  ListDir dir;
  std::string tail = ",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
  std::string path = dir.Write("sdn.csv", "1,\"A" + std::string(1, '\0') + "B\"" + tail + "\x1A");
  auto r = LoadListDirectory(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path + ": no valid records (1 rejected"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace embargo
