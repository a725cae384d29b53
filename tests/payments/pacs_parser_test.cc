// ISO 20022 pacs.008 / pacs.009 parser: public CBPR+ samples, hand-written messages, bad input.
#include "payments/iso20022/pacs_parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "payments/parse.h"
#include "payment_test_files.h"

namespace embargo::payments {
namespace {

const Party* ByField(const PaymentMessage& m, const std::string& field) {
  for (const auto& p : m.parties)
    if (p.field == field) return &p;
  return nullptr;
}

PaymentMessage ParseOk(const std::string& xml) {
  auto m = ParsePacs(xml);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : PaymentMessage{};
}

std::string ParseError(const std::string& xml) {
  auto m = ParsePacs(xml);
  EXPECT_FALSE(m.ok());
  return m.ok() ? "" : m.status().message();
}

TEST(PacsParserSamples, Pacs008EnvelopeWithPrefixes) {
  REQUIRE_SHARED(Shared("cbpr_c.106.2.1.a_pacs.008_AtoB.xml"));
  PaymentMessage m = ParseOk(Slurp(Shared("cbpr_c.106.2.1.a_pacs.008_AtoB.xml")));
  EXPECT_EQ(m.type, "pacs.008.001.08");
  EXPECT_EQ(m.reference, "pacs008bzmsgid-1");
  EXPECT_EQ(m.currency, "RON");
  EXPECT_EQ(m.amount, "65784.32");
  EXPECT_EQ(m.uetr, "7a562c67-ca16-48ba-b074-65581be6f001");
  // AppHdr Fr/To, InstgAgt, InstdAgt, IntrmyAgt1, Dbtr, DbtrAgt, CdtrAgt, Cdtr.
  ASSERT_EQ(m.parties.size(), 9u);
  EXPECT_EQ(ByField(m, "AppHdr/Fr")->bic, "MYMBGB2LXXX");
  EXPECT_EQ(ByField(m, "IntrmyAgt1")->bic, "RZBRROBUXXX");
  const Party* dbtr = ByField(m, "Dbtr");
  EXPECT_EQ(dbtr->name, "S Baldrick");
  EXPECT_EQ(dbtr->town, "London");
  EXPECT_EQ(dbtr->country, "GB");
  EXPECT_EQ(dbtr->account, "25698745");
  EXPECT_EQ(dbtr->address_lines, std::vector<std::string>{"10 Bean Street"});
  EXPECT_FALSE(dbtr->institution);
  const Party* cdtr = ByField(m, "Cdtr");
  EXPECT_EQ(cdtr->name, "A Tate");
  EXPECT_EQ(cdtr->country, "RO");
  EXPECT_TRUE(ByField(m, "CdtrAgt")->institution);
  EXPECT_EQ(ByField(m, "CdtrAgt")->bic, "GEBABEBBXXX");
}

TEST(PacsParserSamples, Pacs008MaxHasEveryPartyAndAgent) {
  REQUIRE_SHARED(Shared("cbpr2025_pacs.008.max.xml"));
  PaymentMessage m = ParseOk(Slurp(Shared("cbpr2025_pacs.008.max.xml")));
  std::set<std::string> fields;
  for (const auto& p : m.parties) fields.insert(p.field);
  for (const char* f : {"AppHdr/Fr", "AppHdr/To", "GrpHdr/SttlmInf/InstgRmbrsmntAgt", "GrpHdr/SttlmInf/InstdRmbrsmntAgt",
                        "GrpHdr/SttlmInf/ThrdRmbrsmntAgt", "PrvsInstgAgt1", "PrvsInstgAgt2", "PrvsInstgAgt3", "InstgAgt",
                        "InstdAgt", "IntrmyAgt1", "IntrmyAgt2", "IntrmyAgt3", "UltmtDbtr", "InitgPty", "Dbtr", "DbtrAgt",
                        "CdtrAgt", "Cdtr", "UltmtCdtr", "ChrgsInf/Agt"})
    EXPECT_TRUE(fields.count(f)) << f;
  EXPECT_EQ(m.parties.size(), 21u);
  const Party* dbtr = ByField(m, "Dbtr");
  EXPECT_EQ(dbtr->name, "EXNm");
  EXPECT_EQ(dbtr->nature, PartyNature::kPerson);  // PrvtId
  EXPECT_EQ(dbtr->birth_date, "2026-01-01");
  EXPECT_EQ(dbtr->town, "EXTwnNm");
  EXPECT_EQ(dbtr->country_subdivision, "EXCtrySubDvsn");
  EXPECT_EQ(dbtr->residence_country, "GB");
  EXPECT_FALSE(dbtr->ids.empty());
  const Party* agent = ByField(m, "IntrmyAgt2");
  EXPECT_EQ(agent->bic, "ABCDGBEFXXX");
  EXPECT_EQ(agent->lei, "097900YZ01234567EF25");
  EXPECT_EQ(agent->ids[0].value, "EXMmbId");  // ClrSysMmbId
  std::set<std::string> text;
  for (const auto& t : m.free_text) {
    text.insert(t.field);
    for (const auto& l : t.lines) EXPECT_NE(l, "CHQB") << t.field << ": instruction codes are not text";
    if (t.field == "Purp") EXPECT_EQ(t.lines, std::vector<std::string>{"EXCd"});  // the purpose code is kept
    if (t.field == "RgltryRptg") EXPECT_EQ(t.countries, (std::vector<std::string>{"GB", "GB"}));
  }
  EXPECT_TRUE(text.count("RgltryRptg") && text.count("InstrForCdtrAgt") && text.count("RltdRmtInf") && text.count("Purp"))
      << text.size();
}

TEST(PacsParserSamples, Pacs009CovUnderlyingParties) {
  REQUIRE_SHARED(Shared("mt202_pacs_009COV_A_B.xml"));
  PaymentMessage m = ParseOk(Slurp(Shared("mt202_pacs_009COV_A_B.xml")));
  EXPECT_EQ(m.type, "pacs.009.001.08");
  EXPECT_TRUE(m.cover);
  EXPECT_TRUE(ByField(m, "Dbtr")->institution);  // pacs.009 debtor is a financial institution
  EXPECT_EQ(ByField(m, "Dbtr")->bic, "MYMBGB2LXXX");
  const Party* udbtr = ByField(m, "UndrlygCstmrCdtTrf/Dbtr");
  ASSERT_NE(udbtr, nullptr);
  EXPECT_EQ(udbtr->name, "Debtor Co");
  EXPECT_EQ(udbtr->address_lines, std::vector<std::string>{"High Street"});
  EXPECT_EQ(udbtr->town, "Epping");
  const Party* ucdtr = ByField(m, "UndrlygCstmrCdtTrf/Cdtr");
  EXPECT_EQ(ucdtr->name, "Ardent Finance");
  EXPECT_EQ(ucdtr->account, "65479512");
  EXPECT_NE(ucdtr->role.find("underlying"), std::string::npos);
  EXPECT_EQ(m.parties.size(), 12u);  // AppHdr Fr/To, PrvsInstgAgt1, InstgAgt, InstdAgt, Dbtr, CdtrAgt, Cdtr + 4 underlying

  PaymentMessage max = ParseOk(Slurp(Shared("cbpr2025_pacs.009_cov.max.xml")));
  EXPECT_TRUE(ByField(max, "UndrlygCstmrCdtTrf/UltmtCdtr"));
  EXPECT_TRUE(ByField(max, "UndrlygCstmrCdtTrf/IntrmyAgt3"));
  bool rmt = false;
  for (const auto& t : max.free_text) rmt = rmt || (t.field == "UndrlygCstmrCdtTrf/RmtInf" && t.lines[0] == "EXUstrd");
  EXPECT_TRUE(rmt);
}

TEST(PacsParserSamples, EveryPublicXmlFileParses) {
  REQUIRE_SHARED(Shared("cbpr2025_pacs.008.min.xml"));
  for (const char* f : {"cbpr2025_pacs.008.max.xml", "cbpr2025_pacs.008.min.xml", "cbpr2025_pacs.009_cov.max.xml",
                        "cbpr2025_pacs.009_cov.min.xml", "cbpr_c.106.2.1.a_pacs.008_AtoB.xml",
                        "cbpr_c.106.2.1.a_pacs.008_BtoC.xml", "cbpr_c.106.2.1.a_pacs.008_CtoD.xml",
                        "cbpr_c.53.5_pacs.008_AtoB.xml", "mt103_pacs_008_C_D.xml", "mt202_pacs_009COV_A_B.xml"}) {
    auto parsed = ParseMessages(Slurp(Shared(f)));
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_TRUE(parsed[0].message) << f << ": " << parsed[0].status.message();
  }
  PaymentMessage crlf = ParseOk(Slurp(Shared("cbpr_c.53.5_pacs.008_AtoB.xml")));
  EXPECT_EQ(ByField(crlf, "Dbtr")->name, "Australian Submarine");
  EXPECT_EQ(ByField(crlf, "Cdtr")->name, "Agoda Company");
  PaymentMessage min = ParseOk(Slurp(Shared("cbpr2025_pacs.008.min.xml")));
  EXPECT_EQ(ByField(min, "Dbtr")->name, "EXAMPLE PARTY NV");
  EXPECT_EQ(ByField(min, "AppHdr/Fr"), nullptr);  // an empty OrgId names nobody
}

TEST(PacsParserHandWritten, BareDocumentWithLeiAndBirth) {
  PaymentMessage m = ParseOk(Slurp(TestData("pacs008_listed.xml")));
  const Party* dbtr = ByField(m, "Dbtr");
  EXPECT_EQ(dbtr->name, "Ivan Sergeyevich Marchenko");
  EXPECT_EQ(dbtr->country_subdivision, "Crimea");
  EXPECT_EQ(dbtr->birth_place, "Kerch");
  EXPECT_EQ(dbtr->birth_country, "UA");
  EXPECT_EQ(dbtr->account, "UA213223130000026007233566001");
  EXPECT_EQ(dbtr->address_lines, std::vector<std::string>{"Ulitsa Kirova, 3"});
  EXPECT_EQ(ByField(m, "Cdtr")->lei, "253400V1H6ART1UQ0N98");
  EXPECT_EQ(ByField(m, "Cdtr")->nature, PartyNature::kOrganization);
  EXPECT_EQ(ByField(m, "CdtrAgt")->name, "Havin Bank Limited");
  ASSERT_EQ(m.free_text.size(), 1u);
  EXPECT_EQ(m.free_text[0].field, "RmtInf");
}

TEST(PacsParserErrors, NameLineAndPath) {
  std::string bad_xml = ParseError("<Document><FIToFICstmrCdtTrf>\n<GrpHdr></FIToFICstmrCdtTrf>");
  EXPECT_NE(bad_xml.find("line 2: XML error"), std::string::npos) << bad_xml;
  std::string camt = ParseError("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt/></Document>");
  EXPECT_NE(camt.find("Document/BkToCstmrStmt: unsupported message"), std::string::npos) << camt;
  EXPECT_NE(ParseError("<Envelope><AppHdr/></Envelope>").find("no Document element"), std::string::npos);
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  std::string ctry = ParseError(replace("<Ctry>DE</Ctry>", "<Ctry>Germany</Ctry>"));
  EXPECT_NE(ctry.find("Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Cdtr/PstlAdr/Ctry: 'Germany' is not an ISO 3166"),
            std::string::npos)
      << ctry;
  std::string bic = ParseError(replace("DEUTDEFFXXX", "DEUT-DE"));
  EXPECT_NE(bic.find("CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI: 'DEUT-DE' is not a BIC"), std::string::npos) << bic;
  std::string amt = ParseError(replace("250.00", "2,50"));
  EXPECT_NE(amt.find("CdtTrfTxInf/IntrBkSttlmAmt: expected a decimal amount"), std::string::npos) << amt;
  std::string cdtr = ParseError(replace("<Cdtr><Nm>Klaus Bergmann</Nm><PstlAdr><TwnNm>Munich</TwnNm><Ctry>DE</Ctry></PstlAdr></Cdtr>", ""));
  EXPECT_NE(cdtr.find("CdtTrfTxInf/Cdtr: missing"), std::string::npos) << cdtr;
  std::string msgid = ParseError(replace("<MsgId>TESTCLEAN-0001</MsgId>", ""));
  EXPECT_NE(msgid.find("GrpHdr/MsgId"), std::string::npos) << msgid;
}

// 16,000 nested elements once exhausted the stack; the limit is 64 levels, named in the error.
TEST(PacsParserErrors, NestingDeeperThanTheLimitIsAnError) {
  std::string xml = Slurp(TestData("pacs008_clean.xml"));
  std::string nest;
  for (int i = 0; i < 16000; ++i) nest += "<Nest>";
  for (int i = 0; i < 16000; ++i) nest += "</Nest>";
  xml.insert(xml.find("</CdtTrfTxInf>"), "<SplmtryData>" + nest + "</SplmtryData>");
  std::string error = ParseError(xml);
  EXPECT_NE(error.find("nested deeper than 64 levels (the limit)"), std::string::npos) << error;
  EXPECT_NE(error.find("line 21"), std::string::npos) << error;
}

TEST(PacsParserErrors, DetectionOfUnknownInput) {
  auto parsed = ParseMessages("hello world");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_FALSE(parsed[0].message);
  EXPECT_NE(parsed[0].status.message().find("not a payment message"), std::string::npos);
  EXPECT_FALSE(ParseMessages("  \n")[0].message);
}

}  // namespace
}  // namespace embargo::payments
