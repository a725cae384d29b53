// `embargo message` as a user runs it: one result per message, exit 0 / 1 / 2.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "../cli/run_embargo.h"

namespace {

using embargo_test::Embargo;
using embargo_test::Outcome;

std::string TestData(const std::string& name) { return std::string(EMBARGO_SOURCE_DIR) + "/tests/payments/testdata/" + name; }

TEST(MessageCli, CleanMessagesExitZero) {
  Outcome r = Embargo("message " + TestData("mt103_clean.txt") + " " + TestData("pacs008_clean.xml"));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  MT103 CLEAN0001"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("summary: PASS 2"), std::string::npos) << r.out;
}

// A pacs.008 of a version the reader does not know is read as .08, and both answers say so.
TEST(MessageCli, AnUnknownVersionSaysSo) {
  std::ifstream in(TestData("pacs008_clean.xml"));
  std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(xml.find("pacs.008.001.08"), std::string::npos);
  xml.replace(xml.find("pacs.008.001.08"), 15, "pacs.008.001.99");
  std::string file = testing::TempDir() + "/v99_" + std::to_string(getpid()) + ".xml";
  std::ofstream(file) << xml;
  Outcome text = Embargo("message " + file);
  Outcome json = Embargo("message --format json " + file);
  std::remove(file.c_str());
  EXPECT_NE(text.out.find("pacs.008.001.99 TESTCLEAN-0001"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("warning read pacs.008.001.99 as pacs.008.001.08"), std::string::npos) << text.out;
  auto j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << json.out << json.err;
  EXPECT_EQ(j["messages"][0]["type"], "pacs.008.001.99");
  EXPECT_EQ(j["messages"][0]["warnings"], nlohmann::json::array({"read pacs.008.001.99 as pacs.008.001.08"}));
}

TEST(MessageCli, JsonNamesFieldAndEntity) {
  Outcome r = Embargo("message --format json " + TestData("mt202_listed_bic.txt") + " " + TestData("mt103_clean.txt"));
  ASSERT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "BLOCK");
  ASSERT_EQ(j["messages"].size(), 2u);
  const auto& m = j["messages"][0];
  EXPECT_EQ(m["verdict"], "BLOCK");
  EXPECT_EQ(m["type"], "MT202");
  bool found = false;
  for (const auto& h : m["hits"])
    found = found || (h["field"] == "58A" && h["check"] == "bic" && h["entity_id"] == "ofac-sdn:906" && h["action"] == "BLOCK");
  EXPECT_TRUE(found) << m.dump();
  EXPECT_EQ(j["messages"][1]["verdict"], "PASS");
  EXPECT_EQ(j["counts"]["BLOCK"], 1);
}

TEST(MessageCli, BadInputExitsTwoNamingFileAndLine) {
  std::string bad = testing::TempDir() + "/bad_" + std::to_string(getpid()) + ".txt";
  std::ofstream(bad) << "{1:F01}\n{2:O}\n{4:\n:20:R1\n";
  Outcome r = Embargo("message " + bad + " " + TestData("mt103_sevastopol.txt"));
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("ERROR   could not screen: " + bad + ": line 1, field {1:}: block 1: expected 'F01'"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("line 4: truncated message"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("BLOCK  MT103 SEVASTOPOL01"), std::string::npos) << r.out;  // the other file is still screened
  Outcome missing = Embargo("message /nonexistent/payment.txt");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("/nonexistent/payment.txt"), std::string::npos) << missing.out;
}

// A name split across option F name lines made `embargo message` stop with exit 2 on
// "basic_string_view::substr", and the messages after it in a batch were never screened.
TEST(MessageCli, ANameSplitAcrossOptionFLinesDoesNotStopTheBatch) {
  std::string batch = testing::TempDir() + "/split_" + std::to_string(getpid()) + ".rje";
  std::ofstream(batch) << "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:REF1\n:23B:CRED\n"
                          ":32A:261128USD25000,00\n:50K:/GB29NWBK60161331926819\nNORTHWIND TRADING LIMITED\nLONDON GB\n"
                          ":71A:SHA\n:59F:/DE44\n1/VLADIMIR\n1/PUTIN\n3/RU/MOSCOW\n-}\n$\n"
                          "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:REF2\n:23B:CRED\n"
                          ":32A:261128USD100,00\n:50K:/GB29NWBK60161331926819\nNORTHWIND TRADING LIMITED\nLONDON GB\n"
                          ":71A:SHA\n:59F:/DE44\n1/KLAUS BERGMANN\n3/DE/MUNICH\n-}\n";
  Outcome r = Embargo("message --format json " + batch);
  std::remove(batch.c_str());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out << r.err;
  ASSERT_EQ(j["messages"].size(), 2u);
  EXPECT_EQ(j["messages"][0]["verdict"], "REVIEW");
  EXPECT_EQ(j["messages"][1]["verdict"], "PASS");
}

TEST(MessageCli, RjeBatchGivesOneResultPerMessage) {
  std::string path = std::string(EMBARGO_SHARED_DATA) + "/payments/MT103-out-ack.rje";
  if (!std::ifstream(path)) GTEST_SKIP() << path << " not present";
  Outcome r = Embargo("message --format json " + path);
  // Every message screened, none alerted (fictitious FOO names), each REVIEW for its placeholder
  // BIC BICFOOYY, in no country (OO).
  EXPECT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["messages"].size(), 13u);
  EXPECT_EQ(j["messages"][12]["line"], 220);
  for (const auto& m : j["messages"]) {
    EXPECT_EQ(m["verdict"], "REVIEW") << m.dump();
    for (const auto& h : m["hits"]) EXPECT_EQ(h["check"], "format") << h.dump();
  }
}

// Every text of a message is screened or said to be unread: a one-line change to a clean sample
// that puts a listed name (AYMAN AL ZAWAHIRI) where no reader looked must not PASS.
const std::string kListed = "AYMAN AL ZAWAHIRI";

// Clean sample `name` with `from` replaced by `to`, screened; the message's JSON result.
nlohmann::json ScreenEdited(const std::string& name, const std::string& from, const std::string& to) {
  std::ifstream in(TestData(name));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  static int copies = 0;
  std::string path = testing::TempDir() + "/edited_" + std::to_string(getpid()) + "_" + std::to_string(++copies) + "_" + name;
  std::ofstream(path) << text;
  Outcome r = Embargo("message --format json " + path);
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 1) << to << "\n" << r.out << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  return j.is_object() && !j["messages"].empty() ? j["messages"][0] : nlohmann::json::object();
}

// Whether the result has a finding of `check` in `field`.
bool HasHit(const nlohmann::json& m, const std::string& field, const std::string& check) {
  for (const auto& h : m.value("hits", nlohmann::json::array()))
    if (h["field"] == field && h["check"] == check) return true;
  return false;
}

const std::string kIsoCreditor = "<Cdtr><Nm>Klaus Bergmann</Nm>";

TEST(EveryTextScreened, IsoAccountNameIsTheAccountHoldersName) {
  nlohmann::json m = ScreenEdited("pacs008_clean.xml", kIsoCreditor,
                                  "<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id><Nm>" + kListed + "</Nm></CdtrAcct>" + kIsoCreditor);
  EXPECT_EQ(m["verdict"], "REVIEW");
  EXPECT_TRUE(HasHit(m, "CdtrAcct", "name")) << m.dump();
}

TEST(EveryTextScreened, IsoContactNameAndEveryNameOfAParty) {
  nlohmann::json contact = ScreenEdited("pacs008_clean.xml", kIsoCreditor, kIsoCreditor + "<CtctDtls><Nm>" + kListed + "</Nm></CtctDtls>");
  EXPECT_TRUE(HasHit(contact, "Cdtr/CtctDtls", "name")) << contact.dump();
  nlohmann::json second = ScreenEdited("pacs008_clean.xml", kIsoCreditor, kIsoCreditor + "<Nm>" + kListed + "</Nm>");
  EXPECT_TRUE(HasHit(second, "Cdtr", "name")) << second.dump();
}

// A party's e-mail address the lists give finds the listed record, whatever name it goes by.
TEST(EveryTextScreened, IsoContactEmailAddress) {
  nlohmann::json m = ScreenEdited("pacs008_clean.xml", kIsoCreditor,
                                  kIsoCreditor + "<CtctDtls><EmailAdr>Info@Arrai.tv</EmailAdr></CtctDtls>");
  EXPECT_TRUE(HasHit(m, "Cdtr", "name")) << m.dump();
  EXPECT_NE(m.dump().find("ofac-sdn:11166"), std::string::npos) << m.dump();
  EXPECT_NE(m.dump().find("listed Organization 'AL-RA'Y SATELLITE TELEVISION CHANNEL'"), std::string::npos) << m.dump();
}

TEST(EveryTextScreened, IsoTextOutsideTheTransaction) {
  nlohmann::json m = ScreenEdited("pacs008_clean.xml", "</CdtTrfTxInf>",
                                  "</CdtTrfTxInf><SplmtryData><Envlp><Nm>" + kListed + "</Nm></Envlp></SplmtryData>");
  EXPECT_TRUE(HasHit(m, "SplmtryData", "free_text")) << m.dump();
}

TEST(EveryTextScreened, IsoProxiesIssuersAndReferencesAreText) {
  nlohmann::json proxy = ScreenEdited("pacs008_clean.xml", kIsoCreditor,
                                      "<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id><Prxy><Id>" + kListed +
                                          "</Id></Prxy></CdtrAcct>" + kIsoCreditor);
  EXPECT_TRUE(HasHit(proxy, "CdtrAcct/Prxy/Id", "free_text")) << proxy.dump();
  nlohmann::json issuer = ScreenEdited("pacs008_clean.xml", "<Nm>Klaus Bergmann</Nm>",
                                       "<Nm>Klaus Bergmann</Nm><Id><PrvtId><Othr><Id>X1</Id><Issr>" + kListed +
                                           "</Issr></Othr></PrvtId></Id>");
  EXPECT_TRUE(HasHit(issuer, "Cdtr/Id/PrvtId/Othr/Issr", "free_text")) << issuer.dump();
  nlohmann::json ref = ScreenEdited("pacs008_clean.xml", "</EndToEndId>", "</EndToEndId><ClrSysRef>" + kListed + "</ClrSysRef>");
  EXPECT_TRUE(HasHit(ref, "PmtId/ClrSysRef", "free_text")) << ref.dump();
}

TEST(EveryTextScreened, IsoUnknownElementIsAFaultAndScreenedAsUnparsed) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {kIsoCreditor, "<RltdPties><Nm>" + kListed + "</Nm></RltdPties>" + kIsoCreditor},
           {"<CdtrAgt><FinInstnId>", "<CdtrAgt><Nm>" + kListed + "</Nm><FinInstnId>"},
           {"</Document>", "</Document>\n<Extra><Nm>" + kListed + "</Nm></Extra>"}}) {
    nlohmann::json m = ScreenEdited("pacs008_clean.xml", from, to);
    EXPECT_TRUE(HasHit(m, "unparsed", "free_text")) << to << m.dump();
    size_t faults = 0;
    for (const auto& h : m["hits"]) faults += h["check"] == "format";
    EXPECT_EQ(faults, 1u) << to << m.dump();  // the element, not each of its children
  }
}

TEST(EveryTextScreened, MtFieldNotDefinedForTheTypeIsAFaultAndScreened) {
  nlohmann::json m = ScreenEdited("mt103_clean.txt", ":70:RENT NOVEMBER\n", ":70:RENT NOVEMBER\n:99Z:" + kListed + "\n");
  EXPECT_TRUE(HasHit(m, "99Z", "format")) << m.dump();
  EXPECT_TRUE(HasHit(m, "unparsed", "free_text")) << m.dump();
}

TEST(EveryTextScreened, MtInstructionCodeInformationIsText) {
  nlohmann::json m = ScreenEdited("mt103_clean.txt", ":23B:CRED\n", ":23B:CRED\n:23E:PHOB/" + kListed + "\n");
  EXPECT_TRUE(HasHit(m, "23E", "free_text")) << m.dump();
}

TEST(EveryTextScreened, MtReferenceAndInformationFieldsAreText) {
  nlohmann::json m = ScreenEdited("mt103_clean.txt", ":23B:CRED\n", ":23B:CRED\n:26T:" + kListed + "\n");
  EXPECT_TRUE(HasHit(m, "26T", "free_text")) << m.dump();
  nlohmann::json cover = ScreenEdited("mt202_listed_bic.txt", ":21:REL001", ":21:" + kListed);
  EXPECT_TRUE(HasHit(cover, "21", "free_text")) << cover.dump();
}

}  // namespace
