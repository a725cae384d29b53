// ISO 20022 pacs.008 / pacs.009 parser: public CBPR+ samples, hand-written messages, bad input.
#include "payments/iso20022/pacs_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "payments/message_json.h"
#include "payments/parse.h"
#include "payment_test_files.h"

namespace embargo::payments {
namespace {

const Party* ByField(const PaymentMessage& m, const std::string& field) {
  for (const auto& p : m.parties)
    if (p.field == field) return &p;
  return nullptr;
}

// Free text besides the references (GrpHdr/MsgId, PmtId/...), which are screened as text too.
std::vector<FreeText> BesidesReferences(const PaymentMessage& m) {
  std::vector<FreeText> out;
  for (const auto& t : m.free_text)
    if (t.field != "GrpHdr/MsgId" && !t.field.starts_with("PmtId/")) out.push_back(t);
  return out;
}

PaymentMessage ParseOk(const std::string& xml) {
  auto m = ParsePacs(xml);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : PaymentMessage{};
}

std::string ParseError(const std::string& xml) {
  auto m = ParsePacs(xml);
  EXPECT_FALSE(m.ok()) << "parsed although nothing is readable";
  return m.ok() ? "" : m.status().message();
}

// The format faults of a message that is read all the same, joined by "; ".
std::string Faults(const std::string& xml) {
  auto m = ParsePacs(xml);
  EXPECT_TRUE(m.ok()) << m.status().message();
  std::string faults = m.ok() ? FaultText(m->faults, 1) : "";
  EXPECT_TRUE(m.ok() && !m->faults.empty()) << "no fault in " << xml;
  return faults;
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
  // And the related message's sender and receiver (AppHdr/Rltd), and the named branches (BrnchId).
  for (const char* f : {"AppHdr/Rltd/Fr", "AppHdr/Rltd/To", "AppHdr/Fr/BrnchId", "AppHdr/To/BrnchId"})
    EXPECT_TRUE(fields.count(f)) << f;
  EXPECT_EQ(m.parties.size(), 41u);  // 27, and 14 names of accounts and contacts
  const Party* dbtr = ByField(m, "Dbtr");
  EXPECT_EQ(dbtr->name, "EXNm");
  EXPECT_EQ(dbtr->nature, PartyNature::kPerson);  // PrvtId
  EXPECT_EQ(dbtr->birth_date, "2026-01-01");
  EXPECT_EQ(dbtr->town, "EXTwnNm, EXTwnLctnNm, EXDstrctNm");  // town, its location and district
  EXPECT_EQ(dbtr->street_lines, 1u);
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
    if (t.field == "Purp") {
      EXPECT_EQ(t.lines, std::vector<std::string>{"EXCd"});  // the purpose code is kept
    }
    if (t.field == "RgltryRptg") {
      EXPECT_EQ(t.countries, (std::vector<std::string>{"GB", "GB"}));
    }
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

// The schemas define no attribute but an amount's currency: a name in another (<Cdtr Nm="...">)
// was read by no field and the message was PASS.
TEST(PacsParserHandWritten, AnAttributeTheSchemaDoesNotDefineIsAFaultAndScreened) {
  std::string xml = Slurp(TestData("pacs008_clean.xml"));
  const std::string from = "<Cdtr><Nm>Klaus Bergmann</Nm>";
  ASSERT_NE(xml.find(from), std::string::npos);
  EXPECT_TRUE(ParseOk(xml).faults.empty()) << "amounts' Ccy and the namespaces are defined";
  xml.replace(xml.find(from), from.size(), "<Cdtr Nm=\"Ayman al Zawahiri\"><Nm>Klaus Bergmann</Nm>");
  EXPECT_NE(Faults(xml).find("Cdtr: attribute 'Nm' not defined here"), std::string::npos) << Faults(xml);
  bool screened = false;
  for (const FreeText& t : ParseOk(xml).free_text) screened |= t.field == "unparsed" && t.lines[0] == "Ayman al Zawahiri";
  EXPECT_TRUE(screened);
}

// A code element's value was never read, wherever it stood, nor was text outside the root: a name
// in <ChrgBr>, an element inside one, a second message after </Document> passed.
TEST(PacsParserHandWritten, CodesOfAnotherShapeAndTextOutsideTheRootAreScreened) {
  const std::string clean = Slurp(TestData("pacs008_clean.xml"));
  auto screened = [](const PaymentMessage& m, const std::string& text) {
    return std::any_of(m.free_text.begin(), m.free_text.end(),
                       [&](const FreeText& t) { return !t.lines.empty() && t.lines[0] == text; }) ||
           std::any_of(m.parties.begin(), m.parties.end(), [&](const Party& p) { return p.name == text; });
  };
  auto with = [&](const std::string& from, const std::string& to) {
    std::string xml = clean;
    xml.replace(xml.find(from), from.size(), to);
    return xml;
  };
  EXPECT_TRUE(screened(ParseOk(with("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>VLADIMIR PUTIN</ChrgBr>")), "VLADIMIR PUTIN"));
  EXPECT_TRUE(screened(ParseOk(with("2026-11-28</IntrBkSttlmDt>", "2026-11-28 VLADIMIR PUTIN</IntrBkSttlmDt>")),
                       "2026-11-28 VLADIMIR PUTIN"));
  std::string inside = with("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>SHAR<Nm>VLADIMIR PUTIN</Nm></ChrgBr>");
  EXPECT_NE(Faults(inside).find("element not defined here"), std::string::npos) << Faults(inside);
  EXPECT_TRUE(screened(ParseOk(inside), "VLADIMIR PUTIN"));
  std::string after = clean + "\nVLADIMIR PUTIN\n";
  EXPECT_NE(Faults(after).find("text outside the root element"), std::string::npos) << Faults(after);
  EXPECT_TRUE(screened(ParseOk(after), "VLADIMIR PUTIN"));
  std::string xsi = with("<Cdtr>", "<Cdtr xmlns:xsi=\"urn:x\" xsi:Nm=\"VLADIMIR PUTIN\">");
  EXPECT_NE(Faults(xsi).find("attribute 'xsi:Nm' not defined here"), std::string::npos) << Faults(xsi);
  EXPECT_TRUE(ParseOk(clean).faults.empty());
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
  ASSERT_EQ(BesidesReferences(m).size(), 1u);
  EXPECT_EQ(BesidesReferences(m)[0].field, "RmtInf");
}

// The older SWIFTNet header's From/To: an address in no country was a BIC, the message PASS.
TEST(PacsParserFaults, AnOlderHeaderAddressInNoCountryIsAFaultAndStillChecked) {
  std::string xml = "<Envelope><AppHdr><From><Type>DN</Type><Id>cn=funds,o=abcdqqzz,o=swift</Id></From>"
                    "<To><Type>BIC</Type><Id>TESTDEFF</Id></To></AppHdr>"
                    "<Document><FIToFICstmrCdtTrf><GrpHdr><MsgId>M1</MsgId></GrpHdr><CdtTrfTxInf>"
                    "<IntrBkSttlmAmt Ccy=\"EUR\">1.00</IntrBkSttlmAmt><Dbtr><Nm>A</Nm></Dbtr><Cdtr><Nm>B</Nm></Cdtr>"
                    "</CdtTrfTxInf></FIToFICstmrCdtTrf></Document></Envelope>";
  std::string faults = Faults(xml);
  EXPECT_NE(faults.find("AppHdr/From/Id: 'ABCDQQZZ' is not a BIC: QQ (characters 5-6) is no ISO 3166 country"),
            std::string::npos) << faults;
  EXPECT_EQ(faults.find("AppHdr/To"), std::string::npos) << faults;
  EXPECT_EQ(ByField(ParseOk(xml), "AppHdr/From")->bic, "ABCDQQZZ");
  EXPECT_EQ(ByField(ParseOk(xml), "AppHdr/To")->bic, "TESTDEFF");
}

TEST(PacsParserFaults, NameLineAndPathAndReadTheRest) {
  auto has = [](const std::string& faults, const std::string& what) {
    EXPECT_NE(faults.find(what), std::string::npos) << faults;
  };
  // Nothing readable: errors.
  has(ParseError("<Document><FIToFICstmrCdtTrf>\n<GrpHdr></FIToFICstmrCdtTrf>"), "line 2: XML error");
  has(ParseError("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt/></Document>"),
      "Document/BkToCstmrStmt: unsupported message");
  has(ParseError("<Envelope><AppHdr/></Envelope>"), "nothing could be read to screen");
  // Faults in a readable message: named by line and path, the rest screened.
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  std::string ctry = replace("<Ctry>DE</Ctry>", "<Ctry>Germany</Ctry>");
  has(Faults(ctry), "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Cdtr/PstlAdr/Ctry: 'Germany' is not an ISO 3166 alpha-2 "
                    "country code; read as DE");
  EXPECT_EQ(ByField(ParseOk(ctry), "Cdtr")->country, "DE");
  std::string bic = replace("DEUTDEFFXXX", "DEUT-DE-FF");
  has(Faults(bic), "CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI: 'DEUT-DE-FF' is not a BIC; checked as DEUTDEFF");
  EXPECT_EQ(ByField(ParseOk(bic), "CdtrAgt")->bic, "DEUTDEFF");
  // The country (characters 5-6) was not checked: DEUTQQFF was a BIC and the message PASS.
  std::string no_country = replace("DEUTDEFFXXX", "DEUTQQFFXXX");
  has(Faults(no_country), "CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI: 'DEUTQQFFXXX' is not a BIC (QQ is no ISO 3166 "
                          "country); checked as DEUTQQFFXXX");
  EXPECT_EQ(ByField(ParseOk(no_country), "CdtrAgt")->bic, "DEUTQQFFXXX");
  // Nor is a withdrawn code (the Soviet Union's SU) a BIC's country: DEUTSUFF was a BIC.
  std::string withdrawn = replace("DEUTDEFFXXX", "DEUTSUFFXXX");
  has(Faults(withdrawn), "CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI: 'DEUTSUFFXXX' is not a BIC (SU is the withdrawn ISO "
                         "3166 code of Soviet Union, no country today); checked as DEUTSUFFXXX");
  EXPECT_EQ(ByField(ParseOk(withdrawn), "CdtrAgt")->bic, "DEUTSUFFXXX");
  has(Faults(replace("250.00", "2,50")), "CdtTrfTxInf/IntrBkSttlmAmt: '2,50' is not an ISO 20022 amount");
  has(Faults(replace("<Cdtr><Nm>Klaus Bergmann</Nm><PstlAdr><TwnNm>Munich</TwnNm><Ctry>DE</Ctry></PstlAdr></Cdtr>", "")),
      "CdtTrfTxInf/Cdtr: missing");
  has(Faults(replace("<MsgId>TESTCLEAN-0001</MsgId>", "")), "GrpHdr/MsgId");
  // A creditor present but naming nobody was screened as nothing (PASS); it is a fault as a
  // missing one is: empty, an empty or commented-out name, only a place.
  for (const char* empty : {"<Cdtr/>", "<Cdtr><Nm></Nm></Cdtr>", "<Cdtr><Nm><!-- VLADIMIR PUTIN --></Nm></Cdtr>",
                            "<Cdtr><PstlAdr><Ctry>DE</Ctry></PstlAdr></Cdtr>"})
    has(Faults(replace("<Cdtr><Nm>Klaus Bergmann</Nm><PstlAdr><TwnNm>Munich</TwnNm><Ctry>DE</Ctry></PstlAdr></Cdtr>", empty)),
        "CdtTrfTxInf/Cdtr: names no party");
  EXPECT_TRUE(ParseOk(base).faults.empty());
}

// A country code withdrawn from ISO 3166 (SU, YU, CS, AN) names no country of today: a BIC in one
// was a fault already, a Ctry, CtryOfRes or CtryOfBirth in one was read as a country with none.
// It is a fault naming its field, and still read, as the geographic check reads it.
TEST(PacsParserFaults, AWithdrawnCountryCodeIsAFault) {
  auto has = [](const PaymentMessage& m, const std::string& what) {
    std::string faults;
    for (const auto& f : m.faults) faults += f.field + ": " + f.what + "\n";
    EXPECT_NE(faults.find(what), std::string::npos) << what << " not among the faults:\n" << faults;
  };
  auto replaced = [](std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const std::string clean = Slurp(TestData("pacs008_clean.xml"));
  const std::string tx = "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/";
  for (const char* code : {"SU", "YU", "CS", "AN"}) {
    PaymentMessage m = ParseOk(replaced(clean, "<Ctry>DE</Ctry>", std::string("<Ctry>") + code + "</Ctry>"));
    has(m, tx + "Cdtr/PstlAdr/Ctry: '" + code + "' is the withdrawn ISO 3166 code of ");
    EXPECT_EQ(ByField(m, "Cdtr")->country, code);
  }
  PaymentMessage soviet = ParseOk(replaced(clean, "<Ctry>DE</Ctry>", "<Ctry>SU</Ctry>"));
  has(soviet, "'SU' is the withdrawn ISO 3166 code of Soviet Union, no country today; checked as the countries it "
              "became");
  PaymentMessage residence =
      ParseOk(replaced(clean, "<Ctry>NL</Ctry></PstlAdr>", "<Ctry>NL</Ctry></PstlAdr><CtryOfRes>YU</CtryOfRes>"));
  has(residence, tx + "Dbtr/CtryOfRes: 'YU' is the withdrawn ISO 3166 code of Yugoslavia");
  EXPECT_EQ(ByField(residence, "Dbtr")->residence_country, "YU");
  const std::string listed = Slurp(TestData("pacs008_listed.xml"));
  has(ParseOk(replaced(listed, "<CtryOfBirth>UA</CtryOfBirth>", "<CtryOfBirth>CS</CtryOfBirth>")),
      "/Id/PrvtId/DtAndPlcOfBirth/CtryOfBirth: 'CS' is the withdrawn ISO 3166 code of Serbia and Montenegro");
  // A country code in a free-text element (regulatory reporting) too.
  has(ParseOk(replaced(clean, "</Cdtr>", "</Cdtr><RgltryRptg><Dtls><Ctry>AN</Ctry></Dtls></RgltryRptg>")),
      tx + "RgltryRptg/Dtls/Ctry: 'AN' is the withdrawn ISO 3166 code of Netherlands Antilles");
  // A country written by its former name there is read as its code, and so a fault too.
  has(ParseOk(replaced(clean, "</Cdtr>", "</Cdtr><RgltryRptg><Dtls><Ctry>USSR</Ctry></Dtls></RgltryRptg>")),
      tx + "RgltryRptg/Dtls/Ctry: 'SU' is the withdrawn ISO 3166 code of Soviet Union");
  // Codes of today are no fault.
  EXPECT_TRUE(ParseOk(replaced(clean, "<Ctry>DE</Ctry>", "<Ctry>RU</Ctry>")).faults.empty());
  EXPECT_TRUE(ParseOk(replaced(clean, "<Ctry>DE</Ctry>", "<Ctry>XK</Ctry>")).faults.empty());
}

// A Ccy was only checked for three capital letters on the settlement amount, and not at all on
// the other amounts and accounts: XYZ passed.
TEST(PacsParserFaults, ACurrencyIso4217DoesNotKnowIsAFault) {
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const std::string amt = "<IntrBkSttlmAmt Ccy=\"EUR\">250.00</IntrBkSttlmAmt>";
  std::string xyz = with(amt, "<IntrBkSttlmAmt Ccy=\"XYZ\">250.00</IntrBkSttlmAmt>");
  EXPECT_NE(Faults(xyz).find("Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt: Ccy 'XYZ' is not an ISO 4217 "
                             "currency code"), std::string::npos) << Faults(xyz);
  EXPECT_EQ(ParseOk(xyz).currency, "");
  std::string lower = with(amt, "<IntrBkSttlmAmt Ccy=\"eur\">250.00</IntrBkSttlmAmt>");
  EXPECT_EQ(ParseOk(lower).faults.size(), 1u) << Faults(lower);
  std::string instructed = with(amt, amt + "<InstdAmt Ccy=\"ABC\">250.00</InstdAmt>");
  EXPECT_NE(Faults(instructed).find("CdtTrfTxInf/InstdAmt: Ccy 'ABC' is not an ISO 4217"), std::string::npos)
      << Faults(instructed);
  const std::string dbtr_end = "</Dbtr>";
  std::string account = with(dbtr_end, dbtr_end + "<DbtrAcct><Id><Othr><Id>123</Id></Othr></Id><Ccy>QQQ</Ccy></DbtrAcct>");
  EXPECT_NE(Faults(account).find("CdtTrfTxInf/DbtrAcct/Ccy: Ccy 'QQQ' is not an ISO 4217"), std::string::npos)
      << Faults(account);
  std::string good = with(amt, amt + "<InstdAmt Ccy=\"USD\">270.00</InstdAmt>");
  good = good.replace(good.find(dbtr_end), dbtr_end.size(),
                      dbtr_end + "<DbtrAcct><Id><Othr><Id>123</Id></Othr></Id><Ccy>EUR</Ccy></DbtrAcct>");
  EXPECT_TRUE(ParseOk(good).faults.empty()) << FaultText(ParseOk(good).faults, 1);
  EXPECT_EQ(ParseOk(good).currency, "EUR");
}

// A settlement date no calendar has (2026-02-30, 2026-13-01, 28.11.2026) was read as the value
// date with no fault.
TEST(PacsParserFaults, ASettlementDateThatIsNoneIsAFault) {
  const std::string base = Slurp(TestData("pacs008_clean.xml")), date = "<IntrBkSttlmDt>2026-11-28</IntrBkSttlmDt>";
  auto with = [&](const std::string& to) {
    std::string s = base;
    return s.replace(s.find(date), date.size(), "<IntrBkSttlmDt>" + to + "</IntrBkSttlmDt>");
  };
  for (const char* bad : {"2026-02-30", "2026-13-01", "2025-02-29", "28.11.2026", "2026-11-28T10:00:00", "20261128"}) {
    std::string xml = with(bad);
    EXPECT_NE(Faults(xml).find("CdtTrfTxInf/IntrBkSttlmDt: '" + std::string(bad) + "' is no date (YYYY-MM-DD)"),
              std::string::npos)
        << bad << ": " << Faults(xml);
  }
  EXPECT_TRUE(ParseOk(with("2024-02-29")).faults.empty());
  // So is an exchange rate that is none (it had no check at all).
  auto with_rate = [&](const std::string& rate) {
    std::string xml = base;
    return xml.insert(xml.find(date) + date.size(), "<XchgRate>" + rate + "</XchgRate>");
  };
  for (const char* bad : {"1,0909", "1.", "123456789012", "0.12345678901", "-1.2"}) {
    std::string xml = with_rate(bad);
    EXPECT_NE(Faults(xml).find("CdtTrfTxInf/XchgRate: '" + std::string(bad) + "' is no exchange rate"), std::string::npos)
        << bad << ": " << Faults(xml);
  }
  EXPECT_TRUE(ParseOk(with_rate("1.0909")).faults.empty()) << FaultText(ParseOk(with_rate("1.0909")).faults, 1);
}

// An amount that is no ISO 20022 amount ("250.", "1,000.00", "-5") raised no fault, and one
// transaction's "250." left the message's amount empty: an amount is digits with an optional '.'
// and decimals, at most 18 digits and 5 decimals, and no more decimals than its currency has.
TEST(PacsParserFaults, AnAmountThatIsNoneIsAFaultNamingItsField) {
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  const std::string amt = "<IntrBkSttlmAmt Ccy=\"EUR\">250.00</IntrBkSttlmAmt>";
  auto with = [&](const std::string& to) {
    std::string s = base;
    return s.replace(s.find(amt), amt.size(), to);
  };
  const std::string settlement = "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt: ";
  for (const char* bad : {"250.", ".50", "+250.00", "-250.00", "1,000.00", "250.00.0", "2 50", "1234567890123456789"}) {
    std::string xml = with("<IntrBkSttlmAmt Ccy=\"EUR\">" + std::string(bad) + "</IntrBkSttlmAmt>");
    EXPECT_NE(Faults(xml).find(settlement + "'" + bad + "' is not an ISO 20022 amount"), std::string::npos)
        << bad << ": " << Faults(xml);
  }
  for (const auto& [ccy, value] : {std::pair{"EUR", "250.505"}, {"JPY", "250.5"}, {"KWD", "1.5055"}, {"EUR", "1.000001"}}) {
    std::string xml = with("<IntrBkSttlmAmt Ccy=\"" + std::string(ccy) + "\">" + value + "</IntrBkSttlmAmt>");
    EXPECT_NE(Faults(xml).find(settlement + "'" + value + "' has more decimals than " + ccy), std::string::npos)
        << value << ": " << Faults(xml);
  }
  for (const auto& [ccy, value] : {std::pair{"JPY", "250"}, {"KWD", "1.505"}, {"EUR", "0250.5"}, {"XAU", "1.12345"}}) {
    PaymentMessage m = ParseOk(with("<IntrBkSttlmAmt Ccy=\"" + std::string(ccy) + "\">" + value + "</IntrBkSttlmAmt>"));
    EXPECT_TRUE(m.faults.empty()) << value << ": " << FaultText(m.faults, 1);
  }
  std::string instructed = with(amt + "<InstdAmt Ccy=\"USD\">270.</InstdAmt>");
  EXPECT_NE(Faults(instructed).find("CdtTrfTxInf/InstdAmt: '270.' is not an ISO 20022 amount"), std::string::npos)
      << Faults(instructed);
  std::string charges = with(amt + "<ChrgsInf><Amt Ccy=\"EUR\">abc</Amt><Agt><FinInstnId><BICFI>DEUTDEFF</BICFI>"
                                   "</FinInstnId></Agt></ChrgsInf>");
  EXPECT_NE(Faults(charges).find("CdtTrfTxInf/ChrgsInf/Amt: 'abc' is not an ISO 20022 amount"), std::string::npos)
      << Faults(charges);
  // Cut off by an XML error: the amounts read before it are checked too.
  std::string cut = with("<IntrBkSttlmAmt Ccy=\"EUR\">250.</IntrBkSttlmAmt>");
  cut = cut.substr(0, cut.find("<RmtInf>"));
  EXPECT_NE(Faults(cut).find("IntrBkSttlmAmt: '250.' is not an ISO 20022 amount"), std::string::npos) << Faults(cut);
}

// The message's currency and amount were the first transaction's: a message of EUR 250.00 and
// KPW 100.50 was recorded as EUR 250.00. They are the transactions' together, and every one of
// their currencies is in the message's JSON; a message cut off (an XML error) had none checked.
TEST(PacsParserFaults, TheMessageCurrencyIsEveryTransactionsNotTheFirsts) {
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  const std::string open = "<CdtTrfTxInf>", close = "</CdtTrfTxInf>";
  std::string tx = base.substr(base.find(open), base.find(close) + close.size() - base.find(open));
  auto two = [&](const std::string& second_amount) {
    std::string second = tx;
    const std::string amt = "Ccy=\"EUR\">250.00<";
    second.replace(second.find(amt), amt.size(), second_amount);
    std::string xml = base;
    xml.replace(xml.find("<NbOfTxs>1</NbOfTxs>"), 20, "<NbOfTxs>2</NbOfTxs>");
    return ParseOk(xml.insert(xml.find(close) + close.size(), second));
  };
  PaymentMessage mixed = two("Ccy=\"KPW\">100.50<");
  EXPECT_TRUE(mixed.faults.empty()) << FaultText(mixed.faults, 1);
  EXPECT_EQ(mixed.currency, "") << "EUR is the first transaction's alone";
  EXPECT_EQ(mixed.amount, "");
  nlohmann::json currencies = MessageJson(mixed)["currencies"];
  EXPECT_NE(std::find(currencies.begin(), currencies.end(),
                      nlohmann::json{{"field", "CdtTrfTxInf[2]/IntrBkSttlmAmt"}, {"code", "KPW"}}),
            currencies.end())
      << currencies.dump();
  PaymentMessage same = two("Ccy=\"EUR\">100.5<");
  EXPECT_EQ(same.currency, "EUR");
  EXPECT_EQ(same.amount, "350.50");  // both transactions' settlement amounts
  EXPECT_EQ(ParseOk(base).amount, "250.00");  // one transaction's as written
  // Cut off: the amounts read before the error are checked as every other message's.
  std::string cut = base.substr(0, base.find("<RmtInf>"));
  cut.replace(cut.find("Ccy=\"EUR\""), 9, "Ccy=\"XYZ\"");
  EXPECT_NE(Faults(cut).find("IntrBkSttlmAmt: Ccy 'XYZ' is not an ISO 4217"), std::string::npos) << Faults(cut);
}

// pacs.008's debtor and creditor agents are mandatory: one absent or empty left the banks the
// money moves through unknown and the message PASS (cbpr2025_pacs.008.min.xml).
TEST(PacsParserFaults, AMandatoryAgentMissingOrEmptyIsAFault) {
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  auto with = [&](const std::string& from, const std::string& to) { return Faults(replaced(from, to)); };
  const std::string dbtr_agt = "<DbtrAgt><FinInstnId><BICFI>ABNANL2AXXX</BICFI></FinInstnId></DbtrAgt>";
  const std::string cdtr_agt = "<CdtrAgt><FinInstnId><BICFI>DEUTDEFFXXX</BICFI></FinInstnId></CdtrAgt>";
  for (const char* empty : {"<DbtrAgt><FinInstnId/></DbtrAgt>", "<DbtrAgt/>",
                            "<DbtrAgt><FinInstnId><PstlAdr><Ctry>NL</Ctry></PstlAdr></FinInstnId></DbtrAgt>"})
    EXPECT_NE(with(dbtr_agt, empty).find("Document/FIToFICstmrCdtTrf/CdtTrfTxInf/DbtrAgt: names no party"),
              std::string::npos) << empty;
  EXPECT_NE(with(cdtr_agt, "").find("Document/FIToFICstmrCdtTrf/CdtTrfTxInf/CdtrAgt: missing (mandatory in pacs.008)"),
            std::string::npos);
  // A clearing member id names the bank.
  EXPECT_TRUE(ParseOk(replaced(dbtr_agt, "<DbtrAgt><FinInstnId><ClrSysMmbId><MmbId>10020030</MmbId></ClrSysMmbId>"
                                          "</FinInstnId></DbtrAgt>")).faults.empty());
  REQUIRE_SHARED(Shared("cbpr2025_pacs.008.min.xml"));
  std::string min = Faults(Slurp(Shared("cbpr2025_pacs.008.min.xml")));
  for (const char* agent : {"CdtTrfTxInf/DbtrAgt: names no party", "CdtTrfTxInf/CdtrAgt: names no party"})
    EXPECT_NE(min.find(agent), std::string::npos) << min;
}

// pacs.009's own transaction may leave its agents out (the banks debited and credited are Dbtr and
// Cdtr); the underlying customer transfer of a cover payment may not.
TEST(PacsParserFaults, ACoverPaymentsUnderlyingAgentsAreMandatory) {
  std::string base = Slurp(TestData("pacs009_cov_sdn.xml"));
  ASSERT_TRUE(ParseOk(base).faults.empty()) << Faults(base);
  const std::string agt = "<pacs:DbtrAgt><pacs:FinInstnId><pacs:BICFI>TESTGB2LXXX</pacs:BICFI></pacs:FinInstnId></pacs:DbtrAgt>";
  std::string xml = base;
  xml.replace(xml.find(agt), agt.size(), "<pacs:DbtrAgt><pacs:FinInstnId/></pacs:DbtrAgt>");
  EXPECT_NE(Faults(xml).find("CdtTrfTxInf/UndrlygCstmrCdtTrf/DbtrAgt: names no party"), std::string::npos) << Faults(xml);
  xml = base;
  xml.replace(xml.find(agt), agt.size(), "");
  EXPECT_NE(Faults(xml).find("CdtTrfTxInf/UndrlygCstmrCdtTrf/DbtrAgt: missing (mandatory in pacs.009)"), std::string::npos)
      << Faults(xml);
  EXPECT_EQ(Faults(xml).find("CdtTrfTxInf/DbtrAgt"), std::string::npos) << "the transaction's own DbtrAgt is optional";
}

// An optional agent or party (pacs.009's own DbtrAgt and CdtrAgt, IntrmyAgt1-3, the group header's
// reimbursement agents, UltmtDbtr) present but naming no one was read as nobody and the message
// PASS; absent it is fine, present it must name a bank or party, as the mandatory ones must.
TEST(PacsParserFaults, AnOptionalAgentPresentButEmptyIsAFault) {
  auto inserted = [](const std::string& file, const std::string& after, const std::string& element) {
    std::string xml = Slurp(TestData(file));
    return xml.insert(xml.find(after) + after.size(), element);
  };
  const std::string instd = "</pacs:InstdAgt>", dbtr = "</pacs:Dbtr>", sttlm = "</pacs:SttlmMtd>";
  const std::string underlying = "<pacs:UndrlygCstmrCdtTrf>", base = "pacs009_cov_sdn.xml";
  struct Case {
    std::string after, element, fault;
  };
  const Case cases[] = {
      {instd, "<pacs:IntrmyAgt1><pacs:FinInstnId/></pacs:IntrmyAgt1>", "FICdtTrf/CdtTrfTxInf/IntrmyAgt1: names no party"},
      {dbtr, "<pacs:DbtrAgt/>", "FICdtTrf/CdtTrfTxInf/DbtrAgt: names no party"},
      {dbtr, "<pacs:CdtrAgt><pacs:FinInstnId><pacs:PstlAdr><pacs:Ctry>DE</pacs:Ctry></pacs:PstlAdr></pacs:FinInstnId>"
             "</pacs:CdtrAgt>", "FICdtTrf/CdtTrfTxInf/CdtrAgt: names no party"},
      {sttlm, "<pacs:InstgRmbrsmntAgt><pacs:FinInstnId/></pacs:InstgRmbrsmntAgt>",
       "FICdtTrf/GrpHdr/SttlmInf/InstgRmbrsmntAgt: names no party"},
      {underlying, "<pacs:UltmtDbtr><pacs:PstlAdr><pacs:Ctry>GB</pacs:Ctry></pacs:PstlAdr></pacs:UltmtDbtr>",
       "CdtTrfTxInf/UndrlygCstmrCdtTrf/UltmtDbtr: names no party"},
  };
  for (const auto& c : cases) {
    std::string faults = Faults(inserted(base, c.after, c.element));
    EXPECT_NE(faults.find(c.fault), std::string::npos) << c.element << ": " << faults;
  }
  // Named by a BIC or a clearing member id, an optional agent is no fault.
  EXPECT_TRUE(ParseOk(inserted(base, instd, "<pacs:IntrmyAgt1><pacs:FinInstnId><pacs:BICFI>DEUTDEFF</pacs:BICFI>"
                                             "</pacs:FinInstnId></pacs:IntrmyAgt1>")).faults.empty());
  EXPECT_TRUE(ParseOk(inserted(base, dbtr, "<pacs:DbtrAgt><pacs:FinInstnId><pacs:ClrSysMmbId><pacs:MmbId>10020030"
                                           "</pacs:MmbId></pacs:ClrSysMmbId></pacs:FinInstnId></pacs:DbtrAgt>")).faults.empty());
  // pacs.008's optional agents are held to the same rule.
  std::string pacs008 = inserted("pacs008_clean.xml", "</Dbtr>", "<IntrmyAgt1><FinInstnId/></IntrmyAgt1>");
  EXPECT_NE(Faults(pacs008).find("FIToFICstmrCdtTrf/CdtTrfTxInf/IntrmyAgt1: names no party"), std::string::npos)
      << Faults(pacs008);
}

// A message in the 8-bit encoding its XML declaration names is read in it; bytes that are not
// UTF-8 where none is declared are a fault naming their line (the names they spell are unread),
// and an encoding no converter knows is an error.
TEST(PacsParserFaults, TheDeclaredEncodingIsReadAndUndeclaredBytesAreAFault) {
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  ASSERT_TRUE(base.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")) << base.substr(0, 60);
  const std::string cp1251_name = "\xD0\xCE\xD1\xCE\xC1\xCE\xD0\xCE\xCD\xDD\xCA\xD1\xCF\xCE\xD0\xD2";  // РОСОБОРОНЭКСПОРТ
  std::string xml = base;
  xml.replace(xml.find("Klaus Bergmann"), 14, cp1251_name);
  std::string declared = xml;
  declared.replace(declared.find("UTF-8"), 5, "windows-1251");
  PaymentMessage m = ParseOk(declared);
  EXPECT_EQ(ByField(m, "Cdtr")->name, "\u0420\u041E\u0421\u041E\u0411\u041E\u0420\u041E\u041D\u042D\u041A\u0421\u041F\u041E\u0420\u0422");
  EXPECT_TRUE(m.faults.empty()) << FaultText(m.faults, 1);
  std::string faults = Faults(xml);
  EXPECT_NE(faults.find("bytes that are not UTF-8, and no other encoding declared"), std::string::npos) << faults;
  size_t line = 1 + static_cast<size_t>(std::count(xml.begin(), xml.begin() + static_cast<ptrdiff_t>(xml.find(cp1251_name)), '\n'));
  EXPECT_EQ(faults.rfind("line " + std::to_string(line) + ": bytes", 0), 0u) << faults;
  // UTF-8 labelled as an 8-bit encoding is read as UTF-8 and held for review, never decoded into
  // letters that name nobody.
  std::string mislabelled = base;
  mislabelled.replace(mislabelled.find("Klaus Bergmann"), 14, "\u0412\u043B\u0430\u0434\u0438\u043C\u0438\u0440 \u041F\u0443\u0442\u0438\u043D");
  mislabelled.replace(mislabelled.find("UTF-8"), 5, "ISO-8859-1");
  PaymentMessage read = ParseOk(mislabelled);
  EXPECT_EQ(ByField(read, "Cdtr")->name, "\u0412\u043B\u0430\u0434\u0438\u043C\u0438\u0440 \u041F\u0443\u0442\u0438\u043D");
  EXPECT_NE(FaultText(read.faults, 1).find("line 1: the XML declaration names encoding 'iso-8859-1' but the bytes are UTF-8"),
            std::string::npos) << FaultText(read.faults, 1);
  std::string unknown = base;
  unknown.replace(unknown.find("UTF-8"), 5, "x-no-such-charset");
  EXPECT_NE(ParseError(unknown).find("line 1: the XML declaration's encoding 'x-no-such-charset' cannot be read"),
            std::string::npos);
}

// The shapes of broken or unusual ISO messages seen in real samples: a listed BIC must still be read.
TEST(PacsParserFaults, AValueIsAllItsTextAndMarkupNotReadIsAFault) {
  std::string base = Slurp(TestData("pacs008_clean.xml"));
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  // A name split by CDATA, a comment or a processing instruction is one name.
  for (const char* split : {"AYMAN AL<![CDATA[ ZAWAHIRI]]>", "AYMAN AL<!-- x --> ZAWAHIRI", "AYMAN<?pi x?> AL ZAWAHIRI"}) {
    PaymentMessage m = ParseOk(with("Klaus Bergmann", split));
    EXPECT_EQ(ByField(m, "Cdtr")->name, "AYMAN AL ZAWAHIRI") << split;
  }
  PaymentMessage text = ParseOk(with("RENT NOVEMBER", "RENT FOR AYMAN AL<!-- x --> ZAWAHIRI"));
  ASSERT_FALSE(text.free_text.empty());
  EXPECT_EQ(text.free_text[0].lines, std::vector<std::string>{"RENT FOR AYMAN AL ZAWAHIRI"});
  // An element inside a name: read whole, and a fault.
  std::string mixed = with("Klaus Bergmann", "<b>AYMAN</b> AL ZAWAHIRI");
  EXPECT_EQ(ByField(ParseOk(mixed), "Cdtr")->name, "AYMAN AL ZAWAHIRI");
  EXPECT_NE(Faults(mixed).find("line 19, Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Cdtr/Nm: text and elements mixed"),
            std::string::npos);
  // Entities a DOCTYPE declares are not expanded, an undeclared one is not read: both are faults.
  std::string doctype = with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                             "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY n \"AYMAN AL ZAWAHIRI\">]>");
  EXPECT_NE(Faults(doctype).find("DOCTYPE declaration"), std::string::npos);
  EXPECT_NE(Faults(with("Klaus Bergmann", "&n;")).find("line 19: '&' that is no XML reference"), std::string::npos);
  EXPECT_TRUE(ParseOk(with("Klaus Bergmann", "Klaus &amp; Sons &#38; &#x26; &lt;B&gt;")).faults.empty());
  // A second message after the first is not read: a fault, never a silent pass.
  EXPECT_NE(Faults(base + base.substr(base.find("<Document"))).find("a second message in one file"), std::string::npos);
}

// A version the reader does not know (pacs.008.001.99, which no release has) is read as .08 and
// the answer says so: the type as written and a warning (MessageCli.AnUnknownVersionSaysSo for
// the screening's answer). It is no REVIEW by itself: what a later version may add is read all the
// same, a part of a postal address (CareOf) as an address line, an element .08 does not have
// where it stands as a fault naming it, its text screened as unparsed.
TEST(PacsParserFaults, AnUnknownVersionIsReadAsTheKnownOneAndSaysSo) {
  const std::string tx =
      "<GrpHdr><MsgId>M1</MsgId></GrpHdr><CdtTrfTxInf><IntrBkSttlmAmt Ccy=\"EUR\">1.00</IntrBkSttlmAmt>"
      "<Dbtr><Nm>John Doe</Nm></Dbtr><DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>"
      "<CdtrAgt><FinInstnId><BICFI>COBADEFF</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>Jane Roe</Nm>%MORE%</Cdtr>"
      "</CdtTrfTxInf>";
  auto message = [&](const std::string& more) {
    std::string body = tx;
    body.replace(body.find("%MORE%"), 6, more);
    return "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.99\"><FIToFICstmrCdtTrf>" + body +
           "</FIToFICstmrCdtTrf></Document>";
  };
  PaymentMessage m = ParseOk(message(""));
  EXPECT_EQ(m.type, "pacs.008.001.99");
  EXPECT_EQ(m.warnings, std::vector<std::string>{"read pacs.008.001.99 as pacs.008.001.08"});
  EXPECT_TRUE(m.faults.empty()) << FaultText(m.faults, 1);
  EXPECT_EQ(MessageJson(m)["warnings"], nlohmann::json::array({"read pacs.008.001.99 as pacs.008.001.08"}));

  const std::string later = message("<PstlAdr><CareOf>VLADIMIR PUTIN</CareOf><Ctry>DE</Ctry></PstlAdr>"
                                    "<NewElement>ROSOBORONEXPORT</NewElement>");
  EXPECT_NE(Faults(later).find("Cdtr/NewElement: element not defined here"), std::string::npos) << Faults(later);
  PaymentMessage read = ParseOk(later);
  ASSERT_NE(ByField(read, "Cdtr"), nullptr);
  EXPECT_EQ(ByField(read, "Cdtr")->address_lines, std::vector<std::string>{"VLADIMIR PUTIN"});
  bool screened = false;
  for (const FreeText& t : read.free_text)
    screened |= t.field == "unparsed" && std::find(t.lines.begin(), t.lines.end(), "ROSOBORONEXPORT") != t.lines.end();
  EXPECT_TRUE(screened);
}

TEST(PacsParserFaults, BrokenShapesKeepEveryParty) {
  const std::string tx =
      "<GrpHdr><MsgId>M1</MsgId></GrpHdr><CdtTrfTxInf><IntrBkSttlmAmt Ccy=\"EUR\">1.00</IntrBkSttlmAmt>"
      "<Dbtr><Nm>John Doe</Nm></Dbtr><DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>"
      "<CdtrAgt><FinInstnId><BICFI>MOSWRUMM</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>Jane Roe</Nm></Cdtr></CdtTrfTxInf>";
  const std::string ns = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";
  struct Case {
    std::string xml, fault;  // fault: empty when the shape is sound
  };
  const Case cases[] = {
      // A <Message> wrapper around AppHdr and Document, and wrappers nested deeper.
      // An empty head.001 header names no sender or receiver (Fr and To are mandatory).
      {"<Message><AppHdr/><Document xmlns=\"" + ns + "\"><FIToFICstmrCdtTrf>" + tx + "</FIToFICstmrCdtTrf></Document></Message>",
       "AppHdr/Fr: missing (mandatory in head.001)"},
      {"<DataPDU><Body><Document xmlns=\"" + ns + "\"><FIToFICstmrCdtTrf>" + tx + "</FIToFICstmrCdtTrf></Document></Body></DataPDU>", ""},
      // Prefixed namespaces; no namespace at all.
      {"<p:Document xmlns:p=\"" + ns + "\"><p:FIToFICstmrCdtTrf>" + tx + "</p:FIToFICstmrCdtTrf></p:Document>", ""},
      {"<Document><FIToFICstmrCdtTrf>" + tx + "</FIToFICstmrCdtTrf></Document>", ""},
      // A root without Document, bare or in a wrapper.
      {"<FIToFICstmrCdtTrf xmlns=\"" + ns + "\">" + tx + "</FIToFICstmrCdtTrf>", "no Document element"},
      {"<Message><AppHdr/><FIToFICstmrCdtTrf>" + tx + "</FIToFICstmrCdtTrf></Message>", "no Document element"},
      // Unclosed elements: what was read before the error stands.
      {"<Document xmlns=\"" + ns + "\"><FIToFICstmrCdtTrf>" + tx, "XML error"},
  };
  for (const auto& c : cases) {
    auto m = ParsePacs(c.xml);
    ASSERT_TRUE(m.ok()) << c.xml << ": " << m.status().message();
    std::string faults = FaultText(m->faults, 1);
    if (c.fault.empty()) EXPECT_TRUE(m->faults.empty()) << faults;
    else EXPECT_NE(faults.find(c.fault), std::string::npos) << faults;
    ASSERT_NE(ByField(*m, "CdtrAgt"), nullptr) << c.xml;
    EXPECT_EQ(ByField(*m, "CdtrAgt")->bic, "MOSWRUMM");
    EXPECT_EQ(ByField(*m, "Cdtr")->name, "Jane Roe");
    EXPECT_EQ(m->type, "pacs.008.001.08");
  }
  // After an XML error, the rest of the text is read element by element.
  auto cut = ParsePacs("<Document xmlns=\"" + ns + "\"><FIToFICstmrCdtTrf>" + tx.substr(0, 60) +
                       "<Dbtr><Nm>AYMAN AL ZAWAHIRI</Nm></Cdtr><CdtrAgt><FinInstnId><BICFI>MOSWRUMM</BICFI>"
                       "</FinInstnId></CdtrAgt><RmtInf><Ustrd>TEHRAN</Ustrd></RmtInf>");
  ASSERT_TRUE(cut.ok()) << cut.status().message();
  std::string names, bics;
  for (const auto& p : cut->parties) {
    names += p.name + "|";
    bics += p.bic + "|";
  }
  EXPECT_NE(names.find("AYMAN AL ZAWAHIRI"), std::string::npos) << names;
  EXPECT_NE(bics.find("MOSWRUMM"), std::string::npos) << bics;
}

TEST(PacsParserHandWritten, AppHdrSidesRelatedMessagesAndBranches) {
  std::string xml =
      "<Envelope><AppHdr><Fr><OrgId><Nm>Acme Trading</Nm><Id><OrgId><AnyBIC>ACMEGB2L</AnyBIC></OrgId></Id></OrgId></Fr>"
      "<To><FIId><FinInstnId><BICFI>TESTDEFF</BICFI></FinInstnId></FIId></To>"
      "<Rltd><Fr><FIId><FinInstnId><BICFI>HAVIGB2L</BICFI></FinInstnId></FIId></Fr></Rltd></AppHdr>"
      "<Document><FIToFICstmrCdtTrf><GrpHdr><MsgId>M1</MsgId></GrpHdr><CdtTrfTxInf>"
      "<IntrBkSttlmAmt Ccy=\"EUR\">1.00</IntrBkSttlmAmt><Dbtr><Nm>A</Nm></Dbtr>"
      "<CdtrAgt><FinInstnId><BICFI>B61NNZT4</BICFI></FinInstnId><BrnchId><Nm>Kish Branch</Nm>"
      "<PstlAdr><TwnNm>Kish</TwnNm><Ctry>IR</Ctry></PstlAdr></BrnchId></CdtrAgt>"
      "<Cdtr><Nm>B</Nm><PstlAdr><AdrLine>12 RUE CENTRALE</AdrLine><AdrLine>237 CAMEROUN</AdrLine></PstlAdr></Cdtr>"
      "</CdtTrfTxInf></FIToFICstmrCdtTrf></Document></Envelope>";
  PaymentMessage m = ParseOk(xml);
  EXPECT_EQ(ByField(m, "AppHdr/Fr")->name, "Acme Trading");
  EXPECT_EQ(ByField(m, "AppHdr/Fr")->bic, "ACMEGB2L");
  EXPECT_EQ(ByField(m, "AppHdr/To")->bic, "TESTDEFF");
  EXPECT_EQ(ByField(m, "AppHdr/Rltd/Fr")->bic, "HAVIGB2L");
  EXPECT_EQ(ByField(m, "AppHdr/Rltd/Fr")->role, "related message's sender");
  EXPECT_EQ(ByField(m, "CdtrAgt")->bic, "B61NNZT4");  // ISO 9362:2014, digits in the first four
  EXPECT_EQ(ByField(m, "CdtrAgt/BrnchId")->name, "Kish Branch");
  EXPECT_EQ(ByField(m, "CdtrAgt/BrnchId")->country, "IR");
  EXPECT_EQ(ByField(m, "Cdtr")->country, "CM");  // French name of the country ending the address lines
  EXPECT_EQ(ByField(m, "Cdtr")->street_lines, 0u);
}

// pacs009_cov_sdn.xml's header sides, and the message with `from` (one of them) replaced by `to_text`.
const std::string kHeaderFr = "<head:Fr><head:FIId><head:FinInstnId><head:BICFI>TESTGB2LXXX</head:BICFI>"
                              "</head:FinInstnId></head:FIId></head:Fr>";
const std::string kHeaderTo = "<head:To><head:FIId><head:FinInstnId><head:BICFI>TESTDEFFXXX</head:BICFI>"
                              "</head:FinInstnId></head:FIId></head:To>";
std::string WithHeaderSideReplaced(const std::string& from, const std::string& to_text) {
  std::string xml = Slurp(TestData("pacs009_cov_sdn.xml"));
  return xml.replace(xml.find(from), from.size(), to_text);
}

// The header's sender and receiver (head.001 Fr and To, mandatory; those of a related message too)
// given as an empty OrgId, or with no name, BIC or identifier, were no fault: a message from or
// to no one that can be screened was PASS.
TEST(PacsParserFaults, AHeaderSideNamingNoOneIsAFault) {
  const std::string fr = kHeaderFr, to = kHeaderTo;
  const auto with = WithHeaderSideReplaced;
  for (const char* empty : {"<head:Fr><head:OrgId/></head:Fr>", "<head:Fr/>",
                            "<head:Fr><head:FIId><head:FinInstnId/></head:FIId></head:Fr>",
                            "<head:Fr><head:OrgId><head:PstlAdr><head:Ctry>GB</head:Ctry></head:PstlAdr></head:OrgId>"
                            "</head:Fr>"})
    EXPECT_NE(Faults(with(fr, empty)).find("AppHdr/Fr: names no party"), std::string::npos) << empty;
  EXPECT_NE(Faults(with(to, "<head:To><head:OrgId/></head:To>")).find("AppHdr/To: names no party"), std::string::npos);
  std::string related = with(to, to + "<head:Rltd><head:Fr><head:OrgId/></head:Fr>" + to + "</head:Rltd>");
  EXPECT_NE(Faults(related).find("AppHdr/Rltd/Fr: names no party"), std::string::npos) << Faults(related);
  // An organisation named by its name alone is someone to screen.
  EXPECT_TRUE(ParseOk(with(fr, "<head:Fr><head:OrgId><head:Nm>Test Bank</head:Nm></head:OrgId></head:Fr>")).faults.empty());
  REQUIRE_SHARED(Shared("cbpr2025_pacs.008.min.xml"));
  for (const char* f : {"cbpr2025_pacs.008.min.xml", "cbpr2025_pacs.009_cov.min.xml"}) {
    std::string faults = Faults(Slurp(Shared(f)));
    for (const char* side : {"AppHdr/Fr: names no party", "AppHdr/To: names no party"})
      EXPECT_NE(faults.find(side), std::string::npos) << f << ": " << faults;
  }
}

// A SWIFTNet distinguished name holds its BIC8 before "o=swift" (ou= is the customer's own
// unit): "ou=management,o=bankgb2l,o=swift" was read as the BIC MANAGEME (GE, Georgia), the
// sender's bank was never screened.
TEST(PacsParserFaults, AnOlderHeaderNamesItsBankInTheDistinguishedNamesOrganisation) {
  auto from = [](const std::string& id) {
    return ParseOk("<Envelope><AppHdr><From><Type>DN</Type><Id>" + id + "</Id></From></AppHdr>"
                   "<Document><FIToFICstmrCdtTrf><GrpHdr><MsgId>M1</MsgId></GrpHdr><CdtTrfTxInf>"
                   "<IntrBkSttlmAmt Ccy=\"EUR\">1.00</IntrBkSttlmAmt><Dbtr><Nm>A</Nm></Dbtr>"
                   "<DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>"
                   "<CdtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></CdtrAgt>"
                   "<Cdtr><Nm>B</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf></Document></Envelope>");
  };
  for (const char* dn : {"ou=management,o=bankgb2l,o=swift", "cn=funds, ou=pay, o=BANKGB2L, o=swift", "o=bankgb2l,o=swift"}) {
    PaymentMessage m = from(dn);
    ASSERT_NE(ByField(m, "AppHdr/From"), nullptr) << dn;
    EXPECT_EQ(ByField(m, "AppHdr/From")->bic, "BANKGB2L") << dn;
    EXPECT_TRUE(m.faults.empty()) << dn << ": " << FaultText(m.faults, 1);
  }
}

// A head.001 header without its Fr or To (mandatory, a related message's too) was no fault, nor
// the older SWIFTNet header's From or To naming no BIC, nor an empty BrnchId: the sender,
// receiver or branch went unscreened and the message could be PASS.
TEST(PacsParserFaults, AHeaderWithoutItsSenderOrReceiverIsAFault) {
  const std::string fr = kHeaderFr, to = kHeaderTo;
  const auto with = WithHeaderSideReplaced;
  EXPECT_NE(Faults(with(fr, "")).find("AppHdr/Fr: missing (mandatory in head.001)"), std::string::npos);
  EXPECT_NE(Faults(with(to, "")).find("AppHdr/To: missing (mandatory in head.001)"), std::string::npos);
  std::string related = with(to, to + "<head:Rltd>" + fr + "</head:Rltd>");
  EXPECT_NE(Faults(related).find("AppHdr/Rltd/To: missing (mandatory in head.001)"), std::string::npos) << Faults(related);
  // The older header (From/To) has no Fr or To; a From or To there must name a BIC.
  const std::string doc = "<Document><FIToFICstmrCdtTrf><GrpHdr><MsgId>M1</MsgId></GrpHdr><CdtTrfTxInf>"
                          "<IntrBkSttlmAmt Ccy=\"EUR\">1.00</IntrBkSttlmAmt><Dbtr><Nm>A</Nm></Dbtr>"
                          "<DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>"
                          "<CdtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId>BRANCH</CdtrAgt>"
                          "<Cdtr><Nm>B</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>";
  auto older = [&](const std::string& header, const std::string& branch = "") {
    std::string xml = "<Envelope><AppHdr>" + header + "</AppHdr>" + doc + "</Envelope>";
    return xml.replace(xml.find("BRANCH"), 6, branch);
  };
  std::string sound = older("<From><Type>BIC</Type><Id>TESTGB2L</Id></From><To><Type>BIC</Type><Id>TESTDEFF</Id></To>");
  EXPECT_TRUE(ParseOk(sound).faults.empty()) << FaultText(ParseOk(sound).faults, 1);
  std::string no_bic = older("<From><Type>DN</Type><Id>cn=funds,o=swift</Id></From><To><Type>BIC</Type><Id/></To>");
  EXPECT_NE(Faults(no_bic).find("AppHdr/From: names no BIC"), std::string::npos) << Faults(no_bic);
  EXPECT_NE(Faults(no_bic).find("AppHdr/To: names no BIC"), std::string::npos) << Faults(no_bic);
  EXPECT_EQ(Faults(no_bic).find("AppHdr/Fr:"), std::string::npos) << Faults(no_bic);
  // A branch there but naming no one, as any other party element.
  std::string header = "<From><Type>BIC</Type><Id>TESTGB2L</Id></From><To><Type>BIC</Type><Id>TESTDEFF</Id></To>";
  for (const char* branch : {"<BrnchId/>", "<BrnchId><Nm> </Nm></BrnchId>", "<BrnchId><PstlAdr><Ctry>IR</Ctry></PstlAdr></BrnchId>"})
    EXPECT_NE(Faults(older(header, branch)).find("CdtTrfTxInf/CdtrAgt/BrnchId: names no party"), std::string::npos)
        << branch << ": " << Faults(older(header, branch));
  EXPECT_TRUE(ParseOk(older(header, "<BrnchId><Id>0042</Id></BrnchId>")).faults.empty());
}

// 16,000 nested elements once exhausted the stack; the limit is 64 levels, named in the error.
// Texts the parser took and dropped: an address type's proprietary code and issuer (AdrTp), the
// settlement account (no party holds it) and an LEI that is none were never screened.
TEST(PacsParserHandWritten, EveryTextIsScreenedAdrTpSettlementAccountAndLei) {
  auto with = [](const std::string& from, const std::string& to, std::string xml = Slurp(TestData("pacs008_clean.xml"))) {
    return xml.replace(xml.find(from), from.size(), to);
  };
  auto texts = [](const PaymentMessage& m) {
    std::string out;
    for (const auto& t : m.free_text)
      for (const auto& l : t.lines) out += t.field + "=" + l + "|";
    return out;
  };
  std::string adrtp = with("<PstlAdr><TwnNm>Munich",
                           "<PstlAdr><AdrTp><Prtry><Id>Vladimir Putin</Id><Issr>Sberbank</Issr><SchmeNm>Rosneft</SchmeNm>"
                           "</Prtry></AdrTp><TwnNm>Munich");
  PaymentMessage m = ParseOk(adrtp);
  for (const char* t : {"PstlAdr/AdrTp/Prtry/Id=Vladimir Putin", "AdrTp/Prtry/Issr=Sberbank", "AdrTp/Prtry/SchmeNm=Rosneft"})
    EXPECT_NE(texts(m).find(t), std::string::npos) << t << " in " << texts(m);
  PaymentMessage coded = ParseOk(with("<PstlAdr><TwnNm>Munich", "<PstlAdr><AdrTp><Cd>ADDR</Cd></AdrTp><TwnNm>Munich"));
  EXPECT_EQ(texts(coded).find("ADDR"), std::string::npos) << texts(coded);  // a code is no text
  std::string header = with("<Fr><OrgId><Nm>Kestrel Marine Supplies</Nm>",
                            "<Fr><OrgId><Nm>Kestrel Marine Supplies</Nm><PstlAdr><AdrTp><Prtry><Id>Vladimir Putin</Id>"
                            "<Issr>X</Issr></Prtry></AdrTp><TwnNm>London</TwnNm></PstlAdr>",
                            Slurp(TestData("pacs008_related_header.xml")));
  EXPECT_NE(texts(ParseOk(header)).find("Vladimir Putin"), std::string::npos) << texts(ParseOk(header));
  std::string sttlm = with("<SttlmMtd>INDA</SttlmMtd>",
                           "<SttlmMtd>INDA</SttlmMtd><SttlmAcct><Id><Othr><Id>VLADIMIR PUTIN</Id></Othr></Id></SttlmAcct>");
  EXPECT_NE(texts(ParseOk(sttlm)).find("SttlmAcct=VLADIMIR PUTIN"), std::string::npos) << texts(ParseOk(sttlm));
  std::string lei = with("<BICFI>DEUTDEFFXXX</BICFI>", "<BICFI>DEUTDEFFXXX</BICFI><LEI>VLADIMIR PUTIN</LEI>");
  EXPECT_NE(Faults(lei).find("CdtrAgt/FinInstnId/LEI: 'VLADIMIR PUTIN' is not an LEI"), std::string::npos) << Faults(lei);
  EXPECT_NE(texts(ParseOk(lei)).find("CdtrAgt/FinInstnId/LEI=VLADIMIR PUTIN"), std::string::npos) << texts(ParseOk(lei));
  PaymentMessage good = ParseOk(with("<BICFI>DEUTDEFFXXX</BICFI>", "<BICFI>DEUTDEFFXXX</BICFI><LEI>7LTWFZYICNSX8D621K86</LEI>"));
  EXPECT_TRUE(good.faults.empty()) << FaultText(good.faults, 1);
}

// A group header whose count of transactions (NbOfTxs) or control sum (CtrlSum,
// TtlIntrBkSttlmAmt) disagrees with the transactions held: a message cut off or with transactions
// taken out was PASS.
TEST(PacsParserHandWritten, TransactionCountAndSumsMustMatch) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string xml = Slurp(TestData("pacs008_clean.xml"));
    return xml.replace(xml.find(from), from.size(), to);
  };
  std::string two = with("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>");
  EXPECT_NE(Faults(two).find("GrpHdr/NbOfTxs: gives '2' as the number of transactions, the message holds 1"),
            std::string::npos)
      << Faults(two);
  std::string sum = with("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>1</NbOfTxs><CtrlSum>500</CtrlSum>");
  EXPECT_NE(Faults(sum).find("GrpHdr/CtrlSum: '500' is not the sum of the transactions' settlement amounts (250.00"),
            std::string::npos)
      << Faults(sum);
  std::string ttl = with("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>1</NbOfTxs><TtlIntrBkSttlmAmt Ccy=\"USD\">250.00</TtlIntrBkSttlmAmt>");
  EXPECT_NE(Faults(ttl).find("TtlIntrBkSttlmAmt: '250.00' is in another currency"), std::string::npos) << Faults(ttl);
  PaymentMessage ok = ParseOk(with("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>1</NbOfTxs><CtrlSum>250.0</CtrlSum>"
                                   "<TtlIntrBkSttlmAmt Ccy=\"EUR\">250</TtlIntrBkSttlmAmt>"));
  EXPECT_TRUE(ok.faults.empty()) << FaultText(ok.faults, 1);
}

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
