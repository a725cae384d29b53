// The embargo command as a user runs it: exit codes, output shapes and errors naming their cause.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "run_embargo.h"

namespace {

using embargo_test::Embargo;
using embargo_test::Outcome;

std::string Write(const std::string& name, const std::string& content) { return embargo_test::WriteTemp(name, content); }

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(Cli, ScreenJsonAlertsWithExplainedHits) {
  Outcome r = Embargo("screen 'Vladimir Putin' --format json");
  ASSERT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["alert"].get<bool>());
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_EQ(j["hits"][0]["schema"], "Person");
  EXPECT_EQ(j["hits"][0]["matched_name"], "PUTIN, Vladimir");  // an SDN alias (alt.csv)
  EXPECT_FALSE(j["hits"][0]["explanation"]["tokens"].empty());
  for (const auto& l : j["lists"])  // the records a loader rejected are counted in every answer
    EXPECT_EQ(l["rejected"], l["dataset"] == "bis-dpl" ? 2 : 0) << l.dump();
}

TEST(Cli, ScreenWithoutAlertExitsZero) {
  Outcome r = Embargo("screen 'Todd Young' --type person");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("no alert"), std::string::npos);
}

// --id ignores an identifier's formatting, not its letters: the listed passport AH567983 under
// other letters (same digits) is another passport, as `compare` reads it.
TEST(Cli, ScreenByIdCountsTheIdentifiersLetters) {
  // A label, then the letters and digits apart (a space, a slash), as documents print them, is
  // AH567983 too; and a label, then the digits alone, the bare number, which meets it.
  for (const char* id : {"AH567983", "'ah 567983'", "AH-567983", "'Passport No. AH 567983'", "'Passport 567983'",
                         "'Passport AH / 567983'", "No.AH567983"}) {
    Outcome r = Embargo(std::string("screen 'Olga Gonzalez' --id ") + id);
    EXPECT_EQ(r.status, 1) << id << r.out << r.err;
    EXPECT_NE(r.out.find("ofac-sdn:6724"), std::string::npos) << id << r.out;
  }
  // A label that names another kind of identifier (an IMO number is a vessel's) is not the passport.
  for (const char* id : {"XY567983", "'AB 567983'", "'Passport No. XY 567983'", "'IMO No. 567983'"}) {
    Outcome r = Embargo(std::string("screen 'Olga Gonzalez' --id ") + id);
    EXPECT_EQ(r.status, 0) << id << r.out << r.err;
    EXPECT_NE(r.out.find("no alert"), std::string::npos) << id << r.out;
  }
}

// `compare` reads an identifier's label as `screen --id` does: "Passport No. AH 567983" is AH567983.
TEST(Cli, CompareReadsAnIdentifiersLabel) {
  std::string pair = Write("passports.jsonl",
      R"({"left": {"schema": "Person", "properties": {"name": ["Maria Lopez"], "passportNumber": ["Passport No. AH 567983"]}}, "right": {"schema": "Person", "properties": {"name": ["Olga Gonzalez"], "passportNumber": ["AH567983"]}}})" "\n"
      R"({"left": {"schema": "Person", "properties": {"name": ["Maria Lopez"], "imoNumber": ["IMO No. 567983"]}}, "right": {"schema": "Person", "properties": {"name": ["Olga Gonzalez"], "passportNumber": ["AH567983"]}}})" "\n");
  Outcome r = Embargo("compare --pairs " + pair);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_TRUE(lines[0]["match"].get<bool>()) << lines[0];
  EXPECT_FALSE(lines[1]["match"].get<bool>()) << lines[1];  // an IMO number is no passport
}

// A report that could not be written (a full disk) is an error, whatever the command found.
TEST(Cli, UnwrittenReportIsAnError) {
  for (const char* args : {"screen 'Bob Smith'", "screen 'Vladimir Putin'", "goods 0101", "lists"}) {
    auto r = Embargo(std::string(args) + " >/dev/full");
    EXPECT_EQ(r.status, 2) << args << ": " << r.err;
    EXPECT_NE(r.err.find("stdout: write failed"), std::string::npos) << args << ": " << r.err;
  }
}

TEST(Cli, BadArgumentsAreErrorsNamingTheField) {
  Outcome empty = Embargo("screen '   '");
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("name"), std::string::npos);
  Outcome dob = Embargo("screen Putin --dob yesterday");
  EXPECT_EQ(dob.status, 2);
  EXPECT_NE(dob.err.find("dob"), std::string::npos);
  Outcome country = Embargo("screen Putin --country Atlantis");
  EXPECT_EQ(country.status, 2);
  EXPECT_NE(country.err.find("country"), std::string::npos);
  Outcome lists = Embargo("--lists /nonexistent/lists screen Putin");
  EXPECT_EQ(lists.status, 2);
  EXPECT_NE(lists.err.find("/nonexistent/lists"), std::string::npos);
  // 07/10/1952 could be July or October: refused, naming the formats accepted.
  Outcome ambiguous = Embargo("screen Putin --dob 07/10/1952");
  EXPECT_EQ(ambiguous.status, 2);
  EXPECT_NE(ambiguous.err.find("YYYY-MM-DD"), std::string::npos) << ambiguous.err;
  // A day the calendar lacks is a typo, not a birth date to weigh against the list's.
  Outcome no_day = Embargo("screen Putin --dob 1952-02-30");
  EXPECT_EQ(no_day.status, 2);
  EXPECT_NE(no_day.err.find("dob"), std::string::npos) << no_day.err;
  // "nan" passes every comparison-based range check; it must not fall back to the default unseen.
  for (const char* threshold : {"nan", "inf", "1.5", "-0.1", "0x1", "1e-1"}) {
    Outcome t = Embargo(std::string("screen Putin --threshold ") + threshold);
    EXPECT_EQ(t.status, 2) << threshold;
    EXPECT_NE(t.err.find("--threshold"), std::string::npos) << t.err;
  }
  // Bytes that are not UTF-8: the field named in embargo's words, not a JSON library's.
  for (const char* format : {"json", "table"}) {
    Outcome bytes = Embargo(std::string("screen \"$(printf 'Putin\\377')\" --format ") + format);
    EXPECT_EQ(bytes.status, 2) << format;
    EXPECT_NE(bytes.err.find("name: not valid UTF-8"), std::string::npos) << bytes.err;
    EXPECT_EQ(bytes.err.find("json.exception"), std::string::npos) << bytes.err;
  }
}

// Flags as people type them: global options after the command, suggestions, help, version.
TEST(Cli, FlagsHelpAndSuggestions) {
  Outcome after = Embargo("screen 'Vladimir Putin' --lists " EMBARGO_SOURCE_DIR "/data/lists --format json");
  EXPECT_EQ(after.status, 1) << after.err;
  Outcome typo = Embargo("scren Putin");
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.err.find("did you mean 'screen'"), std::string::npos) << typo.err;
  Outcome help = Embargo("help batch");
  EXPECT_EQ(help.status, 0) << help.err;
  EXPECT_NE(help.out.find("--input"), std::string::npos) << help.out;
  Outcome keys = Embargo("help config");
  EXPECT_NE(keys.out.find("decision_store"), std::string::npos) << keys.out;
  EXPECT_NE(keys.out.find("list_store"), std::string::npos) << keys.out;
  Outcome version = Embargo("--version");
  EXPECT_EQ(version.status, 0) << version.err;
  EXPECT_NE(version.out.find("embargo 0."), std::string::npos) << version.out;
  EXPECT_NE(version.out.find("ofac-sdn"), std::string::npos) << version.out;
  Outcome type = Embargo("screen 'Vladimir Putin' --type individual --format json");
  EXPECT_EQ(type.status, 1) << type.err;
}

// The JSON answer carries the threshold and the list versions, as the HTTP answer does; the
// table explains in plain words.
TEST(Cli, ScreenShowsThresholdListsAndPlainReasons) {
  Outcome j = Embargo("screen 'Vladimir Putin' --threshold 0.9 --format json");
  auto body = nlohmann::json::parse(j.out);
  EXPECT_EQ(body["threshold"], 0.9);
  ASSERT_TRUE(body["lists"].is_array());
  EXPECT_FALSE(body["lists"][0]["content_hash"].get<std::string>().empty());
  Outcome t = Embargo("screen 'Vladimir Putin'");
  EXPECT_NE(t.out.find("why: vladimir = vladimir exactly; putin = putin exactly"), std::string::npos) << t.out;
  // Every way two words meet has its words, none the engine's own name for it.
  Outcome near = Embargo("screen 'Evgueni Prigojine'");
  EXPECT_NE(near.out.find("prigojine \u2248 prigozhin, sounds nearly the same"), std::string::npos) << near.out;
}

TEST(Cli, BatchKeepsOrderAndReportsBadRowsInPlace) {
  std::string in = Write("batch.csv",
                         "id,name,type,extra\n"
                         "a,Vladimir Putin,person,x\n"
                         "b,,person,x\n"
                         "c,Todd Young,person,x\n"
                         "d,Igor Rotenberg,planet,x\n"
                         "e,too,few\n"
                         "f,\"ROTENBERG, Igor\",person,x\n");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 2) << r.err;  // rows failed: exit 2, after every other row was screened
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u);
  std::vector<std::string> ids;
  for (const auto& l : lines) ids.push_back(l["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  EXPECT_TRUE(lines[0]["alert"].get<bool>());
  EXPECT_EQ(lines[0]["hits"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_NE(lines[1]["error"].get<std::string>().find("batch.csv:3"), std::string::npos);
  EXPECT_NE(lines[1]["error"].get<std::string>().find("name"), std::string::npos);
  EXPECT_FALSE(lines[2]["alert"].get<bool>());
  EXPECT_NE(lines[3]["error"].get<std::string>().find("type"), std::string::npos);
  EXPECT_NE(lines[4]["error"].get<std::string>().find("batch.csv:6"), std::string::npos);
  std::vector<std::string> rotenberg;  // listed by OFAC and by the UK
  for (const auto& h : lines[5]["hits"]) rotenberg.push_back(h["entity_id"]);
  EXPECT_NE(std::find(rotenberg.begin(), rotenberg.end(), "ofac-sdn:24183"), rotenberg.end()) << lines[5].dump();
}

// Spreadsheets set to a locale with a decimal comma export with semicolons; others with tabs.
TEST(Cli, BatchReadsSemicolonAndTabSeparatedFiles) {
  std::string semi = Write("semi.csv", "ID;Name;Country\n1;PUTIN, Vladimir;RU\n2;Todd Young;US\n");
  Outcome r = Embargo("batch --input " + semi);
  EXPECT_EQ(r.status, 1) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_EQ(lines[0]["hits"][0]["entity_id"], "ofac-sdn:35096") << lines[0].dump();
  EXPECT_FALSE(lines[1]["alert"].get<bool>());
  std::string tab = Write("tab.tsv", "id\tname\n1\tSergei Lavrov\n");
  Outcome t = Embargo("batch --input " + tab);
  EXPECT_EQ(t.status, 1) << t.err;
  ASSERT_EQ(Lines(t.out).size(), 1u);
  // A comma inside a quoted header name does not outvote the semicolons.
  std::string quoted = Write("quoted.csv", "id;name;\"city, region\"\n1;Todd Young;x\n");
  EXPECT_EQ(Embargo("batch --input " + quoted).status, 0);
}

// A column batch does not read ("alias" holding Vladimir Putin) was ignored without a word: the
// row was clear. It is still not screened (files carry columns of their own), but named on stderr
// before and after the run.
TEST(Cli, BatchNamesTheColumnsItDoesNotRead) {
  std::string in = Write("alias.csv", "id,name,alias,\n1,John Smith,Vladimir Putin,x\n");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 1u);
  const std::string warning = "alias.csv:1: column(s) not read, so not screened: alias, column 4";
  const size_t first = r.err.find(warning);
  ASSERT_NE(first, std::string::npos) << r.err;
  EXPECT_NE(r.err.find(warning, first + 1), std::string::npos) << "named again after the summary: " << r.err;
  // Every column the documentation lists is read, in any letter case.
  std::string all = Write("allcols.csv", "ID,Name,Type,DOB,Country,ID_Number\n1,Todd Young,person,,US,\n");
  Outcome read = Embargo("batch --input " + all);
  EXPECT_EQ(read.status, 0);
  EXPECT_EQ(read.err.find("not read"), std::string::npos) << read.err;
}

// Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) became U+FFFD and the
// rows were screened; they are error rows naming the line and the byte, as invalid UTF-8 is.
TEST(Cli, BatchNamesBytesUndefinedInWindows1252) {
  std::string in = Write("undef1252.csv", "id,name\n1,\x81\x8D\x8F\n2,Ab\x90\x9D\n3,Jos\xe9 Mart\xednez\n");
  Outcome r = Embargo("batch --encoding cp1252 --input " + in);
  EXPECT_EQ(r.status, 2) << r.err;
  auto rows = Lines(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0]["verdict"], "error");
  EXPECT_EQ(rows[0]["field"], "name");
  EXPECT_NE(rows[0]["error"].get<std::string>().find("undef1252.csv:2: name: not valid UTF-8: byte 0x81 at byte 1"),
            std::string::npos) << rows[0];
  EXPECT_NE(rows[0]["error"].get<std::string>().find("nor a character in Windows-1252"), std::string::npos) << rows[0];
  EXPECT_NE(rows[1]["error"].get<std::string>().find("undef1252.csv:3: name: not valid UTF-8: byte 0x90 at byte 3"),
            std::string::npos) << rows[1];
  EXPECT_EQ(rows[2]["verdict"], "clear") << rows[2];
  EXPECT_EQ(rows[2]["name"], "Jos\u00e9 Mart\u00ednez");
}

// Regression: an unterminated quote swallowed the rows after it (Putin and Kim Jong Un vanished),
// and rows with an empty name, an unknown type or invalid UTF-8 came out as "alert": false with
// exit 0. Every line gets exactly one row, in order; a bad row is an error row naming its line
// and field, never "alert": false; the rows after it are screened; exit 2; a summary on stderr.
// A name the engine cannot read (no letters, more than 64 words) is such a row too.
TEST(Cli, BatchNeverLosesOrClearsARow) {
  std::string many_words;
  for (int i = 0; i < 65; ++i) many_words += "ivan ";
  std::string in = Write("failclosed.csv",
                         "id,name,type\n"
                         "1,\"Maria Lindqvist,person\n"
                         "2,Vladimir Putin,person\n"
                         "3,,person\n"
                         "4,Kim Jong Un,planet\n"
                         "5,Jos\xe9 Mart\xednez,person\n"
                         "6,Kim Jong Un,person\n"
                         "7,--- ...,person\n"
                         "8," + many_words + ",person\n");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 2) << r.err;
  auto rows = Lines(r.out);
  ASSERT_EQ(rows.size(), 8u) << r.out;
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8"}));
  const std::pair<size_t, const char*> errors[] = {{0, "failclosed.csv:2"}, {2, "failclosed.csv:4: name"},
                                                   {3, "failclosed.csv:5: type"}, {4, "failclosed.csv:6: name"},
                                                   {6, "failclosed.csv:8: name: no letters"},
                                                   {7, "failclosed.csv:9: name: more than 64 words"}};
  for (const auto& [i, where] : errors) {
    EXPECT_EQ(rows[i]["verdict"], "error") << rows[i];
    EXPECT_FALSE(rows[i].contains("alert")) << "an error row never reads as clear: " << rows[i];
    EXPECT_NE(rows[i]["error"].get<std::string>().find(where), std::string::npos) << rows[i];
  }
  EXPECT_EQ(rows[3]["field"], "type");
  EXPECT_EQ(rows[7]["field"], "name");
  EXPECT_TRUE(rows[1]["alert"].get<bool>());
  EXPECT_EQ(rows[1]["hits"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_TRUE(rows[5]["alert"].get<bool>());
  EXPECT_NE(r.err.find("8 rows, 2 alert(s), 6 error(s)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("6 of 8 row(s) could not be screened"), std::string::npos) << r.err;
  // With the encoding named, Windows-1252 is converted and the row is screened.
  Outcome cp = Embargo("batch --encoding cp1252 --input " + in);
  EXPECT_EQ(Lines(cp.out)[4]["name"], "Jos\u00e9 Mart\u00ednez");
  // Named for a UTF-8 file, it would read Cyrillic as other letters: refused.
  std::string utf8 = Write("utf8.csv", "id,name\n1,\u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440 \u041f\u0443\u0442\u0438\u043d\n");
  Outcome wrong = Embargo("batch --encoding cp1252 --input " + utf8);
  EXPECT_EQ(wrong.status, 2);
  EXPECT_NE(wrong.err.find("--encoding cp1252, but the file is UTF-8"), std::string::npos) << wrong.err;
  // Without it, a UTF-8 file with one damaged row keeps its other rows' letters.
  std::string damaged = Write("damaged.csv", "id,name\n1,\u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440 \u041f\u0443\u0442\u0438\u043d\n2,Jos\xe9\n");
  Outcome kept = Embargo("batch --input " + damaged);
  EXPECT_TRUE(Lines(kept.out).at(0)["alert"].get<bool>()) << kept.out;
  EXPECT_EQ(Lines(kept.out).at(1)["verdict"], "error") << kept.out;
}

// One row per hit with the reasons in plain words; a customer without hits only with --all.
TEST(Cli, BatchLimitsHitsPerRow) {
  std::string in = Write("common.csv", "id,name\na,محمد حسن\n");  // Mohammed Hassan, in any spelling
  auto hits = [&](const std::string& limit) {
    Outcome r = Embargo("batch --input " + in + limit);
    auto lines = Lines(r.out);
    return lines.size() == 1 ? lines[0]["hits"].size() : size_t{0};
  };
  EXPECT_EQ(hits(""), 10u);  // a common name alerts on more records than the default shows
  EXPECT_GT(hits(" --limit 100"), 10u);
  EXPECT_EQ(hits(" --limit 1"), 1u);
  EXPECT_EQ(Embargo("batch --input " + in + " --limit 0").status, 2);
  EXPECT_EQ(Embargo("screen Putin --limit 0").status, 2);
}

TEST(Cli, BatchCsvOutput) {
  std::string in = Write("csvout.csv", "id,name\nC1,Vladimir Putin\nC2,Maria Lindqvist\n");
  Outcome r = Embargo("batch --format csv --input " + in);
  EXPECT_EQ(r.status, 1) << r.err;
  std::istringstream lines(r.out);
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_EQ(header, "line,id,name,verdict,score,list,list_record_id,caption,programs,reasons,error");
  EXPECT_EQ(first.rfind("2,C1,Vladimir Putin,alert,", 0), 0u) << first;
  EXPECT_NE(first.find("ofac-sdn:35096"), std::string::npos) << first;
  EXPECT_NE(first.find("exactly"), std::string::npos) << first;
  EXPECT_EQ(r.out.find("C2"), std::string::npos) << r.out;
  Outcome all = Embargo("batch --format csv --all --input " + in);
  EXPECT_NE(all.out.find("\n3,C2,Maria Lindqvist,clear,"), std::string::npos) << all.out;
  // A cell a spreadsheet would run as a formula is written as text.
  std::string formula = Write("csvformula.csv", "id,name\n=1+2,Maria Lindqvist\n");
  Outcome f = Embargo("batch --format csv --all --input " + formula);
  EXPECT_NE(f.out.find("\n2,\"'=1+2\",Maria Lindqvist,clear,"), std::string::npos) << f.out;
}

// Regression: a NUL byte inside a name was read as a word break and copied raw into the CSV
// output. The row is an error row naming its line; no output holds a NUL byte.
TEST(Cli, BatchRefusesANulByteInARow) {
  std::string in = Write("nul.csv", "id,name\n1,Vladimir" + std::string(1, '\0') + "Putin\n2,Todd Young\n");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 2) << r.err;
  auto rows = Lines(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_EQ(rows[0]["verdict"], "error");
  EXPECT_EQ(rows[0]["field"], "name");
  EXPECT_NE(rows[0]["error"].get<std::string>().find("nul.csv:2: name: holds a NUL byte"), std::string::npos) << rows[0];
  EXPECT_EQ(rows[1]["verdict"], "clear") << rows[1];
  Outcome csv = Embargo("batch --format csv --all --input " + in);
  EXPECT_EQ(csv.out.find('\0'), std::string::npos);
  EXPECT_NE(csv.out.find("\n2,1,\"Vladimir\xEF\xBF\xBDPutin\",error,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\n3,2,Todd Young,clear,"), std::string::npos) << csv.out;
}

TEST(Cli, BatchNeedsIdAndNameColumns) {
  std::string in = Write("noname.csv", "id,fullname\n1,x\n");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("noname.csv:1"), std::string::npos);
  std::string twice = Write("twice.csv", "id,name,Name\n1,John Smith,Vladimir Putin\n");
  Outcome dup = Embargo("batch --input " + twice);
  EXPECT_EQ(dup.status, 2);
  EXPECT_NE(dup.err.find("twice.csv:1: header names the 'name' column twice (columns 2 and 3)"), std::string::npos) << dup.err;
  Outcome missing = Embargo("batch --input /nonexistent.csv");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("/nonexistent.csv"), std::string::npos);
}

// Regression: a file with old Mac line ends (CR only) was refused as having no 'name' column.
TEST(Cli, BatchNamesCrOnlyLineEnds) {
  std::string in = Write("oldmac.csv", "id,name\r1,Vladimir Putin\r2,Todd Young\r");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("oldmac.csv:1: line ends are CR only; expected LF or CRLF"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  // A UTF-16 file (Excel's "Unicode text") was refused as having no 'id' column.
  Outcome utf16 = Embargo("batch --input " + Write("utf16.csv", std::string("\xFF\xFEi\0d\0,\0n\0", 10)));
  EXPECT_EQ(utf16.status, 2);
  EXPECT_NE(utf16.err.find("utf16.csv:1: the file is UTF-16LE"), std::string::npos) << utf16.err;
  std::string crlf = Write("crlf.csv", "id,name\r\n1,Todd Young\r\n");
  Outcome ok = Embargo("batch --input " + crlf);
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(Lines(ok.out).size(), 1u);
}

TEST(Cli, ComparePairsOneLinePerPairErrorsInPlace) {
  std::string pairs = Write("pairs.jsonl",
      R"({"left": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"]}}, "right": {"schema": "Person", "properties": {"name": ["PUTIN, Vladimir Vladimirovich"], "birthDate": ["1952-10-07"]}}})" "\n"
      "{not json\n"
      R"({"left": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"]}}, "right": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1981-02-11"]}}})" "\n"
      "\n"
      R"({"left": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}, "right": {"schema": "Person", "properties": {"name": ["!!!"]}}})" "\n");
  Outcome r = Embargo("compare --pairs " + pairs);
  EXPECT_EQ(r.status, 2);  // one line was malformed
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(lines[i]["line"], i + 1);
  // A name that could not be compared: no decision, and the line it stands on (after a blank one).
  EXPECT_EQ(lines[3]["line"], 5);
  EXPECT_TRUE(lines[3]["match"].is_null()) << lines[3];
  EXPECT_NE(lines[3]["error"].get<std::string>().find("pairs.jsonl:5: right name '!!!': no letters or digits"),
            std::string::npos) << lines[3];
  EXPECT_TRUE(lines[0]["match"].get<bool>());
  EXPECT_NE(lines[1]["error"].get<std::string>().find("pairs.jsonl:2: not valid JSON at column 3"), std::string::npos)
      << lines[1];
  EXPECT_TRUE(lines[1]["match"].is_null()) << "a line not compared is no decision, never a non-match: " << lines[1];
  EXPECT_FALSE(lines[2]["match"].get<bool>());  // same name, contradicting birth date
  // Without the malformed lines: a pair that matches is something to review (1), as one compare.
  std::string good = Write("pairs_good.jsonl", R"({"left": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}, "right": {"schema": "Person", "properties": {"name": ["Vladimir Vladimirovich Putin"]}}})" "\n");
  EXPECT_EQ(Embargo("compare --pairs " + good).status, 1);
  // Two entities, no query and no list: the explanation speaks of left and right.
  EXPECT_TRUE(lines[0]["explanation"].contains("unmatched_right_tokens")) << lines[0];
  EXPECT_FALSE(lines[0]["explanation"].contains("unmatched_query_tokens")) << lines[0];
  EXPECT_EQ(lines[0]["explanation"]["tokens"][0]["left"], "vladimir") << lines[0];
  // A single entity file that is not JSON is refused at its line and column.
  std::string broken = Write("broken.json", "{\"schema\": \"Person\",\n \"properties\": {\"name\": [\"x\"]}\n");
  Outcome one = Embargo("compare " + broken + " " + broken);
  EXPECT_EQ(one.status, 2);
  EXPECT_NE(one.err.find("broken.json: not valid JSON at line 3, column 1"), std::string::npos) << one.err;
}

// A side's birth date that is none is an error naming it: dropped unread, 1952-02-30 against
// 1960-01-01 (a contradiction, no match, when both are dates) read as a match. An entity as
// exported (a member, a property or a country code no query carries) is compared, as are the
// labelled sets' pairs with their judgement; a pair's other member is refused.
TEST(Cli, CompareRefusesValuesItWouldDropUnread) {
  const std::string right = R"({"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1960-01-01"]}})";
  auto left = [](const std::string& property) {
    return R"({"schema": "Person", "origin": "x", "properties": {"name": ["Vladimir Putin"], )" + property + "}}";
  };
  std::string pairs = Write("unread.jsonl",
      "{\"left\": " + left(R"("birthDate": ["1952-02-30"])") + ", \"right\": " + right + "}\n" +
      "{\"left\": " + left(R"("nationality": ["suhh"], "permId": ["1"])") + ", \"right\": " + right +
      ", \"judgement\": \"positive\"}\n" +
      "{\"left\": " + left(R"("birthDate": ["1952-10-07"])") + ", \"right\": " + right + "}\n" +
      "{\"left\": " + left(R"("birthDate": ["1952-10-07"])") + ", \"right\": " + right + ", \"threshold\": 0.5}\n");
  Outcome r = Embargo("compare --pairs " + pairs);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  for (size_t i : {0, 3}) EXPECT_TRUE(lines[i]["match"].is_null()) << lines[i];
  auto error = [&](size_t i) { return lines[i].value("error", std::string()); };
  EXPECT_NE(error(0).find("unread.jsonl:1: left.properties.birthDate[0]: cannot read date '1952-02-30'"),
            std::string::npos) << lines[0];
  EXPECT_TRUE(lines[1]["match"].get<bool>()) << lines[1];   // no birth date to contradict
  EXPECT_FALSE(lines[2]["match"].get<bool>()) << lines[2];  // the dates read: they contradict
  // A pair's own threshold is read by no one: refused, not compared at the default.
  EXPECT_NE(error(3).find("unread.jsonl:4: pair.threshold: not a field read here (left, right, judgement)"),
            std::string::npos) << lines[3];
  // Two files: the error names the file and the side.
  Outcome one = Embargo("compare " + Write("left.json", left(R"("birthDate": ["07/10/1952"])")) + " " +
                        Write("right.json", right));
  EXPECT_EQ(one.status, 2) << one.out;
  EXPECT_NE(one.err.find("left.json: left.properties.birthDate[0]: cannot read date '07/10/1952'"), std::string::npos)
      << one.err;
}

TEST(Cli, ListsShowsEveryBundledList) {
  Outcome r = Embargo("lists --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, size_t> counts;
  for (const auto& l : j) counts[l["dataset"]] = l["entities"];
  EXPECT_EQ(counts["ofac-sdn"], 14965u);
  EXPECT_EQ(counts["ofac-cons"], 442u);
  EXPECT_EQ(counts["un"], 1003u);
}

TEST(Cli, UnusableListFileIsAnErrorNamingIt) {
  std::string dir = testing::TempDir() + "/badlists";
  std::system(("mkdir -p " + dir).c_str());
  std::ofstream(dir + "/consolidated.xml") << "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>";
  Outcome r = Embargo("--lists " + dir + " screen Putin");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("consolidated.xml"), std::string::npos) << r.err;
}

// A rejection reason quoting bytes that are not UTF-8 stopped `lists --format json` with the JSON
// library's words ("[json.exception.type_error.316] ...").
TEST(Cli, ListsAsJsonShowsBytesThatAreNotUtf8) {
  std::string dir = testing::TempDir() + "/badbytes_" + std::to_string(getpid());
  std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str());
  std::ofstream(dir + "/consolidated.xml")
      << "<CONSOLIDATED_LIST><INDIVIDUALS><X\xff/><INDIVIDUAL><FIRST_NAME>A B</FIRST_NAME>"
      << "<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
  Outcome r = Embargo("--lists " + dir + " --allow-shrink lists --format json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("<X\xEF\xBF\xBD> is no INDIVIDUAL"), std::string::npos) << r.out;
  std::system(("rm -rf " + dir).c_str());
}

// A folder of list files with a versions/ folder beside them was read as a list store with
// nothing in force: the bundled lists were screened, its own lists ignored, exit 0.
TEST(Cli, ListStoreHoldingOtherFilesIsAnErrorNamingThem) {
  std::string dir = testing::TempDir() + "/mixedlists_" + std::to_string(getpid());
  std::system(("rm -rf " + dir + " && mkdir -p " + dir + "/versions " + dir + "/own").c_str());
  std::ofstream(dir + "/own/entities.jsonl")
      << R"({"id": "q1", "schema": "Person", "properties": {"name": ["Qwertz Uiopass"]}})" << "\n";
  Outcome r = Embargo("--lists " + dir + " screen 'Qwertz Uiopass'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("but also holds 'own'"), std::string::npos) << r.err;
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace

namespace {

TEST(Cli, ConfigFileSetsListsAndThreshold) {
  std::string config = Write("embargo.conf", "# test\nlists = " EMBARGO_SOURCE_DIR "/data/lists\nthreshold = 0.99\n");
  Outcome strict = Embargo("--config " + config + " screen 'Vladimir Putine'");
  EXPECT_EQ(strict.status, 0) << strict.out << strict.err;  // 0.89 is under 0.99: no alert
  std::string bad = Write("bad.conf", "threshold = lots\n");
  Outcome r = Embargo("--config " + bad + " screen Putin");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad.conf:1"), std::string::npos) << r.err;
}

// One parser for every command: an unknown key is an error with the nearest known key, and
// `config check` validates a file without running anything.
TEST(Cli, ConfigUnknownKeysAndCheck) {
  std::string typo = Write("typo.conf", "lists = " EMBARGO_SOURCE_DIR "/data/lists\nthreshhold = 0.9\n");
  Outcome r = Embargo("--config " + typo + " screen Putin");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("typo.conf:2: unknown key 'threshhold'; did you mean 'threshold'?"), std::string::npos) << r.err;
  for (const char* command : {"lists update", "alerts list", "serve"}) {
    Outcome same = Embargo("--config " + typo + " " + command);
    EXPECT_EQ(same.status, 2) << command;
    EXPECT_NE(same.err.find("typo.conf:2: unknown key"), std::string::npos) << command << ": " << same.err;
  }
  Outcome check = Embargo("config check " + typo);
  EXPECT_EQ(check.status, 2);
  EXPECT_NE(check.err.find("typo.conf:2"), std::string::npos) << check.err;
  std::string good = Write("good.conf", "threshold = 0.9\nstore = /tmp/x.db\nupdate.max_drop = 5%\n");
  Outcome ok = Embargo("config check " + good);
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("good.conf:2: 'store' is deprecated; write 'decision_store'"), std::string::npos) << ok.out;
  // A setting given twice (under its old name too) is refused; ownership files add up.
  std::string twice = Write("twice.conf", "threshold = 0.9\nstore = /tmp/x.db\n\nthreshold = 0.5\n");
  Outcome again = Embargo("config check " + twice);
  EXPECT_EQ(again.status, 2);
  EXPECT_NE(again.err.find("twice.conf:4: threshold: already set at line 1"), std::string::npos) << again.err;
  std::string renamed = Write("renamed.conf", "store = /tmp/x.db\ndecision_store = /tmp/y.db\n");
  EXPECT_NE(Embargo("config check " + renamed).err.find("renamed.conf:2: decision_store: already set at line 1"),
            std::string::npos);
  // Regression: a source update.sources names but no source.NAME defines passed the check.
  std::string sources = Write("sources.conf", "threshold = 0.9\nupdate.sources = un nosuchsource\n");
  EXPECT_NE(Embargo("config check " + sources).err.find("sources.conf:2: update.sources: unknown source 'nosuchsource'"),
            std::string::npos);
  // Regression: with CR-only line ends the settings after the first were read into its value.
  for (const char* text : {"caller = bob\rownership = /nonexistent/a.csv\r", "# note\rcaller = bob\r"}) {
    Outcome cr = Embargo("config check " + Write("cr.conf", text));
    EXPECT_EQ(cr.status, 2) << text;
    EXPECT_NE(cr.err.find("cr.conf:1: a carriage return inside the line"), std::string::npos) << cr.err;
  }
  EXPECT_EQ(Embargo("config check " + Write("crlf.conf", "threshold = 0.9\r\ncaller = bob\r\n")).status, 0);
  std::string graphs = Write("graphs.conf", "ownership = /nonexistent/a.csv\nownership = /nonexistent/b.csv\n");
  Outcome both = Embargo("config check " + graphs);  // read whole; then the first file is missing
  EXPECT_NE(both.err.find("graphs.conf:1: ownership: /nonexistent/a.csv does not exist"), std::string::npos) << both.err;
  // Regression: a graph the config file names that cannot be read, or an empty one, failed as
  // "--ownership: nonexist.csv: cannot open file", naming neither the config file nor its line.
  std::string no_graph = Write("graph.conf", "threshold = 0.8\nownership = /nonexistent/a.csv\n");
  Outcome unread = Embargo("--config " + no_graph + " screen Putin");
  EXPECT_EQ(unread.status, 2);
  EXPECT_NE(unread.err.find("graph.conf:2: ownership: /nonexistent/a.csv"), std::string::npos) << unread.err;
  Outcome flag = Embargo("--ownership /nonexistent/b.csv screen Putin");
  EXPECT_EQ(flag.status, 2);
  EXPECT_NE(flag.err.find("--ownership: /nonexistent/b.csv"), std::string::npos) << flag.err;
  std::string empty_graph = Write("empty_graph.conf", "threshold = 0.8\nownership =\n");
  for (const std::string& command : {"config check " + empty_graph, "--config " + empty_graph + " screen Putin"}) {
    Outcome empty = Embargo(command);
    EXPECT_EQ(empty.status, 2) << command;
    EXPECT_NE(empty.err.find("empty_graph.conf:2: ownership: expected a path"), std::string::npos) << empty.err;
  }
  std::string missing = Write("missing.conf", "lists = /nonexistent/lists\n");
  Outcome gone = Embargo("config check " + missing);
  EXPECT_EQ(gone.status, 2);
  EXPECT_NE(gone.err.find("missing.conf:1: lists: /nonexistent/lists"), std::string::npos) << gone.err;
  Outcome screened = Embargo("--config " + missing + " screen Putin");
  EXPECT_EQ(screened.status, 2);
  EXPECT_NE(screened.err.find("missing.conf:1: lists: /nonexistent/lists"), std::string::npos) << screened.err;
  // Regression: a list store the file names but that is not there screened the bundled lists.
  std::string store = Write("store.conf", "threshold = 0.9\nlist_store = /nonexistent/store\n");
  Outcome no_store = Embargo("--config " + store + " screen Putin");
  EXPECT_EQ(no_store.status, 2);
  EXPECT_NE(no_store.err.find("store.conf:2: list_store: /nonexistent/store: list store does not exist"), std::string::npos)
      << no_store.err;
  Outcome store_check = Embargo("config check " + store);
  EXPECT_EQ(store_check.status, 0) << store_check.err;
  EXPECT_NE(store_check.out.find("store.conf:2: list_store: /nonexistent/store does not exist yet"), std::string::npos)
      << store_check.out;
  // Regression: an empty host passed the check and failed `serve` without naming the line; a byte
  // order mark made the first key unknown.
  Outcome host = Embargo("config check " + Write("host.conf", "threshold = 0.9\nhost = \n"));
  EXPECT_EQ(host.status, 2);
  EXPECT_NE(host.err.find("host.conf:2: host: expected an IP address"), std::string::npos) << host.err;
  EXPECT_EQ(Embargo("config check " + Write("named.conf", "host = localhost\n")).status, 2);
  EXPECT_EQ(Embargo("config check " + Write("v6.conf", "host = ::1\n")).status, 0);
  EXPECT_EQ(Embargo("config check " + Write("bom.conf", "\xEF\xBB\xBFthreshold = 0.9\n")).status, 0);
}

// Relative paths in a config file name files beside it: the same file used from two working
// directories records into one decision store, not two (an audit trail split in two).
TEST(Cli, ConfigFileRelativePathsAreBesideTheFile) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(testing::TempDir()) / ("config_relative_" + std::to_string(getpid()));
  fs::create_directories(root / "conf");
  fs::create_directories(root / "elsewhere");
  std::string lists = fs::relative(fs::path(EMBARGO_SOURCE_DIR) / "data/lists", root / "conf").string();
  std::ofstream(root / "conf/f.conf") << "lists = " << lists << "\ndecision_store = audit.db\ncaller = tester\n";
  for (const char* from : {"conf", "elsewhere"}) {
    std::string cmd = "cd " + (root / from).string() + " && " + EMBARGO_BINARY + " --config " + (root / "conf/f.conf").string() +
                      " screen 'Vladimir Putin' --record >/dev/null 2>" + (root / "err.txt").string();
    int rc = std::system(cmd.c_str());
    std::ifstream err(root / "err.txt");
    std::string text((std::istreambuf_iterator<char>(err)), {});
    EXPECT_EQ(WEXITSTATUS(rc), 1) << from << ": " << text;
  }
  EXPECT_TRUE(fs::exists(root / "conf/audit.db"));
  EXPECT_FALSE(fs::exists(root / "elsewhere/audit.db")) << "a second store, beside the working directory";
  Outcome audit = Embargo("audit export --decision-store " + (root / "conf/audit.db").string());
  EXPECT_EQ(std::count(audit.out.begin(), audit.out.end(), '\n'), 2) << audit.out << audit.err;
  Outcome check = Embargo("config check " + (root / "conf/f.conf").string());
  EXPECT_EQ(check.status, 0) << check.err;
}

// `config check` names the line of a decision store that cannot be created and of a key file
// that cannot be read.
TEST(Cli, ConfigCheckNamesTheLineOfAMissingStoreDirectoryOrKeyFile) {
  Outcome store = Embargo("config check " + Write("nostore.conf", "threshold = 0.9\ndecision_store = /nonexistent/dir/audit.db\n"));
  EXPECT_EQ(store.status, 2);
  EXPECT_NE(store.err.find("nostore.conf:2: decision_store: /nonexistent/dir/audit.db: the directory /nonexistent/dir does not exist"),
            std::string::npos)
      << store.err;
  Outcome pg = Embargo("config check " + Write("pgstore.conf", "decision_store = postgresql://u@127.0.0.1/db\n"));
  EXPECT_EQ(pg.status, 0) << pg.err;
  Outcome keys = Embargo("config check " + Write("nokeys.conf", "# keys\napi_keys = nokeys.txt\n"));
  EXPECT_EQ(keys.status, 2);
  EXPECT_NE(keys.err.find("nokeys.conf:2: api_keys: "), std::string::npos) << keys.err;
  EXPECT_NE(keys.err.find("nokeys.txt"), std::string::npos) << keys.err;
}

// The server takes host, port and the API key file from the config file; the command line wins.
TEST(Cli, ConfigFileSetsServeHostPortAndKeys) {
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(sock);
  std::string keys = Write("serve_keys.txt", "# sha256 of test-key\n62af8704764faf8ea82fc61ce9c4c3908b6cb97d463a634e9e587d7c885db0ef\n");
  std::string config = Write("serve.conf", "host = 127.0.0.1\nport = " + std::to_string(port) + "\napi_keys = " + keys +
                                               "\nmax_list_age_hours = 48\n");
  std::string log = testing::TempDir() + "/serve_" + std::to_string(getpid()) + ".log";
  std::string pid_file = log + ".pid";
  std::system((std::string(EMBARGO_BINARY) + " --config " + config + " serve 2>" + log + " & echo $! >" + pid_file).c_str());
  std::string text;
  for (int i = 0; i < 300 && text.find("listening") == std::string::npos && text.find("embargo:") == std::string::npos; ++i) {
    usleep(100000);
    std::ifstream in(log);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ifstream pid_in(pid_file);
  int pid = 0;
  pid_in >> pid;
  if (pid > 0) kill(pid, SIGTERM);
  EXPECT_NE(text.find("listening on http://127.0.0.1:" + std::to_string(port)), std::string::npos) << text;
  EXPECT_NE(text.find("API keys required"), std::string::npos) << text;

  std::string bad = Write("bad_serve.conf", "host = 127.0.0.1\nport = 70000\n");
  Outcome r = Embargo("--config " + bad + " serve");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad_serve.conf:2: port"), std::string::npos) << r.err;
}

}  // namespace
